/**
 * `mosip-trust conformance` end to end: a real `device-service --dev` in a child process (slap and face,
 * Registration, admin API on), the real command in another, its output, exit codes and the report.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { type ConformanceReport, verifyReport } from '@mosip-trust/conformance';

const BIN = resolve(import.meta.dirname, '../bin/mosip-trust.js');
const TOKEN = 'conformance-cli-admin-token-0123';
let dir: string;
let child: ChildProcess;
let port: number;
let adminPort: number;

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const trust = () => [
  '--device-ca',
  join(dir, 'state', 'dev-device-provider-ca.pem'),
  '--ftm-ca',
  join(dir, 'state', 'ftm-root.pem'),
];

before(
  async () => {
    dir = await mkdtemp(join(tmpdir(), 'conformance-cli-'));
    await writeFile(join(dir, 'token'), TOKEN, { mode: 0o600 });
    child = spawn(
      process.execPath,
      [
        BIN,
        'device-service',
        '--dev',
        '--json',
        '--state',
        join(dir, 'state'),
        '--ports',
        '45301-45400',
        '--devices',
        'finger-slap,face',
        '--admin-token-file',
        join(dir, 'token'),
      ],
      {
        env: { ...process.env, MOSIP_DEVICE_KEK: 'cli-test-kek-0123456789' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    [port, adminPort] = await new Promise<[number, number]>((ready, reject) => {
      child.stdout?.on('data', (c: Buffer) => {
        out += c.toString();
        try {
          const started = JSON.parse(out) as { port: number; adminPort: number };
          ready([started.port, started.adminPort]);
        } catch {
          // the JSON is not complete yet
        }
      });
      child.once('exit', (code) => reject(new Error(`device-service exited with ${code}`)));
    });
  },
  { timeout: 120_000 },
);

after(
  async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await rm(dir, { recursive: true, force: true });
  },
  { timeout: 60_000 },
);

test('runs the chosen cases, prints each and a summary, writes a report whose digest verifies', {
  timeout: 180_000,
}, async () => {
  const reportFile = join(dir, 'report.json');
  // Discovery, info, a slap and a face RCAPTURE, a status change (admin API), an Auth-only case.
  const only = 'SBI1000,SBI1001,SBI1002,SBI1012,SBI1027,SBI1014';
  const r = await cli([
    'conformance',
    '--url',
    `http://127.0.0.1:${port}`,
    '--only',
    only,
    '--report',
    reportFile,
    ...trust(),
    '--organization',
    'MOSIP Trust Devices',
    '--admin-url',
    `http://127.0.0.1:${adminPort}`,
    '--admin-token-file',
    join(dir, 'token'),
  ]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^PASS {5}SBI1002 {2}Registration capture - Left Slap$/m);
  assert.match(r.stdout, /^PASS {5}SBI1027 {2}Check Device Status - Busy$/m);
  assert.match(r.stdout, /^NOT RUN {2}SBI1014 {2}Auth capture - Face\n {6}no device of this purpose/m);
  assert.match(
    r.stdout,
    /^6 case\(s\): 5 passed, 0 failed, 1 not run; report written to .* \(SHA-256 [0-9a-f]{64}\)$/m,
  );

  const text = await readFile(reportFile, 'utf8');
  const report = verifyReport(JSON.parse(text)) as ConformanceReport;
  assert.equal(report.format, 'mosip-trust/sbi-conformance-report@1');
  assert.equal(report.body.tool.name, 'mosip-trust conformance');
  assert.match(report.body.tool.version, /^\d+\.\d+\.\d+/);
  assert.ok(Math.abs(Date.parse(report.body.generatedAt) - Date.now()) < 10 * 60_000);
  assert.equal(report.body.deviceService.url, `http://127.0.0.1:${port}`);
  assert.deepEqual(
    report.body.deviceService.devices.map((d) => [d.deviceId, d.purpose, d.type, d.deviceSubType]),
    [
      ['1', 'Registration', 'Finger', 'Slap'],
      ['2', 'Registration', 'Face', 'Full face'],
    ],
  );
  assert.deepEqual(report.body.summary, { total: 6, passed: 5, failed: 0, notRun: 1 });
  assert.deepEqual(
    report.body.cases.map((c) => [c.testId, c.status]),
    only
      .split(',')
      .sort()
      .map((id) => [id, id === 'SBI1014' ? 'not-run' : 'pass']),
  );
  // The digest, recomputed here from the canonical body (keys sorted at every level).
  const canonical = (v: unknown): string =>
    v === null || typeof v !== 'object'
      ? JSON.stringify(v)
      : Array.isArray(v)
        ? `[${v.map(canonical).join(',')}]`
        : `{${Object.keys(v)
            .sort()
            .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
            .join(',')}}`;
  assert.equal(report.digest.value, createHash('sha256').update(canonical(report.body)).digest('hex'));
  // An edited report no longer verifies.
  const edited = JSON.parse(text) as ConformanceReport;
  (edited.body.cases[0] as { status: string }).status = 'fail';
  edited.body.summary = { total: 6, passed: 4, failed: 1, notRun: 1 };
  assert.throws(() => verifyReport(edited), /digest does not match/);
});

test('a failed check exits 1 with its reason; operator steps without the admin API are not run', {
  timeout: 120_000,
}, async () => {
  const r = await cli([
    'conformance',
    '--url',
    `http://127.0.0.1:${port}`,
    '--only',
    'SBI1001,SBI1028',
    ...trust(),
    '--organization',
    'Someone Else',
    '--json',
  ]);
  assert.equal(r.code, 1, r.stderr);
  const body = JSON.parse(r.stdout) as ConformanceReport['body'];
  const [info, status] = body.cases;
  assert.equal(info?.status, 'fail');
  assert.ok(info?.reasons.some((m) => /certificate O=MOSIP Trust Devices is not Someone Else/.test(m)));
  assert.equal(status?.status, 'not-run');
  assert.match(status?.reasons[0] ?? '', /operator step/);
  assert.deepEqual(body.summary, { total: 2, passed: 0, failed: 1, notRun: 1 });
});

test('without trust anchors the chain checks are noted, not claimed', { timeout: 120_000 }, async () => {
  const r = await cli(['conformance', '--url', `http://127.0.0.1:${port}`, '--only', 'SBI1001', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const [info] = (JSON.parse(r.stdout) as ConformanceReport['body']).cases;
  assert.equal(info?.status, 'pass');
  assert.ok(info?.notes.some((n) => /DEVICE trust anchor not checked/.test(n)));
});

test('bad usage exits 2; an unreachable service exits 1; --help lists the options and defaults', {
  timeout: 300_000,
}, async () => {
  const missing = await cli(['conformance']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /missing required option --url/);
  const unknown = await cli(['conformance', '--url', `http://127.0.0.1:${port}`, '--only', 'SBI9999']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown test IDs: SBI9999/);
  const noCtk = await cli(['conformance', '--url', `http://127.0.0.1:${port}`, '--ctk', join(dir, 'none')]);
  assert.equal(noCtk.code, 2);
  assert.match(noCtk.stderr, /compliance definitions not found/);
  const half = await cli([
    'conformance',
    '--url',
    `http://127.0.0.1:${port}`,
    '--admin-url',
    'http://127.0.0.1:1',
  ]);
  assert.equal(half.code, 2);
  const badUrl = await cli(['conformance', '--url', 'ftp://x']);
  assert.equal(badUrl.code, 2);
  const down = await cli(['conformance', '--url', 'http://127.0.0.1:1']);
  assert.equal(down.code, 1);
  assert.match(down.stderr, /cannot reach the device service/);
  const help = await cli(['conformance', '--help']);
  assert.equal(help.code, 0);
  for (const option of ['--url', '--only', '--json', '--report', '--ctk', '--decrypt-key', '--admin-url'])
    assert.ok(help.stdout.includes(option), option);
  assert.match(help.stdout, /default: MOSIP_CTK_DIR, else <repo>\/\.\.\/shared\/ctk/);
  assert.match(help.stdout, /Exit status: 0 .* 1 .* 2 bad usage/);
});
