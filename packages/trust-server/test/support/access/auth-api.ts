import { PARTNER_ROLES, ROLES } from '../../../src/index.ts';
import type { AccessModule, Caller } from './types.ts';

const EVERYONE: Caller[] = ['anonymous', ROLES.PARTNER_ADMIN, ROLES.POLICYMANAGER, ...PARTNER_ROLES];

/**
 * The authentication API (public: the partner's signature authenticates it; its refusals are tested in
 * test/auth-api.test.ts) and the transaction log's reads (a partner's own, the MISP's through its licences).
 */
export const authApiAccess: AccessModule = {
  table: {
    'POST /idauthentication/v1/auth/:licenseKey/:partnerId/:apiKey': {
      allow: EVERYONE,
      params: (fx) => ({
        licenseKey: 'x'.repeat(50),
        partnerId: fx.partners.AUTH_PARTNER?.partnerId ?? 'none',
        apiKey: 'y'.repeat(43),
      }),
    },
    'GET /v1/trust/auth-transactions/:transactionId': {
      allow: [ROLES.AUTH_PARTNER, ROLES.MISP_PARTNER],
      params: () => ({ transactionId: 'no-such-transaction' }),
    },
    'GET /v1/trust/partners/:partnerId/auth-transactions': { allow: [ROLES.AUTH_PARTNER], ownership: true },
  },
};
