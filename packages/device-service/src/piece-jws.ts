/**
 * Compact RS256 JWS over a payload given as base64url pieces: the same bytes as @mosip-trust/crypto's
 * signJws (header `{"x5c":[…],"alg":"RS256","typ":"JWT"}`, PKCS#1 v1.5 signatures are deterministic),
 * without joining a large payload into one buffer and re-encoding it. Signers come from a
 * DeviceIdentity, which checks at installation that the key belongs to the certificate.
 */
import { createSign } from 'node:crypto';
import { type JwsSigner, toBase64, toBase64Url } from '@mosip-trust/crypto';
import type { AsciiPiece } from './base64-pieces.ts';

/** Encoded protected header per signing certificate. */
const headers = new WeakMap<Uint8Array, string>();

function headerSegment(certificateDer: Uint8Array): string {
  let header = headers.get(certificateDer);
  if (!header) {
    const json = JSON.stringify({ x5c: [toBase64(certificateDer)], alg: 'RS256', typ: 'JWT' });
    header = toBase64Url(Buffer.from(json, 'utf8'));
    headers.set(certificateDer, header);
  }
  return header;
}

/** `header.payload.signature` as pieces; `payload` is already base64url. */
export function signJwsPieces(payload: readonly AsciiPiece[], signer: JwsSigner): AsciiPiece[] {
  const input = [`${headerSegment(signer.certificateDer)}.`, ...payload];
  // Streamed into the signature's hash piece by piece: the payload is never joined into one buffer.
  const signing = createSign('sha256');
  for (const piece of input) signing.update(piece);
  return [...input, `.${signing.sign(signer.privateKey, 'base64url')}`];
}
