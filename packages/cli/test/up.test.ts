import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const CLI = join(import.meta.dirname, '..', 'bin', 'mosip-trust.js');

interface UpSummary {
  trustServer: { url: string };
  firstAdmin: { user: string; oneTimePassword: string };
  deviceService: { url: string; devices: { kind: string }[] };
}

/** Reads the child's stdout until a complete JSON document has arrived. */
function readJson(child: ReturnType<typeof spawn>): Promise<UpSummary> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      try {
        resolve(JSON.parse(text));
      } catch {
        // not complete yet
      }
    });
    child.once('exit', (code) => reject(new Error(`up exited early with ${code}: ${text}`)));
  });
}

const data = mkdtempSync(join(tmpdir(), 'mosip-up-'));
after(() => rmSync(data, { recursive: true, force: true }));

test('npm start runs the trust server and a device service that answer, and stops cleanly', {
  timeout: 180_000,
}, async () => {
  const child = spawn(process.execPath, [CLI, 'up', '--json', '--port', '0', '--data', data], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // Everything each stream carried, checked after exit: standard output is exactly one JSON
  // document (the summary); the logs are JSON lines on standard error, never mixed in.
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => {
    stdout += c.toString('utf8');
  });
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString('utf8');
  });
  try {
    const summary = await readJson(child);
    assert.match(summary.trustServer.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(summary.firstAdmin.user, 'admin');
    assert.ok(summary.firstAdmin.oneTimePassword.length >= 16, 'a generated one-time password');

    const health = await fetch(`${summary.trustServer.url}/health`);
    assert.equal(health.status, 200);

    // The first admin logs in with the printed one-time password (MOSIP auth manager path).
    const login = await fetch(`${summary.trustServer.url}/v1/authmanager/authenticate/useridPwd`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'mosip.io.userId.pwd',
        version: '1.0',
        requesttime: new Date().toISOString(),
        request: { userName: 'admin', password: summary.firstAdmin.oneTimePassword, appId: 'partner' },
      }),
    });
    const answer = (await login.json()) as { response: { mustChangePassword: boolean } | null };
    assert.equal(login.status, 200, JSON.stringify(answer));
    assert.equal(answer.response?.mustChangePassword, true);

    const kinds = summary.deviceService.devices.map((d) => d.kind).sort();
    assert.deepEqual(kinds, ['face', 'finger-single', 'finger-slap', 'iris-double']);
    const disc = await fetch(summary.deviceService.url.replace(/\/$/, '/device'), {
      method: 'MOSIPDISC',
      body: JSON.stringify({ type: 'Biometric Device' }),
    });
    const devices = (await disc.json()) as { deviceStatus: string; error: { errorCode: string } }[];
    assert.equal(devices.length, 4);
    for (const d of devices) assert.equal(d.error.errorCode, '0');
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await exited, 0);
  assert.equal((JSON.parse(stdout) as UpSummary).firstAdmin.user, 'admin');
  const logLines = stderr.split('\n').filter(Boolean);
  assert.ok(logLines.length > 0, 'the logs went to standard error');
  for (const line of logLines) assert.equal(typeof JSON.parse(line).level, 'number', line);
});
