/**
 * The fields of an X.509 certificate that node:crypto's X509Certificate does not expose (version, serial
 * as encoded, names as RFC 4514 text, dates, basicConstraints, keyUsage, signature algorithm), read
 * straight from the DER. Parsing a certificate with @peculiar/x509 and asn1js builds an object model of
 * the whole certificate and cost about 1.2 ms of CPU (more under load) on every certificate upload; this
 * reads the same fields in a few microseconds (docs/performance.md, "Round 6: certificate upload").
 *
 * It reads only the shape every certificate issued here and most partner certificates have: DER
 * (minimal lengths), single-valued RDNs of the usual attribute types as UTF8String, PrintableString or
 * IA5String text without characters that need escaping rules beyond `, + < > ;` and spaces, UTCTime or
 * GeneralizedTime in seconds, the basicConstraints, keyUsage, subjectKeyIdentifier and
 * authorityKeyIdentifier extensions, and the common RSA, ECDSA and Ed25519 signature algorithms. For
 * anything else it returns undefined and the caller parses with @peculiar/x509, which it did before for
 * every certificate: the fields are then exactly what @peculiar/x509 renders (tested field by field
 * against it in certificates.test.ts).
 */

export interface CertificateFields {
  version: number;
  /** The serial INTEGER's contents, lower-case hex, as @peculiar/x509 gives them: without a 00 sign octet. */
  serialNumber: string;
  /** RFC 4514 order (most specific first), as @peculiar/x509 renders it after reversing the RDNs. */
  subject: string;
  issuer: string;
  organization: string | undefined;
  commonName: string | undefined;
  notBefore: Date;
  notAfter: Date;
  isCa: boolean;
  pathLength: number | undefined;
  /** The keyUsage flags as @peculiar/x509's KeyUsageFlags number; undefined without the extension. */
  keyUsageFlags: number | undefined;
  signatureAlgorithm: string;
  signatureHash: string;
  /** SubjectPublicKeyInfo, exactly as in the certificate. */
  spki: Buffer;
}

/** Thrown inside the reader when the certificate is outside the shape it reads; never escapes. */
class Unusual extends Error {}

interface Tlv {
  tag: number;
  /** Where the TLV begins (its tag), where its contents begin and end. */
  offset: number;
  start: number;
  end: number;
}

/** A cursor over the TLVs between `offset` and `limit`. */
class Reader {
  constructor(
    private readonly der: Buffer,
    private offset: number,
    private readonly limit: number,
  ) {}

  get done(): boolean {
    return this.offset === this.limit;
  }

  peekTag(): number | undefined {
    return this.done ? undefined : this.der[this.offset];
  }

  /** The next TLV, which must carry `tag`. DER only: definite, minimal lengths. */
  next(tag: number): Tlv {
    const { der, offset, limit } = this;
    if (offset + 2 > limit || der[offset] !== tag) throw new Unusual();
    const first = der[offset + 1] as number;
    let length = first;
    let start = offset + 2;
    if (first >= 0x80) {
      const octets = first & 0x7f;
      if (octets === 0 || octets > 3 || start + octets > limit || der[start] === 0) throw new Unusual();
      length = 0;
      for (let i = 0; i < octets; i++) length = length * 256 + (der[start + i] as number);
      if (length < 0x80) throw new Unusual();
      start += octets;
    }
    const end = start + length;
    if (end > limit) throw new Unusual();
    this.offset = end;
    return { tag, offset, start, end };
  }

  /** A reader over the contents of the next TLV, which must carry `tag`. */
  enter(tag: number): Reader {
    const { start, end } = this.next(tag);
    return new Reader(this.der, start, end);
  }

  end(): void {
    if (!this.done) throw new Unusual();
  }
}

const SEQUENCE = 0x30;
const SET = 0x31;
const OID = 0x06;
const INTEGER = 0x02;
const BOOLEAN = 0x01;
const BIT_STRING = 0x03;
const OCTET_STRING = 0x04;
const UTF8_STRING = 0x0c;
const PRINTABLE_STRING = 0x13;
const IA5_STRING = 0x16;
const UTC_TIME = 0x17;
const GENERALIZED_TIME = 0x18;

