import { type KeyObject, randomBytes, webcrypto } from 'node:crypto';
import { derToPem, type ParsedCertificate, parseDerCached } from './certificate-info.ts';
import { ownedBytes } from './encoding.ts';
import { assertObject, assertString, CryptoError } from './errors.ts';
import { generateRsaKeyPair, spkiDer } from './keys.ts';
import { x509 } from './x509-provider.ts';

/** A certificate with the private key it certifies. */
export interface CertifiedKey {
  certificateDer: Buffer;
  certificatePem: string;
  privateKey: KeyObject;
}

/** A certificate issued for a caller-supplied public key carries no private key. */
export type IssuedCertificate = Omit<CertifiedKey, 'privateKey'> & { privateKey?: KeyObject };

export type KeyUsageProfile = 'signing' | 'encryption' | 'ca';

export interface IssueOptions {
  subject: string;
  ca: boolean;
  pathLength?: number;
  validityDays?: number;
  notBefore?: Date;
  notAfter?: Date;
  publicKey?: KeyObject;
  keyUsage?: KeyUsageProfile;
  /** Key size when the key pair is generated here (default 2048). */
  keyBits?: number;
}

const DAY_MS = 86_400_000;
const SIGNING_ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
const { KeyUsageFlags: F } = x509;

const KEY_USAGE_FLAGS: Record<KeyUsageProfile, number> = {
  // A CA may also sign data: the device-provider key both issues device certificates and signs deviceData.
  ca: F.keyCertSign | F.cRLSign | F.digitalSignature,
  signing: F.digitalSignature | F.nonRepudiation,
  encryption: F.keyEncipherment | F.dataEncipherment,
};

function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01; // positive and without a leading zero octet
  return bytes.toString('hex');
}

/** X.509 times have second precision; default start 10 minutes back to tolerate clock skew. */
function validity(opts: { validityDays?: number; notBefore?: Date; notAfter?: Date }, defaultDays: number) {
  const days = opts.validityDays ?? defaultDays;
  if (!Number.isFinite(days) || days <= 0) {
    throw new CryptoError(
      'ERR_INVALID_INPUT',
      `validityDays must be positive, got ${typeof days === 'number' ? days : typeof days}`,
    );
  }
  const start = opts.notBefore ?? new Date(Date.now() - 10 * 60_000);
  if (!(start instanceof Date) || Number.isNaN(start.getTime())) {
    throw new CryptoError('ERR_INVALID_INPUT', 'notBefore is not a valid Date');
  }
  const notBefore = new Date(Math.floor(start.getTime() / 1000) * 1000);
  const end = opts.notAfter ?? new Date(notBefore.getTime() + days * DAY_MS);
  if (!(end instanceof Date) || Number.isNaN(end.getTime()) || end <= notBefore) {
    throw new CryptoError('ERR_INVALID_INPUT', 'notAfter must be a valid Date after notBefore');
  }
  return { notBefore, notAfter: new Date(Math.floor(end.getTime() / 1000) * 1000) };
}

/**
 * WebCrypto signing keys by KeyObject: an issuing CA (the platform's partner CA re-signs every uploaded
 * certificate) is exported and imported once, not per certificate (docs/performance.md, target 3).
 * KeyObjects are immutable, so the imported key stays valid for as long as the KeyObject lives.
 */
const signingKeys = new WeakMap<KeyObject, Promise<CryptoKey>>();

function signingKeyOf(privateKey: KeyObject): Promise<CryptoKey> {
  if (privateKey?.type !== 'private' || privateKey.asymmetricKeyType !== 'rsa') {
    throw new CryptoError('ERR_KEY', 'the issuing key must be an RSA private KeyObject');
  }
  let key = signingKeys.get(privateKey);
  if (!key) {
    const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
    key = webcrypto.subtle.importKey('pkcs8', pkcs8, SIGNING_ALGORITHM, false, [
      'sign',
    ]) as Promise<CryptoKey>;
    key.catch(() => signingKeys.delete(privateKey));
    signingKeys.set(privateKey, key);
  }
  return key;
}

interface IssuerParts {
  name: x509.Name;
  authorityKeyId: Promise<x509.AuthorityKeyIdentifierExtension>;
}
/** What every certificate an issuer signs takes from the issuer's certificate, derived once per issuer. */
const issuerParts = new WeakMap<ParsedCertificate, IssuerParts>();

function partsOf(issuer: ParsedCertificate): IssuerParts {
  let parts = issuerParts.get(issuer);
  if (!parts) {
    parts = {
      name: new x509.X509Certificate(ownedBytes(issuer.info.der)).subjectName,
      authorityKeyId: x509.AuthorityKeyIdentifierExtension.create(ownedBytes(spkiDer(issuer.publicKey))),
    };
    issuerParts.set(issuer, parts);
  }
  return parts;
}

