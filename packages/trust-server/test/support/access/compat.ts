import { ALL_ROLES, KEY_HOLDER_ROLES, ROLES } from '../../../src/index.ts';
import { need, partnerOf } from './records.ts';
import type { AccessModule, Caller, Fixtures } from './types.ts';

/** MOSIP 1.2 routes added for compatibility: API-key views, credential partners, SBI-device mapping, MISP licence. */
const PM = '/v1/partnermanager';
const POL = '/v1/policymanager';
const R = ROLES;
const ADMIN: Caller[] = [R.PARTNER_ADMIN];
const DEVICE: Caller[] = [R.PARTNER_ADMIN, R.DEVICE_PROVIDER, R.FTM_PROVIDER];
const PROVIDER: Caller[] = [R.PARTNER_ADMIN, R.DEVICE_PROVIDER];
const CREDENTIAL: Caller[] = [R.PARTNER_ADMIN, R.CREDENTIAL_PARTNER, R.ONLINE_VERIFICATION_PARTNER];
const FTM: Caller[] = [R.PARTNER_ADMIN, R.FTM_PROVIDER];
// MOSIP's userconsent role list.
const CONSENTING: Caller[] = [
  R.AUTH_PARTNER,
  R.ABIS_PARTNER,
  R.SDK_PARTNER,
  R.DEVICE_PROVIDER,
  R.FTM_PROVIDER,
  R.CREDENTIAL_PARTNER,
  R.PARTNER_ADMIN,
  R.ONLINE_VERIFICATION_PARTNER,
  R.POLICYMANAGER,
];
// The owner's chip (made by capabilitiesAccess.setup, still awaiting its certificate): an allowed call changes nothing.
const chip = (fx: Fixtures) => ({ ftpChipDetailId: need(fx, 'ftmChip') });

const credentialPartner = (fx: Fixtures, caller: Caller) =>
  partnerOf(fx, caller, R.CREDENTIAL_PARTNER).partnerId;
// The owner's device model and SBI (made by capabilitiesAccess.setup): another provider's are answered as missing.
const link = (fx: Fixtures) => ({ deviceDetailId: need(fx, 'deviceDetail'), sbiId: need(fx, 'sbi') });

