import { PARTNER_ROLES, ROLES } from '../../../src/index.ts';
import { need, partnerOf } from './records.ts';
import type { AccessModule, Caller } from './types.ts';

const ADMIN: Caller[] = [ROLES.PARTNER_ADMIN];
const EVERY_USER: Caller[] = [ROLES.PARTNER_ADMIN, ROLES.POLICYMANAGER, ...PARTNER_ROLES];
const PARTNERS_AND_ADMIN: Caller[] = [ROLES.PARTNER_ADMIN, ...PARTNER_ROLES];

/** Accounts, partners, audit and system routes. */
export const coreAccess: AccessModule = {
  table: {
    'GET /health': { allow: ['anonymous', ...EVERY_USER] },
    'GET /openapi.json': { allow: ['anonymous', ...EVERY_USER] },
    'GET /*': { allow: ['anonymous', ...EVERY_USER] },
    'POST /v1/authmanager/authenticate/useridPwd': { allow: ['anonymous', ...EVERY_USER] },
    'POST /v1/authmanager/authenticate/clientidsecretkey': { allow: ['anonymous', ...EVERY_USER] },
    'POST /v1/trust/accounts/signup': { allow: ['anonymous', ...EVERY_USER] },
    'GET /v1/trust/auth/oidc': { allow: ['anonymous', ...EVERY_USER] },
    'GET /v1/trust/auth/oidc/login': { allow: ['anonymous', ...EVERY_USER] },
    'GET /v1/trust/auth/oidc/callback': { allow: ['anonymous', ...EVERY_USER] },
    'POST /v1/trust/auth/logout': { allow: EVERY_USER },
    'GET /v1/trust/auth/me': { allow: EVERY_USER },
    'POST /v1/trust/auth/password': { allow: EVERY_USER },
    'GET /v1/trust/users': { allow: ADMIN },
    'POST /v1/trust/users': { allow: ADMIN },
    'PATCH /v1/trust/users/:userId': { allow: ADMIN },
    'POST /v1/trust/users/:userId/revoke-tokens': { allow: ADMIN },
    'POST /v1/trust/users/:userId/password-reset': { allow: ADMIN },
    'GET /v1/trust/partners/:partnerId/users': { allow: PARTNERS_AND_ADMIN, ownership: true },
    'POST /v1/trust/partners/:partnerId/users': { allow: PARTNERS_AND_ADMIN, ownership: true },
    'GET /v1/trust/clients': { allow: PARTNERS_AND_ADMIN },
    'POST /v1/trust/clients': {
      allow: PARTNERS_AND_ADMIN,
      ownership: true,
      body: (fx, caller) => ({
        name: `matrix client of ${caller}`,
        partnerId: partnerOf(fx, caller, ROLES.AUTH_PARTNER).partnerId,
      }),
    },
    'DELETE /v1/trust/clients/:clientId': {
      allow: PARTNERS_AND_ADMIN,
      ownership: true,
      params: (fx, caller) => ({
        clientId: need(fx, fx.partners[caller] ? `client:${caller}` : `client:${ROLES.AUTH_PARTNER}`),
      }),
    },
    'POST /v1/partnermanager/partners': { allow: EVERY_USER },
    'PUT /v1/partnermanager/partners/email/verify': { allow: EVERY_USER },
    'GET /v1/partnermanager/partners/partnertypes': { allow: EVERY_USER },
    'GET /v1/partnermanager/partners': { allow: ADMIN },
    'POST /v1/partnermanager/partners/search': { allow: PARTNERS_AND_ADMIN },
    'GET /v1/partnermanager/partners/:partnerId': { allow: PARTNERS_AND_ADMIN, ownership: true },
    'PUT /v1/partnermanager/partners/:partnerId': { allow: PARTNERS_AND_ADMIN, ownership: true },
    'PATCH /v1/partnermanager/partners/:partnerId': { allow: ADMIN },
    'POST /v1/partnermanager/partners/:partnerId/approve': { allow: ADMIN },
    'POST /v1/partnermanager/partners/:partnerId/reject': { allow: ADMIN },
    'PUT /v1/partnermanager/partners/:partnerId/policygroup/:policygroupName': {
      allow: PARTNERS_AND_ADMIN,
      ownership: true,
      params: (fx, caller) => ({
        partnerId: partnerOf(fx, caller, ROLES.AUTH_PARTNER).partnerId,
        policygroupName: 'no-such-group',
      }),
    },
    'GET /v1/trust/audit': { allow: ADMIN },
    'GET /v1/trust/audit/verify': { allow: ADMIN },
  },
  async setup(fx) {
    // A machine client per partner: a partner of another organisation must not disable it.
    for (const role of PARTNER_ROLES) {
      const owner = partnerOf(fx, role, role);
      const res = await fx.server.call<{ client: { clientId: string } }>('POST', '/v1/trust/clients', {
        token: owner.token,
        request: { name: `matrix client ${role}` },
      });
      if (res.status !== 200)
        throw new Error(
          `matrix setup: client of ${role} failed: ${res.status} ${JSON.stringify(res.body.errors)}`,
        );
      fx.extra[`client:${role}`] = res.body.response.client.clientId;
    }
  },
};