function parseName(subject: string): x509.Name {
  assertString(subject, 'subject');
  try {
    // RFC 4514 text lists the most specific RDN first; the DER sequence starts with the least (C=...).
    const rdns = new x509.Name(subject).toJSON();
    if (rdns.length === 0) throw new Error('empty name');
    return new x509.Name(rdns.reverse());
  } catch (cause) {
    throw new CryptoError(
      'ERR_INVALID_INPUT',
      `subject is not a distinguished name: ${JSON.stringify(subject)}`,
      {
        cause,
      },
    );
  }
}

function checkPathLength(pathLength: unknown): void {
  if (pathLength !== undefined && (!Number.isInteger(pathLength) || (pathLength as number) < 0)) {
    throw new CryptoError('ERR_INVALID_INPUT', 'pathLength must be a non-negative integer');
  }
}

function toCertified(cert: x509.X509Certificate): { certificateDer: Buffer; certificatePem: string } {
  const certificateDer = Buffer.from(cert.rawData);
  return { certificateDer, certificatePem: derToPem(certificateDer) };
}

/** A self-signed root CA (RSA, SHA256withRSA, basicConstraints CA critical, keyCertSign). */
export async function createRootCa(opts: {
  subject: string;
  validityDays?: number;
  notBefore?: Date;
  notAfter?: Date;
  keyBits?: number;
  /** basicConstraints pathLenConstraint: how many intermediate CAs may follow (default: no limit). */
  pathLength?: number;
}): Promise<CertifiedKey> {
  assertObject(opts, 'options');
  checkPathLength(opts.pathLength);
  const name = parseName(opts.subject);
  const dates = validity(opts, 3650);
  const { privateKey, publicKey } = await generateRsaKeyPair(opts.keyBits ?? 2048);
  const spki = ownedBytes(spkiDer(publicKey));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: name,
    issuer: name,
    ...dates,
    publicKey: spki,
    signingKey: await signingKeyOf(privateKey),
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, opts.pathLength, true),
      new x509.KeyUsagesExtension(KEY_USAGE_FLAGS.ca, true),
      await x509.SubjectKeyIdentifierExtension.create(spki),
    ],
  });
  return { ...toCertified(cert), privateKey };
}

/**
 * Issues a certificate signed by `issuer`. Generates an RSA key pair unless `publicKey` is given.
 * Without explicit dates the validity is clipped to the issuer's notAfter.
 */
export async function issueCertificate(issuer: CertifiedKey, opts: IssueOptions): Promise<IssuedCertificate> {
  if (!issuer || !(issuer.certificateDer instanceof Uint8Array)) {
    throw new CryptoError('ERR_INVALID_INPUT', 'issuer must be a CertifiedKey');
  }
  assertObject(opts, 'options');
  const name = parseName(opts.subject);
  // Parsed once per issuer certificate (by content): the partner CA re-signs every uploaded certificate.
  const issuerInfo = parseDerCached(issuer.certificateDer);
  const issuerPart = partsOf(issuerInfo);
  const dates = validity(opts, opts.ca ? 1825 : 730);
  if (!opts.notAfter && dates.notAfter > issuerInfo.info.notAfter) dates.notAfter = issuerInfo.info.notAfter;
  if (typeof opts.ca !== 'boolean')
    throw new CryptoError('ERR_INVALID_INPUT', 'options.ca must be true or false');
  const profile = opts.keyUsage ?? (opts.ca ? 'ca' : 'signing');
  if (!Object.hasOwn(KEY_USAGE_FLAGS, profile)) {
    throw new CryptoError(
      'ERR_INVALID_INPUT',
      `keyUsage must be one of ${Object.keys(KEY_USAGE_FLAGS).join(', ')}`,
    );
  }
  checkPathLength(opts.pathLength);
  let pair: { privateKey?: KeyObject; publicKey: KeyObject };
  if (opts.publicKey) {
    if (opts.publicKey.type !== 'public')
      throw new CryptoError('ERR_KEY', 'publicKey must be a public KeyObject');
    pair = { publicKey: opts.publicKey };
  } else {
    pair = await generateRsaKeyPair(opts.keyBits ?? 2048);
  }
  const spki = ownedBytes(spkiDer(pair.publicKey));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: name,
    issuer: issuerPart.name,
    ...dates,
    publicKey: spki,
    signingKey: await signingKeyOf(issuer.privateKey),
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(opts.ca, opts.ca ? opts.pathLength : undefined, true),
      new x509.KeyUsagesExtension(KEY_USAGE_FLAGS[profile], true),
      await x509.SubjectKeyIdentifierExtension.create(spki),
      await issuerPart.authorityKeyId,
    ],
  });
  const issued: IssuedCertificate = toCertified(cert);
  if (pair.privateKey) issued.privateKey = pair.privateKey;
  return issued;
}
