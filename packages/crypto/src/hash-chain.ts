import * as nodeCrypto from 'node:crypto';
import { fromHex, toHexUpper } from './encoding.ts';
import { assertBytes, assertObject, CryptoError } from './errors.ts';

// crypto.hash (Node ≥ 20.12) keeps the digest implementation between calls; createHash fetches it
// from OpenSSL 3's providers on every call, which cost more than hashing a record (docs/verifier.md).
const sha256: (data: Uint8Array | string) => Buffer =
  typeof nodeCrypto.hash === 'function'
    ? (data) => nodeCrypto.hash('sha256', data, 'buffer')
    : (data) => nodeCrypto.createHash('sha256').update(data).digest();
const EMPTY_SHA256 = sha256('');

function previousBytes(previousHash: string | null | undefined): Buffer {
  if (previousHash === null || previousHash === undefined) return EMPTY_SHA256;
  if (typeof previousHash !== 'string')
    throw new CryptoError('ERR_INVALID_INPUT', 'previousHash must be a string');
  if (previousHash.trim() === '') return EMPTY_SHA256;
  if (!/^[0-9a-fA-F]{64}$/.test(previousHash)) {
    throw new CryptoError('ERR_ENCODING', 'previousHash must be 64 hex characters, empty or null');
  }
  return fromHex(previousHash);
}

/** SHA-256 of a record given whole or as its parts in order (hashed one after another, never joined). */
function recordDigest(bio: Uint8Array | readonly Uint8Array[]): Buffer {
  if (!Array.isArray(bio)) {
    assertBytes(bio, 'bio');
    return sha256(bio);
  }
  const hash = nodeCrypto.createHash('sha256');
  for (const part of bio) {
    assertBytes(part, 'bio part');
    hash.update(part);
  }
  return hash.digest();
}

/**
 * MOSIP 1.2+ hash: HEX_UPPER(SHA-256(prev32 ‖ SHA-256(bio))), prev32 = SHA-256("") when there is no
 * previous hash (docs/crypto.md, Hash chain). `bio` is the plain ISO record, or its parts in order
 * (a device service re-stamps a record's header and keeps its image: the record is never joined).
 */
export function chainHash(
  previousHash: string | null | undefined,
  bio: Uint8Array | readonly Uint8Array[],
): string {
  const digest = recordDigest(bio);
  return toHexUpper(sha256(Buffer.concat([previousBytes(previousHash), digest])));
}

/** MOSIP 1.1.5 string rule: HEX_UPPER(SHA-256(UTF-8(prevHexUpper + HEX_UPPER(SHA-256(block))))). */
function legacyHash(previousHex: string, block: Uint8Array | string): string {
  return toHexUpper(sha256(`${previousHex}${toHexUpper(sha256(block))}`));
}

export interface HashChainElement {
  hash: string;
  /** The plain biometric record (1.2+ rule). */
  bio: Uint8Array;
  /** The data block JSON the 1.1.5 rule hashed; without it the 1.1.5 rule hashes `bio`. */
  dataJson?: string;
}

/** Index of the first element whose hash does not follow, or -1 when the whole chain holds. */
function firstBreak(
  elements: HashChainElement[],
  start: string,
  next: (previous: string, element: HashChainElement) => string,
): number {
  let previous = start;
  for (const [i, element] of elements.entries()) {
    const expected = next(previous, element);
    if (element.hash !== expected) return i;
    previous = expected;
  }
  return -1;
}

/**
 * firstBreak for the 1.2 rule, carrying each expected hash as bytes: chainHash would parse the previous
 * element's hex again for every element.
 */
function firstModernBreak(elements: HashChainElement[], start: Buffer): number {
  let previous = start;
  for (let i = 0; i < elements.length; i++) {
    const element = elements[i] as HashChainElement;
    const expected = sha256(Buffer.concat([previous, recordDigest(element.bio)], 64));
    if (element.hash !== toHexUpper(expected)) return i;
    previous = expected;
  }
  return -1;
}

/**
 * Checks that each element's hash follows from the previous one (the first from `previousHash`).
 * Comparison is case-sensitive upper-case hex, as IDA does. The 1.1.5 rule is tried only when
 * `allowLegacy115` is set; the result says which rule matched.
 */
export function verifyHashChain(
  elements: HashChainElement[],
  opts: { previousHash?: string | null; allowLegacy115?: boolean } = {},
): { rule: '1.2' | '1.1.5' } {
  if (!Array.isArray(elements) || elements.length === 0) {
    throw new CryptoError('ERR_INVALID_INPUT', 'verifyHashChain needs at least one element');
  }
  assertObject(opts, 'options');
  for (const [i, e] of elements.entries()) {
    assertBytes(e?.bio, `elements[${i}].bio`);
    if (typeof e.hash !== 'string')
      throw new CryptoError('ERR_INVALID_INPUT', `elements[${i}].hash must be a string`);
  }
  const start = opts.previousHash ?? '';
  const modern = firstModernBreak(elements, previousBytes(start));
  if (modern === -1) return { rule: '1.2' };
  if (opts.allowLegacy115) {
    const legacyStart = start.trim() === '' ? toHexUpper(EMPTY_SHA256) : start.toUpperCase();
    const legacy = firstBreak(elements, legacyStart, (prev, e) => legacyHash(prev, e.dataJson ?? e.bio));
    if (legacy === -1) return { rule: '1.1.5' };
  }
  throw new CryptoError(
    'ERR_HASH_CHAIN',
    `hash of element ${modern} does not follow the chain (MOSIP 1.2 rule)`,
    {
      details: { index: modern },
    },
  );
}
