import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { throttledProbe } from '../../../auth/probe-throttle.ts';
import { PARTNER_ROLES, ROLES, type Role } from '../../../auth/roles.ts';
import type { TrustDeps } from '../../../deps.ts';
import { PUBLIC, roles } from '../../../http/access.ts';
import { type EnvelopedBody, envelopeBody, envelopeResponse, ok } from '../../../http/envelope.ts';
import { principalOf } from '../../../http/guard.ts';
import * as S from '../schemas.ts';
import {
  addPartnerUser,
  createUser,
  listPartnerUsers,
  listUsers,
  revokeUserTokens,
  setUserStatus,
  signUp,
} from '../service.ts';
import { TAGS } from './login-answer.ts';

/** Self sign-up and user administration (an admin, or a partner for its own users). */
export function registerUserRoutes(app: FastifyInstance, deps: TrustDeps): void {
  const _secureCookie = deps.config.production;
  app.post<EnvelopedBody<typeof S.SignupRequest>>(
    '/v1/trust/accounts/signup',
    {
      config: { access: PUBLIC },
      schema: {
        tags: TAGS,
        summary:
          'Create a local account (then log in and register a partner with POST /v1/partnermanager/partners); a taken name answers the same',
        body: envelopeBody(S.SignupRequest),
        response: { 200: envelopeResponse(S.SignupAnswer) },
      },
    },
    async (request) => {
      const { username, password, email } = request.body.request;
      // A taken name counts against the address's probe limit (src/auth/probe-throttle.ts).
      const { answer } = await throttledProbe(
        deps.db,
        deps.config,
        request.ip,
        deps.clock.now(),
        () => signUp(deps, { username, password, email: email ?? null, address: request.ip }),
        ({ value }) => value?.created === false,
      );
      return ok(request, answer);
    },
  );

  app.get(
    '/v1/trust/users',
    {
      config: { access: roles(ROLES.PARTNER_ADMIN) },
      schema: {
        tags: TAGS,
        summary: 'List accounts',
        response: { 200: envelopeResponse(Type.Array(S.UserView)) },
      },
    },
    async (request) => ok(request, await listUsers(deps.db)),
  );

  app.post<EnvelopedBody<typeof S.CreateUserRequest>>(
    '/v1/trust/users',
    {
      config: { access: roles(ROLES.PARTNER_ADMIN) },
      schema: {
        tags: TAGS,
        summary:
          'Create an account with a generated one-time password (admins, policy managers, partner users)',
        body: envelopeBody(S.CreateUserRequest),
        response: { 200: envelopeResponse(S.CreatedUser) },
      },
    },
    async (request) => {
      const { username, email, roles: wanted, partnerId } = request.body.request;
      return ok(
        request,
        await createUser(deps, principalOf(request), {
          username,
          email: email ?? null,
          roles: wanted as Role[],
          partnerId: partnerId ?? null,
        }),
      );
    },
  );

  app.patch<EnvelopedBody<typeof S.UserStatusRequest> & { Params: Static<typeof S.UserIdParams> }>(
    '/v1/trust/users/:userId',
    {
      config: { access: roles(ROLES.PARTNER_ADMIN) },
      schema: {
        tags: TAGS,
        summary: 'Enable or disable an account (disabling revokes its tokens)',
        params: S.UserIdParams,
        body: envelopeBody(S.UserStatusRequest),
        response: { 200: envelopeResponse(S.UserView) },
      },
    },
    async (request) =>
      ok(
        request,
        await setUserStatus(deps, principalOf(request), request.params.userId, request.body.request.status),
      ),
  );

  app.post<{ Params: Static<typeof S.UserIdParams> }>(
    '/v1/trust/users/:userId/revoke-tokens',
    {
      config: { access: roles(ROLES.PARTNER_ADMIN) },
      schema: {
        tags: TAGS,
        summary: 'Revoke every live token of an account',
        params: S.UserIdParams,
        response: { 200: envelopeResponse(Type.Object({ revoked: Type.Integer() })) },
      },
    },
    async (request) =>
      ok(request, {
        revoked: await revokeUserTokens(deps, principalOf(request), request.params.userId),
      }),
  );

  app.get<{ Params: Static<typeof S.PartnerIdParams> }>(
    '/v1/trust/partners/:partnerId/users',
    {
      config: { access: roles(ROLES.PARTNER_ADMIN, ...PARTNER_ROLES) },
      schema: {
        tags: TAGS,
        summary: "List a partner's users",
        params: S.PartnerIdParams,
        response: { 200: envelopeResponse(Type.Array(S.UserView)) },
      },
    },
    async (request) =>
      ok(request, await listPartnerUsers(deps, principalOf(request), request.params.partnerId)),
  );

  app.post<EnvelopedBody<typeof S.PartnerUserRequest> & { Params: Static<typeof S.PartnerIdParams> }>(
    '/v1/trust/partners/:partnerId/users',
    {
      config: { access: roles(ROLES.PARTNER_ADMIN, ...PARTNER_ROLES) },
      schema: {
        tags: TAGS,
        summary: 'Add a user who acts for this partner (generated one-time password)',
        params: S.PartnerIdParams,
        body: envelopeBody(S.PartnerUserRequest),
        response: { 200: envelopeResponse(S.CreatedUser) },
      },
    },
    async (request) =>
      ok(
        request,
        await addPartnerUser(deps, principalOf(request), request.params.partnerId, request.body.request),
      ),
  );
}
