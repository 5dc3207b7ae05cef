import { createHash, type KeyObject, randomBytes, sign } from 'node:crypto';
import { derToPem, type ParsedCertificate, parseDerCached, rememberIssued } from './certificate-info.ts';
import {
  CONTEXT_3,
  contentsOf,
  derBitString,
  derInteger,
  derTime,
  derTlv,
  INTEGER,
  OCTET_STRING,
  SEQUENCE,
} from './der.ts';
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
const { KeyUsageFlags: F } = x509;

const KEY_USAGE_FLAGS: Record<KeyUsageProfile, number> = {
  // A CA may also sign data: the device-provider key both issues device certificates and signs deviceData.
  ca: F.keyCertSign | F.cRLSign | F.digitalSignature,
  signing: F.digitalSignature | F.nonRepudiation,
  encryption: F.keyEncipherment | F.dataEncipherment,
};

// The fixed DER parts of every certificate issued here (RFC 5280): version v3, the signature algorithm
// sha256WithRSAEncryption with NULL parameters, the critical keyUsage extension of each profile, and the
// extension identifiers and critical flag the others use.
const VERSION_3 = Buffer.from('a003020102', 'hex');
const SHA256_WITH_RSA = Buffer.from('300d06092a864886f70d01010b0500', 'hex');
const KEY_USAGE_EXTENSIONS = Object.fromEntries(
  Object.entries(KEY_USAGE_FLAGS).map(([profile, flags]) => [
    profile,
    Buffer.from(new x509.KeyUsagesExtension(flags, true).rawData),
  ]),
) as Record<KeyUsageProfile, Buffer>;
const BASIC_CONSTRAINTS_OID = Buffer.from('0603551d13', 'hex');
const SUBJECT_KEY_ID_OID = Buffer.from('0603551d0e', 'hex');
const AUTHORITY_KEY_ID_OID = Buffer.from('0603551d23', 'hex');
const CRITICAL = Buffer.from('0101ff', 'hex');

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

function assertIssuingKey(privateKey: KeyObject): void {
  if (privateKey?.type !== 'private' || privateKey.asymmetricKeyType !== 'rsa') {
    throw new CryptoError('ERR_KEY', 'the issuing key must be an RSA private KeyObject');
  }
}

/** RFC 5280 4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING's bits. */
function keyIdentifier(spki: Buffer): Buffer {
  const algorithm = contentsOf(spki, contentsOf(spki, 0).start);
  const bits = contentsOf(spki, algorithm.end);
  return createHash('sha1')
    .update(spki.subarray(bits.start + 1, bits.end))
    .digest();
}

function extension(oid: Buffer, critical: boolean, value: Buffer): Buffer {
  return derTlv(SEQUENCE, oid, ...(critical ? [CRITICAL] : []), derTlv(OCTET_STRING, value));
}

function subjectKeyIdentifier(spki: Buffer): Buffer {
  return extension(SUBJECT_KEY_ID_OID, false, derTlv(OCTET_STRING, keyIdentifier(spki)));
}

/** basicConstraints, critical: cA TRUE and the path length for a CA, an empty sequence otherwise. */
function basicConstraints(ca: boolean, pathLength: number | undefined): Buffer {
  const fields: Buffer[] = [];
  if (ca) fields.push(CRITICAL);
  if (ca && pathLength !== undefined) fields.push(derInteger(pathLength));
  return extension(BASIC_CONSTRAINTS_OID, true, derTlv(SEQUENCE, ...fields));
}

interface IssuerParts {
  /** The issuer's subject Name, DER. */
  name: Buffer;
  /** The authorityKeyIdentifier extension (keyIdentifier of the issuer's key), DER. */
  authorityKeyId: Buffer;
}
/** What every certificate an issuer signs takes from the issuer's certificate, derived once per issuer. */
const issuerParts = new WeakMap<ParsedCertificate, IssuerParts>();

function partsOf(issuer: ParsedCertificate): IssuerParts {
  let parts = issuerParts.get(issuer);
  if (!parts) {
    const keyId = keyIdentifier(issuer.spki);
    parts = {
      name: Buffer.from(new x509.X509Certificate(ownedBytes(issuer.info.der)).subjectName.toArrayBuffer()),
      authorityKeyId: extension(AUTHORITY_KEY_ID_OID, false, derTlv(SEQUENCE, derTlv(0x80, keyId))),
    };
    issuerParts.set(issuer, parts);
  }
  return parts;
}

/**
 * Encodes the certificate (v3, SHA256withRSA) and signs it with node:crypto on libuv's pool: no
 * WebCrypto key import and no ASN.1 object model per certificate (docs/performance.md, target 3).
 */
async function signCertificate(parts: {
  issuerName: Buffer;
  subjectName: Buffer;
  notBefore: Date;
  notAfter: Date;
  spki: Buffer;
  extensions: Buffer[];
  signingKey: KeyObject;
}): Promise<{ certificateDer: Buffer; certificatePem: string }> {
  const tbs = derTlv(
    SEQUENCE,
    VERSION_3,
    derTlv(INTEGER, Buffer.from(serialNumber(), 'hex')),
    SHA256_WITH_RSA,
    parts.issuerName,
    derTlv(SEQUENCE, derTime(parts.notBefore), derTime(parts.notAfter)),
    parts.subjectName,
    parts.spki,
    derTlv(CONTEXT_3, derTlv(SEQUENCE, ...parts.extensions)),
  );
  const signature = await new Promise<Buffer>((resolve, reject) =>
    sign('sha256', tbs, parts.signingKey, (error, sig) => (error ? reject(error) : resolve(sig))),
  );
  const certificateDer = derTlv(SEQUENCE, tbs, SHA256_WITH_RSA, derBitString(signature));
  rememberIssued(certificateDer);
  return { certificateDer, certificatePem: derToPem(certificateDer) };
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
  const name = Buffer.from(parseName(opts.subject).toArrayBuffer());
  const dates = validity(opts, 3650);
  const { privateKey, publicKey } = await generateRsaKeyPair(opts.keyBits ?? 2048);
  const spki = spkiDer(publicKey);
  const certified = await signCertificate({
    issuerName: name,
    subjectName: name,
    ...dates,
    spki,
    signingKey: privateKey,
    extensions: [
      basicConstraints(true, opts.pathLength),
      KEY_USAGE_EXTENSIONS.ca,
      subjectKeyIdentifier(spki),
    ],
  });
  return { ...certified, privateKey };
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
  const name = Buffer.from(parseName(opts.subject).toArrayBuffer());
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
  assertIssuingKey(issuer.privateKey);
  let pair: { privateKey?: KeyObject; publicKey: KeyObject };
  if (opts.publicKey) {
    if (opts.publicKey.type !== 'public')
      throw new CryptoError('ERR_KEY', 'publicKey must be a public KeyObject');
    pair = { publicKey: opts.publicKey };
  } else {
    pair = await generateRsaKeyPair(opts.keyBits ?? 2048);
  }
  const spki = spkiDer(pair.publicKey);
  const issued: IssuedCertificate = await signCertificate({
    issuerName: issuerPart.name,
    subjectName: name,
    ...dates,
    spki,
    signingKey: issuer.privateKey,
    extensions: [
      basicConstraints(opts.ca, opts.pathLength),
      KEY_USAGE_EXTENSIONS[profile],
      subjectKeyIdentifier(spki),
      issuerPart.authorityKeyId,
    ],
  });
  if (pair.privateKey) issued.privateKey = pair.privateKey;
  return issued;
}