/** Attribute types by OID contents (hex), named as @peculiar/x509 names them. */
const ATTRIBUTE_NAMES = new Map([
  ['550403', 'CN'],
  ['550407', 'L'],
  ['550408', 'ST'],
  ['55040a', 'O'],
  ['55040b', 'OU'],
  ['550406', 'C'],
  ['0992268993f22c640119', 'DC'],
  ['2a864886f70d010901', 'E'],
  ['55042a', 'G'],
  ['55042b', 'I'],
  ['550404', 'SN'],
  ['55040c', 'T'],
]);

/** Signature algorithms by OID contents (hex): Java-style name and digest, as describeSignature gives them. */
const SIGNATURES = new Map([
  ['2a864886f70d010105', { name: 'SHA1withRSA', hash: 'SHA-1' }],
  ['2a864886f70d01010b', { name: 'SHA256withRSA', hash: 'SHA-256' }],
  ['2a864886f70d01010c', { name: 'SHA384withRSA', hash: 'SHA-384' }],
  ['2a864886f70d01010d', { name: 'SHA512withRSA', hash: 'SHA-512' }],
  ['2a8648ce3d0401', { name: 'SHA1withECDSA', hash: 'SHA-1' }],
  ['2a8648ce3d040302', { name: 'SHA256withECDSA', hash: 'SHA-256' }],
  ['2a8648ce3d040303', { name: 'SHA384withECDSA', hash: 'SHA-384' }],
  ['2a8648ce3d040304', { name: 'SHA512withECDSA', hash: 'SHA-512' }],
  ['2b6570', { name: 'Ed25519', hash: 'Ed25519' }],
]);

const BASIC_CONSTRAINTS = '551d13';
const KEY_USAGE = '551d0f';
const SUBJECT_KEY_ID = '551d0e';
const AUTHORITY_KEY_ID = '551d23';

const utf8 = new TextDecoder('utf-8', { fatal: true });

function hexOf(der: Buffer, { start, end }: Tlv): string {
  return der.toString('hex', start, end);
}

/**
 * An attribute value's text; Unusual for what @peculiar/x509's RFC 4514 round trip (toJSON, reverse,
 * new Name, toString) would change or escape otherwise: quotes, backslashes, a leading '#', controls.
 */
