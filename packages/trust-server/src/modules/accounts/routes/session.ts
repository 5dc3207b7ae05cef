import { Type } from '@sinclair/typebox';
import { hashToken } from '../../../auth/tokens.ts';
import type { TrustDeps } from '../../../deps.ts';
import { AUTHENTICATED } from '../../../http/access.ts';
import { bearerToken } from '../../../http/guard.ts';
import type { Routes } from '../../../http/route.ts';
import * as S from '../schemas.ts';
import { changePassword, logout } from '../service.ts';

/** The calling session: logout, who am I, password change (each callable with a one-time password). */
export function registerSessionRoutes(r: Routes, deps: TrustDeps): void {
  const session = { allowOneTimePassword: true };
  r.post('/v1/trust/auth/logout', AUTHENTICATED, 'Revoke the calling token', { ...session, response: Type.Object({ revoked: Type.Boolean() }) }, async ({ actor, request }) => ({
    revoked: await logout(deps, actor, bearerToken(request) as string),
  }));
  r.get('/v1/trust/auth/me', AUTHENTICATED, 'Who the token belongs to: roles and partner', { ...session, response: S.Me }, ({ actor: p }) => ({
    kind: p.kind,
    id: p.id,
    name: p.name,
    partnerId: p.partnerId,
    roles: p.roles,
    mustChangePassword: !!p.mustChangePassword,
  }));
  r.post(
    '/v1/trust/auth/password',
    AUTHENTICATED,
    'Change the own password (required after a one-time password)',
    { ...session, body: S.PasswordChange, response: Type.Object({ changed: Type.Boolean() }) },
    async ({ actor, body, request }) => {
      // The calling token stays; every other token of the user is revoked (src/auth/token-revocation.ts).
      const own = bearerToken(request);
      await changePassword(deps, actor, body.currentPassword, body.newPassword, own && hashToken(own));
      return { changed: true };
    },
  );
}
