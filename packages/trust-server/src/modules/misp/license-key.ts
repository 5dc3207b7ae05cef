import { randomInt } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** mosip.kernel.idgenerator.misp.license-key-length: 50 characters of [0-9a-zA-Z] (~297 bits). */
export const LICENSE_KEY_LENGTH = 50;

/** A licence key in MOSIP's shape: URL-safe, so it fits the auth URL's first segment. */
export function generateLicenseKey(): string {
  let key = '';
  for (let i = 0; i < LICENSE_KEY_LENGTH; i++) key += ALPHABET[randomInt(ALPHABET.length)];
  return key;
}

export function isWellFormedLicenseKey(value: string): boolean {
  return value.length === LICENSE_KEY_LENGTH && /^[0-9a-zA-Z]+$/.test(value);
}
