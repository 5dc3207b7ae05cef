import { PARTNER_ROLES, ROLES } from '../../../src/index.ts';
import type { AccessModule, Caller } from './types.ts';

/** MOSIP's search and filter-values routes, with the role lists of MOSIP's mosip.role.pms.* keys. */
const PM = '/v1/partnermanager';
const POL = '/v1/policymanager';
const R = ROLES;
const DEVICE: Caller[] = [R.PARTNER_ADMIN, R.DEVICE_PROVIDER, R.FTM_PROVIDER];
const KEY_READERS: Caller[] = [
  R.PARTNER_ADMIN,
  R.AUTH_PARTNER,
  R.CREDENTIAL_PARTNER,
  R.ONLINE_VERIFICATION_PARTNER,
];
const POLICY_READERS: Caller[] = [R.PARTNER_ADMIN, R.POLICYMANAGER, R.AUTH_PARTNER, R.CREDENTIAL_PARTNER];
const PARTNER_READERS: Caller[] = [
  R.PARTNER_ADMIN,
  R.AUTH_PARTNER,
  R.DEVICE_PROVIDER,
  R.FTM_PROVIDER,
  R.CREDENTIAL_PARTNER,
  R.ONLINE_VERIFICATION_PARTNER,
];

const PARTNERS_AND_ADMIN: Caller[] = [R.PARTNER_ADMIN, ...PARTNER_ROLES];
const EVERY_USER: Caller[] = [R.PARTNER_ADMIN, R.POLICYMANAGER, ...PARTNER_ROLES];

/** Search and filter values, and MOSIP's further 1.2 partner routes (v2, contacts, roles, policy configuration). */
export const searchAccess: AccessModule = {
  table: {
    [`POST ${PM}/partners/v2`]: { allow: EVERY_USER },
    [`GET ${PM}/partners/v2`]: { allow: [R.PARTNER_ADMIN] },
    [`PUT ${PM}/partners/v2/:partnerId`]: { allow: PARTNERS_AND_ADMIN, ownership: true },
    [`POST ${PM}/partners/:partnerId/contact/add`]: { allow: PARTNERS_AND_ADMIN, ownership: true },
    [`GET ${PM}/roles`]: { allow: EVERY_USER },
    [`GET ${PM}/partners/v3`]: { allow: PARTNERS_AND_ADMIN, query: 'status=approved' },
    [`GET ${PM}/partners/partner-certificates-details`]: { allow: PARTNERS_AND_ADMIN },
    [`GET ${PM}/admin-partners`]: { allow: [R.PARTNER_ADMIN] },
    [`GET ${PM}/admin-partners/:partnerId`]: { allow: [R.PARTNER_ADMIN] },
    [`GET ${PM}/partner-policy-requests`]: {
      allow: [
        R.PARTNER_ADMIN,
        R.AUTH_PARTNER,
        R.ABIS_PARTNER,
        R.SDK_PARTNER,
        R.CREDENTIAL_PARTNER,
        R.ONLINE_VERIFICATION_PARTNER,
      ],
    },
    [`GET ${PM}/partner-api-keys`]: { allow: [R.PARTNER_ADMIN, R.AUTH_PARTNER] },
    [`GET ${POL}/policies/v2`]: { allow: [R.PARTNER_ADMIN, R.POLICYMANAGER] },
    [`GET ${POL}/policies/config/:key`]: { allow: [R.PARTNER_ADMIN, R.POLICYMANAGER] },
    [`POST ${PM}/partners/filtervalues`]: { allow: PARTNER_READERS },
    [`POST ${PM}/partners/partnertype/search`]: { allow: PARTNER_READERS },
    [`POST ${PM}/partners/apikey/request/search`]: { allow: [...KEY_READERS, R.ABIS_PARTNER] },
    [`POST ${PM}/partners/apikey/request/filtervalues`]: { allow: KEY_READERS },
    [`POST ${PM}/partners/apikey/search`]: { allow: [...KEY_READERS, R.ABIS_PARTNER] },
    [`POST ${POL}/policies/search`]: { allow: [R.PARTNER_ADMIN, R.POLICYMANAGER] },
    [`POST ${POL}/policies/filtervalues`]: { allow: POLICY_READERS },
    [`POST ${POL}/policies/group/search`]: { allow: POLICY_READERS },
    [`POST ${POL}/policies/group/filtervalues`]: { allow: POLICY_READERS },
    [`POST ${PM}/devicedetail/search`]: { allow: DEVICE },
    [`POST ${PM}/devicedetail/filtervalues`]: { allow: DEVICE },
    [`POST ${PM}/devicedetail/deviceType/search`]: { allow: DEVICE },
    [`POST ${PM}/devicedetail/deviceType/filtervalues`]: { allow: DEVICE },
    [`POST ${PM}/devicedetail/deviceSubType/filtervalues`]: { allow: DEVICE },
    [`POST ${PM}/securebiometricinterface/search`]: { allow: DEVICE },
    [`POST ${PM}/securebiometricinterface/filtervalues`]: { allow: DEVICE },
    [`POST ${PM}/ftpchipdetail/search`]: { allow: [R.PARTNER_ADMIN, R.FTM_PROVIDER] },
    [`POST ${PM}/ftpchipdetail/filtervalues`]: { allow: [R.PARTNER_ADMIN, R.FTM_PROVIDER] },
    [`POST ${PM}/misps/search`]: { allow: [R.PARTNER_ADMIN, R.MISP_PARTNER] },
    [`POST ${PM}/misps/filtervalues`]: { allow: [R.PARTNER_ADMIN, R.MISP_PARTNER] },
  },
};
