import {
  createHash,
  randomBytes,
  type ScryptOptions,
  scrypt as scryptCb,
  timingSafeEqual,
} from 'node:crypto';

/** scrypt cost N (2^15 with r=8, p=1: ~32 MiB, tens of milliseconds); the parameters are stored with each hash. */
export const SCRYPT_COST = 32768;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

function scrypt(
  password: string,
  salt: Buffer,
  params: { N: number; r: number; p: number },
): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 128 * params.N * params.r * 2 };
  return new Promise((resolve, reject) =>
    scryptCb(password.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/**
 * `scrypt$N$r$p$salt$hash`, salt and hash base64url. `cost` (N) is lowered only by the test-only
 * configuration parameter `testScryptCost`, which production mode refuses.
 */
export async function hashPassword(password: string, cost: number = SCRYPT_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, { N: cost, r: R, p: P });
  return `scrypt$${cost}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const salt = Buffer.from(parts[4] as string, 'base64url');
  const expected = Buffer.from(parts[5] as string, 'base64url');
  const key = await scrypt(password, salt, { N, r, p });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash to compare against when the user does not exist, so timing does not reveal user names. */
const dummyHashes = new Map<number, Promise<string>>();
export function dummyPasswordHash(cost: number = SCRYPT_COST): Promise<string> {
  let hash = dummyHashes.get(cost);
  if (!hash) {
    hash = hashPassword(randomBytes(16).toString('hex'), cost);
    dummyHashes.set(cost, hash);
  }
  return hash;
}

/** A random password for one-time use (admin create): 24 characters of base64url. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/** A random secret for machine clients. */
export function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Machine client secrets are 256 random bits made by `generateSecret`: nothing to guess, so a SHA-256
 * (`sha256$hex`) is as safe as scrypt and costs microseconds instead of tens of milliseconds per login.
 */
export function hashClientSecret(secret: string): string {
  return `sha256$${createHash('sha256').update(secret, 'utf8').digest('hex')}`;
}

/** Checks a client secret against its `sha256$` hash (or an scrypt hash stored by earlier versions). */
export async function verifyClientSecret(secret: string, stored: string): Promise<boolean> {
  if (!stored.startsWith('sha256$')) return verifyPassword(secret, stored);
  const expected = Buffer.from(stored);
  const actual = Buffer.from(hashClientSecret(secret));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
