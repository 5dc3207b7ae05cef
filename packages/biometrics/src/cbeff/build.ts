/**
 * CBEFF XML as MOSIP's packet manager writes it: a root BIR (BIRInfo/Integrity false) holding one
 * BIR per biometric, each in `BIR.java`/`BDBInfo.java` propOrder, BDB and SB in standard base64.
 * The text is written here rather than with an XML builder so that it matches JAXB's formatted output
 * (default namespace on the root, `standalone="yes"`, 4-space indent, JAXB's escaping of & < >).
 */
import { randomUUID } from 'node:crypto';
import { BiometricsError, BiometricsErrorCode } from '../errors.ts';
import {
  type BirInput,
  CBEFF_DEFAULT_FORMAT_ORG,
  CBEFF_DEFAULT_QUALITY_ALGORITHM,
  CBEFF_FORMAT_TYPE,
  CBEFF_LEVELS,
  CBEFF_NAMESPACE,
  CBEFF_PURPOSES,
  CBEFF_SUBTYPE_WORDS,
  CBEFF_TYPES,
  type CbeffBuildOptions,
  isoInstant,
  mosipOthers,
  subtypeWords,
} from './model.ts';

/** An element with text or children, and attributes (only `entry` has one: `key`). */
interface Node {
  name: string;
  attrs?: [string, string][];
  text?: string;
  children?: Node[];
}

const el = (name: string, content?: string | Node[], attrs?: [string, string][]): Node =>
  typeof content === 'string' || content === undefined
    ? { name, text: content ?? '', attrs }
    : { name, children: content, attrs };

// XML 1.0 Char production: no C0 controls except tab, LF, CR; no lone surrogates, no U+FFFE/U+FFFF.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function xmlEscape(text: string, attribute: boolean, field: string): string {
  if (NOT_XML_CHAR.test(text)) {
    throw new BiometricsError(
      BiometricsErrorCode.BadArgument,
      `${field} holds a character XML 1.0 cannot carry`,
      { field },
    );
  }
  const t = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return attribute
    ? t.replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;')
    : t.replace(/\r/g, '&#13;');
}

function write(node: Node, indent: string, depth: number, out: string[], path: string): void {
  const pad = indent.repeat(depth);
  const nl = indent === '' ? '' : '\n';
  const attrs = (node.attrs ?? []).map(([k, v]) => ` ${k}="${xmlEscape(v, true, `${path}/@${k}`)}"`).join('');
  if (node.children) {
    out.push(`${pad}<${node.name}${attrs}>${nl}`);
    for (const c of node.children) write(c, indent, depth + 1, out, `${path}/${c.name}`);
    out.push(`${pad}</${node.name}>${nl}`);
  } else {
    out.push(`${pad}<${node.name}${attrs}>${xmlEscape(node.text ?? '', false, path)}</${node.name}>${nl}`);
  }
}

function bad(field: string, message: string, value: unknown, expected?: string): BiometricsError {
  return new BiometricsError(BiometricsErrorCode.BadArgument, `${field}: ${message}`, {
    field,
    expected,
    actual: String(value),
  });
}

const UUID = /^[a-fA-F0-9]{8}-([a-fA-F0-9]{4}-){3}[a-fA-F0-9]{12}$/;

