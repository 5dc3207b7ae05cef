/**
 * Issue 12, item 13: which web pages may make the devices capture and sign. With an allowed-origins
 * list only those origins get CORS headers (preflight and actual); without one every origin does, and
 * the CLI says so at start. domainUri and transactionId are refused before anything is signed.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ALLOWED_ORIGINS_ENV, DeviceServiceError, mdsJson, parseAllowedOrigins } from '../src/index.ts';
import { type Running, rcaptureBody, startService } from './helpers.ts';

const RP = 'https://rp.example';
const KEK = { MOSIP_DEVICE_KEK: 'test-kek-0123456789abcdef' };

async function preflight(port: number, origin: string) {
  const res = await fetch(`http://127.0.0.1:${port}/capture`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'CAPTURE' },
  });
  return { status: res.status, allow: res.headers.get('access-control-allow-origin') };
}

async function actual(port: number, origin: string) {
  const res = await fetch(`http://127.0.0.1:${port}/`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'Biometric Device' }),
  });
  await res.arrayBuffer();
  return { status: res.status, allow: res.headers.get('access-control-allow-origin') };
}

describe('allowed origins', { timeout: 120_000 }, () => {
  let listed: Running;
  let open: Running;
  before(async () => {
    listed = await startService([{ kind: 'finger-single', purpose: 'Auth' }], {
      env: { ...KEK, [ALLOWED_ORIGINS_ENV]: `${RP}, http://localhost:3000` },
    });
    open = await startService([{ kind: 'finger-slap', purpose: 'Registration' }]);
  });
  after(async () => {
    await Promise.all([listed?.stop(), open?.stop()]);
  });

  test('with a list (from the environment), only listed origins get CORS headers', async () => {
    const port = listed.service.port;
    assert.deepEqual(listed.service.allowedOrigins, [RP, 'http://localhost:3000']);
    assert.deepEqual(await preflight(port, RP), { status: 200, allow: RP });
    assert.deepEqual(await preflight(port, 'http://localhost:3000'), {
      status: 200,
      allow: 'http://localhost:3000',
    });
    assert.deepEqual(await preflight(port, 'https://evil.example'), { status: 403, allow: null });
    assert.deepEqual(await preflight(port, 'https://rp.example.evil.example'), { status: 403, allow: null });
    assert.deepEqual(await actual(port, RP), { status: 200, allow: RP });
    assert.deepEqual(await actual(port, 'https://evil.example'), { status: 200, allow: null });
  });

  test('without a list every origin is allowed, as before', async () => {
    const port = open.service.port;
    assert.equal(open.service.allowedOrigins, '*');
    assert.deepEqual(await preflight(port, 'https://evil.example'), { status: 200, allow: '*' });
    assert.deepEqual(await actual(port, 'https://evil.example'), { status: 200, allow: '*' });
  });

  test('a list that is not a list of origins is refused', () => {
    for (const bad of [
      '',
      ' , ',
      'https://rp.example/path',
      'ftp://rp.example',
      'rp.example',
      'https://u:p@rp.example',
    ])
      assert.throws(
        () => parseAllowedOrigins(bad),
        (e: unknown) => e instanceof DeviceServiceError && e.code === 'ERR_CONFIG',
        bad,
      );
    assert.deepEqual(parseAllowedOrigins(`${RP}/, ${RP}, http://127.0.0.1:8080`), [
      RP,
      'http://127.0.0.1:8080',
    ]);
  });

  test('a domainUri or transactionId out of format is refused with its code and nothing is signed', async () => {
    const port = listed.service.port;
    const capture = (over: Record<string, unknown>) =>
      mdsJson<{ biometrics: { data: string; error: { errorCode: string } }[] }>(port, 'CAPTURE', '/capture', {
        env: 'Developer',
        purpose: 'Auth',
        specVersion: '0.9.5',
        timeout: '10000',
        captureTime: new Date().toISOString(),
        domainUri: 'https://auth.example',
        transactionId: 'origins-0001',
        bio: [
          {
            type: 'Finger',
            count: '1',
            bioSubType: ['UNKNOWN'],
            requestedScore: '40',
            deviceId: '1',
            deviceSubId: '0',
            previousHash: '',
          },
        ],
        customOpts: null,
        ...over,
      });
    for (const [over, code] of [
      [{ domainUri: 'I agree to pay 1000 USD' }, '123'],
      [{ domainUri: `https://auth.example/${'a'.repeat(300)}` }, '123'],
      [{ transactionId: 'origins_0001' }, '112'],
    ] as const) {
      const reply = await capture(over);
      assert.equal(reply.biometrics.length, 1);
      assert.equal(reply.biometrics[0]?.error.errorCode, code, JSON.stringify(over));
      assert.equal(reply.biometrics[0]?.data, '', 'nothing signed');
    }
    assert.equal((await capture({})).biometrics[0]?.error.errorCode, '0');
    const reg = await mdsJson<{ biometrics: { data: string; error: { errorCode: string } }[] }>(
      open.service.port,
      'RCAPTURE',
      '/capture',
      rcaptureBody('reg_0001'),
    );
    assert.equal(reg.biometrics[0]?.error.errorCode, '112');
    assert.equal(reg.biometrics[0]?.data, '');
  });
});

describe('CLI: --allowed-origins and the start banner', { timeout: 120_000 }, () => {
  const BIN = resolve(import.meta.dirname, '../../cli/bin/mosip-trust.js');

  /** Starts `device-service` and returns its standard output up to the first device line, then stops it. */
  async function banner(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'mds-origins-'));
    const child = spawn(
      process.execPath,
      [
        BIN,
        'device-service',
        '--dev',
        '--state',
        join(dir, 'state'),
        '--ports',
        '45301-45400',
        '--devices',
        'face',
        ...args,
      ],
      { env: { ...process.env, ...KEK, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      let out = '';
      child.stderr?.on('data', (c: Buffer) => {
        out += c.toString();
      });
      await new Promise<void>((done, fail) => {
        child.stdout?.on('data', (c: Buffer) => {
          out += c.toString();
          if (/device 1:/.test(out)) done();
        });
        child.once('exit', (code) => fail(new Error(`device-service exited with ${code}: ${out}`)));
      });
      return out;
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r(null)));
      await rm(dir, { recursive: true, force: true });
    }
  }

  test('open by default, said at start; restricted with the option or the environment variable', async () => {
    const openBanner = await banner([], { [ALLOWED_ORIGINS_ENV]: '' });
    assert.match(openBanner, /CORS: every web origin may call this service/);
    const listedBanner = await banner(['--allowed-origins', `${RP},http://localhost:3000`]);
    assert.match(listedBanner, /CORS: only https:\/\/rp\.example, http:\/\/localhost:3000/);
    const fromEnv = await banner([], { [ALLOWED_ORIGINS_ENV]: RP });
    assert.match(fromEnv, /CORS: only https:\/\/rp\.example\b/);
  });
});
