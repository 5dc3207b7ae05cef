import { createHash, type KeyObject, X509Certificate as NodeX509 } from 'node:crypto';
import { type CertificateFields, isCanonicalRsaSpki, readCertificateFields } from './certificate-fields.ts';
import { CONTEXT_0, certificateVersionOf, contentsOf, derTlv, SEQUENCE } from './der.ts';
import { asBuffer, fromBase64Any, ownedBytes, toBase64Url, toHexUpper } from './encoding.ts';
import { assertBytes, CryptoError } from './errors.ts';
import { rememberSpki } from './keys.ts';
import { x509 } from './x509-provider.ts';

/** Everything callers need to know about a certificate, as plain data. */
export interface CertificateInfo {
  der: Buffer;
  /** X.509 version: 1, 2 or 3. */
  version: number;
  /** RFC 4514-style distinguished names as @peculiar/x509 renders them, e.g. "CN=Device, O=Acme, C=IN". */
  subject: string;
  issuer: string;
  /** First O= of the subject (MOSIP compares it with the partner organisation name). */
  organization: string | undefined;
  commonName: string | undefined;
  /** Lower-case hex of the DER INTEGER, without the 00 octet that keeps a high first bit positive. */
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  isCa: boolean;
  pathLength: number | undefined;
  /** Names of the keyUsage bits set; empty when the extension is absent (no restriction). */
  keyUsage: string[];
  /** node:crypto asymmetricKeyType: 'rsa', 'rsa-pss', 'ec', 'ed25519', ... */
  publicKeyAlgorithm: string;
  /** RSA modulus bits, or the curve size for EC / EdDSA keys. */
  publicKeyBits: number;
  /** Named curve for EC keys (node name, e.g. 'prime256v1'). */
  publicKeyCurve: string | undefined;
  /** Java-style name MOSIP checks (e.g. "SHA256withRSA"); "unknown" when unrecognised. */
  signatureAlgorithm: string;
  /** Digest of the signature ('SHA-256', 'SHA-1', ...; 'Ed25519' for EdDSA; 'unknown'). */
  signatureHash: string;
  selfSigned: boolean;
  /** SHA-256(DER): upper-case hex (MOSIP thumbprint) and base64url (x5t#S256). */
  thumbprintHex: string;
  thumbprintBase64Url: string;
  /** SHA-1(DER), lower-case hex: keymanager's certificate store key. */
  sha1Hex: string;
}

/** A parsed certificate with the live objects the trust module needs. */
export interface ParsedCertificate {
  info: CertificateInfo;
  node: NodeX509;
  publicKey: KeyObject;
  /** SubjectPublicKeyInfo DER: compared with a private key's public half. */
  spki: Buffer;
}

const KEY_USAGE_NAMES: [number, string][] = [
  [x509.KeyUsageFlags.digitalSignature, 'digitalSignature'],
  [x509.KeyUsageFlags.nonRepudiation, 'nonRepudiation'],
  [x509.KeyUsageFlags.keyEncipherment, 'keyEncipherment'],
  [x509.KeyUsageFlags.dataEncipherment, 'dataEncipherment'],
  [x509.KeyUsageFlags.keyAgreement, 'keyAgreement'],
  [x509.KeyUsageFlags.keyCertSign, 'keyCertSign'],
  [x509.KeyUsageFlags.cRLSign, 'cRLSign'],
  [x509.KeyUsageFlags.encipherOnly, 'encipherOnly'],
  [x509.KeyUsageFlags.decipherOnly, 'decipherOnly'],
];

const CURVE_BITS: Record<string, number> = {
  prime256v1: 256,
  secp384r1: 384,
  secp521r1: 521,
  secp256k1: 256,
};
const EDDSA_BITS: Record<string, number> = { ed25519: 256, ed448: 456 };

export function thumbprintHex(der: Uint8Array): string {
  assertBytes(der, 'certificate DER');
  return toHexUpper(createHash('sha256').update(der).digest());
}

export function thumbprintBase64Url(der: Uint8Array): string {
  assertBytes(der, 'certificate DER');
  return toBase64Url(createHash('sha256').update(der).digest());
}

/** Java-style signature algorithm name and its digest, from @peculiar/x509's WebCrypto view. */
function describeSignature(cert: x509.X509Certificate): { name: string; hash: string } {
  let alg: { name: string; hash?: { name: string } | string };
  try {
    alg = cert.signatureAlgorithm as typeof alg;
  } catch {
    return { name: 'unknown', hash: 'unknown' };
  }
  const hash = typeof alg.hash === 'string' ? alg.hash : (alg.hash?.name ?? 'unknown');
  const short = hash.replace('-', '');
  switch (alg.name) {
    case 'RSASSA-PKCS1-v1_5':
      return { name: `${short}withRSA`, hash };
    case 'RSA-PSS':
      return { name: `${short}withRSAandMGF1`, hash };
    case 'ECDSA':
      return { name: `${short}withECDSA`, hash };
    case 'Ed25519':
    case 'EdDSA':
      return { name: 'Ed25519', hash: 'Ed25519' };
    default:
      return { name: 'unknown', hash: 'unknown' };
  }
}

