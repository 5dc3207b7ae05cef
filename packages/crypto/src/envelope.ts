import {
  constants,
  createCipheriv,
  createDecipheriv,
  type KeyObject,
  privateDecrypt,
  publicEncrypt,
  randomFillSync,
  webcrypto,
} from 'node:crypto';
import { type ParsedCertificate, parseDerCached } from './certificate-info.ts';
import { fromBase64Any, fromHex, toBase64Url } from './encoding.ts';
import { assertBytes, assertString, CryptoError } from './errors.ts';

const TAG_LENGTH = 16;
const SESSION_KEY_LENGTH = 32;

/**
 * timestamp XOR transactionId over their UTF-8 bytes, the shorter one left-padded with zero bytes
 * (IDA BytesUtil.getXOR); AAD = last 16 bytes, IV = last 12 bytes (docs/crypto.md, Capture envelope).
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

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * The AAD of deriveAadIv (its last 12 bytes are the IV), computed from the last 16 characters alone
 * when both strings are ASCII (one byte per character): the full XOR, with its three buffers, cost
 * 2–3 µs per biometric. Anything else, errors included, goes through deriveAadIv.
 */
export function aadFor(timestamp: string, transactionId: string): Buffer {
  if (
    typeof timestamp !== 'string' ||
    typeof transactionId !== 'string' ||
    Math.max(timestamp.length, transactionId.length) < 16 ||
    !isAscii(timestamp) ||
    !isAscii(transactionId)
  ) {
    return deriveAadIv(timestamp, transactionId).aad;
  }
  const aad = Buffer.allocUnsafe(16);
  const da = timestamp.length - 16;
  const db = transactionId.length - 16;
  for (let i = 0; i < 16; i++) {
    aad[i] =
      (i + da < 0 ? 0 : timestamp.charCodeAt(i + da)) ^ (i + db < 0 ? 0 : transactionId.charCodeAt(i + db));
  }
  return aad;
}

/**
 * base64url of AES-256-GCM `ct ‖ tag` with the 128-bit tag appended (keymanager CryptoCore layout).
 * The ciphertext is produced in two parts, the first a multiple of 3 bytes long, so that
 * base64url(head) + base64url(tail) = base64url(head ‖ tail): the record-sized ciphertext is never
 * copied into one buffer (that copy cost about as much as the encryption of an 8 KB record).
 */
export function gcmSealBase64Url(
  key: Uint8Array,
  iv: Uint8Array,
  aad: Uint8Array,
  plaintext: Uint8Array,
): string {
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_LENGTH });
  cipher.setAAD(aad);
  const cut = plaintext.length - (plaintext.length % 3);
  // GCM is a stream mode: update returns exactly as many bytes as it is given.
  const head = cipher.update(plaintext.subarray(0, cut));
  const tail = Buffer.concat([cipher.update(plaintext.subarray(cut)), cipher.final(), cipher.getAuthTag()]);
  return head.toString('base64url') + tail.toString('base64url');
}

/** Opens `ct ‖ tag`: ERR_DECRYPT_TRUNCATED without room for a tag, ERR_DECRYPT_TAG when it fails. */
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
    const rest = decipher.final(); // empty for GCM: no need to copy the record into a new buffer
    return rest.length === 0 ? plain : Buffer.concat([plain, rest]);
  } catch (cause) {
    throw new CryptoError('ERR_DECRYPT_TAG', 'AES-GCM authentication failed', { cause });
  }
}

interface EncryptionCertificate {
  publicKey: KeyObject;
  thumbprint: string;
  thumbprintBytes: Buffer;
}

// Every biometric of every capture is sealed to the same platform certificate: its key and
// thumbprint forms are derived once per parsed certificate.
const encryptionCertificates = new WeakMap<ParsedCertificate, EncryptionCertificate>();

