import { type Static, Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken, principalOf } from '../../auth/guard.ts';
import { beginLogin, finishLogin, type OidcTransaction } from '../../auth/oidc.ts';
import { throttledProbe } from '../../auth/probe-throttle.ts';
import { isAdmin, PARTNER_ROLES, ROLES, type Role } from '../../auth/roles.ts';
import { hashToken, revokeToken } from '../../auth/tokens.ts';
import { TrustError } from '../../errors.ts';
import { AUTHENTICATED, ownPartner, PUBLIC, roles } from '../../http/access.ts';
import { type EnvelopedBody, envelopeBody, envelopeResponse, ok } from '../../http/envelope.ts';
import type { TrustModule } from '../../http/module.ts';
import { csrfCookie } from '../../http/origin-check.ts';
import * as S from './schemas.ts';
import {
  changePassword,
  clientLogin,
  createClient,
  createUser,
  disableClient,
  getClient,
  listClients,
  listUsers,
  login,
  revokeUserTokens,
  setUserStatus,
} from './service.ts';

const TAGS = ['accounts'];

/**
 * The login answer: MOSIP's auth manager puts the token in an Authorization cookie and header; we also
 * put it in the body.
 */
function loginAnswer(
  request: FastifyRequest,
  reply: FastifyReply,
  result: { token: string; expiresAt: Date },
  message: string,
  secure: boolean,
  extra: { mustChangePassword?: boolean } = {},
) {
  const maxAge = Math.max(0, Math.floor((result.expiresAt.getTime() - Date.now()) / 1000));
  reply.header('authorization', result.token);
  reply.header('set-cookie', [
    `Authorization=${result.token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? '; Secure' : ''}`,
    // The CSRF token for cookie-authenticated state changes (src/http/origin-check.ts).
    csrfCookie(result.token, maxAge, secure),
  ]);
  return ok(request, {
    status: 'success',
    message,
    token: result.token,
    expiresAt: result.expiresAt.toISOString(),
    ...extra,
  });
}