export const compatAccess: AccessModule = {
  table: {
    [`GET ${PM}/partners/apikey/:apikey`]: { allow: ADMIN },
    [`GET ${PM}/partners/:partnerId/apikey/:apikey`]: { allow: ADMIN },
    [`PUT ${PM}/partners/:partnerId/apikey/:apikey/policies`]: {
      allow: ADMIN,
      body: () => ({ oldPolicyID: 'no-such-policy', newPolicyID: 'no-such-policy' }),
    },
    [`PATCH ${PM}/partners/:partnerId/apikey/request`]: {
      allow: [R.PARTNER_ADMIN, ...KEY_HOLDER_ROLES],
      ownership: true,
      body: () => ({ policyName: 'no-such-policy', useCaseDescription: 'matrix' }),
    },
    // :partnerId is the owned record (refused before any policy lookup); the policy needs not exist.
    [`POST ${PM}/partners/:partnerId/bioextractors/:policyId`]: {
      allow: CREDENTIAL,
      ownership: true,
      params: (fx, caller) => ({ partnerId: credentialPartner(fx, caller), policyId: 'no-such-policy' }),
      body: () => ({
        extractors: [{ attributeName: 'photo', biometric: 'face', extractor: { provider: 'mock' } }],
      }),
    },
    [`GET ${PM}/partners/:partnerId/bioextractors/:policyId`]: {
      allow: CREDENTIAL,
      ownership: true,
      params: (fx, caller) => ({ partnerId: credentialPartner(fx, caller), policyId: 'no-such-policy' }),
    },
    [`POST ${PM}/partners/:partnerId/credentialtype/:credentialType/policies/:policyName`]: {
      allow: CREDENTIAL,
      ownership: true,
      params: (fx, caller) => ({
        partnerId: credentialPartner(fx, caller),
        credentialType: 'qrcode',
        policyName: 'no-such-policy',
      }),
    },
    [`GET ${PM}/partners/:partnerId/credentialtype/:credentialType/policies`]: {
      allow: CREDENTIAL,
      ownership: true,
      params: (fx, caller) => ({ partnerId: credentialPartner(fx, caller), credentialType: 'qrcode' }),
    },
    [`PUT ${PM}/securebiometricinterface/devicedetails/map`]: {
      allow: DEVICE,
      ownership: true,
      foreignAnsweredAsMissing: 'PMS_AUT_005',
      body: link,
    },
    [`PUT ${PM}/securebiometricinterface/devicedetails/map/remove`]: {
      allow: DEVICE,
      ownership: true,
      foreignAnsweredAsMissing: 'PMS_AUT_005',
      body: link,
    },
    [`POST ${PM}/securebiometricinterface/devicedetails/map/search`]: { allow: DEVICE },
    // MOSIP master's device life cycle: the setup's SBI and device are pending, so an allowed call changes nothing.
    [`POST ${PM}/securebiometricinterface/:id/devices`]: {
      allow: PROVIDER,
      ownership: true,
      params: (fx) => ({ id: need(fx, 'sbi') }),
      body: (fx, caller) => ({
        deviceProviderId: partnerOf(fx, caller, R.DEVICE_PROVIDER).partnerId,
        deviceTypeCode: 'Finger',
        deviceSubTypeCode: 'Single',
        make: 'MasterMake',
        model: 'MasterModel',
      }),
    },
    [`GET ${PM}/securebiometricinterface/:id/devices`]: {
      allow: PROVIDER,
      ownership: true,
      foreignAnsweredAsMissing: 'PMS_DEVICE_ERROR_005',
      params: (fx) => ({ id: need(fx, 'sbi') }),
    },
    [`PATCH ${PM}/securebiometricinterface/:id`]: {
      allow: PROVIDER,
      ownership: true,
      foreignAnsweredAsMissing: 'PMS_DEVICE_ERROR_005',
      params: (fx) => ({ id: need(fx, 'sbi') }),
      body: () => ({ status: 'De-Activate' }),
    },
    [`PATCH ${PM}/devicedetail/:id`]: {
      allow: PROVIDER,
      ownership: true,
      foreignAnsweredAsMissing: 'PMS_DEVICE_ERROR_006',
      params: (fx) => ({ id: need(fx, 'deviceDetail') }),
      body: () => ({ status: 'De-Activate' }),
    },
    [`POST ${PM}/devicedetail/:id/approval`]: {
      allow: ADMIN,
      body: () => ({ partnerId: 'x', sbiId: 'x', status: 'approved' }),
    },
    [`GET ${POL}/policies/policy-groups`]: {
      allow: [
        R.PARTNER_ADMIN,
        R.POLICYMANAGER,
        R.AUTH_PARTNER,
        R.CREDENTIAL_PARTNER,
        R.ONLINE_VERIFICATION_PARTNER,
        R.ABIS_PARTNER,
        R.MANUAL_ADJUDICATION,
      ],
    },
    [`PATCH ${POL}/policies/:policyId`]: {
      allow: [R.PARTNER_ADMIN, R.POLICYMANAGER],
      body: () => ({ status: 'De-Activate' }),
    },
    [`PATCH ${POL}/policies/group/:policyGroupId`]: {
      allow: [R.PARTNER_ADMIN, R.POLICYMANAGER],
      body: () => ({ status: 'De-Activate' }),
    },
    [`GET ${PM}/misps/:mispId/licenseKey`]: { allow: ADMIN },
    [`POST ${PM}/users/user-consent`]: { allow: CONSENTING },
    [`GET ${PM}/users/user-consent`]: { allow: CONSENTING },
    [`GET ${PM}/system-config`]: { allow: [...ALL_ROLES] },
    [`GET ${PM}/ftpchipdetail/v2`]: { allow: ADMIN },
    [`PATCH ${PM}/ftpchipdetail/:ftpChipDetailId`]: {
      allow: FTM,
      ownership: true,
      foreignAnsweredAsMissing: 'PMS_FTM_ERROR_005',
      params: chip,
      body: () => ({ status: 'De-Activate' }),
    },
    [`GET ${PM}/ftpchipdetail/:ftpChipDetailId/certificate-data`]: {
      allow: FTM,
      ownership: true,
      foreignAnsweredAsMissing: 'PMS_FTM_ERROR_005',
      params: chip,
    },
    'POST /v1/masterdata/registereddevices/search': { allow: [R.PARTNER_ADMIN, R.DEVICE_PROVIDER] },
    [`POST ${PM}/registereddevices/search`]: { allow: [R.PARTNER_ADMIN, R.DEVICE_PROVIDER] },
  },
};
