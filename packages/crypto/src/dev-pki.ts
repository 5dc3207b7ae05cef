import {
  type CertifiedKey,
  createRootCa,
  issueCertificate,
  type KeyUsageProfile,
} from './certificate-issuer.ts';
import { assertObject, CryptoError } from './errors.ts';
import { TRUST_DOMAINS, type TrustDomain } from './trust.ts';

/** Every certificate role of MDS 0.9.5 and MOSIP's partner management, for development and tests. */
export type DevelopmentRole =
  | 'ftmRoot'
  | 'ftmChip'
  | 'deviceProviderCa'
  | 'device'
  | 'partnerCa'
  | 'partner'
  | 'platformRoot'
  | 'platformPms'
  | 'platformEncryption'
  | 'platformSigning';

export type DevelopmentPki = Record<DevelopmentRole, CertifiedKey>;

export interface DevelopmentRoleSpec {
  role: DevelopmentRole;
  /** The role that issues it; undefined for self-signed roots. */
  issuer: DevelopmentRole | undefined;
  commonName: string;
  ca: boolean;
  keyUsage: KeyUsageProfile;
  /** Trust domains in which this certificate is an anchor (roots) or is validated (leaves). */
  domains: TrustDomain[];
  description: string;
}

/** Issuers come before what they issue. */
export const DEVELOPMENT_ROLES: readonly DevelopmentRoleSpec[] = [
  {
    role: 'ftmRoot',
    issuer: undefined,
    commonName: 'FTM Root CA',
    ca: true,
    keyUsage: 'ca',
    domains: ['FTM'],
    description: 'FTM provider root: trust anchor of the FTM domain',
  },
  {
    role: 'ftmChip',
    issuer: 'ftmRoot',
    commonName: 'FTM Chip',
    ca: false,
    keyUsage: 'signing',
    domains: ['FTM'],
    description: 'secure chip (FTM) key: signs the digital ID',
  },
  {
    role: 'deviceProviderCa',
    issuer: undefined,
    commonName: 'Device Provider CA',
    ca: true,
    keyUsage: 'ca',
    domains: ['DEVICE'],
    description: 'device provider key: issues device certificates, signs registration deviceData',
  },
  {
    role: 'device',
    issuer: 'deviceProviderCa',
    commonName: 'Device',
    ca: false,
    keyUsage: 'signing',
    domains: ['DEVICE'],
    description: 'device key: signs device info and captured biometrics',
  },
  {
    role: 'partnerCa',
    issuer: undefined,
    commonName: 'Partner CA',
    ca: true,
    keyUsage: 'ca',
    domains: ['AUTH', 'CREDENTIAL', 'MISP'],
    description: 'partner root CA: trust anchor for auth, credential and MISP partners',
  },
  {
    role: 'partner',
    issuer: 'partnerCa',
    commonName: 'Auth Partner',
    ca: false,
    keyUsage: 'signing',
    domains: ['AUTH'],
    description: 'authentication partner key: signs auth requests',
  },
  {
    role: 'platformRoot',
    issuer: undefined,
    commonName: 'MOSIP Root CA',
    ca: true,
    keyUsage: 'ca',
    domains: [],
    description: 'platform (MOSIP adopter) root: ROOT of keymanager',
  },
  {
    role: 'platformPms',
    issuer: 'platformRoot',
    commonName: 'MOSIP PMS',
    ca: true,
    keyUsage: 'ca',
    domains: [],
    description: 'platform partner CA (PMS): re-signs uploaded partner certificates',
  },
  {
    role: 'platformEncryption',
    issuer: 'platformPms',
    commonName: 'IDA-FIR',
    ca: false,
    keyUsage: 'encryption',
    domains: [],
    description: 'platform encryption certificate (IDA-FIR-like): devices seal biometrics to it',
  },
  {
    role: 'platformSigning',
    issuer: 'platformPms',
    commonName: 'MOSIP Signing',
    ca: false,
    keyUsage: 'signing',
    domains: [],
    description: 'platform signing certificate: signs registration responses',
  },
];

/**
 * The roots of each trust domain in the development PKI, as the trust server holds them: a domain
 * trusts only its own roots, so a partner certificate is never trusted in DEVICE nor a device
 * certificate in AUTH. `ca init` writes one folder per domain with these certificates. The platform
 * CAs join a domain only on the server, when it re-signs a partner certificate there.
 */
export const DEVELOPMENT_DOMAIN_ROOTS: Readonly<Record<TrustDomain, readonly DevelopmentRole[]>> =
  Object.fromEntries(
    TRUST_DOMAINS.map((domain) => [
      domain,
      DEVELOPMENT_ROLES.filter((s) => s.ca && s.issuer === undefined && s.domains.includes(domain)).map(
        (s) => s.role,
      ),
    ]),
  ) as Record<TrustDomain, DevelopmentRole[]>;

/**
 * A complete development PKI: roots valid `validityDays` (default 3650), intermediates and leaves
 * inside their issuer's validity. Subjects are "CN=<role name>, O=<organization>, C=IN".
 */
export async function createDevelopmentPki(
  opts: { organization?: string; validityDays?: number } = {},
): Promise<DevelopmentPki> {
  assertObject(opts, 'options');
  const organization = opts.organization ?? 'Mosip Trust Dev';
  if (typeof organization !== 'string' || organization.trim() === '' || /[,=+<>#;\\"]/.test(organization)) {
    throw new CryptoError('ERR_INVALID_INPUT', 'organization must be non-empty without , = + < > # ; \\ "');
  }
  const validityDays = opts.validityDays ?? 3650;
  if (!Number.isInteger(validityDays) || validityDays < 1) {
    throw new CryptoError('ERR_INVALID_INPUT', 'validityDays must be a positive whole number');
  }
  const made = new Map<DevelopmentRole, Promise<CertifiedKey>>();
  for (const spec of DEVELOPMENT_ROLES) {
    const subject = `CN=${spec.commonName}, O=${organization}, C=IN`;
    const issuerRole = spec.issuer;
    const pending = issuerRole
      ? (made.get(issuerRole) as Promise<CertifiedKey>).then(
          async (issuer) =>
            (await issueCertificate(issuer, {
              subject,
              ca: spec.ca,
              keyUsage: spec.keyUsage,
              validityDays: spec.ca ? validityDays : Math.min(validityDays, 730),
              ...(spec.ca ? { pathLength: 0 } : {}),
            })) as CertifiedKey,
        )
      : createRootCa({ subject, validityDays });
    made.set(spec.role, pending);
  }
  const entries = await Promise.all(
    DEVELOPMENT_ROLES.map(async (s) => [s.role, await made.get(s.role)] as const),
  );
  return Object.fromEntries(entries) as DevelopmentPki;
}