function encryptionCertificate(der: Uint8Array): EncryptionCertificate {
  const parsed = parseDerCached(der);
  let cert = encryptionCertificates.get(parsed);
  if (!cert) {
    if (parsed.publicKey.asymmetricKeyType !== 'rsa') {
      throw new CryptoError('ERR_KEY', 'the encryption certificate must hold an RSA key (RSA-OAEP)');
    }
    const { thumbprintHex } = parsed.info;
    cert = {
      publicKey: parsed.publicKey,
      thumbprint: thumbprintHex,
      thumbprintBytes: fromHex(thumbprintHex),
    };
    encryptionCertificates.set(parsed, cert);
  }
  return cert;
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
  const aad = aadFor(input.timestamp, input.transactionId);
  const cert = encryptionCertificate(input.encryptionCertificateDer);
  const key = freshSessionKey();
  const bioValue = gcmSealBase64Url(key, aad.subarray(4), aad, input.record);
  const wrapped = publicEncrypt({ key: cert.publicKey, ...OAEP_SHA256 }, key);
  return { bioValue, sessionKey: toBase64Url(wrapped), thumbprint: cert.thumbprint };
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

interface OpenBiometricInput {
  bioValue: string;
  sessionKey: string;
  timestamp: string;
  transactionId: string;
  privateKey: KeyObject;
  thumbprint?: string;
  certificateDer?: Uint8Array;
}

/** Everything openBiometric checks and decodes before the RSA unwrap, in the same order. */
function prepareOpen(input: OpenBiometricInput): { aad: Buffer; sealed: Buffer; wrapped: Buffer } {
  assertRsaPrivateKey(input?.privateKey);
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
  const aad = aadFor(input.timestamp, input.transactionId);
  const sealed = decode(input.bioValue, 'bioValue');
  const wrapped = decode(input.sessionKey, 'sessionKey');
  const modulusBytes = Math.ceil((input.privateKey.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
  if (wrapped.length < modulusBytes) {
    throw new CryptoError(
      'ERR_DECRYPT_TRUNCATED',
      `sessionKey is ${wrapped.length} bytes, expected ${modulusBytes}`,
    );
  }
  return { aad, sealed, wrapped };
}

function unwrapFailure(cause: unknown): CryptoError {
  return new CryptoError('ERR_SESSION_KEY', 'sessionKey does not decrypt with RSA-OAEP-SHA256 and this key', {
    cause,
  });
}

/** The GCM open after the unwrap: the session key must be 256 bits. */
function finishOpen(key: Buffer, aad: Buffer, sealed: Buffer): Buffer {
  if (key.length !== SESSION_KEY_LENGTH) {
    throw new CryptoError(
      'ERR_SESSION_KEY',
      `session key is ${key.length} bytes, expected ${SESSION_KEY_LENGTH}`,
    );
  }
  return gcmOpen(key, aad.subarray(4), aad, sealed);
}

/** Reverses sealBiometric with the platform's private key; every failure has its own code. */
export function openBiometric(input: OpenBiometricInput): Buffer {
  const { aad, sealed, wrapped } = prepareOpen(input);
  let key: Buffer;
  try {
    key = privateDecrypt({ key: input.privateKey, ...OAEP_SHA256 }, wrapped);
  } catch (cause) {
    throw unwrapFailure(cause);
  }
  return finishOpen(key, aad, sealed);
}

// WebCrypto's RSA-OAEP decrypt runs on libuv's thread pool. Each private key is imported once.
const oaepKeys = new WeakMap<KeyObject, Promise<webcrypto.CryptoKey>>();

function oaepKey(privateKey: KeyObject): Promise<webcrypto.CryptoKey> {
  let key = oaepKeys.get(privateKey);
  if (!key) {
    key = webcrypto.subtle.importKey(
      'pkcs8',
      privateKey.export({ format: 'der', type: 'pkcs8' }),
      { name: 'RSA-OAEP', hash: 'SHA-256' },
      false,
      ['decrypt'],
    );
    oaepKeys.set(privateKey, key);
  }
  return key;
}

function assertRsaPrivateKey(privateKey: KeyObject): void {
  if (privateKey?.type !== 'private' || privateKey.asymmetricKeyType !== 'rsa') {
    throw new CryptoError('ERR_KEY', 'privateKey must be an RSA private KeyObject');
  }
}

/**
 * Unwraps a session key with RSA-OAEP, SHA-256 and MGF1-SHA-256 (the operation of `privateDecrypt` with
 * `oaepHash: 'sha256'`) on libuv's thread pool, so that the event loop is free during the private
 * operation. ERR_KEY for a key that is not RSA and private, ERR_SESSION_KEY when it does not decrypt.
 */
export async function unwrapSessionKeyOnPool(privateKey: KeyObject, wrapped: Uint8Array): Promise<Buffer> {
  assertRsaPrivateKey(privateKey);
  assertBytes(wrapped, 'wrapped');
  try {
    const key = await oaepKey(privateKey);
    return Buffer.from(await webcrypto.subtle.decrypt({ name: 'RSA-OAEP' }, key, wrapped));
  } catch (cause) {
    throw unwrapFailure(cause);
  }
}

/**
 * openBiometric with the RSA unwrap on libuv's thread pool: the same checks in the same order, the same
 * bytes, and every failure the same code and message (as a rejection).
 */
export async function openBiometricAsync(input: OpenBiometricInput): Promise<Buffer> {
  const { aad, sealed, wrapped } = prepareOpen(input);
  return finishOpen(await unwrapSessionKeyOnPool(input.privateKey, wrapped), aad, sealed);
}