/** RFC 4514 order (most specific first), as Java's getName() prints it: "CN=Device, O=Acme, C=IN". */
function rfc4514(name: x509.Name): string {
  return new x509.Name(name.toJSON().reverse()).toString();
}

function firstField(name: x509.Name, field: string): string | undefined {
  return name.getField(field)[0];
}

/** The fields as @peculiar/x509 reads them: certificates outside the shape readCertificateFields reads. */
function fieldsFromAsn1(bytes: Buffer): Omit<CertificateFields, 'spki'> & { selfIssued: boolean } {
  let cert: x509.X509Certificate;
  try {
    cert = new x509.X509Certificate(ownedBytes(bytes));
  } catch (cause) {
    throw new CryptoError('ERR_CERT_PARSE', 'not a DER X.509 certificate', { cause });
  }
  const basic = cert.getExtension(x509.BasicConstraintsExtension);
  const signature = describeSignature(cert);
  return {
    version: certificateVersionOf(bytes),
    serialNumber: cert.serialNumber.toLowerCase(),
    subject: rfc4514(cert.subjectName),
    issuer: rfc4514(cert.issuerName),
    organization: firstField(cert.subjectName, 'O'),
    commonName: firstField(cert.subjectName, 'CN'),
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    isCa: basic?.ca ?? false,
    pathLength: basic?.pathLength,
    keyUsageFlags: cert.getExtension(x509.KeyUsagesExtension)?.usages,
    signatureAlgorithm: signature.name,
    signatureHash: signature.hash,
    selfIssued: cert.subject === cert.issuer,
  };
}

/**
 * Parses one DER certificate into the info record plus node:crypto objects: node:crypto (OpenSSL) parses
 * it and gives the key; the other fields are read from the DER (certificate-fields.ts), or by
 * @peculiar/x509 for certificates outside the shape read there.
 */
export function parseDer(der: Uint8Array): ParsedCertificate {
  const bytes = Buffer.from(der);
  let node: NodeX509;
  try {
    node = new NodeX509(bytes);
  } catch (cause) {
    throw new CryptoError('ERR_CERT_PARSE', 'not a DER X.509 certificate', { cause });
  }
  const read = readCertificateFields(bytes);
  const fields = read ? { ...read, selfIssued: read.subject === read.issuer } : fieldsFromAsn1(bytes);
  const publicKey = node.publicKey;
  const details = publicKey.asymmetricKeyDetails ?? {};
  const keyType = publicKey.asymmetricKeyType ?? 'unknown';
  const curve = details.namedCurve;
  const publicKeyBits =
    details.modulusLength ?? (curve ? (CURVE_BITS[curve] ?? 0) : (EDDSA_BITS[keyType] ?? 0));
  const usages = fields.keyUsageFlags;
  const sha256 = createHash('sha256').update(bytes).digest();
  const info: CertificateInfo = {
    der: bytes,
    version: fields.version,
    subject: fields.subject,
    issuer: fields.issuer,
    organization: fields.organization,
    commonName: fields.commonName,
    serialNumber: fields.serialNumber,
    notBefore: fields.notBefore,
    notAfter: fields.notAfter,
    isCa: fields.isCa,
    pathLength: fields.pathLength,
    keyUsage:
      usages === undefined ? [] : KEY_USAGE_NAMES.filter(([flag]) => (usages & flag) !== 0).map(([, n]) => n),
    publicKeyAlgorithm: keyType,
    publicKeyBits,
    publicKeyCurve: curve,
    signatureAlgorithm: fields.signatureAlgorithm,
    signatureHash: fields.signatureHash,
    selfSigned: fields.selfIssued && node.verify(publicKey),
    thumbprintHex: toHexUpper(sha256),
    thumbprintBase64Url: toBase64Url(sha256),
    sha1Hex: createHash('sha1').update(bytes).digest('hex'),
  };
  // The SubjectPublicKeyInfo as node:crypto exports it (an OpenSSL encoder call, ~0.13 ms): for a
  // canonical RSA key the certificate's own bytes are exactly that, otherwise exported when first asked for.
  let spki = read && isCanonicalRsaSpki(read.spki) ? read.spki : undefined;
  if (spki) rememberSpki(publicKey, spki);
  return {
    info,
    node,
    publicKey,
    get spki() {
      spki ??= publicKey.export({ type: 'spki', format: 'der' });
      return spki;
    },
  };
}

