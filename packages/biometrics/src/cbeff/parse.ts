/**
 * Strict reader of a packet's CBEFF XML: elements in the CBEFF namespace and in the schema's order,
 * values checked against their schema types, and the elements MOSIP's builder always writes required
 * (BDBInfo with Format, CreationDate, Type, Level, Purpose, Quality; BDB). Every failure names the
 * element path, e.g. /BIR/BIR[3]/BDBInfo/Quality/Score.
 */
import { BiometricsError, BiometricsErrorCode } from '../errors.ts';
import {
  type Bir,
  CBEFF_LEVELS,
  CBEFF_NAMESPACE,
  CBEFF_PURPOSES,
  CBEFF_SUBTYPE_WORDS,
  CBEFF_TYPES,
  type CbeffLevel,
  type CbeffPurpose,
  type CbeffType,
  type RegistryId,
  subtypeWords,
} from './model.ts';
import { parseXmlDocument, type XmlElement } from './xml.ts';

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

function badValue(e: XmlElement, message: string, actual: string, expected?: string): BiometricsError {
  return new BiometricsError(BiometricsErrorCode.CbeffBadValue, `${e.path}: ${message}`, {
    field: e.path,
    expected,
    actual,
  });
}

function unexpected(path: string, message: string, actual?: string): BiometricsError {
  return new BiometricsError(BiometricsErrorCode.CbeffUnexpectedElement, `${path}: ${message}`, {
    field: path,
    actual,
  });
}

function checkAttributes(e: XmlElement, allowed: string[]): void {
  for (const [q, a] of e.attributes) {
    const ok = allowed.includes(q) || (a.namespace === XSI && a.local === 'schemaLocation');
    if (!ok) throw unexpected(`${e.path}/@${q}`, `attribute "${q}" is not allowed here`, q);
  }
}

/** [local name, minOccurs, maxOccurs] in schema order. */
type Particle = readonly [string, number, number];

/**
 * Matches the children of `e` against a sequence of particles, in order; returns them by name.
 * Also refuses stray text and attributes (only `allowedAttributes` may appear).
 */
function sequence(
  e: XmlElement,
  particles: readonly Particle[],
  allowedAttributes: string[] = [],
): Map<string, XmlElement[]> {
  if (e.text.trim() !== '')
    throw unexpected(e.path, 'text is not allowed between elements', e.text.trim().slice(0, 40));
  checkAttributes(e, allowedAttributes);
  const found = new Map<string, XmlElement[]>();
  let at = 0;
  for (const c of e.children) {
    if (c.namespace !== CBEFF_NAMESPACE) {
      throw new BiometricsError(
        BiometricsErrorCode.CbeffNamespace,
        `${c.path}: element is in namespace "${c.namespace}", expected "${CBEFF_NAMESPACE}"`,
        { field: c.path, expected: CBEFF_NAMESPACE, actual: c.namespace },
      );
    }
    let i = at;
    while (i < particles.length && (particles[i] as Particle)[0] !== c.name) i++;
    if (i === particles.length) {
      const earlier = particles.slice(0, at).some((p) => p[0] === c.name);
      const allowed = particles.map((p) => p[0]).join(', ');
      throw unexpected(
        c.path,
        earlier
          ? `<${c.name}> is out of order (order: ${allowed})`
          : `<${c.name}> is not allowed in <${e.name}> (allowed: ${allowed})`,
        c.name,
      );
    }
    const list = found.get(c.name) ?? [];
    if (list.length >= (particles[i] as Particle)[2])
      throw unexpected(c.path, `<${c.name}> is repeated`, c.name);
    list.push(c);
    found.set(c.name, list);
    at = i;
  }
  for (const [name, min] of particles) {
    if ((found.get(name)?.length ?? 0) < min) {
      throw new BiometricsError(BiometricsErrorCode.CbeffMissingElement, `${e.path}: <${name}> is missing`, {
        field: `${e.path}/${name}`,
        expected: name,
      });
    }
  }
  return found;
}

/** Text content of a simple-typed element (no attributes, no child elements). */
function text(e: XmlElement, allowedAttributes: string[] = []): string {
  checkAttributes(e, allowedAttributes);
  const child = e.children[0];
  if (child) throw unexpected(child.path, `<${e.name}> holds text only, not <${child.name}>`, child.name);
  return e.text;
}

