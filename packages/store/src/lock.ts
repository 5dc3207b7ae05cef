import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { StoreError } from './errors.ts';

const LOCK_NAME = 'mosip-trust.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the data directory's lock file (PGlite itself does not stop a second process from
 * opening the same directory, which would corrupt it). A lock left by a process that no longer
 * runs (killed, crashed) is removed. Returns the function that releases the lock.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  const path = join(dataDir, LOCK_NAME);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(path, 'utf8').trim() === String(process.pid)) rmSync(path);
        } catch {
          // Already gone.
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let holder = Number.NaN;
    try {
      holder = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    } catch {
      // Removed between our open and read: try again.
    }
    if (Number.isInteger(holder) && alive(holder)) {
      throw new StoreError('TS_STORE_LOCKED', `data directory ${dataDir} is in use by process ${holder}`);
    }
    rmSync(path, { force: true });
  }
  throw new StoreError('TS_STORE_LOCKED', `cannot take the lock file ${path}`);
}