/** The public key of a certificate (DER), through the parse cache. */
export function certificatePublicKey(der: Uint8Array): KeyObject {
  assertBytes(der, 'certificate DER');
  return parseDerCached(der).publicKey;
}

// Trust anchors and device certificates recur on every verification: parse each DER once (bounded LRU).
const parsedCache = new Map<string, ParsedCertificate>();
const PARSED_CACHE_LIMIT = 512;
// The last texts looked up: a JWS x5c entry or encryption certificate usually repeats (a capture
// alternates two: the device's and the FTM chip's), and comparing strings costs less than hashing a
// ~1.6 KB key for the Map (each x5c text is new, so its hash is not cached by V8).
const RECENT = 4;
const recent: { key: string; parsed: ParsedCertificate }[] = [];

/**
 * parseDer with a bounded cache keyed by base64 text of the DER: the canonical encoding, or an x5c
 * entry as received (any text maps to the parse of what it decodes to). Hand callers `copyInfo`.
 */
function cachedParse(key: string, der: () => Uint8Array): ParsedCertificate {
  for (const r of recent) if (r.key === key) return r.parsed;
  let parsed = parsedCache.get(key);
  if (parsed) {
    parsedCache.delete(key); // least recently used first: a hit moves to the end
  } else {
    parsed = parseDer(der());
    if (parsedCache.size >= PARSED_CACHE_LIMIT) parsedCache.delete(parsedCache.keys().next().value as string);
  }
  parsedCache.set(key, parsed);
  if (recent.length >= RECENT) recent.pop();
  recent.unshift({ key, parsed });
  return parsed;
}

// Callers pass the same certificate bytes object again and again (the encryption certificate of every
// biometric): found by identity, then confirmed by comparing the bytes with the parsed copy (a caller
// may have changed them), which avoids base64-encoding the DER for the text-keyed cache each call.
const parsedByBytes = new WeakMap<Uint8Array, ParsedCertificate>();

export function parseDerCached(der: Uint8Array): ParsedCertificate {
  const known = parsedByBytes.get(der);
  if (known && asBuffer(der).equals(known.info.der)) return known;
  const parsed = cachedParse(asBuffer(der).toString('base64'), () => der);
  parsedByBytes.set(der, parsed);
  return parsed;
}

// Certificates this package wrote (the issuer's output), with a copy to confirm they are unchanged.
const issuedHere = new WeakMap<Uint8Array, Buffer>();

export function rememberIssued(der: Buffer): void {
  issuedHere.set(der, Buffer.from(der));
}

/**
 * Whether these bytes, unchanged, are exactly one certificate already parsed (by node:crypto) or
 * written here: toP7b then need not parse them again (~0.13 ms each).
 */
function isKnownCertificate(der: Uint8Array): boolean {
  const copy = issuedHere.get(der) ?? parsedByBytes.get(der)?.info.der;
  return copy !== undefined && asBuffer(der).equals(copy) && contentsOf(copy, 0).end === copy.length;
}

/** A certificate from base64 text (a JWS x5c entry), parsed once per distinct text. */
export function parseBase64Cached(text: string): ParsedCertificate {
  return cachedParse(text, () => {
    try {
      return fromBase64Any(text);
    } catch (cause) {
      throw new CryptoError('ERR_CERT_PARSE', 'certificate text is not base64', { cause });
    }
  });
}

