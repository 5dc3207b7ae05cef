/**
 * `npm start` (`mosip-trust up`, the README's first command) on a fresh data directory: the trust server
 * with the portal, a management server and a device service whose four devices registered through it,
 * the registrations recorded by the trust server; then a restart of the same directory keeps everything
 * (no second admin, no second onboarding, the devices still registered, nothing registered again).
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ApiClient } from '../src/platform/api.ts';

const CLI = join(import.meta.dirname, '..', 'bin', 'mosip-trust.js');

interface UpSummary {
  trustServer: { url: string };
  portal: string;
  firstAdmin: { user: string; oneTimePassword: string } | null;
  managementServer: { url: string; metrics: string; deviceProviderId: string };
  deviceService: { url: string; port: number; devices: { kind: string; serialNo: string; status: string }[] };
}

interface Run {
  summary: UpSummary;
  /** Sends SIGTERM; resolves with the exit code and everything each stream carried. */
  stop(): Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** Starts `up --json` on `data` and waits for its one JSON document on standard output. */
async function up(data: string): Promise<Run> {
  const child = spawn(
    process.execPath,
    [
      CLI,
      'up',
      '--json',
      '--port',
      '0',
      '--management-port',
      '0',
      '--device-ports',
      '47300-47399',
      '--data',
      data,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MOSIP_TRUST_TEST_SCRYPT_COST: '1024' } },
  );
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const summary = await new Promise<UpSummary>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      try {
        resolve(JSON.parse(stdout));
      } catch {
        // not complete yet
      }
    });
    child.once('exit', (code) => reject(new Error(`up exited early with ${code}: ${stdout}\n${stderr}`)));
  });
  return {
    summary,
    async stop() {
      child.kill('SIGTERM');
      return { code: await exited, stdout, stderr };
    },
  };
}

/** MOSIP's user-password sign-in, its answer as the API gives it (the first one must change the password). */
function login(base: string, userName: string, password: string) {
  return new ApiClient(base).call<{ token: string; mustChangePassword?: boolean }>(
    'POST',
    '/v1/authmanager/authenticate/useridPwd',
    { request: { userName, password, appId: 'partner' } },
  );
}

async function discover(deviceUrl: string) {
  const res = await fetch(`${deviceUrl}device`, {
    method: 'MOSIPDISC',
    body: JSON.stringify({ type: 'Biometric Device' }),
  });
  return (await res.json()) as { deviceStatus: string; deviceCode: string; error: { errorCode: string } }[];
}

/** The trust server's registry as the admin sees it: serial number → status. */
async function registry(base: string, token: string): Promise<Map<string, string>> {
  const page = await new ApiClient(base).call<{
    data: { serialNo: string; status: string; deviceProviderId: string }[];
  }>('GET', '/v1/masterdata/registereddevices?pageSize=50', { token });
  assert.equal(page.status, 200, JSON.stringify(page.errors));
  return new Map(page.response.data.map((d) => [d.serialNo, `${d.deviceProviderId} ${d.status}`]));
}

/** `name{labels} value` of a Prometheus text exposition, 0 when the series is absent. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

/** A one-shot CLI run: its exit status and standard error. */
function cli(...args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], (error, _stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr });
    });
  });
}

const data = mkdtempSync(join(tmpdir(), 'mosip-up-'));
after(() => rmSync(data, { recursive: true, force: true }));