export const accountsModule: TrustModule = {
  name: 'accounts',
  register(app, deps) {
    const secureCookie = deps.config.production;

    app.post<EnvelopedBody<typeof S.UserPasswordLogin>>(
      '/v1/authmanager/authenticate/useridPwd',
      {
        config: { access: PUBLIC },
        schema: {
          tags: TAGS,
          summary: 'Log in with user name and password (MOSIP auth manager path); returns a bearer token',
          body: envelopeBody(S.UserPasswordLogin),
          response: { 200: envelopeResponse(S.LoginResponse) },
        },
      },
      async (request, reply) => {
        const { userName, password } = request.body.request;
        const result = await login(deps, userName, password, request.ip);
        return loginAnswer(
          request,
          reply,
          result,
          'Username and password combination had been validated successfully',
          secureCookie,
          {
            mustChangePassword: result.user.mustChangePassword,
          },
        );
      },
    );

    app.post<EnvelopedBody<typeof S.ClientSecretLogin>>(
      '/v1/authmanager/authenticate/clientidsecretkey',
      {
        config: { access: PUBLIC },
        schema: {
          tags: TAGS,
          summary:
            'Log in a server with client id and secret (MOSIP auth manager path); returns a bearer token',
          body: envelopeBody(S.ClientSecretLogin),
          response: { 200: envelopeResponse(S.LoginResponse) },
        },
      },
      async (request, reply) => {
        const { clientId, secretKey } = request.body.request;
        const result = await clientLogin(deps, clientId, secretKey, request.ip);
        return loginAnswer(
          request,
          reply,
          result,
          'Clientid and Token combination had been validated successfully',
          secureCookie,
        );
      },
    );

    const OIDC_COOKIE = 'mosip_trust_oidc';
    const allowHttp = !deps.config.production;

    app.get(
      '/v1/trust/auth/oidc/login',
      {
        config: { access: PUBLIC },
        schema: {
          tags: TAGS,
          summary: 'Start OpenID Connect login (Keycloak): redirects to the issuer',
          response: { 302: Type.Null() },
        },
      },
      async (_request, reply) => {
        if (!deps.config.oidc) throw new TrustError('TS_OIDC_DISABLED');
        const { url, transaction } = await beginLogin(deps.config.oidc, allowHttp);
        const value = Buffer.from(JSON.stringify(transaction)).toString('base64url');
        reply.header(
          'set-cookie',
          `${OIDC_COOKIE}=${value}; Path=/v1/trust/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=600${secureCookie ? '; Secure' : ''}`,
        );
        return reply.redirect(url, 302);
      },
    );

    app.get<{ Querystring: Static<typeof S.OidcCallbackQuery> }>(
      '/v1/trust/auth/oidc/callback',
      {
        config: { access: PUBLIC },
        schema: {
          tags: TAGS,
          summary: 'OpenID Connect redirect target: maps the ID token roles and issues a bearer token',
          querystring: S.OidcCallbackQuery,
          response: { 200: envelopeResponse(S.LoginResponse) },
        },
      },
      async (request, reply) => {
        if (!deps.config.oidc) throw new TrustError('TS_OIDC_DISABLED');
        const cookie = (request.headers.cookie ?? '')
          .split(';')
          .map((c) => c.trim())
          .find((c) => c.startsWith(`${OIDC_COOKIE}=`));
        let transaction: OidcTransaction;
        try {
          transaction = JSON.parse(
            Buffer.from((cookie ?? '').slice(OIDC_COOKIE.length + 1), 'base64url').toString('utf8'),
          );
        } catch {
          throw new TrustError('TS_OIDC_FAILED', 'No OpenID Connect login in progress');
        }
        if (!transaction?.state || !transaction.verifier || !transaction.nonce)
          throw new TrustError('TS_OIDC_FAILED', 'No OpenID Connect login in progress');
        const callbackUrl = new URL(deps.config.oidc.redirectUri);
        callbackUrl.search = new URL(request.url, 'http://x').search;
        const result = await finishLogin(deps, deps.config.oidc, allowHttp, callbackUrl, transaction);
        return loginAnswer(request, reply, result, 'OpenID Connect login succeeded', secureCookie);
      },
    );

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
        const principal = principalOf(request);
        const token = bearerToken(request) as string;
        const revoked = await deps.db.transaction().execute(async (trx) => {
          const done = await revokeToken(trx, token, deps.clock.now());
          await deps.audit.append(trx, {
            actor: principal.name,
            action: 'auth.logout',
            target: `${principal.kind}:${principal.name}`,
          });
          return done;
        });
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

    app.post<EnvelopedBody<typeof S.SignupRequest>>(
      '/v1/trust/accounts/signup',
      {
        config: { access: PUBLIC },
        schema: {
          tags: TAGS,
          summary:
            'Create a local account (then log in and register a partner with POST /v1/partnermanager/partners)',
          body: envelopeBody(S.SignupRequest),
          response: { 200: envelopeResponse(S.UserView) },
        },
      },
      async (request) => {
        if (!deps.config.selfSignup) throw new TrustError('TS_SIGNUP_DISABLED');
        const { username, password, email } = request.body.request;
        // A taken name counts against the address's probe limit (src/auth/probe-throttle.ts).
        const { user } = await throttledProbe(
          deps.db,
          deps.config,
          request.ip,
          deps.clock.now(),
          () => createUser(deps, username, { username, password, email: email ?? null }),
          ({ error }) => error instanceof TrustError && error.code === 'TS_USER_EXISTS',
        );
        return ok(request, user);
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
          await createUser(deps, principalOf(request).name, {
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
          await setUserStatus(
            deps,
            principalOf(request).name,
            request.params.userId,
            request.body.request.status,
          ),
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
          revoked: await revokeUserTokens(deps, principalOf(request).name, request.params.userId),
        }),
    );

    app.get<{ Params: Static<typeof S.PartnerIdParams> }>(
      '/v1/trust/partners/:partnerId/users',
      {
        config: { access: ownPartner('partnerId', ROLES.PARTNER_ADMIN, ...PARTNER_ROLES) },
        schema: {
          tags: TAGS,
          summary: "List a partner's users",
          params: S.PartnerIdParams,
          response: { 200: envelopeResponse(Type.Array(S.UserView)) },
        },
      },
      async (request) => ok(request, await listUsers(deps.db, request.params.partnerId)),
    );

    app.post<EnvelopedBody<typeof S.PartnerUserRequest> & { Params: Static<typeof S.PartnerIdParams> }>(
      '/v1/trust/partners/:partnerId/users',
      {
        config: { access: ownPartner('partnerId', ROLES.PARTNER_ADMIN, ...PARTNER_ROLES) },
        schema: {
          tags: TAGS,
          summary: 'Add a user who acts for this partner (generated one-time password)',
          params: S.PartnerIdParams,
          body: envelopeBody(S.PartnerUserRequest),
          response: { 200: envelopeResponse(S.CreatedUser) },
        },
      },
      async (request) => {
        const partner = await deps.db
          .selectFrom('partners')
          .select('id')
          .where('id', '=', request.params.partnerId)
          .executeTakeFirst();
        if (!partner) throw new TrustError('PMS_PRT_005');
        const { username, email } = request.body.request;
        return ok(
          request,
          await createUser(deps, principalOf(request).name, {
            username,
            email: email ?? null,
            partnerId: partner.id,
          }),
        );
      },
    );

    app.get(
      '/v1/trust/clients',
      {
        config: { access: roles(ROLES.PARTNER_ADMIN, ...PARTNER_ROLES) },
        schema: {
          tags: TAGS,
          summary: 'List machine clients (a partner sees its own)',
          response: { 200: envelopeResponse(Type.Array(S.ClientView)) },
        },
      },
      async (request) => {
        const p = principalOf(request);
        if (isAdmin(p)) return ok(request, await listClients(deps.db));
        if (!p.partnerId) throw new TrustError('PMS_PRT_055');
        return ok(request, await listClients(deps.db, p.partnerId));
      },
    );

    app.post<EnvelopedBody<typeof S.CreateClientRequest>>(
      '/v1/trust/clients',
      {
        config: { access: roles(ROLES.PARTNER_ADMIN, ...PARTNER_ROLES) },
        schema: {
          tags: TAGS,
          summary:
            "Create machine credentials (client id + secret, shown once), e.g. for a device provider's management server",
          description:
            'A partner creates clients for itself; they act with its partner-type role. An admin may create clients for any partner and give them roles.',
          body: envelopeBody(S.CreateClientRequest),
          response: { 200: envelopeResponse(S.CreatedClient) },
        },
      },
      async (request) => {
        const p = principalOf(request);
        const { name, roles: wanted, partnerId } = request.body.request;
        if (isAdmin(p)) {
          return ok(
            request,
            await createClient(deps, p.name, {
              name,
              roles: (wanted ?? []) as Role[],
              partnerId: partnerId ?? null,
            }),
          );
        }
        if (!p.partnerId || (partnerId && partnerId !== p.partnerId) || (wanted && wanted.length > 0))
          throw new TrustError('PMS_PRT_055');
        return ok(request, await createClient(deps, p.name, { name, roles: [], partnerId: p.partnerId }));
      },
    );

    app.delete<{ Params: Static<typeof S.ClientIdParams> }>(
      '/v1/trust/clients/:clientId',
      {
        config: { access: roles(ROLES.PARTNER_ADMIN, ...PARTNER_ROLES) },
        schema: {
          tags: TAGS,
          summary: 'Disable machine credentials and revoke their tokens',
          params: S.ClientIdParams,
          response: { 200: envelopeResponse(S.ClientView) },
        },
      },
      async (request) => {
        const p = principalOf(request);
        const client = await getClient(deps.db, request.params.clientId);
        if (!isAdmin(p) && (!p.partnerId || client.partnerId !== p.partnerId))
          throw new TrustError('PMS_PRT_055');
        return ok(request, await disableClient(deps, p.name, client.clientId));
      },
    );
  },
};