/** A copy callers may change without touching the cached original. */
export function copyInfo(info: CertificateInfo): CertificateInfo {
  return {
    ...info,
    der: Buffer.from(info.der),
    notBefore: new Date(info.notBefore),
    notAfter: new Date(info.notAfter),
    keyUsage: [...info.keyUsage],
  };
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/** Every "CERTIFICATE" block of a PEM text, as DER. Throws ERR_CERT_PARSE when there is none. */
export function pemToDerList(pem: string): Buffer[] {
  if (typeof pem !== 'string') throw new CryptoError('ERR_INVALID_INPUT', 'PEM must be a string');
  const ders: Buffer[] = [];
  for (const m of pem.matchAll(PEM_BLOCK)) {
    if (m[1] !== 'CERTIFICATE' && m[1] !== 'X509 CERTIFICATE') continue;
    try {
      ders.push(fromBase64Any((m[2] ?? '').replace(/\s+/g, '')));
    } catch (cause) {
      throw new CryptoError('ERR_CERT_PARSE', 'PEM certificate block is not valid base64', { cause });
    }
  }
  if (ders.length === 0) throw new CryptoError('ERR_CERT_PARSE', 'no PEM CERTIFICATE block found');
  return ders;
}

export function derToPem(der: Uint8Array, label = 'CERTIFICATE'): string {
  assertBytes(der, 'DER');
  if (typeof label !== 'string' || !/^[A-Z0-9 ]+$/.test(label)) {
    throw new CryptoError('ERR_INVALID_INPUT', 'PEM label must be upper-case letters, digits and spaces');
  }
  const b64 = asBuffer(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

function isPemBytes(input: Uint8Array): boolean {
  return asBuffer(input).subarray(0, 11).toString('latin1') === '-----BEGIN ';
}

/** DER of the first certificate of PEM text, DER bytes, PEM bytes, or bare base64 (an x5c entry). */
export function certificateDerOf(input: string | Uint8Array): Buffer {
  if (input instanceof Uint8Array) {
    if (!isPemBytes(input)) return Buffer.from(input);
    input = asBuffer(input).toString('utf8');
  }
  if (typeof input !== 'string')
    throw new CryptoError('ERR_INVALID_INPUT', 'certificate must be text or bytes');
  if (input.includes('-----BEGIN')) return pemToDerList(input)[0] as Buffer;
  try {
    return fromBase64Any(input.trim());
  } catch (cause) {
    throw new CryptoError('ERR_CERT_PARSE', 'certificate text is neither PEM nor base64 DER', { cause });
  }
}

/**
 * PEM or DER (or base64 DER) → the certificate's description. Through the parse cache: a certificate
 * read here is usually validated next (an upload: read, then validateChain), which then finds it parsed.
 */
export function parseCertificate(input: string | Uint8Array): CertificateInfo {
  // DER bytes go to the cache as they are, so the same bytes object is found again by identity.
  const der = input instanceof Uint8Array && !isPemBytes(input) ? input : certificateDerOf(input);
  return copyInfo(parseDerCached(der).info);
}

// PKCS#7 "certs-only" parts around the certificates (RFC 2315), byte for byte as @peculiar/x509 wrote
// them before: contentType signedData (1.2.840.113549.1.7.2); SignedData version 1, no digest
// algorithms, content type data (1.2.840.113549.1.7.1) with an empty OCTET STRING; after the
// certificates, no signer infos.
const OID_SIGNED_DATA = Buffer.from('06092a864886f70d010702', 'hex');
const SIGNED_DATA_HEAD = Buffer.from('020101' + '3100' + '300f06092a864886f70d010701a0020400', 'hex');
const NO_SIGNER_INFOS = Buffer.from('3100', 'hex');

/**
 * A degenerate PKCS#7 SignedData ("certs-only" .p7b, DER) holding the certificates in order. Encoded
 * around the certificates' own DER: each is checked to be a certificate (node:crypto; bytes it already
 * parsed, or the issuer wrote, are not parsed again), none is re-encoded.
 */
export function toP7b(ders: Uint8Array[]): Buffer {
  if (!Array.isArray(ders) || ders.length === 0) {
    throw new CryptoError('ERR_INVALID_INPUT', 'toP7b needs at least one certificate');
  }
  const certs = ders.map((d) => {
    assertBytes(d, 'certificate DER');
    if (isKnownCertificate(d)) return Buffer.from(d);
    try {
      return Buffer.from(new NodeX509(d).raw);
    } catch (cause) {
      throw new CryptoError('ERR_CERT_PARSE', 'not a DER X.509 certificate', { cause });
    }
  });
  const signedData = derTlv(SEQUENCE, SIGNED_DATA_HEAD, derTlv(CONTEXT_0, ...certs), NO_SIGNER_INFOS);
  return derTlv(SEQUENCE, OID_SIGNED_DATA, derTlv(CONTEXT_0, signedData));
}

/** Certificates of a .p7b: DER bytes, PEM ("PKCS7" block) as text or bytes, or bare base64. */
export function fromP7b(data: Uint8Array | string): Buffer[] {
  if (typeof data !== 'string' && !(data instanceof Uint8Array)) {
    throw new CryptoError('ERR_INVALID_INPUT', 'a p7b must be bytes or text');
  }
  let raw: Buffer;
  if (typeof data === 'string' || asBuffer(data).subarray(0, 11).toString('latin1') === '-----BEGIN ') {
    const text = typeof data === 'string' ? data : asBuffer(data).toString('utf8');
    const m = /-----BEGIN PKCS7-----([\s\S]*?)-----END PKCS7-----/.exec(text);
    try {
      raw = fromBase64Any((m ? (m[1] ?? '') : text).replace(/\s+/g, ''));
    } catch (cause) {
      throw new CryptoError('ERR_CERT_PARSE', 'PKCS#7 text is not valid base64', { cause });
    }
  } else {
    raw = Buffer.from(data);
  }
  let certs: x509.X509Certificates;
  try {
    certs = new x509.X509Certificates(ownedBytes(raw));
  } catch (cause) {
    throw new CryptoError('ERR_CERT_PARSE', 'not a PKCS#7 certificate bundle', { cause });
  }
  if (certs.length === 0) throw new CryptoError('ERR_CERT_PARSE', 'PKCS#7 bundle holds no certificate');
  return Array.from(certs, (c) => Buffer.from(c.rawData));
}