test('up brings the platform up with devices registered through the management server, and a restart keeps it', {
  timeout: 900_000,
}, async () => {
  const newPassword = `demo-${randomBytes(12).toString('base64url')}`;
  let serials: string[];
  let clientId: string;
  {
    const run = await up(data);
    const { summary } = run;
    try {
      assert.match(summary.trustServer.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(summary.firstAdmin?.user, 'admin');
      assert.ok((summary.firstAdmin?.oneTimePassword.length ?? 0) >= 16, 'a generated one-time password');

      const portal = await fetch(summary.portal);
      assert.equal(portal.status, 200);
      assert.match(String(portal.headers.get('content-type')), /text\/html/);
      assert.equal((await fetch(`${summary.trustServer.url}/health`)).status, 200);

      // The devices registered through the management server: Ready on discovery, and in its metrics.
      const kinds = summary.deviceService.devices.map((d) => d.kind).sort();
      assert.deepEqual(kinds, ['face', 'finger-single', 'finger-slap', 'iris-double']);
      const found = await discover(summary.deviceService.url);
      assert.equal(found.length, 4);
      for (const d of found) assert.deepEqual([d.error.errorCode, d.deviceStatus], ['0', 'Ready']);
      const metrics = await fetch(summary.managementServer.metrics);
      assert.equal(metrics.status, 200);
      const text = await metrics.text();
      assert.equal(sample(text, 'mosip_mgmt_device_registrations_total{outcome="registered"}'), 4, text);

      // The first admin signs in with the printed one-time password and sees the trust server's registry.
      const first = await login(summary.trustServer.url, 'admin', summary.firstAdmin?.oneTimePassword ?? '');
      assert.equal(first.status, 200, JSON.stringify(first.errors));
      assert.equal(first.response.mustChangePassword, true);
      const changed = await new ApiClient(summary.trustServer.url).call('POST', '/v1/trust/auth/password', {
        token: first.response.token,
        request: { currentPassword: summary.firstAdmin?.oneTimePassword, newPassword },
      });
      assert.equal(changed.status, 200, JSON.stringify(changed.errors));
      const token = (await login(summary.trustServer.url, 'admin', newPassword)).response.token;
      serials = summary.deviceService.devices.map((d) => d.serialNo).sort();
      const registered = await registry(summary.trustServer.url, token);
      assert.deepEqual([...registered.keys()].sort(), serials);
      for (const s of serials)
        assert.equal(registered.get(s), `${summary.managementServer.deviceProviderId} Registered`);
      clientId = (JSON.parse(readFileSync(join(data, 'platform.json'), 'utf8')) as { clientId: string })
        .clientId;
    } finally {
      const stopped = await run.stop();
      assert.equal(stopped.code, 0, stopped.stderr.slice(-2000));
      // Standard output is exactly the one JSON document; the logs are JSON lines on standard error.
      assert.equal((JSON.parse(stopped.stdout) as UpSummary).trustServer.url, summary.trustServer.url);
      const logLines = stopped.stderr.split('\n').filter(Boolean);
      assert.ok(logLines.length > 0, 'the logs went to standard error');
      for (const line of logLines) assert.equal(typeof JSON.parse(line).level, 'number', line);
    }
  }

  // Restart: the same admin (no new one-time password), the same onboarding, the same registered devices.
  const again = await up(data);
  try {
    const { summary } = again;
    assert.equal(summary.firstAdmin, null);
    assert.equal(
      (JSON.parse(readFileSync(join(data, 'platform.json'), 'utf8')) as { clientId: string }).clientId,
      clientId,
    );
    assert.deepEqual(summary.deviceService.devices.map((d) => d.serialNo).sort(), serials);
    for (const d of await discover(summary.deviceService.url)) assert.equal(d.deviceStatus, 'Ready');
    const text = await (await fetch(summary.managementServer.metrics)).text();
    assert.equal(
      sample(text, 'mosip_mgmt_device_registrations_total{outcome="registered"}'),
      0,
      'nothing registered again',
    );
    const token = (await login(summary.trustServer.url, 'admin', newPassword)).response.token;
    const registered = await registry(summary.trustServer.url, token);
    assert.deepEqual([...registered.keys()].sort(), serials, 'no second registration in the trust server');
    assert.equal((await fetch(summary.portal)).status, 200);

    // Ports the running platform holds are said to be in use, plainly: `up`'s trust server port, and a
    // second management server (signed in with the platform's own client) on the management port.
    const trustPort = new URL(summary.trustServer.url).port;
    const second = await cli(
      'up',
      '--port',
      trustPort,
      '--management-port',
      '0',
      '--data',
      join(data, 'other'),
    );
    assert.equal(second.status, 1);
    assert.match(second.stderr, new RegExp(`^mosip-trust up: .*port ${trustPort} is in use`, 'm'));
    const platform = JSON.parse(readFileSync(join(data, 'platform.json'), 'utf8')) as {
      clientId: string;
      clientSecret: string;
    };
    writeFileSync(join(data, 'client.secret'), platform.clientSecret, { mode: 0o600 });
    const managementPort = new URL(summary.managementServer.url).port;
    const management = await cli(
      ...['management-server', '--trust-server', summary.trustServer.url, '--client-id', platform.clientId],
      ...['--client-secret-file', join(data, 'client.secret')],
      ...['--ftm-trust', join(data, 'device-service', 'ftm-root.pem'), '--port', managementPort],
      ...['--data', join(data, 'second-management')],
    );
    assert.equal(management.status, 1);
    assert.match(
      management.stderr,
      new RegExp(`^mosip-trust management-server: port ${managementPort} is in use$`, 'm'),
    );
  } finally {
    assert.equal((await again.stop()).code, 0);
  }
});
