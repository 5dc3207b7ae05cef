/** Auth decryption (thumbprint, session key, AES-GCM) and the hash chain (IDA #9-#10). */
import { createHash } from 'node:crypto';
import {
  CryptoError,
  fromBase64Any,
  openBiometric,
  openBiometricAsync,
  thumbprintBytes,
  verifyHashChain,
} from '@mosip-trust/crypto';
import type { DecryptionKey } from '../dependencies.ts';
import { CheckFailure } from '../errors.ts';
import { type Check, type Element, fail, str, where } from './support.ts';

const thumbprints = new WeakMap<DecryptionKey, Buffer>();
/** SHA-256 of the decryption certificate's DER, computed once per key object. */
function thumbprintOf(key: DecryptionKey): Buffer {
  let t = thumbprints.get(key);
  if (!t) {
    t = createHash('sha256').update(key.certificateDer).digest();
    thumbprints.set(key, t);
  }
  return t;
}

// Every capture for one platform key carries the same thumbprint text: the last text matched and the
// key it named are kept, so a repeated text is not decoded again (the key must still be one given).
let lastMatch: { text: string; key: DecryptionKey } | undefined;

function keyFor(keys: DecryptionKey[], text: string | undefined, name: string): DecryptionKey {
  if (lastMatch && lastMatch.text === text && keys.includes(lastMatch.key)) return lastMatch.key;
  let bytes: Buffer;
  try {
    bytes = thumbprintBytes(text ?? '');
  } catch {
    fail('VER_THUMBPRINT', `${name}.thumbprint is not 64 hex characters or base64 of 32 bytes`);
  }
  const key = keys.find((k) => thumbprintOf(k).equals(bytes));
  if (!key) fail('VER_THUMBPRINT', `${name}.thumbprint names no certificate this verifier holds a key for`);
  lastMatch = { text: text as string, key };
  return key;
}

const SESSION_KEYS_PASS = 'session keys unwrap to 256-bit AES keys';

