import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { type ChildServer, killHard, spawnServer } from './support/child-server.ts';

/**
 * A PostgreSQL cluster of this test's own (initdb into a temporary directory, pg_ctl on a free port), so
 * stopping it disturbs no other test. initdb refuses root, so as root it runs as the postgres user.
 */
const BIN = join('/usr/lib/postgresql', readdirSync('/usr/lib/postgresql').sort().at(-1) ?? '15', 'bin');
const asRoot = process.getuid?.() === 0;

function pgTool(tool: string, args: string[]): string {
  const cmd = asRoot ? 'runuser' : join(BIN, tool);
  const argv = asRoot ? ['-u', 'postgres', '--', join(BIN, tool), ...args] : args;
  return execFileSync(cmd, argv, { encoding: 'utf8', timeout: 120_000 });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('PostgreSQL going away and coming back', { timeout: 600_000 }, () => {
  let dir: string;
  let pgdata: string;
  let port: number;
  let server: ChildServer;
  let dataDir: string;
  const url = () => `postgres://postgres@127.0.0.1:${port}/trust`;
  const ctl = (action: 'start' | 'stop') =>
    pgTool(
      'pg_ctl',
      action === 'start'
        ? [
            '-D',
            pgdata,
            '-l',
            join(dir, 'pg.log'),
            '-w',
            '-o',
            `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
            'start',
          ]
        : ['-D', pgdata, '-m', 'fast', '-w', 'stop'],
    );

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'trust-pg-cluster-'));
    pgdata = join(dir, 'data');
    port = await freePort();
    if (asRoot) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(dir, uid, gid);
    }
    pgTool('initdb', ['-D', pgdata, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
    ctl('start');
    const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
    await admin.connect();
    await admin.query('create database trust');
    await admin.end();
    dataDir = mkdtempSync(join(tmpdir(), 'trust-resilience-'));
    server = await spawnServer(['--data', dataDir], {
      DATABASE_URL: url(),
      MOSIP_TRUST_POOL_SIZE: '4',
      MOSIP_TRUST_TEST_SCRYPT_COST: '1024',
      MOSIP_TRUST_LOG_LEVEL: 'error',
    });
  });

  after(async () => {
    if (server) {
      if (process.env.DEBUG_RESILIENCE) console.log(server.output());
      await killHard(server.child);
    }
    try {
      ctl('stop');
    } catch {
      // Already stopped.
    }
    rmSync(dir, { recursive: true, force: true });
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const acknowledged: string[] = [];
  async function signup(): Promise<{ status: number; code: string | undefined }> {
    const username = `u${randomBytes(5).toString('hex')}`;
    const res = await fetch(`${server.baseUrl}/v1/trust/accounts/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'x',
        version: '1.0',
        requesttime: new Date().toISOString(),
        request: { username, password: `pw ${randomBytes(8).toString('hex')}` },
      }),
    });
    const body = (await res.json()) as { errors: { errorCode: string }[] };
    if (res.status === 200) acknowledged.push(username);
    return { status: res.status, code: body.errors[0]?.errorCode };
  }

  test('terminated connections while requests flow: the process stays up, each answer is 200 or 503', async () => {
    const killer = new pg.Client({ connectionString: url() });
    await killer.connect();
    const statuses: number[] = [];
    const flow = (async () => {
      for (let i = 0; i < 30; i++) statuses.push((await signup()).status);
    })();
    for (let i = 0; i < 5; i++) {
      await sleep(50);
      await killer.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname = 'trust' and pid <> pg_backend_pid()",
      );
    }
    await flow;
    await killer.end();
    assert.equal(server.child.exitCode, null, server.output());
    assert.ok(
      statuses.every((s) => s === 200 || s === 503),
      JSON.stringify(statuses),
    );
    assert.equal((await signup()).status, 200);
  });

  test('PostgreSQL stopped: 503 TS_STORE_UNAVAILABLE; started again: success on its own, no acknowledged write lost', async () => {
    assert.equal((await signup()).status, 200);
    ctl('stop');
    for (let i = 0; i < 3; i++)
      assert.deepEqual(await signup(), { status: 503, code: 'TS_STORE_UNAVAILABLE' });
    const health = await fetch(`${server.baseUrl}/health`);
    assert.equal(health.status, 503);
    assert.equal(server.child.exitCode, null, server.output());
    ctl('start');
    // Wait for recovery (bounded so the test fails instead of hanging, not a speed assertion).
    let recovered = false;
    for (let i = 0; i < 100 && !recovered; i++) {
      recovered = (await signup()).status === 200;
      if (!recovered) await sleep(200);
    }
    assert.ok(recovered, server.output());
    const check = new pg.Client({ connectionString: url() });
    await check.connect();
    const rows = await check.query<{ username: string }>(
      'select username from users where username = any($1)',
      [acknowledged],
    );
    await check.end();
    assert.equal(rows.rows.length, acknowledged.length);
    assert.equal(server.child.exitCode, null);
  });
});
