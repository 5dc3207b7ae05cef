import { KEY_HOLDER_ROLES, PARTNER_ROLES, ROLES } from '../../../src/index.ts';
import { need, partnerOf } from './records.ts';
import type { AccessModule, Caller, Fixtures } from './types.ts';

/** Trust domains, certificates, policies, API keys, FTM chips, device models and MISP routes. */
const PM = '/v1/partnermanager';
const POL = '/v1/policymanager';
const ADMIN: Caller[] = [ROLES.PARTNER_ADMIN];
const MANAGERS: Caller[] = [ROLES.PARTNER_ADMIN, ROLES.POLICYMANAGER];
const PARTNERS_AND_ADMIN: Caller[] = [ROLES.PARTNER_ADMIN, ...PARTNER_ROLES];
const KEY_HOLDERS: Caller[] = [...KEY_HOLDER_ROLES];
const KEY_HOLDERS_AND_ADMIN: Caller[] = [ROLES.PARTNER_ADMIN, ...KEY_HOLDERS];
const FTM: Caller[] = [ROLES.PARTNER_ADMIN, ROLES.FTM_PROVIDER];
const DEVICE: Caller[] = [ROLES.PARTNER_ADMIN, ROLES.DEVICE_PROVIDER];
const MISP: Caller[] = [ROLES.PARTNER_ADMIN, ROLES.MISP_PARTNER];

const ownId = (
  fx: Fixtures,
  caller: Caller,
  fallback: typeof ROLES.AUTH_PARTNER | typeof ROLES.MISP_PARTNER,
) => partnerOf(fx, caller, fallback).partnerId;
const ftmId = (fx: Fixtures, caller: Caller) => partnerOf(fx, caller, ROLES.FTM_PROVIDER).partnerId;
const deviceId = (fx: Fixtures, caller: Caller) => partnerOf(fx, caller, ROLES.DEVICE_PROVIDER).partnerId;

// Setup values of the records below; update bodies repeat them, so an allowed update changes only its audit fields.
const CHIP = { make: 'MatrixMake', model: 'MatrixModel' };
const DEVICE_MODEL = {
  deviceTypeCode: 'Finger',
  deviceSubTypeCode: 'Slap',
  make: 'MatrixMake',
  model: 'MatrixModel',
};
const sbiFields = () => ({
  swBinaryHash: 'matrix-hash',
  swVersion: '1.0.0',
  swCreateDateTime: new Date(Date.now() - 86_400_000).toISOString(),
  swExpiryDateTime: new Date(Date.now() + 365 * 86_400_000).toISOString(),
});

