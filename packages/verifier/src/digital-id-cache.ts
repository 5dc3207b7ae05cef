/**
 * Digital ID JWS verified once per distinct text. A device signs its digital ID and sends that same JWS
 * in every capture until it signs again; the text holds the signer's certificate (x5c[0]), so the same
 * text is the same bytes verified by the same key, with the same result. Successful verifications are
 * kept (bounded, least recently used first out); failures are not. The certificate's dates depend on
 * the verification time and are checked on every call, as verifyJws checks them (docs/verifier.md).
 */
import { type CertificateInfo, checkValidityDates, verifyJws } from '@mosip-trust/crypto';

export interface VerifiedDigitalId {
  certificate: CertificateInfo;
  /** The payload's UTF-8 text. */
  payloadText: string;
}

const MAX_ENTRIES = 1024;
const verified = new Map<string, VerifiedDigitalId>();

/** verifyJws(jws, { at }) of a compact JWS, with its signature checked once per distinct text. */
export async function verifyDigitalIdJws(jws: string, at: Date): Promise<VerifiedDigitalId> {
  const hit = verified.get(jws);
  if (hit) {
    checkValidityDates(hit.certificate, at);
    verified.delete(jws);
    verified.set(jws, hit);
    return hit;
  }
  const { certificate, payload } = await verifyJws(jws, { at });
  const entry = { certificate, payloadText: payload.toString('utf8') };
  if (verified.size >= MAX_ENTRIES) verified.delete(verified.keys().next().value as string);
  verified.set(jws, entry);
  return entry;
}
