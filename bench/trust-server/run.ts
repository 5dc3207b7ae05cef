// Trust-server throughput and latency over real HTTP on both stores, plus the API key validation path alone.
// Run: node --import tsx bench/trust-server/run.ts [--n 200] [--concurrency 16] [--store pglite|postgres|both]
//      [--servers N] [--warmup 100] [--quick] [--json]
// The HTTP client runs in a worker thread (load-client.ts); with --servers N (PostgreSQL only) N - 1 more
// `mosip-trust server` processes serve the same database and the client spreads the requests over all N.
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { validateApiKey } from '@mosip-trust/trust-server';
import { type BenchRow, log, report, row } from '../report.ts';
import {
  authLeaves,
  benchUsers,
  certificateUpload,
  expectOk,
  PM,
  publishedAuthPolicy,
  registration,
} from './fixtures.ts';
import type { LoadJob, LoadResult, PreparedRequest } from './load-client.ts';
import { type BenchServer, STORES, type StoreKind, startBenchServer } from './server.ts';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '16' },
    store: { type: 'string', default: 'both' },
    servers: { type: 'string', default: '1' },
    warmup: { type: 'string', default: '100' },
    quick: { type: 'boolean' },
    json: { type: 'boolean' },
  },
});
const N = values.quick ? 64 : Number(values.n);
const C = Number(values.concurrency);
const SERVERS = Number(values.servers);
/** Operations of each kind sent first, on partners of their own, results dropped (none with --quick). */
const W = values.quick ? 0 : Number(values.warmup);
const stores: StoreKind[] = values.store === 'both' ? STORES : [values.store as StoreKind];

interface Result {
  store: string;
  op: string;
  n: number;
  /** Server processes serving the requests (their CPU is in `cpu`). */
  servers: number;
  rps: number;
  p50: number;
  p99: number;
  /** CPU ms per operation of the server processes (this one without the client's thread; for PGlite with the database). */
  cpu: number;
  /** CPU ms per operation of the bench's HTTP client (its worker thread); 0 for in-process calls. */
  clientCpu: number;
  /** CPU ms per operation of the PostgreSQL backends serving the bench database (0 for PGlite). */
  dbCpu: number;
}
const results: Result[] = [];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function processCpuMs(): number {
  const cpu = process.cpuUsage();
  return (cpu.user + cpu.system) / 1000;
}

/** The HTTP client's worker thread (tsx's hooks apply to imports, not to a worker's entry: an eval'd entry). */
class LoadClient {
  private constructor(private readonly worker: Worker) {}

  static async start(): Promise<LoadClient> {
    const entry = new URL('./load-client.ts', import.meta.url).href;
    const worker = new Worker(
      `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(entry)}); })`,
      { eval: true },
    );
    await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    return new LoadClient(worker);
  }

  run(job: LoadJob): Promise<LoadResult> {
    return new Promise((resolve, reject) => {
      this.worker.once('message', (r: LoadResult) => (r.error ? reject(new Error(r.error)) : resolve(r)));
      this.worker.postMessage(job);
    });
  }

  close(): Promise<number> {
    this.worker.postMessage('close');
    return new Promise((resolve) => this.worker.once('exit', resolve));
  }
}

/** The request the bench's `call` would send: the same envelope, serialised before the measured window. */
function prepared(
  method: string,
  path: string,
  o: { token?: string; request?: unknown } = {},
): PreparedRequest {
  return {
    method,
    path,
    token: o.token,
    body:
      o.request === undefined
        ? undefined
        : JSON.stringify({
            id: 'mosip.bench',
            version: '1.0',
            requesttime: new Date().toISOString(),
            request: o.request,
          }),
  };
}

/**
 * Sends `requests` through the load client at `concurrency`; every answer must be 200. The first W are the
 * warm-up (the server's and PostgreSQL backends' first compilations and cache loads): sent the same way,
 * not measured.
 */