function attributeText(der: Buffer, value: Tlv): string {
  if (value.end === value.start) throw new Unusual();
  let text: string;
  if (value.tag === UTF8_STRING) {
    try {
      text = utf8.decode(der.subarray(value.start, value.end));
    } catch {
      throw new Unusual();
    }
  } else {
    for (let i = value.start; i < value.end; i++) {
      const byte = der[i] as number;
      if (byte < 0x20 || byte > 0x7e) throw new Unusual();
    }
    text = der.toString('latin1', value.start, value.end);
  }
  if (/[\p{Cc}"\\]/u.test(text) || text.startsWith('#')) throw new Unusual();
  return text;
}

/** @peculiar/x509's escaping of an attribute value (what is left of it for the text accepted above). */
function escapeValue(text: string): string {
  return text
    .replace(/([,+<>;])/g, '\\$1')
    .replace(/^ /, '\\ ')
    .replace(/ $/, '\\ ');
}

interface NameText {
  text: string;
  organization: string | undefined;
  commonName: string | undefined;
}

function readName(der: Buffer, name: Reader): NameText {
  const parts: string[] = [];
  let organization: string | undefined;
  let commonName: string | undefined;
  while (!name.done) {
    const rdn = name.enter(SET);
    const attribute = rdn.enter(SEQUENCE);
    rdn.end(); // single-valued RDNs only
    const type = ATTRIBUTE_NAMES.get(hexOf(der, attribute.next(OID)));
    if (type === undefined) throw new Unusual();
    const tag = attribute.peekTag();
    if (tag !== UTF8_STRING && tag !== PRINTABLE_STRING && tag !== IA5_STRING) throw new Unusual();
    const text = attributeText(der, attribute.next(tag));
    attribute.end();
    if (type === 'O') organization ??= text;
    if (type === 'CN') commonName ??= text;
    parts.push(`${type}=${escapeValue(text)}`);
  }
  return { text: parts.reverse().join(', '), organization, commonName };
}

function readTime(der: Buffer, time: Reader): Date {
  const tag = time.peekTag();
  const long = tag === GENERALIZED_TIME;
  if (!long && tag !== UTC_TIME) throw new Unusual();
  const value = time.next(tag as number);
  const text = der.toString('latin1', value.start, value.end);
  if (!(long ? /^\d{14}Z$/ : /^\d{12}Z$/).test(text)) throw new Unusual();
  const digits = long ? text : `${Number(text.slice(0, 2)) >= 50 ? '19' : '20'}${text}`;
  const [year, month, day, hour, minute, second] = [0, 4, 6, 8, 10, 12].map((at, i) =>
    Number(digits.slice(at, at + (i === 0 ? 4 : 2))),
  ) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // No rolled-over fields (month 13, 31 April, second 60) and no two-digit years for Date.UTC to remap.
  if (
    year < 1950 ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day ||
    date.getUTCHours() !== hour ||
    date.getUTCMinutes() !== minute ||
    date.getUTCSeconds() !== second
  ) {
    throw new Unusual();
  }
  return date;
}

/** A small non-negative INTEGER (a version, a path length). */
function smallInteger(der: Buffer, { start, end }: Tlv): number {
  const length = end - start;
  if (length < 1 || length > 2 || (der[start] as number) >= 0x80) throw new Unusual();
  if (length === 2 && (der[start] !== 0 || (der[start + 1] as number) < 0x80)) throw new Unusual();
  return der[end - 1] as number;
}

/** @peculiar/x509 drops the 00 octet that keeps a serial with its high bit set positive. */
function serialHex(der: Buffer, serial: Tlv): string {
  const signOctet =
    serial.end - serial.start > 1 && der[serial.start] === 0 && (der[serial.start + 1] as number) > 0x7f;
  return der.toString('hex', serial.start + (signOctet ? 1 : 0), serial.end);
}

function readBoolean(der: Buffer, value: Tlv): boolean {
  if (value.end - value.start !== 1) throw new Unusual();
  return der[value.start] !== 0;
}

interface ExtensionFields {
  isCa: boolean;
  pathLength: number | undefined;
  keyUsageFlags: number | undefined;
}

/** KeyUsage BIT STRING → flags: bit i (the first octet's high bit is bit 0) is 2^i, unused bits left out. */
function keyUsageFlags(der: Buffer, bits: Tlv): number {
  const length = bits.end - bits.start;
  const unused = der[bits.start] as number;
  if (length < 2 || length > 3 || unused > 7) throw new Unusual();
  let flags = 0;
  const count = (length - 1) * 8 - unused;
  for (let i = 0; i < count; i++) {
    if (((der[bits.start + 1 + (i >> 3)] as number) >> (7 - (i & 7))) & 1) flags |= 1 << i;
  }
  return flags;
}

function readExtensions(der: Buffer, list: Reader): ExtensionFields {
  const fields: ExtensionFields = { isCa: false, pathLength: undefined, keyUsageFlags: undefined };
  const seen = new Set<string>();
  while (!list.done) {
    const extension = list.enter(SEQUENCE);
    const id = hexOf(der, extension.next(OID));
    if (seen.has(id)) throw new Unusual();
    seen.add(id);
    if (extension.peekTag() === BOOLEAN) readBoolean(der, extension.next(BOOLEAN));
    const value = extension.next(OCTET_STRING);
    extension.end();
    const inner = new Reader(der, value.start, value.end);
    switch (id) {
      case BASIC_CONSTRAINTS: {
        const constraints = inner.enter(SEQUENCE);
        if (constraints.peekTag() === BOOLEAN) fields.isCa = readBoolean(der, constraints.next(BOOLEAN));
        if (constraints.peekTag() === INTEGER)
          fields.pathLength = smallInteger(der, constraints.next(INTEGER));
        constraints.end();
        break;
      }
      case KEY_USAGE:
        fields.keyUsageFlags = keyUsageFlags(der, inner.next(BIT_STRING));
        break;
      case SUBJECT_KEY_ID:
        inner.next(OCTET_STRING);
        break;
      case AUTHORITY_KEY_ID: {
        const identifier = inner.enter(SEQUENCE);
        for (const tag of [0x80, 0xa1, 0x82]) if (identifier.peekTag() === tag) identifier.next(tag);
        identifier.end();
        break;
      }
      default:
        throw new Unusual();
    }
    inner.end();
  }
  return fields;
}

/** The fields of a DER certificate, or undefined when it is outside the shape read here (see above). */
export function readCertificateFields(der: Buffer): CertificateFields | undefined {
  try {
    const top = new Reader(der, 0, der.length);
    const certificate = top.enter(SEQUENCE);
    top.end();
    const tbs = certificate.enter(SEQUENCE);
    const algorithm = certificate.enter(SEQUENCE);
    const signature = SIGNATURES.get(hexOf(der, algorithm.next(OID)));
    if (!signature) throw new Unusual();
    certificate.next(BIT_STRING);
    certificate.end();

    let version = 1;
    if (tbs.peekTag() === 0xa0) {
      const explicit = tbs.enter(0xa0);
      version = smallInteger(der, explicit.next(INTEGER)) + 1;
      explicit.end();
    }
    const serial = tbs.next(INTEGER);
    if (serial.end === serial.start) throw new Unusual();
    tbs.next(SEQUENCE); // the TBS copy of the signature algorithm
    const issuer = readName(der, tbs.enter(SEQUENCE));
    const validity = tbs.enter(SEQUENCE);
    const notBefore = readTime(der, validity);
    const notAfter = readTime(der, validity);
    validity.end();
    const subject = readName(der, tbs.enter(SEQUENCE));
    const spki = tbs.next(SEQUENCE);
    const extensions =
      tbs.peekTag() === 0xa3
        ? readExtensions(der, tbs.enter(0xa3).enter(SEQUENCE))
        : { isCa: false, pathLength: undefined, keyUsageFlags: undefined };
    tbs.end();
    return {
      version,
      serialNumber: serialHex(der, serial),
      subject: subject.text,
      issuer: issuer.text,
      organization: subject.organization,
      commonName: subject.commonName,
      notBefore,
      notAfter,
      ...extensions,
      signatureAlgorithm: signature.name,
      signatureHash: signature.hash,
      spki: Buffer.from(der.subarray(spki.offset, spki.end)),
    };
  } catch (e) {
    if (e instanceof Unusual) return undefined;
    throw e;
  }
}

const RSA_ENCRYPTION = Buffer.from('300d06092a864886f70d0101010500', 'hex');

/** A positive INTEGER in the fewest octets (what an encoder writes for an RSA modulus or exponent). */
function minimalPositive(der: Buffer, { start, end }: Tlv): boolean {
  const first = der[start] as number;
  if (end === start || first >= 0x80) return false;
  return !(first === 0 && end - start > 1 && (der[start + 1] as number) < 0x80);
}

/**
 * An RSA SubjectPublicKeyInfo in the one encoding node:crypto exports for the key it holds: the
 * rsaEncryption identifier with NULL parameters, no unused bits, and RSAPublicKey { modulus, exponent }
 * in DER with minimal positive INTEGERs filling the BIT STRING.
 */
export function isCanonicalRsaSpki(spki: Buffer): boolean {
  try {
    const top = new Reader(spki, 0, spki.length);
    const info = top.enter(SEQUENCE);
    top.end();
    const algorithm = info.next(SEQUENCE);
    if (!spki.subarray(algorithm.offset, algorithm.end).equals(RSA_ENCRYPTION)) return false;
    const bits = info.next(BIT_STRING);
    info.end();
    if (spki[bits.start] !== 0) return false;
    const outer = new Reader(spki, bits.start + 1, bits.end);
    const key = outer.enter(SEQUENCE);
    outer.end();
    const modulus = key.next(INTEGER);
    const exponent = key.next(INTEGER);
    key.end();
    return minimalPositive(spki, modulus) && minimalPositive(spki, exponent);
  } catch (e) {
    if (e instanceof Unusual) return false;
    throw e;
  }
}
