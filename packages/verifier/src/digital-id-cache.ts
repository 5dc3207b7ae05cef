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
  /** The payload as a frozen JSON object, set by the verifier the first time it parses it. */
  parsed?: Readonly<Record<string, unknown>>;
}

const MAX_ENTRIES = 1024;
const verified = new Map<string, VerifiedDigitalId>();
// The last texts seen, compared by string equality: each capture's digital ID is a fresh ~2 KB string,
// and comparing it with the previous one costs less than hashing it for the Map.
const RECENT = 4;
const recent: { jws: string; entry: VerifiedDigitalId }[] = [];

function remember(jws: string, entry: VerifiedDigitalId): VerifiedDigitalId {
  if (recent.length >= RECENT) recent.pop();
  recent.unshift({ jws, entry });
  return entry;
}

/**
 * The cached verification of `jws`, without a promise, when this text verified before (its certificate
 * dates still checked against `at`, throwing as verifyJws does); undefined when it has to be verified.
 */
export function knownDigitalId(jws: string, at: Date): VerifiedDigitalId | undefined {
  for (const r of recent) {
    if (r.jws === jws) {
      checkValidityDates(r.entry.certificate, at);
      return r.entry;
    }
  }
  const hit = verified.get(jws);
  if (!hit) return undefined;
  checkValidityDates(hit.certificate, at);
  verified.delete(jws);
  verified.set(jws, hit);
  return remember(jws, hit);
}

/** verifyJws(jws, { at }) of a compact JWS, with its signature checked once per distinct text. */
export async function verifyDigitalIdJws(jws: string, at: Date): Promise<VerifiedDigitalId> {
  const known = knownDigitalId(jws, at);
  if (known) return known;
  const { certificate, payload } = await verifyJws(jws, { at });
  const entry = { certificate, payloadText: payload.toString('utf8') };
  if (verified.size >= MAX_ENTRIES) verified.delete(verified.keys().next().value as string);
  verified.set(jws, entry);
  return remember(jws, entry);
}
