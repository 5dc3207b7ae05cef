import type { TrustDomain } from '@mosip-trust/crypto';

/**
 * What each MOSIP partner type may do here (docs/pms-compatibility.md, "Partner types"): the trust
 * domain of its certificates, whether it hands the platform an encryption certificate, whether it
 * maps policies and holds API keys.
 */
export const PARTNER_TYPE_DOMAIN: Readonly<Record<string, TrustDomain>> = {
  FTM_Provider: 'FTM',
  Device_Provider: 'DEVICE',
  Auth_Partner: 'AUTH',
  Online_Verification_Partner: 'AUTH',
  ABIS_Partner: 'AUTH',
  Manual_Adjudication: 'AUTH',
  SDK_Partner: 'AUTH',
  Internal_Partner: 'AUTH',
  Credential_Partner: 'CREDENTIAL',
  Print_Partner: 'CREDENTIAL',
  MISP_Partner: 'MISP',
};

/** Partner types that also hand the platform an encryption certificate (e-KYC and credential data is sent to them). */
export const ENCRYPTION_PARTNER_TYPES: ReadonlySet<string> = new Set([
  'Auth_Partner',
  'Online_Verification_Partner',
  'Credential_Partner',
  'Print_Partner',
]);

/** Partner types that map policies and hold API keys (MOSIP's postpartnerspolicymap role list). */
export const KEY_PARTNER_TYPES: ReadonlySet<string> = new Set([
  'Auth_Partner',
  'Credential_Partner',
  'Online_Verification_Partner',
  'ABIS_Partner',
]);

/**
 * MOSIP has three partner domains (AUTH, DEVICE, FTM); its clients upload credential-partner and MISP
 * certificates with "AUTH". On MOSIP's paths "AUTH" stands for the domain of the partner's type.
 */
export function domainForPartner(requested: TrustDomain, partnerType: string): TrustDomain {
  const own = PARTNER_TYPE_DOMAIN[partnerType];
  if (requested === 'AUTH' && (own === 'CREDENTIAL' || own === 'MISP')) return own;
  return requested;
}

/** MOSIP pmp.allowed.credential.types: the credential types a credential partner maps a policy to. */
export const CREDENTIAL_TYPES: readonly string[] = [
  'auth',
  'qrcode',
  'euin',
  'reprint',
  'vercred',
  'opencrvs',
];

/** MOSIP policy.credential.type.mapping.allowed.partner.types. */
export const CREDENTIAL_MAPPING_PARTNER_TYPES: ReadonlySet<string> = new Set([
  'Credential_Partner',
  'Online_Verification_Partner',
  'Auth_Partner',
]);

/** Partner types that configure biometric extractors (the roles of MOSIP's bioextractors routes). */
export const BIO_EXTRACTOR_PARTNER_TYPES: ReadonlySet<string> = new Set([
  'Credential_Partner',
  'Online_Verification_Partner',
]);
