import { assertBytes, assertString, CryptoError } from './errors.ts';

const HEX = /^(?:[0-9a-fA-F]{2})*$/;

/** base64url without padding (JWS segments, bioValue, sessionKey). */
export function toBase64Url(bytes: Uint8Array): string {
  assertBytes(bytes, 'bytes');
  return asBuffer(bytes).toString('base64url');
}

/** Standard base64 with padding (x5c entries, CBEFF fields). */
export function toBase64(bytes: Uint8Array): string {
  assertBytes(bytes, 'bytes');
  return asBuffer(bytes).toString('base64');
}

/**
 * Strict decoding without a regular-expression scan (which costs more than the decoding on an 8 KB
 * bioValue). Node's decoder skips characters outside both alphabets, so any such character makes the
 * output shorter than the length the input implies; mixing the alphabets is caught by `includes`.
 */
function strictDecode(text: string, allowStandard: boolean, allowPadding: boolean): Buffer {
  assertString(text, 'base64 text');
  // Each `includes` scans the whole text when the character is absent: the url-safe alphabet is looked
  // for only when the standard one is present (a JWS payload of ASCII JSON has neither - nor _).
  const standard = text.includes('+') || text.includes('/');
  if (standard) {
    if (text.includes('-') || text.includes('_'))
      throw new CryptoError('ERR_ENCODING', 'not base64: mixes the two alphabets');
    if (!allowStandard) throw new CryptoError('ERR_ENCODING', 'not base64url: contains + or /');
  }
  let bodyLength = text.length;
  while (bodyLength > 0 && text.charCodeAt(bodyLength - 1) === 61 /* = */) bodyLength--;
  const padding = text.length - bodyLength;
  if (padding > 0 && (!allowPadding || padding > 2 || text.length % 4 !== 0)) {
    throw new CryptoError('ERR_ENCODING', 'not base64: misplaced padding');
  }
  if (bodyLength % 4 === 1)
    throw new CryptoError('ERR_ENCODING', `not base64: impossible length ${text.length}`);
  const bytes = Buffer.from(text, standard ? 'base64' : 'base64url');
  if (bytes.length !== Math.floor((bodyLength * 3) / 4)) {
    throw new CryptoError('ERR_ENCODING', 'not base64: character outside the alphabet');
  }
  return bytes;
}

/**
 * Decodes base64 in either alphabet, padding optional, as MOSIP's decoders accept. Strict otherwise:
 * no whitespace, no mixing of the two alphabets, no impossible length, padding only where it belongs.
 */
export function fromBase64Any(text: string): Buffer {
  return strictDecode(text, true, true);
}

/** base64url only (JWS segments), padding not allowed. */
export function fromBase64Url(text: string): Buffer {
  return strictDecode(text, false, false);
}

export function toHexUpper(bytes: Uint8Array): string {
  assertBytes(bytes, 'bytes');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex').toUpperCase();
}

/** Hex of either case; even length, nothing else. */
export function fromHex(text: string): Buffer {
  assertString(text, 'hex text');
  if (!HEX.test(text)) throw new CryptoError('ERR_ENCODING', 'not hex: odd length or non-hex character');
  return Buffer.from(text, 'hex');
}

/** A Buffer view of any Uint8Array without copying. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A copy backed by a plain ArrayBuffer (what WebCrypto-typed APIs such as @peculiar/x509 require). */
export function ownedBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}
