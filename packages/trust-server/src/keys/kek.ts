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

/**
 * The key-encryption key protecting the platform's private keys at rest: MOSIP_TRUST_KEK, else the
 * key file (MOSIP_TRUST_KEK_FILE, default <dataDir>/kek.key, mode 0600). The key file is created on
 * first start outside production; production takes only an explicitly given key (src/keys/production-kek.ts). Returned as the hex passphrase used for PKCS#8 encryption.
 */
export function loadKek(config: TrustConfig): string {
  assertProductionKekSource(config);
  if (config.kek) return decode(config.kek, 'MOSIP_TRUST_KEK').toString('hex');
  const path = config.kekFile ?? join(config.dataDir, 'kek.key');
  if (existsSync(path)) {
    if ((statSync(path).mode & 0o077) !== 0) {
      throw new TrustError(
        'TS_KEK_INVALID',
        `key file ${path} must not be readable by group or others (chmod 600)`,
      );
    }
    return decode(readFileSync(path, 'utf8'), path).toString('hex');
  }
  const key = randomBytes(32);
  writeFileSync(path, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  return key.toString('hex');
}
