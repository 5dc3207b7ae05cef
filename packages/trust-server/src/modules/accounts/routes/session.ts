import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { hashToken } from '../../../auth/tokens.ts';
import type { TrustDeps } from '../../../deps.ts';
import { AUTHENTICATED } from '../../../http/access.ts';
import { type EnvelopedBody, envelopeBody, envelopeResponse, ok } from '../../../http/envelope.ts';
import { bearerToken, principalOf } from '../../../http/guard.ts';
import * as S from '../schemas.ts';
import { changePassword, logout } from '../service.ts';
import { TAGS } from './login-answer.ts';

/** The calling session: logout, who am I, password change. */
export function registerSessionRoutes(app: FastifyInstance, deps: TrustDeps): void {
  const _secureCookie = deps.config.production;
  app.post(
    '/v1/trust/auth/logout',
    {
      config: { access: AUTHENTICATED, allowOneTimePassword: true },
      schema: {
        tags: TAGS,
        summary: 'Revoke the calling token',
        response: { 200: envelopeResponse(Type.Object({ revoked: Type.Boolean() })) },
      },
    },
    async (request) => {
      const revoked = await logout(deps, principalOf(request), bearerToken(request) as string);
      return ok(request, { revoked });
    },
  );

  app.get(
    '/v1/trust/auth/me',
    {
      config: { access: AUTHENTICATED, allowOneTimePassword: true },
      schema: {
        tags: TAGS,
        summary: 'Who the token belongs to: roles and partner',
        response: { 200: envelopeResponse(S.Me) },
      },
    },
    async (request) => {
      const p = principalOf(request);
      return ok(request, {
        kind: p.kind,
        id: p.id,
        name: p.name,
        partnerId: p.partnerId,
        roles: p.roles,
        mustChangePassword: !!p.mustChangePassword,
      });
    },
  );

  app.post<EnvelopedBody<typeof S.PasswordChange>>(
    '/v1/trust/auth/password',
    {
      config: { access: AUTHENTICATED, allowOneTimePassword: true },
      schema: {
        tags: TAGS,
        summary: 'Change the own password (required after a one-time password)',
        body: envelopeBody(S.PasswordChange),
        response: { 200: envelopeResponse(Type.Object({ changed: Type.Boolean() })) },
      },
    },
    async (request) => {
      const { currentPassword, newPassword } = request.body.request;
      // The calling token stays; every other token of the user is revoked (src/auth/token-revocation.ts).
      const own = bearerToken(request);
      await changePassword(deps, principalOf(request), currentPassword, newPassword, own && hashToken(own));
      return ok(request, { changed: true });
    },
  );
}
