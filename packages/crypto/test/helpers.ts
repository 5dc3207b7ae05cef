import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

const here = new URL('.', import.meta.url);

/** A vector file of packages/crypto/vectors, parsed. */
export function readVectors<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../vectors/${name}`, here), 'utf8')) as T;
}

/** A fresh directory for this test file, removed when the file's tests end. */
export function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mosip-crypto-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs the openssl command line; returns stdout. Throws with stderr when openssl exits non-zero. */
export function openssl(args: string[], input?: Uint8Array): Buffer {
  return execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** openssl's exit status and combined output, for commands expected to fail. */
export function opensslStatus(args: string[]): { status: number; output: string } {
  try {
    const out = execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    return { status: 0, output: out.toString() };
  } catch (e) {
    const err = e as { status: number; stdout: Buffer; stderr: Buffer };
    return { status: err.status, output: `${err.stdout}${err.stderr}` };
  }
}

/** Runs `fn` and returns the code of the error it throws (fails the test when nothing is thrown). */
export async function errorCode(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (e) {
    return (e as { code?: string }).code ?? `no code: ${(e as Error).message}`;
  }
  throw new Error('expected an error, none was thrown');
}
