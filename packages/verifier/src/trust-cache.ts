/**
 * Chain validation with a cache: a device signs every capture with the same certificate, and its chain
 * does not change between captures. Results are kept per TrustMaterial object (a TrustAnchors
 * implementation hands out a new object when its anchors change, which drops the cache) and per
 * leaf, and only for the time window in which every certificate of the path is valid; the window is
 * checked against the verification time on every call (docs/verifier.md).
 */
import { type CertificateInfo, validateChain } from '@mosip-trust/crypto';
import type { CaptureTrustDomain, TrustMaterial } from './dependencies.ts';

/** A validated path and its short description for the trace ("CN=Device → CN=Provider CA"). */
export interface TrustPath {
  chain: CertificateInfo[];
  description: string;
}

interface CachedPath extends TrustPath {
  validFrom: number;
  validUntil: number;
}

const MAX_LEAVES = 4096;
const caches = new WeakMap<TrustMaterial, Map<string, CachedPath>>();

/** The cached path of `leaf` in `material` when it is valid at `at`, without a promise; else undefined. */
export function cachedPath(
  leaf: Pick<CertificateInfo, 'thumbprintHex'>,
  material: TrustMaterial,
  at: Date,
): TrustPath | undefined {
  const cache = caches.get(material);
  const hit = cache?.get(leaf.thumbprintHex);
  const t = at.getTime();
  if (!cache || !hit || t < hit.validFrom || t > hit.validUntil) return undefined;
  cache.delete(leaf.thumbprintHex); // least recently used first out
  cache.set(leaf.thumbprintHex, hit);
  return hit;
}

/**
 * The path from `leaf` to an anchor of `material`. The cache key is the leaf's SHA-256 thumbprint as
 * @mosip-trust/crypto computed it from the DER (verifyJws hands it out with the certificate): the
 * leaf's bytes, without base64-encoding ~1.2 KB of DER for a Map key per call. Least recently used
 * leaves leave first.
 */
export async function validateCached(
  leaf: Pick<CertificateInfo, 'der' | 'thumbprintHex'>,
  domain: CaptureTrustDomain,
  material: TrustMaterial,
  at: Date,
): Promise<TrustPath> {
  let cache = caches.get(material);
  if (!cache) {
    cache = new Map();
    caches.set(material, cache);
  }
  const key = leaf.thumbprintHex;
  const hit = cache.get(key);
  const t = at.getTime();
  if (hit && t >= hit.validFrom && t <= hit.validUntil) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const { chain } = await validateChain(leaf.der, {
    domain,
    anchors: material.anchors,
    intermediates: material.intermediates,
    at,
  });
  cache.delete(key);
  if (cache.size >= MAX_LEAVES) cache.delete(cache.keys().next().value as string);
  const path: CachedPath = {
    validFrom: Math.max(...chain.map((c) => c.notBefore.getTime())),
    validUntil: Math.min(...chain.map((c) => c.notAfter.getTime())),
    chain,
    description: chain.map((c) => c.subject.split(',')[0]).join(' → '),
  };
  cache.set(key, path);
  return path;
}
