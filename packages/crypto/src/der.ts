/**
 * The few DER encodings the package writes by hand where building them through @peculiar/x509 and
 * asn1js would parse and re-serialise whole certificates (docs/performance.md, target 3).
 */

/** A DER TLV: one tag byte, the definite length, then the contents. */
export function derTlv(tag: number, ...contents: Uint8Array[]): Buffer {
  const length = contents.reduce((n, c) => n + c.byteLength, 0);
  let header: number[];
  if (length < 0x80) {
    header = [tag, length];
  } else {
    const octets: number[] = [];
    for (let n = length; n > 0; n = Math.floor(n / 256)) octets.unshift(n % 256);
    header = [tag, 0x80 | octets.length, ...octets];
  }
  return Buffer.concat([Buffer.from(header), ...contents]);
}

export const INTEGER = 0x02;
export const BIT_STRING = 0x03;
export const OCTET_STRING = 0x04;
export const SEQUENCE = 0x30;
/** [0], constructed: an EXPLICIT [0] wrapper, or an IMPLICIT [0] SET OF. */
export const CONTEXT_0 = 0xa0;
/** [3], constructed: TBSCertificate's EXPLICIT extensions. */
export const CONTEXT_3 = 0xa3;

/** A non-negative INTEGER (a path length), in the fewest octets. */
export function derInteger(n: number): Buffer {
  const hex = n.toString(16);
  const bytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  return derTlv(INTEGER, ...((bytes[0] ?? 0) >= 0x80 ? [Buffer.of(0)] : []), bytes);
}

/** A BIT STRING of whole bytes (no unused bits): a signature, a public key. */
export function derBitString(bytes: Uint8Array): Buffer {
  return derTlv(BIT_STRING, Buffer.of(0), bytes);
}

/** X.509 Time (RFC 5280 4.1.2.5): UTCTime through 2049, GeneralizedTime from 2050; whole seconds. */
export function derTime(date: Date): Buffer {
  const iso = date.toISOString(); // 2026-12-03T22:42:00.000Z
  const digits = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return date.getUTCFullYear() > 2049
    ? derTlv(0x18, Buffer.from(digits, 'latin1'))
    : derTlv(0x17, Buffer.from(digits.slice(2), 'latin1'));
}

/** Where the contents of the TLV at `offset` start and end (definite lengths only, as DER has). */
export function contentsOf(der: Uint8Array, offset: number): { start: number; end: number } {
  const first = der[offset + 1] ?? 0;
  if (first < 0x80) return { start: offset + 2, end: offset + 2 + first };
  let length = 0;
  const octets = first & 0x7f;
  for (let i = 0; i < octets; i++) length = length * 256 + (der[offset + 2 + i] ?? 0);
  return { start: offset + 2 + octets, end: offset + 2 + octets + length };
}

/**
 * The X.509 version (1, 2 or 3) of a certificate already parsed as such: TBSCertificate's
 * `[0] EXPLICIT Version DEFAULT v1` (an INTEGER 0, 1 or 2), absent for v1.
 */
export function certificateVersionOf(der: Uint8Array): number {
  const tbs = contentsOf(der, contentsOf(der, 0).start).start;
  if (der[tbs] !== CONTEXT_0) return 1;
  const integer = contentsOf(der, tbs).start;
  return (der[contentsOf(der, integer).start] ?? 0) + 1;
}
