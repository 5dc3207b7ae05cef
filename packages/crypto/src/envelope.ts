import {
  constants,
  createCipheriv,
  createDecipheriv,
  type KeyObject,
  privateDecrypt,
  publicEncrypt,
  randomFillSync,
} from 'node:crypto';
import { parseDerCached } from './certificate-info.ts';
import { fromBase64Any, fromHex, toBase64Url } from './encoding.ts';
import { assertBytes, assertString, CryptoError } from './errors.ts';

const TAG_LENGTH = 16;
const SESSION_KEY_LENGTH = 32;

/**
 * timestamp XOR transactionId over their UTF-8 bytes, the shorter one left-padded with zero bytes
 * (IDA BytesUtil.getXOR); AAD = last 16 bytes, IV = last 12 bytes (reference/crypto.md §5).
 */
export function deriveAadIv(
  timestamp: string,
  transactionId: string,
): { xor: Buffer; aad: Buffer; iv: Buffer } {
  assertString(timestamp, 'timestamp');
  assertString(transactionId, 'transactionId');
  const a = Buffer.from(timestamp, 'utf8');
  const b = Buffer.from(transactionId, 'utf8');
  const n = Math.max(a.length, b.length);
  if (n < 16)
    throw new CryptoError('ERR_INVALID_INPUT', 'timestamp and transactionId give fewer than 16 bytes');
  const xor = Buffer.alloc(n);
  const da = n - a.length;
  const db = n - b.length;
  for (let i = 0; i < n; i++)
    xor[i] = (i < da ? 0 : (a[i - da] as number)) ^ (i < db ? 0 : (b[i - db] as number));
  return { xor, aad: xor.subarray(n - 16), iv: xor.subarray(n - 12) };
}

/** AES-256-GCM, 128-bit tag appended: `ct ‖ tag` (keymanager CryptoCore.symmetricDecrypt layout). */
export function gcmSeal(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_LENGTH });
  cipher.setAAD(aad);
  return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

/** Inverse of gcmSeal: ERR_DECRYPT_TRUNCATED without room for a tag, ERR_DECRYPT_TAG when it fails. */
export function gcmOpen(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, sealed: Buffer): Buffer {
  if (sealed.length < TAG_LENGTH) {
    throw new CryptoError(
      'ERR_DECRYPT_TRUNCATED',
      `ciphertext is ${sealed.length} bytes, shorter than the GCM tag`,
    );
  }
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_LENGTH });
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_LENGTH));
  const plain = decipher.update(sealed.subarray(0, sealed.length - TAG_LENGTH));
  try {
    return Buffer.concat([plain, decipher.final()]);
  } catch (cause) {
    throw new CryptoError('ERR_DECRYPT_TAG', 'AES-GCM authentication failed', { cause });
  }
}

interface EncryptionCertificate {
  publicKey: KeyObject;
  thumbprint: string;
  thumbprintBytes: Buffer;
}

// Every biometric of every capture uses the same platform certificate: parsed once (cache).
function encryptionCertificate(der: Uint8Array): EncryptionCertificate {
  const { info, publicKey } = parseDerCached(der);
  if (publicKey.asymmetricKeyType !== 'rsa') {
    throw new CryptoError('ERR_KEY', 'the encryption certificate must hold an RSA key (RSA-OAEP)');
  }
  return { publicKey, thumbprint: info.thumbprintHex, thumbprintBytes: fromHex(info.thumbprintHex) };
}

// Session keys are cut from a CSPRNG buffer refilled every 64 keys: one getrandom call per key costs
// about as much as the AES work on a small record. Each key is copied out and its bytes zeroed.
const keyPool = Buffer.alloc(SESSION_KEY_LENGTH * 64);
let keyPoolOffset = keyPool.length;

function freshSessionKey(): Buffer {
  if (keyPoolOffset === keyPool.length) {
    randomFillSync(keyPool);
    keyPoolOffset = 0;
  }
  const key = Buffer.from(keyPool.subarray(keyPoolOffset, keyPoolOffset + SESSION_KEY_LENGTH));
  keyPool.fill(0, keyPoolOffset, keyPoolOffset + SESSION_KEY_LENGTH);
  keyPoolOffset += SESSION_KEY_LENGTH;
  return key;
}

