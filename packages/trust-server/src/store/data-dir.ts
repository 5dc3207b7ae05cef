import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { TrustError } from '../errors.ts';

/**
 * Creates the data directory as 0700, or checks an existing one: it must belong to the running user and
 * nobody else may write to it (someone who can could replace the store or the key file). Read or search
 * bits for group and others are taken away, so the store's files inside are private whatever their mode.
 * Used for PGlite and PostgreSQL alike (the key file and the audit anchor live there).
 */
export function prepareDataDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  const st = statSync(path);
  if (!st.isDirectory())
    throw new TrustError('TS_DATA_DIR_UNSAFE', `data directory ${path} is not a directory`);
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid)
    throw new TrustError(
      'TS_DATA_DIR_UNSAFE',
      `data directory ${path} belongs to user ${st.uid}, not to the user running the server (${uid})`,
    );
  if ((st.mode & 0o022) !== 0)
    throw new TrustError(
      'TS_DATA_DIR_UNSAFE',
      `data directory ${path} is writable by group or others (mode ${(st.mode & 0o777).toString(8)}); chmod 700 it`,
    );
  if ((st.mode & 0o077) !== 0) chmodSync(path, 0o700);
}
