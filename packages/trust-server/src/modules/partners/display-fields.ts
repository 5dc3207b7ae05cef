import { TrustError } from '../../errors.ts';

/**
 * Fields the portal shows to other people (docs/trust-server.md, "Partners"): an organisation name holds no
 * markup or control characters, and a logo is an absolute http(s) URL (never `javascript:` or `data:`).
 * Refused with 400 PMS_COR_001 rather than stored and escaped later by every reader.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this refuses.
const MARKUP_OR_CONTROL = /[<>\u0000-\u001f\u007f]/;

export function checkDisplayFields(input: { organizationName?: string; logoUrl?: string | null }): void {
  if (input.organizationName !== undefined && MARKUP_OR_CONTROL.test(input.organizationName))
    throw new TrustError(
      'PMS_COR_001',
      'Invalid request parameter - must not contain < > or control characters :organizationName',
    );
  if (input.logoUrl) {
    let protocol = '';
    try {
      protocol = new URL(input.logoUrl).protocol;
    } catch {
      // Not an absolute URL.
    }
    if (protocol !== 'https:' && protocol !== 'http:')
      throw new TrustError(
        'PMS_COR_001',
        'Invalid request parameter - must be an absolute http(s) URL :logoUrl',
      );
  }
}
