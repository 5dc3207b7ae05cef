/**
 * The device service's state directory: JSON documents written atomically with mode 0600, and private
 * keys encrypted at rest under a key-encryption passphrase taken from MOSIP_DEVICE_KEK or, when that is
 * unset, from a generated key file `kek.key` (mode 0600) in the directory. Secrets are never logged.
 */

import type { KeyObject } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decryptPrivateKeyPem, encryptPrivateKeyPem } from '@mosip-trust/crypto';
import { DeviceServiceError } from '../errors.ts';

export const KEK_ENV = 'MOSIP_DEVICE_KEK';
const KEK_FILE = 'kek.key';

export class StateStore {
  private constructor(
    readonly dir: string,
    private readonly kek: string,
  ) {}

  /** Opens (creating when needed) a state directory and loads its key-encryption passphrase. */
  static async open(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<StateStore> {
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
    } catch (e) {
      throw new DeviceServiceError(
        'ERR_STATE',
        `cannot create state directory ${dir}: ${(e as Error).message}`,
      );
    }
    const fromEnv = env[KEK_ENV];
    if (fromEnv !== undefined && fromEnv !== '') {
      if (fromEnv.length < 16)
        throw new DeviceServiceError('ERR_KEK', `${KEK_ENV} must be at least 16 characters`);
      return new StateStore(dir, fromEnv);
    }
    return new StateStore(dir, await loadOrCreateKekFile(join(dir, KEK_FILE)));
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  async readJson<T>(name: string): Promise<T | undefined> {
    let text: string;
    try {
      text = await readFile(this.path(name), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new DeviceServiceError('ERR_STATE', `cannot read ${name}: ${(e as Error).message}`);
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new DeviceServiceError('ERR_STATE', `${name} in the state directory is not valid JSON`);
    }
  }

  /** Atomic write: temporary file then rename, mode 0600. */
  async writeJson(name: string, value: unknown): Promise<void> {
    const target = this.path(name);
    const tmp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
    await rename(tmp, target);
  }

  sealKey(key: KeyObject): string {
    return encryptPrivateKeyPem(key, this.kek);
  }

  openKey(pem: string): KeyObject {
    try {
      return decryptPrivateKeyPem(pem, this.kek);
    } catch {
      throw new DeviceServiceError(
        'ERR_KEK',
        `cannot decrypt a key in ${this.dir}: wrong key-encryption key (${KEK_ENV} or ${KEK_FILE})`,
      );
    }
  }
}

async function loadOrCreateKekFile(file: string): Promise<string> {
  try {
    const info = await stat(file);
    if ((info.mode & 0o077) !== 0)
      throw new DeviceServiceError('ERR_KEK', `${file} must not be readable by group or others (chmod 600)`);
    const text = (await readFile(file, 'utf8')).trim();
    if (text.length < 16) throw new DeviceServiceError('ERR_KEK', `${file} is too short`);
    return text;
  } catch (e) {
    if (e instanceof DeviceServiceError) throw e;
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new DeviceServiceError('ERR_KEK', `cannot read ${file}: ${(e as Error).message}`);
  }
  const kek = randomBytes(32).toString('base64url');
  await writeFile(file, `${kek}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  return kek;
}