async function measureHttp(
  t: BenchServer,
  client: LoadClient,
  store: string,
  name: string,
  requests: PreparedRequest[],
  keepBodies = false,
): Promise<string[]> {
  if (W > 0) await client.run({ urls: t.urls, requests: requests.slice(0, W), concurrency: C });
  const measured = requests.slice(W);
  const dbBefore = t.backendCpuMs();
  const extraBefore = t.extraServersCpuMs();
  const cpuBefore = processCpuMs();
  const r = await client.run({ urls: t.urls, requests: measured, concurrency: C, keepBodies });
  const cpu = processCpuMs() - cpuBefore - r.cpuMs + (t.extraServersCpuMs() - extraBefore);
  let dbCpu = 0;
  for (const [pid, ms] of t.backendCpuMs()) dbCpu += ms - (dbBefore.get(pid) ?? 0);
  const n = measured.length;
  const latencies = r.latencies.sort((a, b) => a - b);
  results.push({
    store,
    op: name,
    n,
    servers: t.urls.length,
    rps: n / r.elapsedSeconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    cpu: cpu / n,
    clientCpu: r.cpuMs / n,
    dbCpu: dbCpu / n,
  });
  return r.bodies ?? [];
}

/** Runs op(0..n-1) in this process with `concurrency` workers (no HTTP); every op must succeed. */
async function measureInProcess(
  t: BenchServer,
  store: string,
  name: string,
  n: number,
  concurrency: number,
  op: (i: number) => Promise<void>,
): Promise<void> {
  const latencies: number[] = [];
  let next = 0;
  const dbBefore = t.backendCpuMs();
  const cpuBefore = processCpuMs();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) {
        const t0 = performance.now();
        await op(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = processCpuMs() - cpuBefore;
  let dbCpu = 0;
  for (const [pid, ms] of t.backendCpuMs()) dbCpu += ms - (dbBefore.get(pid) ?? 0);
  latencies.sort((a, b) => a - b);
  results.push({
    store,
    op: name,
    n,
    servers: 1,
    rps: n / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    cpu: cpu / n,
    clientCpu: 0,
    dbCpu: dbCpu / n,
  });
}

async function benchStore(kind: StoreKind): Promise<void> {
  const servers = kind === 'postgres' ? SERVERS : 1;
  const t = await startBenchServer(kind, servers);
  const client = await LoadClient.start();
  const store = servers > 1 ? `${kind} (${servers} server processes)` : kind;
  try {
    const db = t.server.deps.db;
    // Setup (not measured): a policy group and published Auth policy, W + N users with tokens (the first W
    // for the warm-up), an AUTH CA chain, a leaf certificate per user.
    const policyGroup = await publishedAuthPolicy(t);
    const users = await benchUsers(t, W + N);
    const leaves = await authLeaves(
      t,
      users.map((u) => u.partnerId),
    );
    const http = (name: string, requests: PreparedRequest[], keepBodies = false) =>
      measureHttp(t, client, store, name, requests, keepBodies);

    await http(
      'partner registration (POST /partners)',
      users.map((u) =>
        prepared('POST', `${PM}/partners`, {
          token: u.token,
          request: registration(u.partnerId, policyGroup),
        }),
      ),
    );
    await http(
      'partner approval (POST /partners/{id}/approve)',
      users.map((u) => prepared('POST', `${PM}/partners/${u.partnerId}/approve`, { token: t.adminToken })),
    );
    await http(
      'partner read (GET /partners/{id}, own)',
      users.map((u) => prepared('GET', `${PM}/partners/${u.partnerId}`, { token: u.token })),
    );
    await http(
      'certificate upload (validate chain + re-sign)',
      users.map((u, i) =>
        prepared('POST', `${PM}/partners/certificate/upload`, {
          token: u.token,
          request: certificateUpload(u.partnerId, leaves[i] as string),
        }),
      ),
    );
    // Policy mapping requests and their approval, then API keys.
    const mappingKeys: string[] = [];
    for (const u of users) {
      const res = await expectOk(t, 'POST', `${PM}/partners/${u.partnerId}/policy/map`, {
        token: u.token,
        request: { policyName: 'bench-policy', useCaseDescription: 'bench' },
      });
      mappingKeys.push((res.body.response as { mappingkey: string }).mappingkey);
    }
    await http(
      'policy request approval (PUT /partners/policy/{key})',
      mappingKeys.map((key) =>
        prepared('PUT', `${PM}/partners/policy/${key}`, {
          token: t.adminToken,
          request: { status: 'Approved' },
        }),
      ),
    );
    const issued = await http(
      'API key issue (PATCH /partners/{id}/generate/apikey)',
      users.map((u, i) =>
        prepared('PATCH', `${PM}/partners/${u.partnerId}/generate/apikey`, {
          token: u.token,
          request: { policyName: 'bench-policy', label: `key${i}` },
        }),
      ),
      true,
    );
    const keys = users.slice(W).map((u, i) => ({
      partnerId: u.partnerId,
      apiKey: (JSON.parse(issued[i] as string) as { response: { apiKey: string } }).response.apiKey,
    }));
    const V = N * 10;
    const validate = async (i: number) => {
      const k = keys[i % keys.length] as (typeof keys)[number];
      const v = await validateApiKey(db, k.partnerId, k.apiKey);
      if (!v.valid) throw new Error(`key not valid: ${v.errorCode}`);
    };
    // At concurrency C the latency is mostly waiting for the store (PGlite is one connection, the pool has
    // poolSize); one caller at a time shows the cost of one validation.
    await measureInProcess(
      t,
      kind,
      `API key validation (in-process validateApiKey, ${C} callers)`,
      V,
      C,
      validate,
    );
    await measureInProcess(
      t,
      kind,
      'API key validation (in-process validateApiKey, 1 caller)',
      V,
      1,
      validate,
    );
  } finally {
    await client.close();
    await t.close();
  }
}

const loadAtStart = loadavg();
for (const kind of stores) await benchStore(kind);

/**
 * The rate the measured CPU costs allow on this machine when it is otherwise idle: each server process is
 * one Node thread (at most servers × 1000/cpu per second) and they share the cores with the database
 * backends and the bench's client. An upper bound on what the code allows, not a measurement: round trips
 * and lock waits are not in it.
 */
function ceiling(r: Result): number {
  return Math.min((r.servers * 1000) / r.cpu, (cpus().length * 1000) / (r.cpu + r.clientCpu + r.dbCpu));
}

const rows = results.map((r) => [
  r.store,
  r.op,
  String(r.n),
  r.rps.toFixed(0),
  r.p50.toFixed(2),
  r.p99.toFixed(2),
  r.cpu.toFixed(2),
  r.clientCpu.toFixed(2),
  r.dbCpu.toFixed(2),
  ceiling(r).toFixed(0),
]);
const header = [
  'store',
  'operation',
  'n',
  'req/s',
  'p50 ms',
  'p99 ms',
  'server CPU ms/op',
  'client CPU ms/op',
  'DB CPU ms/op',
  'CPU-bound /s',
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (cells: string[]) =>
  cells.map((c, i) => (i >= 2 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ');
log(line(header));
for (const r of rows) log(line(r));
log(
  `\nconcurrency ${C}, node ${process.version}, ${new Date().toISOString()}, load average ${loadAtStart.map((l) => l.toFixed(1)).join(' ')} at start, ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} at end`,
);
log(
  `reproduce: node --import tsx bench/trust-server/run.ts --n ${N} --concurrency ${C} --store ${values.store}${SERVERS > 1 ? ` --servers ${SERVERS}` : ''}${W !== 100 && !values.quick ? ` --warmup ${W}` : ''}`,
);

/** Issue 17, target 3: the rate each operation must reach per store (none for the others). */
function target(store: string, op: string): { text: string; min: number } | undefined {
  const pg = store.startsWith('postgres');
  if (op.startsWith('certificate upload')) return pg ? { text: '>= 250 /s', min: 250 } : undefined;
  if (op.startsWith('partner registration') || op.startsWith('partner approval'))
    return pg ? { text: '>= 300 /s', min: 300 } : { text: '>= 150 /s', min: 150 };
  return undefined;
}
report(
  results.flatMap((r): BenchRow[] => {
    const t = target(r.store, r.op);
    const name = `trust-server (${r.store}): ${r.op}${r.op.includes('caller') ? '' : `, ${C} callers`}`;
    const measured = row(name, r.rps, '/s', t ? { target: t.text, check: (v: number) => v >= t.min } : {});
    if (!t) return [measured];
    // Informative (met: null): what the measured CPU per operation allows on an idle machine.
    return [measured, row(`${name}: CPU-bound rate (estimate)`, ceiling(r), '/s', { target: t.text })];
  }),
);