/** xs:token-like collapse used by the list, enumeration and number types. */
const collapse = (s: string) => s.replace(/[ \t\r\n]+/g, ' ').trim();

function one(m: Map<string, XmlElement[]>, name: string): XmlElement | undefined {
  return m.get(name)?.[0];
}

function unsignedInt(e: XmlElement, max = 0xffffffff): number {
  const v = collapse(text(e));
  if (!/^\+?[0-9]+$/.test(v) || Number(v) > max)
    throw badValue(e, `expected an integer in 0..${max}`, v, `0..${max}`);
  return Number(v);
}

function boolean(e: XmlElement): boolean {
  const v = collapse(text(e));
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw badValue(e, 'expected true or false', v, 'true | false');
}

function enumeration<T extends string>(e: XmlElement, allowed: readonly T[]): T {
  const v = collapse(text(e));
  if (!allowed.includes(v as T))
    throw badValue(e, `"${v}" is not one of ${allowed.join(', ')}`, v, allowed.join(' | '));
  return v as T;
}

const DATE_TIME = /^(-?\d{4,})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)?$/;

function dateTime(e: XmlElement): { text: string; date: Date } {
  const v = collapse(text(e));
  const m = DATE_TIME.exec(v);
  // A zone is required: MOSIP writes UTC instants, and a date without one has no fixed instant.
  const date = m?.[8] ? new Date(v.replace(/(\.\d{3})\d+/, '$1')) : undefined;
  const [mo, d, h, mi, s] = (m?.slice(2, 7) ?? []).map(Number) as number[];
  if (
    !date ||
    Number.isNaN(date.getTime()) ||
    (mo as number) > 12 ||
    (d as number) > 31 ||
    (h as number) > 23 ||
    (mi as number) > 59 ||
    (s as number) > 59
  ) {
    throw badValue(
      e,
      'expected an xs:dateTime with a zone, e.g. 2025-08-13T06:12:03Z',
      v,
      'YYYY-MM-DDThh:mm:ss[.f]Z',
    );
  }
  return { text: v, date };
}

function registryId(e: XmlElement): RegistryId {
  const m = sequence(e, [
    ['Organization', 1, 1],
    ['Type', 1, 1],
  ]);
  return {
    organization: text(one(m, 'Organization') as XmlElement),
    type: text(one(m, 'Type') as XmlElement),
  };
}

function version(e: XmlElement | undefined): { major: number; minor: number } | undefined {
  if (!e) return undefined;
  const m = sequence(e, [
    ['Major', 1, 1],
    ['Minor', 1, 1],
  ]);
  return {
    major: unsignedInt(one(m, 'Major') as XmlElement),
    minor: unsignedInt(one(m, 'Minor') as XmlElement),
  };
}

/** BIRInfo: only Integrity is required; its other optional fields are checked for type and order. */
function birInfo(e: XmlElement): boolean {
  const m = sequence(e, [
    ['Creator', 0, 1],
    ['Index', 0, 1],
    ['Payload', 0, 1],
    ['Integrity', 1, 1],
    ['CreationDate', 0, 1],
    ['NotValidBefore', 0, 1],
    ['NotValidAfter', 0, 1],
  ]);
  const creator = one(m, 'Creator');
  if (creator) text(creator);
  const index = one(m, 'Index');
  if (index) uuid(index);
  const payload = one(m, 'Payload');
  if (payload) base64(payload);
  for (const name of ['CreationDate', 'NotValidBefore', 'NotValidAfter']) {
    const d = one(m, name);
    if (d) dateTime(d);
  }
  return boolean(one(m, 'Integrity') as XmlElement);
}

const UUID = /^[a-fA-F0-9]{8}-([a-fA-F0-9]{4}-){3}[a-fA-F0-9]{12}$/;

