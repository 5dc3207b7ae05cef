import { ROLES } from '../../../src/index.ts';
import type { AccessModule, Caller, Fixtures } from './types.ts';

/** Trust domains, certificates, policies, API keys, FTM chips, device models and MISP routes. */
const PM = '/v1/partnermanager';
const POL = '/v1/policymanager';
const ADMIN: Caller[] = [ROLES.PARTNER_ADMIN];
const MANAGERS: Caller[] = [ROLES.PARTNER_ADMIN, ROLES.POLICYMANAGER];
const PARTNERS_AND_ADMIN: Caller[] = [
  ROLES.PARTNER_ADMIN,
  ROLES.FTM_PROVIDER,
  ROLES.DEVICE_PROVIDER,
  ROLES.AUTH_PARTNER,
  ROLES.CREDENTIAL_PARTNER,
  ROLES.MISP_PARTNER,
];
const KEY_HOLDERS: Caller[] = [ROLES.AUTH_PARTNER, ROLES.CREDENTIAL_PARTNER];
const KEY_HOLDERS_AND_ADMIN: Caller[] = [ROLES.PARTNER_ADMIN, ...KEY_HOLDERS];
const FTM: Caller[] = [ROLES.PARTNER_ADMIN, ROLES.FTM_PROVIDER];
const DEVICE: Caller[] = [ROLES.PARTNER_ADMIN, ROLES.DEVICE_PROVIDER];
const MISP: Caller[] = [ROLES.PARTNER_ADMIN, ROLES.MISP_PARTNER];

const ownId = (fx: Fixtures, caller: Caller, fallback: string) =>
  (fx.partners[caller] ?? fx.partners[fallback])?.partnerId ?? 'x';

