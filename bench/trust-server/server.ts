/**
 * A trust server for the bench, started through the package's public entry point on a fresh store:
 * a PGlite directory under the system temp directory, or a fresh database on the local PostgreSQL
 * (created and dropped with the psql CLI; TEST_PG_URL overrides postgres://postgres@127.0.0.1:5432/postgres).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  createUser,
  loadConfig,
  type Role,
  startTrustServer,
  systemActor,
  type TrustServer,
} from '@mosip-trust/trust-server';

export type StoreKind = 'pglite' | 'postgres';
export const STORES: StoreKind[] = ['pglite', 'postgres'];

const PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface CallResult {
  status: number;
  body: { response: unknown; errors: { errorCode: string; message: string }[] };
}

export interface CallOptions {
  token?: string | undefined;
  /** Wrapped as {id, version, requesttime, request}. */
  request?: unknown;
}

export interface BenchServer {
  server: TrustServer;
  /**
   * Every server's base URL: this process's, then those of the extra `mosip-trust server` processes on
   * the same PostgreSQL database (`servers` > 1), which the load client spreads its requests over.
   */
  urls: string[];
  /** CPU time (ms) so far of the extra server processes together (0 without them). */
  extraServersCpuMs(): number;
  adminToken: string;
  call(method: string, path: string, options?: CallOptions): Promise<CallResult>;
  /**
   * CPU time (ms) so far of each PostgreSQL backend serving this server's database, by pid; empty for
   * PGlite (it runs in this process, so process.cpuUsage() already counts it).
   */
  backendCpuMs(): Map<number, number>;
  /** A staff user with the role, logged in. */
  staff(role: Role): Promise<{ token: string }>;
  close(): Promise<void>;
}

function psql(sql: string): string {
  return execFileSync('psql', [PG_ADMIN_URL, '-qAt', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
    stdio: 'pipe',
  }).toString();
}

/** CPU time (ms) so far of each PostgreSQL backend connected to `database`, by pid. */
export function databaseBackendCpuMs(database: string): Map<number, number> {
  const cpu = new Map<number, number>();
  const pids = psql(`select pid from pg_stat_activity where datname = '${database}'`);
  for (const pid of pids.split('\n').filter(Boolean).map(Number)) cpu.set(pid, processCpuMs(pid));
  return cpu;
}

/** utime + stime of a process in ms (/proc/<pid>/stat, clock ticks of 10 ms); 0 once it is gone. */
function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

const CLI = new URL('../../packages/cli/bin/mosip-trust.js', import.meta.url).pathname;

/**
 * One more trust server process on the same PostgreSQL database, as docs/trust-server.md ("Scale-out")
 * runs them: the real `mosip-trust server` command, the same KEK, its own data directory; logging off,
 * as the bench's own server has it. Resolves once it listens.
 */
async function startExtraServer(
  env: Record<string, string>,
  kekFile: string,
): Promise<{ child: ChildProcess; url: string; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'trust-bench-extra-'));
  const child = spawn(process.execPath, [CLI, 'server', '--json'], {
    env: {
      ...process.env,
      ...env,
      MOSIP_TRUST_DATA_DIR: dataDir,
      MOSIP_TRUST_KEK_FILE: kekFile,
      MOSIP_TRUST_LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`extra trust server exited with ${code}`)));
    lines.on('line', (line) => {
      const parsed = JSON.parse(line) as { url?: string };
      if (parsed.url) resolve(parsed.url);
    });
  });
  return { child, url, dataDir };
}

export async function startBenchServer(kind: StoreKind, servers = 1): Promise<BenchServer> {
  if (servers > 1 && kind !== 'postgres') throw new Error('more than one server process needs PostgreSQL');
  const dataDir = mkdtempSync(join(tmpdir(), 'trust-bench-'));
  let databaseUrl: string | undefined;
  let database: string | undefined;
  if (kind === 'postgres') {
    database = `trust_bench_${randomBytes(6).toString('hex')}`;
    psql(`create database ${database}`);
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${database}`;
    databaseUrl = url.toString();
  }
  const drop = () => {
    if (database) psql(`drop database if exists ${database} with (force)`);
    rmSync(dataDir, { recursive: true, force: true });
  };
  const adminUser = 'admin';
  const adminPassword = randomBytes(16).toString('base64url');
  const shared: Record<string, string> = {
    MOSIP_TRUST_PORT: '0',
    MOSIP_TRUST_HOST: '127.0.0.1',
    // The same lower scrypt cost as the test suites, so the figures compare with earlier runs.
    MOSIP_TRUST_TEST_SCRYPT_COST: '1024',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
  const config = loadConfig({
    env: {
      ...shared,
      MOSIP_TRUST_DATA_DIR: dataDir,
      MOSIP_TRUST_ADMIN_USER: adminUser,
      MOSIP_TRUST_ADMIN_PASSWORD: adminPassword,
    },
  });
  let server: TrustServer;
  const extras: Awaited<ReturnType<typeof startExtraServer>>[] = [];
  const stopExtras = async () => {
    for (const e of extras) {
      const exited = new Promise((resolve) => e.child.once('exit', resolve));
      e.child.kill('SIGTERM');
      await exited;
      rmSync(e.dataDir, { recursive: true, force: true });
    }
  };
  try {
    server = await startTrustServer(config, { logger: false });
    for (let i = 1; i < servers; i++) extras.push(await startExtraServer(shared, join(dataDir, 'kek.key')));
  } catch (e) {
    await stopExtras();
    drop();
    throw e;
  }

  async function call(method: string, path: string, o: CallOptions = {}): Promise<CallResult> {
    const headers: Record<string, string> = {};
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let body: string | undefined;
    if (o.request !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify({
        id: 'mosip.bench',
        version: '1.0',
        requesttime: new Date().toISOString(),
        request: o.request,
      });
    }
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    return { status: res.status, body: (await res.json()) as CallResult['body'] };
  }

  async function login(username: string, password: string): Promise<string> {
    const res = await call('POST', '/v1/authmanager/authenticate/useridPwd', {
      request: { userName: username, password, appId: 'partner' },
    });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status}`);
    return (res.body.response as { token: string }).token;
  }

  return {
    server,
    urls: [server.url, ...extras.map((e) => e.url)],
    extraServersCpuMs() {
      return extras.reduce((sum, e) => sum + (e.child.pid ? processCpuMs(e.child.pid) : 0), 0);
    },
    adminToken: await login(adminUser, adminPassword),
    call,
    backendCpuMs() {
      return database ? databaseBackendCpuMs(database) : new Map();
    },
    async staff(role) {
      const username = `${role.toLowerCase()}${randomBytes(4).toString('hex')}`;
      const password = randomBytes(12).toString('base64url');
      await createUser(server.deps, systemActor('bench'), { username, password, roles: [role] });
      return { token: await login(username, password) };
    },
    async close() {
      await stopExtras();
      await server.close();
      drop();
    },
  };
}
