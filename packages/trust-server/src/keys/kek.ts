import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrustConfig } from '../config.ts';
import { TrustError } from '../errors.ts';
import { assertProductionKekSource } from './production-kek.ts';

function decode(text: string, source: string): Buffer {
  const t = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (bytes.length !== 32)
    throw new TrustError('TS_KEK_INVALID', `${source} must hold 32 bytes (64 hex digits or base64)`);
  return bytes;
}

const kekPath = (config: TrustConfig) => config.kekFile ?? join(config.dataDir, 'kek.key');

/**
 * The key-encryption key protecting the platform's private keys at rest, as the hex passphrase used for
 * PKCS#8 encryption: MOSIP_TRUST_KEK, else the key file (MOSIP_TRUST_KEK_FILE, default <dataDir>/kek.key,
 * mode 0600); undefined when there is none yet (outside production, `createKek` makes it). Production
 * takes only an explicitly given key (src/keys/production-kek.ts). Read before the store is opened: a
 * refused key must not leave behind a migrated store whose audit head no start has sealed.
 */
export function readKek(config: TrustConfig): string | undefined {
  assertProductionKekSource(config);
  if (config.kek) return decode(config.kek, 'MOSIP_TRUST_KEK').toString('hex');
  const path = kekPath(config);
  if (!existsSync(path)) return undefined;
  if ((statSync(path).mode & 0o077) !== 0) {
    throw new TrustError(
      'TS_KEK_INVALID',
      `key file ${path} must not be readable by group or others (chmod 600)`,
    );
  }
  return decode(readFileSync(path, 'utf8'), path).toString('hex');
}

/** Generates the key file on a first start outside production (the data directory exists by then). */
export function createKek(config: TrustConfig): string {
  const key = randomBytes(32);
  writeFileSync(kekPath(config), `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  return key.toString('hex');
}

/** The KEK, created when missing (outside production). */
export function loadKek(config: TrustConfig): string {
  return readKek(config) ?? createKek(config);
}
