// Authentication API benchmark (docs/trust-server.md, "Authentication API", benchmark figures):
//  - capture verifications per second per core (@mosip-trust/verifier, one-finger Auth captures from the
//    real device service, CPU time of this process) beside the floor of one RSA-2048 private operation,
//    `openssl speed rsa2048` sign/s, measured in the same run;
//  - the authentication API's requests per second and p50/p99 latency at a fixed concurrency, over
//    real HTTP, on PGlite and on PostgreSQL.
// The API runs without replay protection of capture transaction ids (the same signed requests are sent
// again and again); everything else — the checks, the verifier, the transaction row — runs per request.
//
//   node --import tsx bench/auth/run.ts [--json] [--seconds N] [--warmup N] [--concurrency N] [--store pglite|postgres]
//     [--profile DIR]   (a V8 CPU profile of the measured window only, one file per store, in DIR)
//
// The machine may be shared: beside the wall-clock figures it prints, per store, the CPU per
// authentication of the server thread, of the load generator's thread and (PostgreSQL) of the database
// backends, the server's CPU in units of a bare RSA-2048 private operation measured in the same process
// just before and after the load (node:crypto privateDecrypt, OAEP-SHA256), and the rates that CPU allows.
// With --json the detail goes to standard error.

import { execFileSync } from 'node:child_process';
import {
  constants,
  type KeyObject,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  randomUUID,
} from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { pemToDerList } from '@mosip-trust/crypto';
import { createAuthApiModule, TRUST_MODULES } from '@mosip-trust/trust-server';
import { InMemoryTrustAnchors, verifyCapture } from '@mosip-trust/verifier';
import {
  buildAuthRequest,
  captureFor,
  DOMAIN_URI,
  ENV,
  setUpAuthWorld,
} from '../../packages/trust-server/test/support/auth-fixture.ts';
import { startTestServer } from '../../packages/trust-server/test/support/server.ts';
import { databaseBackendCpuMs } from '../trust-server/server.ts';
import { type LoadJob, type LoadResult, post } from './load-client.ts';

const args = process.argv.slice(2);
const JSON_OUT = args.includes('--json');
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const SECONDS = opt('--seconds', 5);
const WARMUP = opt('--warmup', 2);
const CONCURRENCY = opt('--concurrency', 16);
const str = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const ONLY_STORE = str('--store');
const PROFILE_DIR = str('--profile');
const log = (...m: unknown[]) => (JSON_OUT ? console.error(...m) : console.log(...m));
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

