/**
 * The README's first-task walkthrough, run from the README's own code blocks: each block marked
 * `<!-- walkthrough:NAME -->` runs in order, in one bash session, against a trust server started by the
 * README's own `walkthrough:server` command on a temporary data directory and a free port. A change of
 * the code that breaks a step, or a README step that no longer works, fails here.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';

const ROOT = resolve(import.meta.dirname, '../../..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

interface Block {
  name: string;
  code: string;
}

/** The fenced sh blocks preceded by a `<!-- walkthrough:NAME -->` marker, in README order. */
function walkthroughBlocks(markdown: string): Block[] {
  const re = /<!-- walkthrough:([a-z-]+) -->\s*\n```sh\n([\s\S]*?)\n```/g;
  return [...markdown.matchAll(re)].map((m) => ({ name: m[1] as string, code: m[2] as string }));
}

/** What each block must print, block by block (a block added to the README needs its line here). */
const EXPECTED: Record<string, RegExp[][]> = {
  'auth-partner': [
    [/\{"name":"ops","roles":\["PARTNER_ADMIN","POLICYMANAGER"\]\}/],
    [/\{"policyName":"kyc","status":"PUBLISHED"\}/],
    [/\{"username":"bank1.user"\}/, /\{"partnerId":"bank1","status":"InProgress"\}/],
    [/\{"partnerID":"bank1","approvalStatus":"approved","status":"active"\}/],
    [/"Upload Success\."/, /subject=C = IN, O = Bank One, CN = Auth Partner/, /issuer=(?!.*Bank One)/],
    [
      /"Policy mapping approved successfully"/,
      /\{"apiKey":"[A-Za-z0-9_-]{43}","validTo":"[^"]+","label":"branch-app"\}/,
      /\{"apiKey":"[A-Za-z0-9_-]{43}","previousValidTo":"[^"]+"\}/,
    ],
  ],
  ftm: [
    [
      /\{"partnerID":"chipco","approvalStatus":"approved"\}/,
      /subject=C = IN, O = Chip Co, CN = FTM Root CA/,
      /"Status updated successfully\."/,
    ],
  ],
  'device-provider': [
    [
      /\{"partnerID":"acme","approvalStatus":"approved"\}/,
      /"Upload Success\."/,
      /"Device details approved successfully\."/,
      /"Secure biometric details approved successfully\."/,
    ],
  ],
  misp: [
    [
      /\{"partnerID":"misp1","approvalStatus":"approved"\}/,
      /\{"providerId":"misp1","licenseKeyStatus":"Active"\}/,
      /"totalResults":0/,
      /^transactionId,/m,
    ],
  ],
};

