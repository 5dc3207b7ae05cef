import { createHash, randomBytes } from 'node:crypto';

/**
 * API key secrets. A key is 256 random bits rendered base64url (URL-safe: it travels as the last path
 * segment of the auth URL). Only its SHA-256 is stored. A slow password hash (scrypt, argon2) buys nothing
 * here: it exists to make guessing low-entropy human passwords expensive, and a 256-bit random secret cannot
 * be guessed anyway; a plain SHA-256 keeps validation to one indexed lookup on the auth hot path.
 */

const KEY_BYTES = 32;

/** A fresh secret and its storage form. `prefix` (first 8 characters) is safe to display to identify a key. */
export function generateSecret(): { secret: string; hash: string; prefix: string } {
  const secret = randomBytes(KEY_BYTES).toString('base64url');
  return { secret, hash: hashSecret(secret), prefix: secret.slice(0, 8) };
}

/** Lower-case hex SHA-256 of the secret's UTF-8 bytes. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** A well-formed secret is 43 base64url characters; anything else cannot be a key and needs no lookup. */
export function isWellFormedSecret(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}