const OAEP_SHA256 = { padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' } as const;

/**
 * Encrypts one biometric record for the platform (Auth CAPTURE): fresh AES-256 key, GCM with the
 * XOR-derived IV/AAD, `ct‖tag`; the key under RSA-OAEP(SHA-256, MGF1-SHA-256). All base64url, no padding.
 */
export function sealBiometric(input: {
  record: Uint8Array;
  timestamp: string;
  transactionId: string;
  encryptionCertificateDer: Uint8Array;
}): { bioValue: string; sessionKey: string; thumbprint: string } {
  assertBytes(input?.record, 'record');
  assertBytes(input.encryptionCertificateDer, 'encryptionCertificateDer');
  const { iv, aad } = deriveAadIv(input.timestamp, input.transactionId);
  const cert = encryptionCertificate(input.encryptionCertificateDer);
  const key = freshSessionKey();
  const sealed = gcmSeal(key, iv, aad, input.record);
  const wrapped = publicEncrypt({ key: cert.publicKey, ...OAEP_SHA256 }, key);
  return { bioValue: toBase64Url(sealed), sessionKey: toBase64Url(wrapped), thumbprint: cert.thumbprint };
}

/** A thumbprint as 32 bytes: hex of either case (MOSIP 1.2+) or base64/base64url (1.1.5), as IDA accepts. */
export function thumbprintBytes(thumbprint: string): Buffer {
  assertString(thumbprint, 'thumbprint');
  const bytes = /^[0-9a-fA-F]{64}$/.test(thumbprint) ? fromHex(thumbprint) : fromBase64Any(thumbprint);
  if (bytes.length !== 32) throw new CryptoError('ERR_ENCODING', 'a thumbprint is 32 bytes (SHA-256)');
  return bytes;
}

function decode(text: string, name: string): Buffer {
  assertString(text, name);
  try {
    return fromBase64Any(text);
  } catch (cause) {
    throw new CryptoError('ERR_ENCODING', `${name} is not base64url`, { cause });
  }
}

/** Reverses sealBiometric with the platform's private key; every failure has its own code. */
export function openBiometric(input: {
  bioValue: string;
  sessionKey: string;
  timestamp: string;
  transactionId: string;
  privateKey: KeyObject;
  thumbprint?: string;
  certificateDer?: Uint8Array;
}): Buffer {
  if (input?.privateKey?.type !== 'private' || input.privateKey.asymmetricKeyType !== 'rsa') {
    throw new CryptoError('ERR_KEY', 'privateKey must be an RSA private KeyObject');
  }
  if (input.thumbprint !== undefined && input.certificateDer !== undefined) {
    assertBytes(input.certificateDer, 'certificateDer');
    if (
      !thumbprintBytes(input.thumbprint).equals(encryptionCertificate(input.certificateDer).thumbprintBytes)
    ) {
      throw new CryptoError(
        'ERR_THUMBPRINT_MISMATCH',
        'thumbprint is not that of the encryption certificate',
      );
    }
  }
  const { iv, aad } = deriveAadIv(input.timestamp, input.transactionId);
  const sealed = decode(input.bioValue, 'bioValue');
  const wrapped = decode(input.sessionKey, 'sessionKey');
  const modulusBytes = Math.ceil((input.privateKey.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
  if (wrapped.length < modulusBytes) {
    throw new CryptoError(
      'ERR_DECRYPT_TRUNCATED',
      `sessionKey is ${wrapped.length} bytes, expected ${modulusBytes}`,
    );
  }
  let key: Buffer;
  try {
    key = privateDecrypt({ key: input.privateKey, ...OAEP_SHA256 }, wrapped);
  } catch (cause) {
    throw new CryptoError(
      'ERR_SESSION_KEY',
      'sessionKey does not decrypt with RSA-OAEP-SHA256 and this key',
      {
        cause,
      },
    );
  }
  if (key.length !== SESSION_KEY_LENGTH) {
    throw new CryptoError(
      'ERR_SESSION_KEY',
      `session key is ${key.length} bytes, expected ${SESSION_KEY_LENGTH}`,
    );
  }
  return gcmOpen(key, iv, aad, sealed);
}
