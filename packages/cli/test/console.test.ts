/** The console of long-running commands: readable lines on a terminal, JSON lines otherwise. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { consoleMode, prettyDestination } from '../src/console.ts';

const CLI = join(import.meta.dirname, '..', 'bin', 'mosip-trust.js');
const data = mkdtempSync(join(tmpdir(), 'mosip-console-'));
after(() => rmSync(data, { recursive: true, force: true }));

describe('console', { timeout: 180_000 }, () => {
  test('the mode: readable on a terminal unless --json, JSON when not a terminal', () => {
    assert.equal(consoleMode(false, { isTTY: true }), 'pretty');
    assert.equal(consoleMode(true, { isTTY: true }), 'json');
    assert.equal(consoleMode(false, { isTTY: false }), 'json');
    assert.equal(consoleMode(false, {}), 'json');
  });

  test('a request becomes one line: time, method, route, status, ms', () => {
    const written: string[] = [];
    const d = prettyDestination({ write: (s: string) => written.push(s) > 0 });
    const time = new Date(2026, 0, 2, 3, 4, 5).getTime();
    d.write(
      `${JSON.stringify({ level: 30, time, reqId: 'r1', req: { method: 'GET', route: '/v1/x/:id' }, msg: 'incoming request' })}\n`,
    );
    d.write(
      `${JSON.stringify({ level: 30, time, reqId: 'r1', res: { statusCode: 404 }, responseTime: 3.4, msg: 'request completed' })}\n`,
    );
    d.write(`${JSON.stringify({ level: 40, time, msg: 'registration failed' })}\n`);
    assert.deepEqual(written, ['03:04:05 GET /v1/x/:id 404 3ms\n', '03:04:05 warn registration failed\n']);
  });

  test('`server` on a terminal: the banner, then one readable line per request with the route pattern', async () => {
    const child = spawn(process.execPath, [CLI, 'server', '--port', '0', '--data', join(data, 'ts')], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, MOSIP_TRUST_CONSOLE: 'pretty' },
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let stdout = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString('utf8');
        const m = /trust server listening on (http:\/\/\S+)/.exec(stdout);
        if (m) resolve(m[1] as string);
      });
      child.once('exit', (code) => reject(new Error(`server exited early with ${code}: ${stdout}`)));
    });
    try {
      assert.equal((await fetch(`${url}/health`)).status, 200);
      assert.equal((await fetch(`${url}/v1/partnermanager/partners/alice-4711?q=1`)).status, 401);
      await new Promise<void>((resolve) => {
        const check = () => /partners\/:partnerId 401/.test(stdout) && resolve();
        child.stdout.on('data', check);
        check();
      });
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
    const lines = stdout.split('\n').filter(Boolean);
    const banner = lines.findIndex((l) => l.startsWith('trust server listening on'));
    assert.ok(banner >= 0);
    for (const l of lines) assert.ok(!l.startsWith('{'), `a JSON line on the readable console: ${l}`);
    assert.ok(
      lines.slice(banner).some((l) => /^\d\d:\d\d:\d\d GET \/health 200 \d+ms$/.test(l)),
      stdout,
    );
    assert.ok(
      lines.some((l) => /^\d\d:\d\d:\d\d GET \/v1\/partnermanager\/partners\/:partnerId 401 \d+ms$/.test(l)),
      stdout,
    );
    assert.equal(stdout.includes('alice-4711'), false, 'the raw URL reached the console');
  });

  test('`server` not on a terminal: JSON lines only on standard output, the banner included', async () => {
    const child = spawn(process.execPath, [CLI, 'server', '--port', '0', '--data', join(data, 'ts-json')], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, MOSIP_TRUST_CONSOLE: undefined, MOSIP_TRUST_LOG_LEVEL: 'info' },
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let stdout = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString('utf8');
        const m = /trust server listening on (http:\/\/[\d.:]+)/.exec(stdout);
        if (m) resolve(m[1] as string);
      });
      child.once('exit', (code) => reject(new Error(`server exited early with ${code}: ${stdout}`)));
    });
    try {
      assert.equal((await fetch(`${url}/health`)).status, 200);
      await new Promise<void>((resolve) => {
        const check = () => /"request completed"/.test(stdout) && resolve();
        child.stdout.on('data', check);
        check();
      });
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
    const lines = stdout.split('\n').filter(Boolean);
    for (const line of lines) assert.equal(typeof JSON.parse(line), 'object', line);
    assert.ok(
      lines.some((l) => (JSON.parse(l) as { msg?: string }).msg?.startsWith('trust server listening on')),
    );
  });
});
