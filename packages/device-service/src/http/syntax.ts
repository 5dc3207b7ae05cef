/** RFC 9110/9112 grammar pieces used by the request parser: tokens, targets, field values. */

/** token = 1*tchar */
export const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** field-value characters: VCHAR, obs-text, SP, HTAB (no other control characters). */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** path-abempty of origin-form: segments of pchar (unreserved, sub-delims, ':', '@', pct-encoded). */
const PATH = /^(?:\/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})*)+$/;

/** query: any visible character except '#', '%' only as pct-encoding (lenient like browsers, still no CTL/SP). */
const QUERY = /^(?:[\x21\x22\x24\x26-\x7e]|%[0-9A-Fa-f]{2})*$/;

/** absolute-form (the spec's examples write `MOSIPDISC http://127.0.0.1:4501/device HTTP/1.1`). */
const ABSOLUTE = /^https?:\/\/(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?(\/[^?#]*)?(?:\?(.*))?$/i;

const TOKEN_CHARS = "[!#$%&'*+\\-.^_`|~0-9A-Za-z]+";
const QUOTED = '"(?:[\\t \\x21\\x23-\\x5b\\x5d-\\x7e\\x80-\\xff]|\\\\[\\t \\x21-\\x7e\\x80-\\xff])*"';
/** chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] ) */
export const CHUNK_EXT = new RegExp(
  `^(?:[ \\t]*;[ \\t]*${TOKEN_CHARS}(?:[ \\t]*=[ \\t]*(?:${TOKEN_CHARS}|${QUOTED}))?)*$`,
);

export type SyntaxResult<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface Target {
  path: string;
  /** Raw query without '?', '' when absent. */
  query: string;
}

export function parseTarget(target: string): SyntaxResult<Target> {
  let path: string;
  let query: string;
  if (target.startsWith('/')) {
    const q = target.indexOf('?');
    path = q < 0 ? target : target.slice(0, q);
    query = q < 0 ? '' : target.slice(q + 1);
  } else {
    const m = ABSOLUTE.exec(target);
    if (!m) return { ok: false, reason: 'request target is not origin-form or absolute-form' };
    path = m[1] || '/';
    query = m[2] ?? '';
  }
  if (!PATH.test(path)) return { ok: false, reason: 'invalid character in request path' };
  if (!QUERY.test(query)) return { ok: false, reason: 'invalid character in query' };
  return { ok: true, value: { path, query } };
}

export interface Field {
  /** Lower case. */
  name: string;
  value: string;
}

/** One header or trailer line (CRLF already removed; bare CR/LF already rejected). */
export function parseFieldLine(line: string): SyntaxResult<Field> {
  if (line.startsWith(' ') || line.startsWith('\t')) return { ok: false, reason: 'obsolete line folding' };
  const colon = line.indexOf(':');
  if (colon < 0) return { ok: false, reason: 'header line without colon' };
  const name = line.slice(0, colon);
  if (/[ \t]$/.test(name)) return { ok: false, reason: 'whitespace before colon in header' };
  if (!TOKEN.test(name)) return { ok: false, reason: 'invalid header name' };
  const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '');
  if (!FIELD_VALUE.test(value)) return { ok: false, reason: 'control character in header value' };
  return { ok: true, value: { name: name.toLowerCase(), value } };
}

/** Comma-separated list elements, trimmed and lower-cased, empties dropped. */
export function listTokens(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
}
