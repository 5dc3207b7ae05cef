/** The CLI end to end: `device-service --dev --json` in a child process, the `devices` client commands, SIGTERM. */
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';

const BIN = resolve(import.meta.dirname, '../bin/mosip-trust.js');
const run = promisify(execFile);
let dir: string;
let child: ChildProcess;
let port: number;

/** Starts `device-service --dev --json` with `args`; resolves with the process and the port it printed. */
async function startService(args: string[]): Promise<{ service: ChildProcess; port: number }> {
  const service = spawn(process.execPath, [BIN, 'device-service', '--dev', '--json', ...args], {
    env: { ...process.env, MOSIP_DEVICE_KEK: 'cli-test-kek-0123456789' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The service's JSON log lines go to standard error: drain them so the pipe never fills.
  service.stderr?.resume();
  let out = '';
  const bound = await new Promise<number>((resolvePort, reject) => {
    service.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      try {
        resolvePort((JSON.parse(out) as { port: number }).port);
      } catch {
        // the JSON is not complete yet
      }
    });
    service.once('exit', (code) => reject(new Error(`device-service exited with ${code}`)));
  });
  return { service, port: bound };
}

before(
  async () => {
    dir = await mkdtemp(join(tmpdir(), 'mds-cli-'));
    const started = await startService([
      ...['--state', join(dir, 'state'), '--ports', '45201-45300', '--devices', 'finger-slap,face'],
    ]);
    child = started.service;
    port = started.port;
  },
  { timeout: 120_000 },
);

after(
  async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await rm(dir, { recursive: true, force: true });
  },
  { timeout: 120_000 },
);

test('devices discover, info, rcapture (verified) and stream against a running device-service; SIGTERM stops it', {
  timeout: 180_000,
}, async () => {
  const discovered = JSON.parse(
    (await run(process.execPath, [BIN, 'devices', 'discover', '--ports', `${port}-${port}`, '--json']))
      .stdout,
  ) as { deviceId: string; purpose: string }[];
  assert.deepEqual(
    discovered.map((d) => [d.deviceId, d.purpose]),
    [
      ['1', 'Registration'],
      ['2', 'Registration'],
    ],
  );
  const info = JSON.parse(
    (await run(process.execPath, [BIN, 'devices', 'info', '--port', String(port), '--json'])).stdout,
  ) as { signed: boolean; env: string }[];
  assert.ok(info.every((i) => i.signed && i.env === 'Developer'));
  const file = join(dir, 'rcapture.json');
  const rcapture = JSON.parse(
    (
      await run(process.execPath, [
        BIN,
        'devices',
        'rcapture',
        '--port',
        String(port),
        '--device-id',
        '1',
        '--type',
        'Finger',
        '--device-sub-id',
        '3',
        '--count',
        '2',
        '--out',
        file,
        '--json',
      ])
    ).stdout,
  ) as { hashChain: string; elements: { bioSubType: string }[] };
  assert.equal(rcapture.hashChain, 'verified');
  assert.deepEqual(
    rcapture.elements.map((e) => e.bioSubType),
    ['Left Thumb', 'Right Thumb'],
  );
  assert.equal((JSON.parse(await readFile(file, 'utf8')) as { biometrics: unknown[] }).biometrics.length, 2);
  const frames = join(dir, 'frames');
  await run(process.execPath, [
    BIN,
    'devices',
    'stream',
    '--port',
    String(port),
    '--device-id',
    '2',
    '--out',
    frames,
    '--frames',
    '4',
  ]);
  assert.equal((await readdir(frames)).length, 4);
  await assert.rejects(
    run(process.execPath, [BIN, 'devices', 'info', '--port', 'x']),
    /--port must be a non-negative integer/,
  );
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
});

test('devices discover without --ports finds a device service started without a port (the same default range)', {
  timeout: 120_000,
}, async () => {
  const started = await startService(['--state', join(dir, 'default-range'), '--devices', 'face']);
  try {
    const { stdout } = await run(process.execPath, [BIN, 'devices', 'discover', '--type', 'Face', '--json']);
    const found = JSON.parse(stdout) as { port: number }[];
    assert.ok(
      found.some((d) => d.port === started.port),
      `port ${started.port} among ${found.map((d) => d.port).join(', ')}`,
    );
  } finally {
    const exited = new Promise((r) => started.service.once('exit', r));
    started.service.kill('SIGTERM');
    await exited;
  }
});
