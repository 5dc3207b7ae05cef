import { createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { assertString, CryptoError } from './errors.ts';

const generateKeyPairAsync = promisify(generateKeyPair);

/** An RSA key pair (e = 65537). 1024 is allowed only so tests can build weak-key negatives. */
export async function generateRsaKeyPair(
  bits = 2048,
): Promise<{ privateKey: KeyObject; publicKey: KeyObject }> {
  if (!Number.isInteger(bits) || bits < 1024 || bits > 16384 || bits % 8 !== 0) {
    throw new CryptoError(
      'ERR_INVALID_INPUT',
      `RSA key size must be a multiple of 8 in 1024..16384, got ${typeof bits === 'number' ? bits : typeof bits}`,
    );
  }
  return generateKeyPairAsync('rsa', { modulusLength: bits, publicExponent: 0x10001 });
}

function assertPrivateKey(key: unknown): asserts key is KeyObject {
  if (!key || typeof key !== 'object' || (key as KeyObject).type !== 'private') {
    throw new CryptoError('ERR_KEY', 'expected a private KeyObject');
  }
}

/** PKCS#8 PEM, encrypted (PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC) when a passphrase is given. */
export function encryptPrivateKeyPem(key: KeyObject, passphrase: string): string {
  assertPrivateKey(key);
  assertString(passphrase, 'passphrase');
  if (passphrase.length === 0) throw new CryptoError('ERR_INVALID_INPUT', 'passphrase must not be empty');
  return key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }) as string;
}

export function decryptPrivateKeyPem(pem: string, passphrase: string): KeyObject {
  assertString(pem, 'pem');
  assertString(passphrase, 'passphrase');
  try {
    return createPrivateKey({ key: pem, format: 'pem', passphrase });
  } catch (cause) {
    throw new CryptoError('ERR_KEY', 'cannot decrypt the private key (wrong passphrase or not PKCS#8 PEM)', {
      cause,
    });
  }
}

/** Unencrypted PKCS#8 PEM (development PKI files, written with mode 0600). */
export function privateKeyToPem(key: KeyObject): string {
  assertPrivateKey(key);
  return key.export({ type: 'pkcs8', format: 'pem' }) as string;
}

/** Reads an unencrypted private key in PKCS#8 or PKCS#1 PEM. */
export function importPrivateKeyPem(pem: string): KeyObject {
  assertString(pem, 'pem');
  try {
    return createPrivateKey({ key: pem, format: 'pem' });
  } catch (cause) {
    throw new CryptoError('ERR_KEY', 'not an unencrypted private key PEM', { cause });
  }
}

// Exporting a key is an OpenSSL encoder call (~0.13 ms): a certificate's parse hands over the
// SubjectPublicKeyInfo it already holds for its key (KeyObjects are immutable), so re-signing an uploaded
// certificate does not export its key again.
const knownSpki = new WeakMap<KeyObject, Buffer>();

/** Records `spki` as the SubjectPublicKeyInfo DER that `key.export` gives for this public key. */
export function rememberSpki(key: KeyObject, spki: Buffer): void {
  if (key.type === 'public') knownSpki.set(key, Buffer.from(spki));
}

/** SubjectPublicKeyInfo DER of a public or private key: the identity used to compare keys. */
export function spkiDer(key: KeyObject): Buffer {
  const known = knownSpki.get(key);
  if (known) return Buffer.from(known);
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return pub.export({ type: 'spki', format: 'der' });
}
