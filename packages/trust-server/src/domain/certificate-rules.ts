import {
  type CertificateInfo,
  CryptoError,
  fromP7b,
  parseCertificate,
  pemToDerList,
  type TrustDomain,
} from '@mosip-trust/crypto';
import { TrustError } from '../errors.ts';

/**
 * The certificate rules of MOSIP's keymanager (PartnerCertificateManagerServiceImpl; docs/crypto.md,
 * "Certificate rules of MOSIP's trust store") as pure functions over parsed certificates. Each throws a
 * TrustError with the KER code keymanager uses for the same failure, or a TS_CERT_* code for a rule the
 * docs state and keymanager leaves to the PKIX path check.
 */

export const TRUST_DOMAINS = [
  'FTM',
  'DEVICE',
  'AUTH',
  'CREDENTIAL',
  'MISP',
] as const satisfies readonly TrustDomain[];

/** RSA keys below this size are refused (KER-PCM-013). */
export const MIN_RSA_BITS = 2048;
/** Partner certificates need 1 year less the 30-day grace of validity left (issuer.certificate.duration.years=1, grace=30). */
export const PARTNER_MIN_VALIDITY_DAYS = 365 - 30;
/** CA certificates need 12 months of validity left (cacertificate.upload.minimumvalidity.month=12). */
export const CA_MIN_VALIDITY_MONTHS = 12;

const DAY_MS = 86_400_000;

/** keymanager accepts the domain case-insensitively and stores it upper-case. */
export function canonicalDomain(input: string): TrustDomain {
  const upper = input.trim().toUpperCase();
  const found = TRUST_DOMAINS.find((d) => d === upper);
  if (!found)
    throw new TrustError(
      'KER_PCM_011',
      `Invalid Partner Domain: "${input}" (allowed: ${TRUST_DOMAINS.join(', ')}).`,
    );
  return found;
}

function parseOne(der: Uint8Array): CertificateInfo {
  try {
    return parseCertificate(der);
  } catch (e) {
    throw new TrustError('KER_PCM_001', `Invalid Certificate uploaded: ${(e as Error).message}`);
  }
}

/** keymanager's KeymanagerUtil.convertToCertificate refusal: no PEM object, or one that does not parse. */
function parsingError(detail: string): TrustError {
  return new TrustError('KER_KMS_013', `Certificate Parsing Error. ${detail}`);
}

/**
 * Exactly one PEM certificate (partner uploads), refused as keymanager does: empty -> KER-PCM-001; no PEM
 * header, or a PEM body that is not a certificate -> KER-KMS-013 (docs/pms-compatibility.md).
 */
export function readSingleCertificate(data: string): CertificateInfo {
  if (data.trim() === '') throw new TrustError('KER_PCM_001', 'Invalid Certificate uploaded: empty.');
  if (!data.includes('-----BEGIN')) throw parsingError('certificateData has no PEM header.');
  let ders: Buffer[];
  try {
    ders = pemToDerList(data);
  } catch {
    throw parsingError('certificateData is not a PEM certificate.');
  }
  if (ders.length !== 1) {
    throw new TrustError(
      'KER_PCM_001',
      `Invalid Certificate uploaded: expected one PEM certificate, found ${ders.length}.`,
    );
  }
  try {
    return parseCertificate(ders[0] as Buffer);
  } catch (e) {
    throw parsingError((e as Error).message);
  }
}

/**
 * CA uploads: PEM (one or more certificates) or a base64/base64url PKCS#7 bundle, as keymanager takes them.
 * Returned issuer-first (roots before the certificates they issue), the order they must be stored in.
 * Refusals in keymanager's order: text that is neither PEM nor base64 -> KER-KMS-013; base64 that is not a
 * PKCS#7 bundle -> KER-PCM-001.
 */
export function readCaUpload(data: string): CertificateInfo[] {
  let ders: Buffer[] = [];
  if (data.includes('-----BEGIN')) {
    try {
      ders = pemToDerList(data);
    } catch {
      throw parsingError('certificateData is neither PEM certificates nor base64.');
    }
    if (ders.length === 0) throw parsingError('certificateData holds no PEM certificate.');
    try {
      return issuerFirst(ders.map((d) => parseCertificate(d)));
    } catch (e) {
      throw parsingError((e as Error).message);
    }
  }
  if (!/^[A-Za-z0-9+/_=\s-]+$/.test(data.trim()))
    throw parsingError('certificateData is neither PEM certificates nor base64.');
  try {
    ders = fromP7b(data.trim());
  } catch {
    ders = [];
  }
  if (ders.length === 0)
    throw new TrustError(
      'KER_PCM_001',
      'Invalid Certificate uploaded: neither PEM certificates nor a base64 PKCS#7 bundle.',
    );
  return issuerFirst(ders.map(parseOne));
}

/** Orders certificates so that each one's issuer (when present in the list) comes before it. */
export function issuerFirst(certs: CertificateInfo[]): CertificateInfo[] {
  const placed: CertificateInfo[] = [];
  const rest = [...certs];
  while (rest.length > 0) {
    // Next: a certificate whose issuer is not still waiting (self-signed, already placed, or not in the list).
    const index = rest.findIndex((c) => !rest.some((o) => o !== c && o.subject === c.issuer));
    placed.push(...rest.splice(Math.max(index, 0), 1));
  }
  return placed;
}

/** keymanager refuses anything but an X.509 v3 certificate (KER-PCM-007). */
export function checkVersion(info: CertificateInfo): void {
  const { version } = info;
  if (version !== 3)
    throw new TrustError(
      'KER_PCM_007',
      `Certificate version not supported: X.509 v${version} (v3 required).`,
    );
}