export const capabilitiesAccess: AccessModule = {
  table: {
    [`POST ${PM}/partners/certificate/ca/upload`]: { allow: ADMIN },
    [`GET ${PM}/trust-chain-certificates`]: { allow: ADMIN },
    [`GET ${PM}/trust-chain-certificates/:certificateId/certificateFile`]: { allow: ADMIN },
    [`POST ${PM}/partners/certificate/upload`]: { allow: PARTNERS_AND_ADMIN },
    [`GET ${PM}/partners/:partnerId/certificate`]: { allow: PARTNERS_AND_ADMIN, ownership: true },
    [`GET ${PM}/partners/:partnerId/certificate-data`]: { allow: PARTNERS_AND_ADMIN, ownership: true },
    [`POST ${POL}/policies/group/new`]: { allow: MANAGERS },
    [`PUT ${POL}/policies/group/:policygroupId`]: { allow: MANAGERS },
    [`GET ${POL}/policies/group/all`]: { allow: MANAGERS },
    [`GET ${POL}/policies/group/:policygroupId`]: { allow: MANAGERS },
    [`GET ${POL}/policies/active/group/:groupName`]: { allow: [...MANAGERS, ...KEY_HOLDERS] },
    [`POST ${POL}/policies`]: { allow: MANAGERS },
    [`PUT ${POL}/policies/:policyId`]: { allow: MANAGERS },
    [`POST ${POL}/policies/:policyId/group/:policygroupId/publish`]: { allow: MANAGERS },
    [`PATCH ${POL}/policies/:policyId/group/:policygroupId`]: { allow: MANAGERS },
    [`GET ${POL}/policies`]: { allow: MANAGERS },
    [`GET ${POL}/policies/:policyId`]: { allow: MANAGERS },
    [`GET ${POL}/policies/:policyId/partner/:partnerId`]: {
      allow: KEY_HOLDERS_AND_ADMIN,
      ownership: true,
      params: (fx, caller) => ({ policyId: 'x', partnerId: ownId(fx, caller, ROLES.AUTH_PARTNER) }),
    },
    [`POST ${PM}/partners/:partnerId/policy/map`]: { allow: KEY_HOLDERS_AND_ADMIN, ownership: true },
    [`PUT ${PM}/partners/policy/:mappingkey`]: { allow: ADMIN },
    [`PATCH ${PM}/partners/:partnerId/generate/apikey`]: { allow: KEY_HOLDERS, ownership: true },
    [`POST ${PM}/partners/:partnerId/policy/:policyId/apiKey/rotate`]: {
      allow: KEY_HOLDERS,
      ownership: true,
    },
    [`PATCH ${PM}/partners/:partnerId/policy/:policyId/apiKey/status`]: {
      allow: KEY_HOLDERS_AND_ADMIN,
      ownership: true,
    },
    [`GET ${PM}/partners/:partnerId/apikey/request`]: { allow: KEY_HOLDERS_AND_ADMIN, ownership: true },
    [`GET ${PM}/partners/apikey`]: { allow: ADMIN },
    [`POST ${PM}/ftpchipdetail`]: { allow: FTM },
    [`PUT ${PM}/ftpchipdetail`]: { allow: FTM },
    [`PATCH ${PM}/ftpchipdetail`]: { allow: ADMIN },
    [`POST ${PM}/ftpchipdetail/uploadcertificate`]: { allow: FTM },
    [`GET ${PM}/ftpchipdetail`]: { allow: FTM },
    [`GET ${PM}/ftpchipdetail/:ftpChipDetailId`]: {
      allow: FTM,
      ownership: true,
      params: (fx) => ({ ftpChipDetailId: fx.extra.ftmChip ?? 'x' }),
    },
    [`GET ${PM}/ftpchipdetail/getPartnerCertificate/:ftpChipDetailId`]: {
      allow: FTM,
      ownership: true,
      params: (fx) => ({ ftpChipDetailId: fx.extra.ftmChip ?? 'x' }),
    },
    [`POST ${PM}/devicedetail`]: { allow: DEVICE },
    [`PUT ${PM}/devicedetail`]: { allow: DEVICE },
    [`PATCH ${PM}/devicedetail`]: { allow: ADMIN },
    [`GET ${PM}/devicedetail`]: { allow: DEVICE },
    [`GET ${PM}/devicedetail/:id`]: {
      allow: DEVICE,
      ownership: true,
      params: (fx) => ({ id: fx.extra.deviceDetail ?? 'x' }),
    },
    [`POST ${PM}/securebiometricinterface`]: { allow: DEVICE },
    [`PUT ${PM}/securebiometricinterface`]: { allow: DEVICE },
    [`PATCH ${PM}/securebiometricinterface`]: { allow: ADMIN },
    [`GET ${PM}/securebiometricinterface`]: { allow: DEVICE },
    [`GET ${PM}/securebiometricinterface/:id`]: {
      allow: DEVICE,
      ownership: true,
      params: (fx) => ({ id: fx.extra.sbi ?? 'x' }),
    },
    [`POST ${PM}/misps`]: { allow: MISP },
    [`PUT ${PM}/misps`]: { allow: MISP },
    [`GET ${PM}/misps`]: { allow: MISP },
    [`GET ${PM}/misps/:mispId/transactions`]: {
      allow: MISP,
      ownership: true,
      params: (fx, caller) => ({ mispId: ownId(fx, caller, ROLES.MISP_PARTNER) }),
    },
    [`GET ${PM}/misps/:mispId/transactions/export`]: {
      allow: MISP,
      ownership: true,
      params: (fx, caller) => ({ mispId: ownId(fx, caller, ROLES.MISP_PARTNER) }),
    },
  },
  async setup(fx) {
    // Records owned by the FTM and device provider callers: the other organisation of each role must not read them.
    const ftm = fx.partners[ROLES.FTM_PROVIDER];
    const device = fx.partners[ROLES.DEVICE_PROVIDER];
    if (ftm) {
      const res = await fx.server.call<{ id: string }>('POST', `${PM}/ftpchipdetail`, {
        token: ftm.token,
        request: { ftpProviderId: ftm.partnerId, make: 'MatrixMake', model: 'MatrixModel' },
      });
      if (res.status === 200) fx.extra.ftmChip = res.body.response.id;
    }
    if (device) {
      const d = await fx.server.call<{ id: string }>('POST', `${PM}/devicedetail`, {
        token: device.token,
        request: {
          deviceProviderId: device.partnerId,
          deviceTypeCode: 'Finger',
          deviceSubTypeCode: 'Slap',
          make: 'MatrixMake',
          model: 'MatrixModel',
        },
      });
      if (d.status === 200) fx.extra.deviceDetail = d.body.response.id;
      const s = await fx.server.call<{ id: string }>('POST', `${PM}/securebiometricinterface`, {
        token: device.token,
        request: {
          providerId: device.partnerId,
          swBinaryHash: 'matrix-hash',
          swVersion: '1.0.0',
          swCreateDateTime: new Date(Date.now() - 86_400_000).toISOString(),
          swExpiryDateTime: new Date(Date.now() + 365 * 86_400_000).toISOString(),
        },
      });
      if (s.status === 200) fx.extra.sbi = s.body.response.id;
    }
  },
};
