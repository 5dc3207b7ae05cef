/** Compact JSON with every non-ASCII character escaped: the CTK UI decodes payloads with atob (docs/device-service.md, "JSON encoding"). */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** base64url without padding of the ASCII JSON: the unsigned digital ID / device info form. */
export function unsignedBlock(value: unknown): string {
  return Buffer.from(asciiJson(value), 'utf8').toString('base64url');
}

/** Scores as the CTK pattern wants them: "40.0", "62.5", "100.0". */
export function formatScore(score: number): string {
  const rounded = Math.round(Math.min(100, Math.max(0, score)) * 10) / 10;
  return Number.isInteger(rounded) ? `${rounded}.0` : String(rounded);
}

/**
 * Splits compact JSON at the empty string value of `key` (which must not be the first key):
 * `[… ,"key":"` , `" …]`, so a large value can be put in between without serialising it again.
 * The first `,"key":""` is that key: inside a JSON string a `"` is always escaped.
 */
export function splitAtEmptyValue(json: string, key: string): [string, string] {
  const mark = `,"${key}":""`;
  const at = json.indexOf(mark);
  if (at < 0) throw new Error(`no empty "${key}" in the JSON`);
  return [json.slice(0, at + mark.length - 1), json.slice(at + mark.length - 1)];
}
