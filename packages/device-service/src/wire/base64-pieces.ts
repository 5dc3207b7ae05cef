/**
 * ASCII text kept as pieces, so that the large parts of a capture response (the image bytes inside
 * bioValue, inside the JWS payload) are encoded once per sample instead of once per capture. base64
 * maps every 3 input bytes to 4 output characters independently, so base64url(A ‖ B) =
 * base64url(A) ‖ base64url(B) whenever A's length is a multiple of 3: a cached text's encoding is
 * reused at whichever of the three offsets it lands on.
 */

import type { AsciiPiece } from '@mosip-trust/crypto';

export type { AsciiPiece };

/** An ASCII text whose base64url encodings (at the 3 possible alignments) are computed once. */
export class CachedBase64Text {
  private readonly encoded: (Buffer | undefined)[] = [undefined, undefined, undefined];
  constructor(readonly text: string) {}

  /** base64url of `text` from `offset` (0–2), cut to a whole number of 3-character groups. */
  aligned(offset: number): Buffer {
    let hit = this.encoded[offset];
    if (!hit) {
      const end = offset + Math.floor((this.text.length - offset) / 3) * 3;
      hit = Buffer.from(Buffer.from(this.text.slice(offset, end), 'latin1').toString('base64url'), 'latin1');
      this.encoded[offset] = hit;
    }
    return hit;
  }
}

const base64url = (ascii: string) => Buffer.from(ascii, 'latin1').toString('base64url');

/** base64url (no padding) of the concatenation of ASCII parts, reusing cached encodings. */
export function base64UrlPieces(parts: readonly (string | CachedBase64Text)[]): AsciiPiece[] {
  const out: AsciiPiece[] = [];
  let carry = '';
  for (const part of parts) {
    const offset = (3 - (carry.length % 3)) % 3;
    if (typeof part === 'string' || part.text.length < offset + 3) {
      carry += typeof part === 'string' ? part : part.text;
      continue;
    }
    const middle = part.aligned(offset);
    carry += part.text.slice(0, offset);
    out.push(base64url(carry), middle);
    carry = part.text.slice(offset + (middle.length / 4) * 3);
  }
  out.push(base64url(carry));
  return out;
}
