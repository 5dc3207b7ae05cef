/**
 * Compact RS256 JWS over a payload given as base64url pieces: the same bytes as signJws (same header
 * encoder, PKCS#1 v1.5 signatures are deterministic), without joining a large payload into one buffer
 * and re-encoding it. The device service builds capture responses this way (docs/device-service.md).
 */
import { createSign } from 'node:crypto';
import { type JwsSigner, jwsHeaderSegment } from './jws.ts';

/** A piece of ASCII output: a string or the ASCII bytes of a cached encoding. */
export type AsciiPiece = string | Buffer;

/** Encoded protected header per signing certificate (a device signs every element with the same one). */
const headers = new WeakMap<Uint8Array, string>();

function cachedHeaderSegment(certificateDer: Uint8Array): string {
  let header = headers.get(certificateDer);
  if (!header) {
    header = jwsHeaderSegment(certificateDer);
    headers.set(certificateDer, header);
  }
  return header;
}

/**
 * `header.payload.signature` as pieces; `payload` is already base64url. The signer is not checked here
 * (the caller's signers come from a DeviceIdentity, which checks at installation that the key belongs
 * to the certificate).
 */
export function signJwsPieces(payload: readonly AsciiPiece[], signer: JwsSigner): AsciiPiece[] {
  const input = [`${cachedHeaderSegment(signer.certificateDer)}.`, ...payload];
  // Streamed into the signature's hash piece by piece: the payload is never joined into one buffer.
  const signing = createSign('sha256');
  for (const piece of input) signing.update(piece);
  return [...input, `.${signing.sign(signer.privateKey, 'base64url')}`];
}
