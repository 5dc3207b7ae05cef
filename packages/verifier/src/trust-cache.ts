/**
 * Chain validation with a cache: a device signs every capture with the same certificate, and its chain
 * does not change between captures. Results are kept per TrustMaterial object (a TrustAnchors
 * implementation hands out a new object when its anchors change, which drops the cache) and per
 * leaf, and only for the time window in which every certificate of the path is valid.
 */
import { type CertificateInfo, validateChain } from '@mosip-trust/crypto';
import type { CaptureTrustDomain, TrustMaterial } from './dependencies.ts';

interface CachedPath {
  validFrom: number;
  validUntil: number;
  chain: CertificateInfo[];
}

const MAX_LEAVES = 4096;
const caches = new WeakMap<TrustMaterial, Map<string, CachedPath>>();

function leafKey(der: Uint8Array): string {
  return Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
}

export async function validateCached(
  leafDer: Uint8Array,
  domain: CaptureTrustDomain,
  material: TrustMaterial,
  at: Date,
): Promise<CertificateInfo[]> {
  let cache = caches.get(material);
  if (!cache) {
    cache = new Map();
    caches.set(material, cache);
  }
  const key = leafKey(leafDer);
  const hit = cache.get(key);
  const t = at.getTime();
  if (hit && t >= hit.validFrom && t <= hit.validUntil) return hit.chain;
  const { chain } = await validateChain(leafDer, {
    domain,
    anchors: material.anchors,
    intermediates: material.intermediates,
    at,
  });
  if (cache.size >= MAX_LEAVES) cache.clear();
  cache.set(key, {
    validFrom: Math.max(...chain.map((c) => c.notBefore.getTime())),
    validUntil: Math.min(...chain.map((c) => c.notAfter.getTime())),
    chain,
  });
  return chain;
}
