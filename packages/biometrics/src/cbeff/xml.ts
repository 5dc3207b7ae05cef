/**
 * Well-formed XML → a small namespace-resolved element tree, strictly. fast-xml-parser checks
 * well-formedness and splits the document; namespaces and entity references are resolved here
 * because the parser neither binds prefixes nor rejects unknown entities.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { BiometricsError, BiometricsErrorCode } from '../errors.ts';

export interface XmlElement {
  /** Local name (prefix removed). */
  name: string;
  namespace: string;
  /** Location for error messages, e.g. /BIR/BIR[2]/BDBInfo/Type. */
  path: string;
  /** Attributes other than namespace declarations, by qualified name. */
  attributes: Map<string, { namespace: string; local: string; value: string }>;
  children: XmlElement[];
  /** Character data with entities decoded (CDATA kept verbatim). */
  text: string;
}

const XML = 'http://www.w3.org/XML/1998/namespace';

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
});

function malformed(message: string, detail: { field?: string; actual?: string } = {}): BiometricsError {
  return new BiometricsError(
    BiometricsErrorCode.BadCbeff,
    `CBEFF XML is not well-formed: ${message}`,
    detail,
  );
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five predefined entities and character references; anything else is refused. */
function decodeEntities(raw: string, field: string): string {
  return raw.replace(/&([^;&]*);?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) throw malformed(`bare "&" in ${field}`, { field, actual: whole });
    const named = PREDEFINED[ref];
    if (named !== undefined) return named;
    const m = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(ref);
    const cp = m ? Number.parseInt((m[1] ?? m[2]) as string, m[1] ? 16 : 10) : Number.NaN;
    const ok =
      cp === 0x9 ||
      cp === 0xa ||
      cp === 0xd ||
      (cp >= 0x20 && cp <= 0xd7ff) ||
      (cp >= 0xe000 && cp <= 0xfffd) ||
      (cp >= 0x10000 && cp <= 0x10ffff);
    if (!ok) throw malformed(`unknown or invalid entity "${whole}" in ${field}`, { field, actual: whole });
    return String.fromCodePoint(cp);
  });
}

type FxpNode = Record<string, unknown>;

function toElement(node: FxpNode, scope: Map<string, string>, path: string): XmlElement {
  const qname = Object.keys(node).find((k) => k !== ':@') as string;
  const rawAttrs = (node[':@'] ?? {}) as Record<string, string>;
  const local = new Map(scope);
  for (const [k, v] of Object.entries(rawAttrs)) {
    if (k === 'xmlns') local.set('', decodeEntities(v, `${path}/@xmlns`));
    else if (k.startsWith('xmlns:')) local.set(k.slice(6), decodeEntities(v, `${path}/@${k}`));
  }
  const resolve = (q: string, isAttribute: boolean): { namespace: string; local: string } => {
    const colon = q.indexOf(':');
    if (colon < 0) return { namespace: isAttribute ? '' : (local.get('') ?? ''), local: q };
    const prefix = q.slice(0, colon);
    const ns = prefix === 'xml' ? XML : local.get(prefix);
    if (ns === undefined) {
      throw new BiometricsError(
        BiometricsErrorCode.CbeffNamespace,
        `${path}: undeclared namespace prefix "${prefix}"`,
        {
          field: path,
          actual: q,
        },
      );
    }
    return { namespace: ns, local: q.slice(colon + 1) };
  };
  const { namespace, local: name } = resolve(qname, false);
  const attributes = new Map<string, { namespace: string; local: string; value: string }>();
  for (const [k, v] of Object.entries(rawAttrs)) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) continue;
    const r = resolve(k, true);
    attributes.set(k, { ...r, value: decodeEntities(v, `${path}/@${k}`) });
  }
  const children: XmlElement[] = [];
  let text = '';
  const counts = new Map<string, number>();
  for (const child of (node[qname] ?? []) as FxpNode[]) {
    if ('#text' in child) text += decodeEntities(String(child['#text']), path);
    else if ('#cdata' in child) {
      for (const t of child['#cdata'] as FxpNode[]) text += String(t['#text'] ?? '');
    } else {
      const childName = Object.keys(child).find((k) => k !== ':@') as string;
      const n = (counts.get(childName) ?? 0) + 1;
      counts.set(childName, n);
      const localName = childName.slice(childName.indexOf(':') + 1);
      children.push(toElement(child, local, `${path}/${localName}${localName === 'BIR' ? `[${n}]` : ''}`));
    }
  }
  return { name, namespace, path, attributes, children, text };
}

/** Parses a document with exactly one root element; DOCTYPE declarations are refused (no entity expansion). */
export function parseXmlDocument(xml: string): XmlElement {
  if (typeof xml !== 'string') {
    throw new BiometricsError(BiometricsErrorCode.BadArgument, 'CBEFF XML must be a string', {
      actual: typeof xml,
    });
  }
  const text = xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml;
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw malformed(
      `${valid.err.msg} (line ${valid.err.line}${valid.err.col === undefined ? '' : `, column ${valid.err.col}`})`,
      {
        actual: valid.err.code,
      },
    );
  }
  if (/<!DOCTYPE/i.test(text.slice(0, Math.max(0, text.search(/<[A-Za-z_]/))))) {
    throw malformed('a DOCTYPE is not allowed', { actual: 'DOCTYPE' });
  }
  let parsed: FxpNode[];
  try {
    parsed = parser.parse(text) as FxpNode[];
  } catch (e) {
    // The validator lets a few defects through (e.g. an unclosed processing instruction) that the parser refuses.
    throw malformed((e as Error).message);
  }
  const nodes = parsed.filter((n) => !('#text' in n) || String(n['#text']).trim() !== '');
  const elements = nodes.filter((n) => !('#text' in n) && !('#cdata' in n));
  if (nodes.length !== 1 || elements.length !== 1) {
    throw malformed(
      `expected one root element, found ${elements.length} and ${nodes.length - elements.length} text node(s)`,
    );
  }
  const root = elements[0] as FxpNode;
  const rootName = Object.keys(root).find((k) => k !== ':@') as string;
  return toElement(root, new Map(), `/${rootName.slice(rootName.indexOf(':') + 1)}`);
}
