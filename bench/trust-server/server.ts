/**
 * A trust server for the bench, started through the package's public entry point on a fresh store:
 * a PGlite directory under the system temp directory, or a fresh database on the local PostgreSQL
 * (created and dropped with the psql CLI; TEST_PG_URL overrides postgres://postgres@127.0.0.1:5432/postgres).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

export async function startBenchServer(kind: StoreKind): Promise<BenchServer> {
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
  const config = loadConfig({
    env: {
      MOSIP_TRUST_DATA_DIR: dataDir,
      MOSIP_TRUST_PORT: '0',
      MOSIP_TRUST_HOST: '127.0.0.1',
      MOSIP_TRUST_ADMIN_USER: adminUser,
      MOSIP_TRUST_ADMIN_PASSWORD: adminPassword,
      // The same lower scrypt cost as the test suites, so the figures compare with earlier runs.
      MOSIP_TRUST_TEST_SCRYPT_COST: '1024',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
  });
  let server: TrustServer;
  try {
    server = await startTrustServer(config, { logger: false });
  } catch (e) {
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
      await server.close();
      drop();
    },
  };
}