/** Paths the README's sh blocks write, relative to the repository root (outputs, data directories, redirects). */
function filesTheReadmeWrites(markdown: string): string[] {
  const code = [...markdown.matchAll(/```sh\n([\s\S]*?)\n```/g)].map((m) => m[1] as string).join('\n');
  const written = [...code.matchAll(/(?:--out|--output|-o|--data|--state|>)\s+([^\s)'"]+)/g)].map(
    (m) => m[1] as string,
  );
  return [...new Set(written.filter((path) => !/^(\/|~|\$|&)/.test(path)))];
}

/**
 * A working copy of the repository root (package.json without its install-time build, which npx would
 * otherwise run when it resolves the local package; packages; node_modules) in a temporary directory:
 * `npx mosip-trust` resolves exactly as in the repository root, and the files the examples write
 * (admin.pw, the pki-* folders, data/) land there. One fixed directory per checkout and purpose, because npx keeps an
 * entry per project directory in its cache.
 */
function workingCopy(purpose: string): string {
  const dir = join(
    tmpdir(),
    `mosip-trust-readme-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}-${purpose}`,
  );
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: object };
  const { prepare: _build, ...scripts } = manifest.scripts as Record<string, string>;
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...manifest, scripts }, null, 2));
  symlinkSync(join(ROOT, 'packages'), join(dir, 'packages'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** The commands of the sh blocks marked `<!-- example:offline -->`: continuation lines joined, comments kept. */
function offlineCommands(markdown: string): string[] {
  const re = /<!-- example:offline -->\s*\n```sh\n([\s\S]*?)\n```/g;
  return [...markdown.matchAll(re)]
    .flatMap((m) => (m[1] as string).replace(/\\\n\s*/g, ' ').split('\n'))
    .filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/** One bash session: each block runs in it (variables carry over); `set -e` makes a failing step end it. */
class Session {
  private readonly child: ChildProcess;
  private out = '';
  private err = '';
  private exited = false;
  private counter = 0;

  constructor(cwd: string, env: NodeJS.ProcessEnv) {
    this.child = spawn('bash', ['--noprofile', '--norc'], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout?.on('data', (c: Buffer) => {
      this.out += c.toString('utf8');
    });
    this.child.stderr?.on('data', (c: Buffer) => {
      this.err += c.toString('utf8');
    });
    this.child.once('exit', () => {
      this.exited = true;
    });
    this.child.stdin?.write('set -euo pipefail\n');
  }

  /** Runs one block; resolves with what it printed, rejects with stderr when it fails. */
  run(code: string): Promise<string> {
    this.counter += 1;
    const marker = `__walkthrough_step_${this.counter}_done__`;
    const start = this.out.length;
    const errStart = this.err.length;
    this.child.stdin?.write(`${code}\necho ${marker}\n`);
    return new Promise((resolveStep, reject) => {
      const check = () => {
        const i = this.out.indexOf(marker, start);
        if (i >= 0) {
          clearInterval(timer);
          resolveStep(this.out.slice(start, i));
        } else if (this.exited) {
          clearInterval(timer);
          reject(
            new Error(
              `the step failed:\n${code}\n--- stdout\n${this.out.slice(start)}\n--- stderr\n${this.err.slice(errStart)}`,
            ),
          );
        }
      };
      const timer = setInterval(check, 50);
    });
  }

  close(): void {
    if (!this.exited) this.child.kill('SIGTERM');
  }
}

const blocks = walkthroughBlocks(README);
let work: string;
let port: number;
let server: ChildProcess | undefined;
let session: Session;
let env: NodeJS.ProcessEnv;

describe('README first-task walkthrough', { timeout: 600_000 }, () => {
  before(async () => {
    work = workingCopy('walkthrough');
    port = await freePort();
    env = {
      ...process.env,
      TRUST: `http://127.0.0.1:${port}`,
      MOSIP_TRUST_PORT: String(port),
      npm_config_offline: 'true',
      npm_config_update_notifier: 'false',
    };
    for (const key of ['DATABASE_URL', 'MOSIP_TRUST_DATA_DIR', 'MOSIP_TRUST_CONFIG']) delete env[key];
  });

  after(async () => {
    session?.close();
    if (server?.pid !== undefined && server.exitCode === null) {
      const exited = new Promise((r) => server?.once('exit', r));
      process.kill(-server.pid, 'SIGTERM');
      await exited;
    }
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('the README marks the walkthrough blocks this test expects', () => {
    const names = blocks.map((b) => b.name);
    assert.deepEqual(names.slice(0, 2), ['setup', 'server']);
    for (const [name, steps] of Object.entries(EXPECTED))
      assert.equal(names.filter((n) => n === name).length, steps.length, `blocks marked walkthrough:${name}`);
    assert.equal(names.length, 2 + Object.values(EXPECTED).reduce((n, steps) => n + steps.length, 0));
  });

  test('setup: the operator account, created with a password file before the server runs', () => {
    const setup = blocks.find((b) => b.name === 'setup') as Block;
    const r = spawnSync('bash', ['-euo', 'pipefail', '-c', setup.code], { cwd: work, env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /username: ops/);
    assert.doesNotMatch(r.stdout, /oneTimePassword/);
    assert.ok(existsSync(join(work, 'admin.pw')));
  });

  test("server: the README's command starts the trust server", async () => {
    const block = blocks.find((b) => b.name === 'server') as Block;
    // Its own process group, so that the shell, npx and the server stop together.
    server = spawn('bash', ['-c', block.code], { cwd: work, env, detached: true, stdio: 'ignore' });
    let health: unknown;
    while (server.exitCode === null && health === undefined) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/health`);
        health = await res.json();
      } catch {
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    assert.deepEqual(health, { status: 'UP', store: 'pglite' });
    session = new Session(work, env);
  });

  for (const [name, steps] of Object.entries(EXPECTED)) {
    test(`walkthrough:${name}, step by step`, async () => {
      assert.ok(session, 'the server started');
      const mine = blocks.filter((b) => b.name === name);
      for (const [i, block] of mine.entries()) {
        const printed = await session.run(block.code);
        for (const expected of steps[i] ?? [])
          assert.match(printed, expected, `walkthrough:${name} block ${i + 1} printed:\n${printed}`);
      }
    });
  }
});

describe('installing, and the files the README makes', () => {
  test("the Node.js version the README names is package.json's minimum, and every locked package accepts it", () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      engines: { node: string };
    };
    const minimum = /^>=(\d+\.\d+)$/.exec(manifest.engines.node)?.[1];
    assert.ok(minimum, `engines.node ${manifest.engines.node}`);
    assert.match(README, new RegExp(`Node\\.js ${minimum.replace('.', '\\.')} or later`));
    // npm's own range logic, as npm ci applies it when it warns about an engine (EBADENGINE).
    const npmRoot = execFileSync('npm', ['root', '-g'], { encoding: 'utf8' }).trim();
    const semver = createRequire(join(npmRoot, 'npm', 'package.json'))('semver') as {
      satisfies(version: string, range: string): boolean;
    };
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { engines?: { node?: string } | string[] }>;
    };
    const refusing = Object.entries(lock.packages)
      .map(([name, entry]) => [name, Array.isArray(entry.engines) ? undefined : entry.engines?.node] as const)
      .filter(([, range]) => range !== undefined && !semver.satisfies(`${minimum}.0`, range));
    assert.deepEqual(refusing, [], `packages that want more than Node.js ${minimum}`);
  });

  test('every file the README writes in the repository root is ignored by git', () => {
    const written = filesTheReadmeWrites(README);
    for (const path of ['admin.pw', './pki-bank1', 'transactions.csv', 'right-index.iso', './data-auth'])
      assert.ok(written.includes(path), `found ${path} among ${written.join(' ')}`);
    // The paths do not exist here, so git cannot tell a directory: a path counts as ignored as a file or
    // as a directory (a file inside it).
    const ignored = (paths: string[]) => {
      const r = spawnSync('git', ['check-ignore', '--no-index', '--verbose', '--non-matching', ...paths], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      return r.stdout
        .split('\n')
        .filter((line) => line !== '' && !line.startsWith('::'))
        .map((line) => line.split('\t')[1]);
    };
    const asFile = ignored(written);
    const asDirectory = ignored(written.map((path) => join(path, 'file')));
    const notIgnored = written.filter(
      (path) => !asFile.includes(path) && !asDirectory.includes(join(path, 'file')),
    );
    assert.deepEqual(notIgnored, [], 'add these to .gitignore');
  });

  test('the CTK test count the README gives is the count of tests in the file it names', () => {
    const file = 'packages/device-service/test/ctk-conformance.test.ts';
    const stated = new RegExp(
      `${file.replace(/[./]/g, '\\$&')}\\s+# (\\d+) tests: (\\d+) CTK SBI cases`,
    ).exec(README);
    assert.ok(stated, `the README names ${file} with its count`);
    const source = readFileSync(join(ROOT, file), 'utf8');
    // One test per CTK definition (a loop over CASES, whose count the file asserts), plus the named ones.
    assert.match(source, /for \(const c of CASES\) \{\n\s+test\(/);
    const cases = Number(/assert\.equal\(CASES\.length, (\d+)\)/.exec(source)?.[1]);
    const named = source.match(/^\s+test\('/gm)?.length ?? 0;
    assert.equal(Number(stated[2]), cases);
    assert.equal(Number(stated[1]), cases + named);
  });

  test('the offline examples (records, development PKI) run as written, in order; "# exit 1" lines fail', {
    timeout: 600_000,
  }, () => {
    const commands = offlineCommands(README);
    assert.ok(commands.length >= 14, `${commands.length} commands`);
    const dir = workingCopy('examples');
    const env = { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false' };
    try {
      for (const command of commands) {
        const r = spawnSync('bash', ['--noprofile', '--norc', '-o', 'pipefail', '-c', command], {
          cwd: dir,
          env,
          encoding: 'utf8',
        });
        const expected = /#\s*exit 1\b/.test(command) ? 1 : 0;
        assert.equal(r.status, expected, `${command}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
        assert.doesNotMatch(r.stdout + r.stderr, /undefined|\n\s+at /, command);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