/** The element's openBiometric input, after the session key's own form checks (VER_SESSION_KEY). */
function openInput(e: Element): Parameters<typeof openBiometric>[0] {
  const key = e.key as DecryptionKey;
  const sessionKey = e.raw.sessionKey ?? '';
  let wrapped: Buffer;
  try {
    wrapped = fromBase64Any(sessionKey);
  } catch {
    fail('VER_SESSION_KEY', `${where(e)}.sessionKey is not base64url`);
  }
  const modulus = Math.ceil((key.privateKey.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
  if (wrapped.length !== modulus)
    fail('VER_SESSION_KEY', `${where(e)}.sessionKey is ${wrapped.length} bytes, not ${modulus}`);
  return {
    bioValue: str(e.data.bioValue),
    sessionKey,
    timestamp: String(e.data.timestamp),
    // IDA uses String.valueOf: a missing transactionId becomes "null" (crypto.md §5).
    transactionId: String(e.data.transactionId ?? 'null'),
    privateKey: key.privateKey,
  };
}

/** Keeps the opened record, or fails on a session-key error; other envelope errors wait for bioValue. */
function settle(e: Element, opened: unknown): void {
  if (opened instanceof Buffer) {
    e.opened = opened;
    return;
  }
  if (!(opened instanceof CryptoError)) throw opened;
  if (opened.code === 'ERR_SESSION_KEY' || opened.code === 'ERR_KEY')
    fail('VER_SESSION_KEY', `${where(e)}.sessionKey: ${opened.message}`);
  e.opened = opened;
}

/**
 * The same unwraps on libuv's thread pool (option unwrapOnThreadPool), all elements at once, their
 * outcomes taken in element order: the same element fails first, with the same reason, as inline.
 */
async function openOnThreadPool(elements: Element[]): Promise<string> {
  const started: { e: Element; opened: Promise<unknown> }[] = [];
  for (const e of elements) {
    let input: Parameters<typeof openBiometric>[0];
    try {
      input = openInput(e);
    } catch (formFailure) {
      for (const p of started) settle(p.e, await p.opened);
      throw formFailure;
    }
    // Rejections become values, so that none is left unhandled when an earlier element fails.
    started.push({ e, opened: openBiometricAsync(input).then(undefined, (err: unknown) => err) });
  }
  for (const p of started) settle(p.e, await p.opened);
  return SESSION_KEYS_PASS;
}

export const DECRYPTION_CHECKS: Check[] = [
  {
    // IDA #9 (keymanager key selection by thumbprint).
    name: 'thumbprint',
    run: (s) => {
      if (s.purpose !== 'Auth') return { notRun: 'Registration captures are not encrypted' };
      if (s.keys.length === 0) fail('VER_THUMBPRINT', 'no decryption key given for Auth captures');
      for (const e of s.elements) e.key = keyFor(s.keys, e.raw.thumbprint, where(e));
      return 'thumbprints name the decryption certificate';
    },
  },
  {
    // IDA #9: RSA-OAEP-SHA256/MGF1-SHA256 unwrap. One openBiometric call per element serves this
    // check and the next; its session-key errors are reported here, the GCM errors there.
    name: 'sessionKey',
    run: (s) => {
      if (s.purpose !== 'Auth') return { notRun: 'Registration captures are not encrypted' };
      if (s.opts.unwrapOnThreadPool) return openOnThreadPool(s.elements);
      for (const e of s.elements) {
        const input = openInput(e);
        let opened: unknown;
        try {
          opened = openBiometric(input);
        } catch (err) {
          opened = err;
        }
        settle(e, opened);
      }
      return SESSION_KEYS_PASS;
    },
  },
  {
    name: 'bioValue',
    run: (s) => {
      for (const e of s.elements) {
        if (s.purpose === 'Auth') {
          if (e.opened instanceof CryptoError)
            fail('VER_DECRYPT', `${where(e)}.bioValue: ${e.opened.code}: ${e.opened.message}`);
          e.plain = e.opened as Buffer;
        } else {
          try {
            e.plain = fromBase64Any(str(e.data.bioValue));
          } catch {
            fail('VER_DECRYPT', `${where(e)}.bioValue is not base64url`);
          }
        }
        e.opened = undefined;
      }
      return s.purpose === 'Auth'
        ? 'every bioValue decrypts (AES-256-GCM, IV/AAD from timestamp XOR transactionId)'
        : 'every bioValue decodes (base64url)';
    },
  },
  {
    // IDA #10: 1.2+ chain over the plain records in array order (crypto.md §8).
    name: 'hash',
    run: (s) => {
      for (const e of s.elements) {
        if (!e.raw.hash) fail('VER_HASH_MISSING', `${where(e)}.hash missing`);
      }
      const chain = s.elements.map((e) => ({
        hash: e.raw.hash as string,
        bio: e.plain,
        dataJson: e.payloadText,
      }));
      const previousHash = s.request.bio[0]?.previousHash ?? '';
      try {
        const { rule } = verifyHashChain(chain, {
          previousHash,
          allowLegacy115: s.opts.allowLegacyHash115 === true,
        });
        return `hash chain holds (MOSIP ${rule} rule)`;
      } catch (err) {
        if (!(err instanceof CryptoError)) throw err;
        if (err.code !== 'ERR_HASH_CHAIN') fail('VER_HASH_CHAIN', `hash: ${err.message}`);
        if (!s.opts.allowLegacyHash115) {
          try {
            verifyHashChain(chain, { previousHash, allowLegacy115: true });
            fail(
              'VER_HASH_CHAIN',
              'the hashes follow the MOSIP 1.1.5 rule, which IDA 1.2+ refuses (allowLegacyHash115 is off)',
            );
          } catch (legacy) {
            if (legacy instanceof CheckFailure) throw legacy;
          }
        }
        fail('VER_HASH_CHAIN', err.message);
      }
    },
  },
];