function uuid(e: XmlElement): string {
  const v = text(e);
  if (!UUID.test(v)) throw badValue(e, 'expected a UUID', v, 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx');
  return v;
}

/**
 * xs:base64Binary as MOSIP's `CryptoUtil.decodeBase64` reads it: URL-safe or standard alphabet
 * (not mixed), whitespace ignored, padding optional only in the URL-safe form.
 */
function base64(e: XmlElement): Buffer {
  const v = text(e).replace(/[ \t\r\n]/g, '');
  const standard = /^[A-Za-z0-9+/]*={0,2}$/.test(v) && v.length % 4 === 0;
  const urlSafe =
    /^[A-Za-z0-9_-]*={0,2}$/.test(v) && (v.includes('=') ? v.length % 4 === 0 : v.length % 4 !== 1);
  if (!standard && !urlSafe) {
    throw badValue(
      e,
      'not base64 (standard with padding, or URL-safe)',
      v.length > 40 ? `${v.slice(0, 40)}…` : v,
    );
  }
  return Buffer.from(v, standard ? 'base64' : 'base64url');
}

function subtype(e: XmlElement | undefined): string {
  if (!e) return '';
  const words = subtypeWords(text(e));
  const unknown = words.find((w) => !CBEFF_SUBTYPE_WORDS.includes(w));
  if (unknown !== undefined)
    throw badValue(e, `"${unknown}" is not a CBEFF subtype`, unknown, CBEFF_SUBTYPE_WORDS.join(' | '));
  return words.join(' ');
}

function quality(e: XmlElement): Bir['quality'] {
  const m = sequence(e, [
    ['Algorithm', 1, 1],
    ['Score', 0, 1],
    ['QualityCalculationFailed', 0, 1],
  ]);
  const score = one(m, 'Score');
  const failed = one(m, 'QualityCalculationFailed');
  if ((score === undefined) === (failed === undefined)) {
    throw new BiometricsError(
      score ? BiometricsErrorCode.CbeffUnexpectedElement : BiometricsErrorCode.CbeffMissingElement,
      `${e.path}: needs exactly one of <Score> and <QualityCalculationFailed>`,
      { field: `${e.path}/Score`, expected: 'Score | QualityCalculationFailed' },
    );
  }
  return {
    algorithm: registryId(one(m, 'Algorithm') as XmlElement),
    score: score ? unsignedInt(score, 100) : undefined,
    calculationFailed: failed ? text(failed) : undefined,
  };
}

function bdbInfo(
  e: XmlElement,
): Omit<Bir, 'version' | 'cbeffVersion' | 'integrity' | 'bdb' | 'sb' | 'others'> {
  const m = sequence(e, [
    ['ChallengeResponse', 0, 1],
    ['Index', 0, 1],
    ['Format', 1, 1],
    ['Encryption', 0, 1],
    ['CreationDate', 1, 1],
    ['NotValidBefore', 0, 1],
    ['NotValidAfter', 0, 1],
    ['Type', 1, 1],
    ['Subtype', 0, 1],
    ['Level', 1, 1],
    ['Product', 0, 1],
    ['CaptureDevice', 0, 1],
    ['FeatureExtractionAlgorithm', 0, 1],
    ['ComparisonAlgorithm', 0, 1],
    ['CompressionAlgorithm', 0, 1],
    ['Purpose', 1, 1],
    ['Quality', 1, 1],
  ]);
  const challenge = one(m, 'ChallengeResponse');
  if (challenge) base64(challenge);
  const encryption = one(m, 'Encryption');
  if (encryption) boolean(encryption);
  for (const name of ['NotValidBefore', 'NotValidAfter']) {
    const d = one(m, name);
    if (d) dateTime(d);
  }
  for (const name of [
    'Product',
    'CaptureDevice',
    'FeatureExtractionAlgorithm',
    'ComparisonAlgorithm',
    'CompressionAlgorithm',
  ]) {
    const r = one(m, name);
    if (r) registryId(r);
  }
  const typeEl = one(m, 'Type') as XmlElement;
  const types = collapse(text(typeEl)).split(' ');
  // The schema allows a list; MOSIP writes exactly one type per BIR and keys packets on it.
  if (types.length !== 1)
    throw badValue(typeEl, 'expected exactly one biometric type', types.join(' '), CBEFF_TYPES.join(' | '));
  const type = enumeration<CbeffType>(typeEl, CBEFF_TYPES);
  const sub = subtype(one(m, 'Subtype'));
  if ((type === 'Finger' || type === 'Iris') && sub === '') {
    throw new BiometricsError(
      BiometricsErrorCode.CbeffMissingElement,
      `${e.path}: a ${type} BIR needs a <Subtype>`,
      {
        field: `${e.path}/Subtype`,
        expected: type === 'Finger' ? 'e.g. Left IndexFinger' : 'Left | Right',
      },
    );
  }
  const index = one(m, 'Index');
  const created = dateTime(one(m, 'CreationDate') as XmlElement);
  return {
    index: index ? uuid(index) : undefined,
    format: registryId(one(m, 'Format') as XmlElement),
    creationDateText: created.text,
    creationDate: created.date,
    type,
    subtype: sub,
    level: enumeration<CbeffLevel>(one(m, 'Level') as XmlElement, CBEFF_LEVELS),
    purpose: enumeration<CbeffPurpose>(one(m, 'Purpose') as XmlElement, CBEFF_PURPOSES),
    quality: quality(one(m, 'Quality') as XmlElement),
  };
}

function others(list: XmlElement[]): [string, string][] {
  const entries: [string, string][] = [];
  const seen = new Set<string>();
  for (const o of list) {
    const m = sequence(o, [['entry', 0, Number.POSITIVE_INFINITY]]);
    for (const entry of m.get('entry') ?? []) {
      const value = text(entry, ['key']);
      const key = entry.attributes.get('key')?.value;
      if (key === undefined) {
        throw new BiometricsError(
          BiometricsErrorCode.CbeffMissingElement,
          `${entry.path}: attribute "key" is missing`,
          {
            field: `${entry.path}/@key`,
            expected: 'key',
          },
        );
      }
      if (seen.has(key)) throw badValue(entry, `others key "${key}" is repeated`, key);
      seen.add(key);
      entries.push([key, value]);
    }
  }
  return entries;
}

function biometricBir(e: XmlElement): Bir {
  const m = sequence(e, [
    ['Version', 0, 1],
    ['CBEFFVersion', 0, 1],
    ['BIRInfo', 1, 1],
    ['BDBInfo', 1, 1],
    ['SBInfo', 0, 1],
    ['BDB', 1, 1],
    ['SB', 0, 1],
    ['others', 0, Number.POSITIVE_INFINITY],
  ]);
  const sbInfo = one(m, 'SBInfo');
  if (sbInfo) {
    const f = one(sequence(sbInfo, [['Format', 0, 1]]), 'Format');
    if (f) registryId(f);
  }
  const sb = one(m, 'SB');
  return {
    version: version(one(m, 'Version')),
    cbeffVersion: version(one(m, 'CBEFFVersion')),
    integrity: birInfo(one(m, 'BIRInfo') as XmlElement),
    ...bdbInfo(one(m, 'BDBInfo') as XmlElement),
    bdb: base64(one(m, 'BDB') as XmlElement),
    sb: sb ? base64(sb) : undefined,
    others: others(m.get('others') ?? []),
  };
}

/**
 * Parses the CBEFF XML of a registration packet: a root BIR (BIRInfo, then one BIR per biometric)
 * → the biometric BIRs in document order. Throws a BiometricsError with a BIO_BAD_CBEFF or
 * BIO_CBEFF_* code and the element path in `field`.
 */
export function parseCbeffXml(xml: string): Bir[] {
  const root = parseXmlDocument(xml);
  if (root.name !== 'BIR' || root.namespace !== CBEFF_NAMESPACE) {
    throw new BiometricsError(
      BiometricsErrorCode.CbeffNamespace,
      `root element is {${root.namespace}}${root.name}, expected {${CBEFF_NAMESPACE}}BIR`,
      { field: root.path, expected: `{${CBEFF_NAMESPACE}}BIR`, actual: `{${root.namespace}}${root.name}` },
    );
  }
  const m = sequence(root, [
    ['Version', 0, 1],
    ['CBEFFVersion', 0, 1],
    ['BIRInfo', 1, 1],
    ['BIR', 1, Number.POSITIVE_INFINITY],
  ]);
  version(one(m, 'Version'));
  version(one(m, 'CBEFFVersion'));
  birInfo(one(m, 'BIRInfo') as XmlElement);
  return (m.get('BIR') ?? []).map(biometricBir);
}
