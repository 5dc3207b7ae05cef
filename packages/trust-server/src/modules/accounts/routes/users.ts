import { Type } from '@sinclair/typebox';
import { throttledProbe } from '../../../auth/probe-throttle.ts';
import { PARTNER_ROLES, ROLES, type Role } from '../../../auth/roles.ts';
import type { TrustDeps } from '../../../deps.ts';
import { PUBLIC } from '../../../http/access.ts';
import type { Routes } from '../../../http/route.ts';
import * as S from '../schemas.ts';
import { addPartnerUser, createUser, listPartnerUsers, listUsers, revokeUserTokens, setUserStatus, signUp } from '../service.ts';

/** Self sign-up and user administration (an admin, or a partner for its own users). */
export function registerUserRoutes(r: Routes, deps: TrustDeps): void {
  const ADMIN = [ROLES.PARTNER_ADMIN];
  const PARTNER_OR_ADMIN = [ROLES.PARTNER_ADMIN, ...PARTNER_ROLES];
  r.post(
    '/v1/trust/accounts/signup',
    PUBLIC,
    'Create a local account (then log in and register a partner with POST /v1/partnermanager/partners); a taken name answers the same',
    { body: S.SignupRequest, response: S.SignupAnswer },
    // A taken name counts against the address's probe limit (src/auth/probe-throttle.ts).
    ({ body: { username, password, email }, request }) =>
      throttledProbe(
        deps.db,
        deps.config,
        request.ip,
        deps.clock.now(),
        () => signUp(deps, { username, password, email: email ?? null, address: request.ip }),
        ({ value }) => value?.created === false,
      ).then(({ answer }) => answer),
  );
  r.get('/v1/trust/users', ADMIN, 'List accounts', { response: Type.Array(S.UserView) }, () => listUsers(deps.db));
  r.post(
    '/v1/trust/users',
    ADMIN,
    'Create an account with a generated one-time password (admins, policy managers, partner users)',
    { body: S.CreateUserRequest, response: S.CreatedUser },
    ({ actor, body: { username, email, roles, partnerId } }) =>
      createUser(deps, actor, {
        username,
        email: email ?? null,
        roles: roles as Role[],
        partnerId: partnerId ?? null,
      }),
  );
  r.patch('/v1/trust/users/:userId', ADMIN, 'Enable or disable an account (disabling revokes its tokens)', { params: S.UserIdParams, body: S.UserStatusRequest, response: S.UserView }, (c) =>
    setUserStatus(deps, c.actor, c.params.userId, c.body.status),
  );
  r.post('/v1/trust/users/:userId/revoke-tokens', ADMIN, 'Revoke every live token of an account', { params: S.UserIdParams, response: Type.Object({ revoked: Type.Integer() }) }, async (c) => ({
    revoked: await revokeUserTokens(deps, c.actor, c.params.userId),
  }));
  r.get('/v1/trust/partners/:partnerId/users', PARTNER_OR_ADMIN, "List a partner's users", { params: S.PartnerIdParams, response: Type.Array(S.UserView) }, (c) => listPartnerUsers(deps, c.actor, c.params.partnerId));
  r.post('/v1/trust/partners/:partnerId/users', PARTNER_OR_ADMIN, 'Add a user who acts for this partner (generated one-time password)', { params: S.PartnerIdParams, body: S.PartnerUserRequest, response: S.CreatedUser }, (c) =>
    addPartnerUser(deps, c.actor, c.params.partnerId, c.body),
  );
}