export const capabilitiesAccess: AccessModule = {
  table: {
    [`POST ${PM}/partners/certificate/ca/upload`]: { allow: ADMIN },
    [`GET ${PM}/trust-chain-certificates`]: { allow: ADMIN },
    [`GET ${PM}/trust-chain-certificates/:certificateId/certificateFile`]: { allow: ADMIN },
    [`POST ${PM}/partners/certificate/upload`]: {
      allow: PARTNERS_AND_ADMIN,
      ownership: true,
      body: (fx, caller) => ({
        partnerId: ownId(fx, caller, ROLES.AUTH_PARTNER),
        certificateData: 'not a certificate',
        partnerDomain: 'AUTH',
      }),
    },
    [`GET ${PM}/partners/:partnerId/certificate`]: { allow: PARTNERS_AND_ADMIN, ownership: true },
    [`GET ${PM}/partners/:partnerId/certificate-data`]: { allow: PARTNERS_AND_ADMIN, ownership: true },
    [`POST ${POL}/policies/group/new`]: { allow: MANAGERS },
    [`PUT ${POL}/policies/group/:policygroupId`]: { allow: MANAGERS },
    [`GET ${POL}/policies/group/all`]: { allow: MANAGERS },
    [`GET ${POL}/policies/group/:policygroupId`]: { allow: MANAGERS },
    [`GET ${POL}/policies/active/group/:groupName`]: {
      allow: [...MANAGERS, ...KEY_HOLDERS, ROLES.MANUAL_ADJUDICATION],
    },
    [`POST ${POL}/policies`]: { allow: MANAGERS },
    [`PUT ${POL}/policies/:policyId`]: { allow: MANAGERS },
    [`POST ${POL}/policies/:policyId/group/:policygroupId/publish`]: { allow: MANAGERS },
    [`PATCH ${POL}/policies/:policyId/group/:policygroupId`]: { allow: MANAGERS },
    [`GET ${POL}/policies`]: { allow: MANAGERS },
    [`GET ${POL}/policies/:policyId`]: { allow: MANAGERS },
    [`GET ${POL}/policies/:policyId/partner/:partnerId`]: {
      allow: KEY_HOLDERS_AND_ADMIN,
      ownership: true,
      // :partnerId is the owned record (refused before any policy lookup); the policy needs not exist.
      params: (fx, caller) => ({
        policyId: 'no-such-policy',
        partnerId: ownId(fx, caller, ROLES.AUTH_PARTNER),
      }),
    },
    [`POST ${PM}/partners/:partnerId/policy/map`]: { allow: KEY_HOLDERS_AND_ADMIN, ownership: true },
    [`PUT ${PM}/partners/policy/:mappingkey`]: { allow: ADMIN },
    [`PATCH ${PM}/partners/:partnerId/generate/apikey`]: { allow: KEY_HOLDERS, ownership: true },
    // :partnerId is the owned record (refused before any policy lookup); the policy needs not exist.
    [`POST ${PM}/partners/:partnerId/policy/:policyId/apiKey/rotate`]: {
      allow: KEY_HOLDERS,
      ownership: true,
      params: (fx, caller) => ({
        partnerId: ownId(fx, caller, ROLES.AUTH_PARTNER),
        policyId: 'no-such-policy',
      }),
    },
    [`PATCH ${PM}/partners/:partnerId/policy/:policyId/apiKey/status`]: {
      allow: KEY_HOLDERS_AND_ADMIN,
      ownership: true,
      params: (fx, caller) => ({
        partnerId: ownId(fx, caller, ROLES.AUTH_PARTNER),
        policyId: 'no-such-policy',
      }),
    },
    [`PATCH ${PM}/partners/:partnerId/policy/:policyId/apiKey/validity`]: {
      allow: KEY_HOLDERS_AND_ADMIN,
      ownership: true,
      params: (fx, caller) => ({
        partnerId: ownId(fx, caller, ROLES.AUTH_PARTNER),
        policyId: 'no-such-policy',
      }),
      body: () => ({ label: 'no-such-label', validTo: '2030-01-01T00:00:00.000Z' }),
    },
    [`GET ${PM}/partners/:partnerId/apikey/request`]: { allow: KEY_HOLDERS_AND_ADMIN, ownership: true },
    [`GET ${PM}/partners/apikey`]: { allow: ADMIN },
    [`POST ${PM}/ftpchipdetail`]: {
      allow: FTM,
      ownership: true,
      body: (fx, caller) => ({ ftpProviderId: ftmId(fx, caller), ...CHIP }),
    },
    [`PUT ${PM}/ftpchipdetail`]: {
      allow: FTM,
      ownership: true,
      foreignAnsweredAsMissing: 'PMP_AUT_031',
      body: (fx) => ({ ftpChipDetailId: need(fx, 'ftmChip'), ...CHIP }),
    },
    [`PATCH ${PM}/ftpchipdetail`]: { allow: ADMIN },
    [`POST ${PM}/ftpchipdetail/uploadcertificate`]: {
      allow: FTM,
      ownership: true,
      body: (fx, caller) => ({
        ftpProviderId: ftmId(fx, caller),
        ftpChipDeatilId: need(fx, 'ftmChip'),
        certificateData: 'not a certificate',
        organizationName: `Org ${ftmId(fx, caller)}`,
        partnerDomain: 'FTM',
      }),
      // The intruder names itself as the provider but the owner's chip.
      intrusions: (fx, role) => [
        {
          name: "own provider id, the owner's chip",
          body: {
            ftpProviderId: fx.others[role]?.partnerId ?? '',
            ftpChipDeatilId: need(fx, 'ftmChip'),
            certificateData: 'not a certificate',
            organizationName: `Org ${fx.others[role]?.partnerId ?? ''}`,
            partnerDomain: 'FTM',
          },
          code: 'PMP_AUT_034',
        },
      ],
    },
    [`GET ${PM}/ftpchipdetail`]: { allow: FTM },
    [`GET ${PM}/ftpchipdetail/:ftpChipDetailId`]: {
      allow: FTM,
      ownership: true,
      foreignAnsweredAsMissing: 'PMP_AUT_031',
      params: (fx) => ({ ftpChipDetailId: need(fx, 'ftmChip') }),
    },
    [`GET ${PM}/ftpchipdetail/getPartnerCertificate/:ftpChipDetailId`]: {
      allow: FTM,
      ownership: true,
      foreignAnsweredAsMissing: 'PMP_AUT_031',
      params: (fx) => ({ ftpChipDetailId: need(fx, 'ftmChip') }),
    },
    [`POST ${PM}/devicedetail`]: {
      allow: DEVICE,
      ownership: true,
      body: (fx, caller) => ({ deviceProviderId: deviceId(fx, caller), ...DEVICE_MODEL }),
    },
    [`PUT ${PM}/devicedetail`]: {
      allow: DEVICE,
      ownership: true,
      foreignAnsweredAsMissing: 'PMS_AUT_005',
      body: (fx) => ({ id: need(fx, 'deviceDetail'), ...DEVICE_MODEL }),
    },
    [`PATCH ${PM}/devicedetail`]: { allow: ADMIN },
    [`GET ${PM}/devicedetail`]: { allow: DEVICE },
    [`GET ${PM}/devicedetail/:id`]: {
      allow: DEVICE,
      ownership: true,
      foreignAnsweredAsMissing: 'PMS_AUT_005',
      params: (fx) => ({ id: need(fx, 'deviceDetail') }),
    },
    [`POST ${PM}/securebiometricinterface`]: {
      allow: DEVICE,
      ownership: true,
      body: (fx, caller) => ({ providerId: deviceId(fx, caller), ...sbiFields() }),
    },
    [`PUT ${PM}/securebiometricinterface`]: {
      allow: DEVICE,
      ownership: true,
      foreignAnsweredAsMissing: 'PMS_AUT_007',
      body: (fx) => ({ id: need(fx, 'sbi'), ...sbiFields() }),
    },
    [`PATCH ${PM}/securebiometricinterface`]: { allow: ADMIN },
    [`GET ${PM}/securebiometricinterface`]: { allow: DEVICE },
    [`GET ${PM}/securebiometricinterface/:id`]: {
      allow: DEVICE,
      ownership: true,
      foreignAnsweredAsMissing: 'PMS_AUT_007',
      params: (fx) => ({ id: need(fx, 'sbi') }),
    },
    [`POST ${PM}/misps`]: {
      allow: MISP,
      ownership: true,
      body: (fx, caller) => ({ providerId: ownId(fx, caller, ROLES.MISP_PARTNER) }),
    },
    [`PUT ${PM}/misps`]: {
      allow: MISP,
      ownership: true,
      // De-activation revokes for good: an intruder getting through would change the licence.
      body: (fx, caller) => ({
        providerId: ownId(fx, caller, ROLES.MISP_PARTNER),
        licenseKey: need(fx, 'mispLicenseKey'),
        licenseKeyStatus: 'De-active',
      }),
    },
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
    // Records owned by the FTM, device provider and MISP callers: the other organisation of each role
    // must not read or change them. A setup that fails fails the test (no placeholder ids).
    const ftm = partnerOf(fx, ROLES.FTM_PROVIDER, ROLES.FTM_PROVIDER);
    const device = partnerOf(fx, ROLES.DEVICE_PROVIDER, ROLES.DEVICE_PROVIDER);
    const misp = partnerOf(fx, ROLES.MISP_PARTNER, ROLES.MISP_PARTNER);
    const created = async <T>(what: string, token: string, path: string, request: unknown): Promise<T> => {
      const res = await fx.server.call<T>('POST', path, { token, request });
      if (res.status !== 200)
        throw new Error(`matrix setup: ${what} failed: ${res.status} ${JSON.stringify(res.body.errors)}`);
      return res.body.response;
    };
    fx.extra.ftmChip = (
      await created<{ id: string }>('FTM chip', ftm.token, `${PM}/ftpchipdetail`, {
        ftpProviderId: ftm.partnerId,
        ...CHIP,
      })
    ).id;
    fx.extra.deviceDetail = (
      await created<{ id: string }>('device detail', device.token, `${PM}/devicedetail`, {
        deviceProviderId: device.partnerId,
        ...DEVICE_MODEL,
      })
    ).id;
    fx.extra.sbi = (
      await created<{ id: string }>('SBI', device.token, `${PM}/securebiometricinterface`, {
        providerId: device.partnerId,
        ...sbiFields(),
      })
    ).id;
    fx.extra.mispLicenseKey = (
      await created<{ licenseKey: string }>('MISP licence', misp.token, `${PM}/misps`, {
        providerId: misp.partnerId,
      })
    ).licenseKey;
  },
};