function opensslRsaSign(): number {
  const out = execFileSync('openssl', ['speed', '-seconds', '3', 'rsa2048'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  }).toString();
  const m = /rsa 2048 bits\s+\S+\s+\S+\s+([\d.]+)\s+([\d.]+)/.exec(out);
  if (!m) throw new Error(`cannot read openssl speed output:\n${out}`);
  return Number(m[1]);
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** CPU ms of one bare RSA-2048 private operation (OAEP-SHA256 unwrap, as the API does twice per call). */
function privateOpMs(key: { privateKey: KeyObject; certificatePem: string }): number {
  const wrapped = publicEncrypt(
    { key: key.certificatePem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    randomBytes(32),
  );
  const start = cpuMs();
  let n = 0;
  while (cpuMs() - start < 300) {
    privateDecrypt(
      { key: key.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      wrapped,
    );
    n += 1;
  }
  return (cpuMs() - start) / n;
}

/** Total CPU ms so far of the PostgreSQL backends of the server's database (0 for PGlite). */
function databaseCpuMs(databaseUrl: string | undefined): number {
  if (!databaseUrl) return 0;
  let total = 0;
  for (const ms of databaseBackendCpuMs(new URL(databaseUrl).pathname.slice(1)).values()) total += ms;
  return total;
}

/** CPU ms so far of each thread of this process, by thread id (/proc/self/task, clock ticks of 10 ms). */
function threadCpu(): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), (Number(f[11]) + Number(f[12])) * 10);
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

async function storeRun(store: 'pglite' | 'postgres', measureVerify: boolean) {
  const modules = TRUST_MODULES.map((m) =>
    m.name === 'auth-api' ? createAuthApiModule({ replayStore: false }) : m,
  );
  const s = await startTestServer({ store, modules });
  const w = await setUpAuthWorld(s);
  try {
    // Verification per core, on captures of this run's device service.
    let verify = 0;
    if (measureVerify) {
      const trust = new InMemoryTrustAnchors()
        .add('FTM', ...pemToDerList(w.devices.ftmRootPem))
        .add('DEVICE', ...pemToDerList(w.devices.deviceCaPem));
      const transactionId = randomUUID();
      const biometrics = await captureFor(w.devices, transactionId, 'finger');
      const at = new Date();
      const input = {
        response: { biometrics },
        request: {
          env: ENV,
          purpose: 'Auth',
          specVersion: '0.9.5',
          domainUri: DOMAIN_URI,
          transactionId,
          bio: [{ type: 'Finger', count: '1', bioSubType: ['UNKNOWN'], previousHash: '' }],
        },
      };
      const deps = { trustAnchors: trust, decryptionKeys: [s.server.deps.keys.encryption], clock: () => at };
      const first = await verifyCapture(input, deps);
      if (first.decision !== 'accepted')
        throw new Error(`verification refused: ${first.code} ${first.reason}`);
      const start = cpuMs();
      let n = 0;
      while (cpuMs() - start < 3000) {
        await verifyCapture(input, deps);
        n += 1;
      }
      verify = n / ((cpuMs() - start) / 1000);
    }
    // Signed, encrypted requests with fresh captures, sent again and again.
    const requests: Awaited<ReturnType<typeof buildAuthRequest>>[] = [];
    for (let i = 0; i < 32; i++) {
      const transactionId = randomUUID().replaceAll('-', '').slice(0, 20);
      const biometrics = await captureFor(w.devices, transactionId, 'finger');
      requests.push(
        await buildAuthRequest({
          transactionId,
          biometrics,
          encryptionDer: w.encryptionDer,
          signer: w.signer,
        }),
      );
    }
    const url = new URL(
      `${s.baseUrl}/idauthentication/v1/auth/${w.licenseKey}/${w.partner.partnerId}/${w.apiKey}`,
    );
    const agent = new Agent({ keepAlive: true });
    const check = await post(agent, url, requests[0]?.raw as string, requests[0]?.signature as string);
    agent.destroy();
    if (check !== 200) throw new Error(`authentication answered ${check}`);
    const encryption = s.server.deps.keys.encryption as {
      privateKey: KeyObject;
      certificatePem: string;
    };
    const floorBefore = privateOpMs(encryption);
    const loadBefore = load();
    const job: LoadJob = {
      url: url.href,
      requests: requests.map((r) => ({ raw: r.raw, signature: r.signature })),
      concurrency: CONCURRENCY,
      seconds: SECONDS,
      warmupSeconds: WARMUP,
    };
    // An eval'd entry that imports the TypeScript file: tsx's hooks apply to imports, not to a worker's entry.
    const entry = new URL('./load-client.ts', import.meta.url).href;
    const worker = new Worker(
      `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(entry)}); })`,
      { eval: true, workerData: job },
    );
    const failed = new Promise<never>((_, reject) => worker.once('error', reject));
    await Promise.race([new Promise((resolve) => worker.once('message', resolve)), failed]);
    const dbStart = databaseCpuMs(s.config.databaseUrl);
    const threadsStart = threadCpu();
    const session = PROFILE_DIR ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const cpuStart = cpuMs();
    worker.postMessage('go');
    const loaded = await Promise.race([
      new Promise<LoadResult>((resolve) => worker.once('message', resolve)),
      failed,
    ]);
    const processCpu = cpuMs() - cpuStart;
    const threadsEnd = threadCpu();
    if (session && PROFILE_DIR) {
      const { profile } = await session.post('Profiler.stop');
      mkdirSync(PROFILE_DIR, { recursive: true });
      writeFileSync(join(PROFILE_DIR, `auth-${store}.cpuprofile`), JSON.stringify(profile));
      session.disconnect();
    }
    const dbCpu = databaseCpuMs(s.config.databaseUrl) - dbStart;
    const { latencies, failures } = loaded;
    // The server's CPU by thread: its main thread, and the rest but the load generator (V8's garbage
    // collection and compiler helpers, libuv's pool).
    let mainMs = 0;
    let helpersMs = 0;
    for (const [tid, ms] of threadsEnd) {
      const d = ms - (threadsStart.get(tid) ?? 0);
      if (tid === process.pid) mainMs += d;
      else if (tid !== loaded.tid) helpersMs += d;
    }
    const elapsed = loaded.elapsedSeconds;
    // CPU per authentication: the server's (the process minus the client thread) and the client's. On a
    // free core each, the server alone bounds the rate at 1000 / serverMs per second per process.
    const serverMs = (processCpu - loaded.cpuMs) / latencies.length;
    const clientMs = loaded.cpuMs / latencies.length;
    const dbMs = dbCpu / latencies.length;
    const floorMs = (floorBefore + privateOpMs(encryption)) / 2;
    const units = serverMs / floorMs;
    log(
      `${store}: load average ${loadBefore} → ${load()}; CPU per authentication: server ${serverMs.toFixed(2)} ms ` +
        `(${units.toFixed(1)} bare RSA private ops of ${floorMs.toFixed(3)} ms measured in this process), ` +
        `client ${clientMs.toFixed(2)} ms${s.config.databaseUrl ? `, PostgreSQL ${dbMs.toFixed(2)} ms` : ''}; ` +
        `the server's by thread: main ${(mainMs / latencies.length).toFixed(2)} ms, ` +
        `other threads (libuv's pool, GC and compiler helpers) ${(helpersMs / latencies.length).toFixed(2)} ms`,
    );
    // The main thread (the event loop) bounds one process's rate; the other threads' work (the request's
    // session-key unwrap on libuv's pool, GC helpers) can run on the second core.
    const mainPerAuth = mainMs / latencies.length;
    log(
      `${store}: rate the CPU allows: ${Math.round(1000 / mainPerAuth)}/s with one core for the server's main thread at this load ` +
        `(${Math.round(Math.min(1000 / mainPerAuth, 2000 / (serverMs + clientMs + dbMs)))}/s on 2 cores shared with its other threads, client` +
        `${s.config.databaseUrl ? ' and database' : ''}); at openssl's private-op time ` +
        `(${(1000 / rsaPrivatePerSecond).toFixed(3)} ms) ${Math.round((rsaPrivatePerSecond * floorMs) / mainPerAuth)}/s for the main thread`,
    );
    latencies.sort((a, b) => a - b);
    return {
      verify,
      result: {
        authPerSecond: Math.round(latencies.length / elapsed),
        p50Ms: Number(quantile(latencies, 0.5).toFixed(1)),
        p99Ms: Number(quantile(latencies, 0.99).toFixed(1)),
        requests: latencies.length,
        failures,
        concurrency: CONCURRENCY,
        serverCpuMsPerAuth: Number(serverMs.toFixed(2)),
        serverMainThreadCpuMsPerAuth: Number(mainPerAuth.toFixed(2)),
        clientCpuMsPerAuth: Number(clientMs.toFixed(2)),
        databaseCpuMsPerAuth: Number(dbMs.toFixed(2)),
        privateOpsPerAuth: Number(units.toFixed(1)),
      },
    };
  } finally {
    await w.devices.stop();
    await s.close();
  }
}

/** The issue's JSON shape: exactly these three figures per store. */
function figures(r: { authPerSecond: number; p50Ms: number; p99Ms: number }) {
  return { authPerSecond: r.authPerSecond, p50Ms: r.p50Ms, p99Ms: r.p99Ms };
}

log(
  `auth API benchmark: node ${process.version}, concurrency ${CONCURRENCY}, ${SECONDS} s per store, load average ${load()}`,
);
const rsaPrivatePerSecond = opensslRsaSign();
log(`openssl speed rsa2048: ${rsaPrivatePerSecond.toFixed(0)} sign/s`);
const kinds = (['pglite', 'postgres'] as const).filter((k) => !ONLY_STORE || k === ONLY_STORE);
const stores: Record<string, ReturnType<typeof figures>> = {};
let verifyPerSecond = 0;
for (const [i, kind] of kinds.entries()) {
  const run = await storeRun(kind, i === 0);
  if (i === 0) {
    verifyPerSecond = run.verify;
    log(
      `verification: ${run.verify.toFixed(0)}/s per core (ratio ${(run.verify / rsaPrivatePerSecond).toFixed(2)})`,
    );
  }
  log(kind.padEnd(8), run.result);
  stores[kind] = figures(run.result);
}
const out = {
  verifyPerSecond: Math.round(verifyPerSecond),
  rsaPrivatePerSecond: Math.round(rsaPrivatePerSecond),
  stores,
};
if (JSON_OUT) console.log(JSON.stringify(out));
else log(`targets: verification ≥ 0.8 × RSA floor, ≥ 500 auth/s and p99 < 100 ms on both stores`);
process.exit(0);