export function checkDates(info: CertificateInfo, now: Date): void {
  if (info.notBefore.getTime() > now.getTime()) {
    throw new TrustError(
      'KER_PMS_020',
      `Certificate is future dated: valid from ${info.notBefore.toISOString()}.`,
    );
  }
  if (info.notAfter.getTime() < now.getTime()) {
    throw new TrustError(
      'KER_PCM_004',
      `Certificate Dates are not valid: expired ${info.notAfter.toISOString()}.`,
    );
  }
}

/** SHA-2 family only: keymanager requires the algorithm name to start with "SHA2". */
export function isSha2Signature(algorithm: string): boolean {
  return /sha-?(224|256|384|512)/i.test(algorithm);
}

export function checkStrength(info: CertificateInfo): void {
  if (!/^rsa/i.test(info.publicKeyAlgorithm)) {
    throw new TrustError(
      'KER_PCM_013',
      `Certificate key type not supported: ${info.publicKeyAlgorithm.toUpperCase()} (RSA of at least ${MIN_RSA_BITS} bits required).`,
    );
  }
  if (info.publicKeyBits < MIN_RSA_BITS) {
    throw new TrustError(
      'KER_PCM_013',
      `Certificate Key Size is less than allowed size: RSA ${info.publicKeyBits} bits (minimum ${MIN_RSA_BITS}).`,
    );
  }
  if (!isSha2Signature(info.signatureAlgorithm)) {
    throw new TrustError(
      'KER_PCM_014',
      `Certificate Signature algorithm not supported: ${info.signatureAlgorithm} (SHA-2 required).`,
    );
  }
}

/** Rules for a CA (root or intermediate) uploaded into a trust domain. */
export function checkCaCertificate(info: CertificateInfo, now: Date): void {
  checkVersion(info);
  checkDates(info, now);
  const minimum = new Date(now);
  minimum.setUTCMonth(minimum.getUTCMonth() + CA_MIN_VALIDITY_MONTHS);
  if (info.notAfter.getTime() < minimum.getTime()) {
    throw new TrustError(
      'KER_PCM_017',
      `CA Certificate validity ends ${info.notAfter.toISOString()}, less than ${CA_MIN_VALIDITY_MONTHS} months from now.`,
    );
  }
  if (!info.isCa)
    throw new TrustError('KER_PCM_018', 'Invalid CA Certificate type: basicConstraints CA=true is missing.');
  // RFC 5280: a CA whose key signs certificates carries a key usage with keyCertSign.
  if (!info.keyUsage.includes('keyCertSign')) {
    throw new TrustError(
      'KER_PCM_018',
      `Invalid CA Certificate type: key usage (${info.keyUsage.join(', ') || 'none'}) lacks keyCertSign.`,
    );
  }
  checkStrength(info);
}

/** Key usages of which an encryption certificate must allow one (when it has the extension). */
const ENCIPHERMENT = ['keyEncipherment', 'dataEncipherment'];

/** Rules for a partner's own certificate (before the chain is built). */
export function checkPartnerCertificate(
  info: CertificateInfo,
  opts: { now: Date; organization: string; usage?: 'SIGNATURE' | 'ENCRYPTION' },
): void {
  checkVersion(info);
  checkDates(info, opts.now);
  const remainingDays = (info.notAfter.getTime() - opts.now.getTime()) / DAY_MS;
  if (remainingDays < PARTNER_MIN_VALIDITY_DAYS) {
    throw new TrustError(
      'KER_KMS_021',
      `Partner certificate has ${Math.floor(remainingDays)} days of validity left; at least ${PARTNER_MIN_VALIDITY_DAYS} required.`,
    );
  }
  if (info.selfSigned) throw new TrustError('KER_PCM_015');
  if (info.isCa) {
    throw new TrustError(
      'TS_CERT_PARTNER_IS_CA',
      `"${info.subject}" is a CA certificate (basicConstraints CA=true); a partner uploads its own end-entity certificate.`,
    );
  }
  if (
    opts.usage === 'ENCRYPTION' &&
    info.keyUsage.length > 0 &&
    !info.keyUsage.some((u) => ENCIPHERMENT.includes(u))
  ) {
    throw new TrustError(
      'TS_CERT_KEY_USAGE',
      `An encryption certificate must allow keyEncipherment or dataEncipherment; its key usage is ${info.keyUsage.join(', ')}.`,
    );
  }
  if (info.organization !== opts.organization) {
    throw new TrustError(
      'KER_PCM_008',
      `Partner Organization Name not Matched: certificate O=${JSON.stringify(info.organization ?? '')}, partner organisation ${JSON.stringify(opts.organization)}.`,
    );
  }
  checkStrength(info);
}

/** Maps a chain-validation failure from the crypto package to keymanager's code for the upload kind. */
export function chainFailure(e: unknown, untrustedCode: 'KER_PCM_005' | 'KER_PCM_006'): Error {
  if (!(e instanceof CryptoError)) return e as Error;
  const detail = `${untrustedCode === 'KER_PCM_005' ? 'Root CA Certificate not found' : 'Root CA/Intermediate CA Certificates not found'}: ${e.message}`;
  switch (e.code) {
    case 'ERR_CERT_WEAK_KEY':
      return new TrustError(
        'KER_PCM_013',
        `Certificate Key Size is less than allowed size in the chain: ${e.message}`,
      );
    case 'ERR_CERT_WEAK_SIGNATURE':
      return new TrustError(
        'KER_PCM_014',
        `Certificate Signature algorithm not supported in the chain: ${e.message}`,
      );
    default:
      return new TrustError(untrustedCode, detail);
  }
}