function birNode(b: BirInput, i: number, o: CbeffBuildOptions): Node {
  const at = `birs[${i}]`;
  if (!b || typeof b !== 'object') throw bad(at, 'must be an object', b);
  if (!CBEFF_TYPES.includes(b.type)) throw bad(`${at}.type`, 'unknown type', b.type, CBEFF_TYPES.join(' | '));
  const purpose = b.purpose ?? 'Enroll';
  if (!CBEFF_PURPOSES.includes(purpose)) {
    throw bad(`${at}.purpose`, 'unknown purpose', purpose, CBEFF_PURPOSES.join(' | '));
  }
  const level = b.level ?? 'Raw';
  if (!CBEFF_LEVELS.includes(level))
    throw bad(`${at}.level`, 'unknown level', level, CBEFF_LEVELS.join(' | '));
  if (typeof b.quality !== 'number' || !(b.quality >= 0 && b.quality <= 100)) {
    throw bad(`${at}.quality`, 'must be a number in 0..100', b.quality, '0..100');
  }
  const words = b.subtype === undefined ? [] : subtypeWords(String(b.subtype));
  const unknownWord = words.find((w) => !CBEFF_SUBTYPE_WORDS.includes(w));
  if (unknownWord !== undefined) {
    throw bad(
      `${at}.subtype`,
      `"${unknownWord}" is not a CBEFF subtype`,
      b.subtype,
      CBEFF_SUBTYPE_WORDS.join(' | '),
    );
  }
  if ((b.type === 'Finger' || b.type === 'Iris') && words.length === 0) {
    throw bad(`${at}.subtype`, `${b.type} needs a subtype such as "Left IndexFinger" or "Left"`, b.subtype);
  }
  const index = b.index ?? randomUUID();
  if (!UUID.test(index)) throw bad(`${at}.index`, 'must be a UUID', index);
  const date = b.creationDate ?? o.creationDate ?? new Date();
  if (!(date instanceof Date) || Number.isNaN(date.getTime()))
    throw bad(`${at}.creationDate`, 'invalid date', date);
  if (b.bdb !== undefined && !(b.bdb instanceof Uint8Array))
    throw bad(`${at}.bdb`, 'must be bytes', typeof b.bdb);
  if (b.sb !== undefined && typeof b.sb !== 'string' && !(b.sb instanceof Uint8Array)) {
    throw bad(`${at}.sb`, 'must be a string or bytes', typeof b.sb);
  }
  const bdb = b.bdb ?? new Uint8Array(0);
  const others = b.others ?? mosipOthers({ exception: bdb.length === 0 });
  const seen = new Set<string>();
  for (const [k] of others) {
    if (typeof k !== 'string' || k === '' || seen.has(k))
      throw bad(`${at}.others`, 'keys must be distinct non-empty strings', k);
    seen.add(k);
  }
  const children: Node[] = [
    el('Version', [el('Major', '1'), el('Minor', '1')]),
    el('CBEFFVersion', [el('Major', '1'), el('Minor', '1')]),
    el('BIRInfo', [el('Integrity', 'false')]),
    el('BDBInfo', [
      el('Index', index),
      el('Format', [
        el('Organization', o.formatOrganization ?? CBEFF_DEFAULT_FORMAT_ORG),
        el('Type', String(CBEFF_FORMAT_TYPE[b.type])),
      ]),
      el('CreationDate', isoInstant(date)),
      el('Type', b.type),
      el('Subtype', words.join(' ')),
      el('Level', level),
      el('Purpose', purpose),
      el('Quality', [
        el('Algorithm', [
          el('Organization', CBEFF_DEFAULT_QUALITY_ALGORITHM.organization),
          el('Type', CBEFF_DEFAULT_QUALITY_ALGORITHM.type),
        ]),
        el('Score', String(Math.trunc(b.quality))),
      ]),
    ]),
    el('BDB', Buffer.from(bdb.buffer, bdb.byteOffset, bdb.length).toString('base64')),
    // BIRBuilder always sets SB (empty bytes when the capture carried no signature).
    el(
      'SB',
      (typeof b.sb === 'string' ? Buffer.from(b.sb, 'utf8') : Buffer.from(b.sb ?? [])).toString('base64'),
    ),
  ];
  children.push(
    el(
      'others',
      others.map(([k, v]) => el('entry', String(v), [['key', k]])),
    ),
  );
  return el('BIR', children);
}

/** Builds the CBEFF XML document of a registration packet's biometrics (one BIR per entry). */
export function buildCbeffXml(birs: readonly BirInput[], opts: CbeffBuildOptions = {}): string {
  if (!Array.isArray(birs) || birs.length === 0) throw bad('birs', 'must be a non-empty array', birs);
  const indent = opts.indent ?? '    ';
  if (!/^[ \t]*$/.test(indent)) throw bad('indent', 'must be spaces or tabs', indent);
  const root = el(
    'BIR',
    [el('BIRInfo', [el('Integrity', 'false')]), ...birs.map((b, i) => birNode(b, i, opts))],
    [['xmlns', CBEFF_NAMESPACE]],
  );
  const out = [`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${indent === '' ? '' : '\n'}`];
  write(root, indent, 0, out, '/BIR');
  return out.join('');
}
