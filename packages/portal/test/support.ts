/**
 * Browser-test support: the real trust server (the CLI, a child process on a fresh data directory and a
 * free port) with the built portal, Debian's Chromium through playwright-core, axe-core injected into
 * each page, and certificates made with the openssl CLI.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const CLI = join(ROOT, 'packages', 'cli', 'bin', 'mosip-trust.js');
const PORTAL = join(ROOT, 'packages', 'portal');

/** The newest modification time under `dir` (the portal's sources). */
function newest(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((latest, entry) => Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs), 0);
}

/**
 * Builds the portal when dist/ is missing or older than its sources (npm ci builds it; a fresh checkout
 * without install may not have, and a test after an edit would otherwise drive the previous build).
 */
export function ensurePortalBuilt(): void {
  if (portalBuildIsCurrent()) return;
  // Two test files may find the build stale at once: one builds, the other waits for it (a lock directory).
  const lock = join(PORTAL, '.build-lock');
  const deadline = Date.now() + 600_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`${lock} held for 10 minutes: remove it if no build runs`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    if (!portalBuildIsCurrent())
      execFileSync('npm', ['run', 'build', '-w', '@mosip-trust/portal'], { cwd: ROOT, stdio: 'inherit' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function portalBuildIsCurrent(): boolean {
  const built = join(PORTAL, 'dist', 'index.html');
  return (
    existsSync(built) &&
    statSync(built).mtimeMs >=
      Math.max(newest(join(PORTAL, 'src')), statSync(join(PORTAL, 'index.html')).mtimeMs)
  );
}

export interface RunningServer {
  url: string;
  adminPassword: string;
  stop: () => Promise<void>;
}

function cli(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** `mosip-trust admin create` then `mosip-trust server --port 0` on a fresh data directory. */
export async function startServer(): Promise<RunningServer> {
  const data = mkdtempSync(join(tmpdir(), 'portal-test-'));
  const env = { MOSIP_TRUST_LOG_LEVEL: 'warn', MOSIP_TRUST_KEK: undefined };
  const created = execFileSync(
    process.execPath,
    ['--import', 'tsx', CLI, 'admin', 'create', '--user', 'admin', '--data', data, '--json'],
    { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' },
  );
  const adminPassword = (JSON.parse(created) as { oneTimePassword?: string }).oneTimePassword;
  assert.ok(adminPassword, `admin create printed no one-time password: ${created}`);
  const child = cli(['server', '--port', '0', '--data', data], env);
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 90_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[\d.:]+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${output}`));
    });
  });
  return {
    url,
    adminPassword,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(data, { recursive: true, force: true });
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** Runs axe-core in the page; fails on any serious or critical violation. */
export async function assertAccessible(page: Page, name: string): Promise<void> {
  await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run: (c: Document) => Promise<{ violations: unknown[] }> } }
    ).axe;
    return (await axe.run(document)).violations;
  })) as AxeViolation[];
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    bad.map((v) => `${v.impact} ${v.id}: ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`),
    [],
    `accessibility of ${name}`,
  );
}

/** Where screenshots go: docs/screenshots with UPDATE_SCREENSHOTS=1, else a temporary folder. */
export function screenshotDir(): string {
  const dir =
    process.env.UPDATE_SCREENSHOTS === '1'
      ? join(ROOT, 'docs', 'screenshots')
      : mkdtempSync(join(tmpdir(), 'portal-screenshots-'));
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Development certificates made with the openssl CLI. */
export class Pki {
  readonly dir = mkdtempSync(join(tmpdir(), 'portal-pki-'));

  private run(args: string[]): void {
    execFileSync('openssl', args, { cwd: this.dir, stdio: 'pipe' });
  }

  /** A self-signed CA (RSA 2048, SHA-256). Returns the PEM file path. */
  rootCa(name: string, organisation: string, days = 800): string {
    this.run([
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-days',
      String(days),
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.pem`,
      '-subj',
      `/CN=${organisation} CA/O=${organisation}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    return join(this.dir, `${name}.pem`);
  }

  /** A leaf signed by the CA `issuer`. */
  leaf(name: string, issuer: string, organisation: string, days = 400): string {
    this.run([
      'req',
      '-new',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      `/CN=${name}/O=${organisation}`,
    ]);
    writeFileSync(
      join(this.dir, `${name}.ext`),
      'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n',
    );
    this.run([
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${issuer}.pem`,
      '-CAkey',
      `${issuer}.key`,
      '-CAcreateserial',
      '-sha256',
      '-days',
      String(days),
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.pem`,
    ]);
    return join(this.dir, `${name}.pem`);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** At 1280 and 390 pixels wide: axe-core on the page and a full-page screenshot into `dir`. */
export async function checkPage(page: Page, name: string, dir: string): Promise<void> {
  await page.locator('main h1').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
  const size = page.viewportSize() ?? { width: 1280, height: 900 };
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await assertAccessible(page, `${name} at ${width} px`);
    await page.screenshot({ path: join(dir, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize(size);
}
