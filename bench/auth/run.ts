// Authentication API benchmark (docs/trust-server.md, "Authentication API", benchmark figures):
//  - capture verifications per second per core (@mosip-trust/verifier, one-finger Auth captures from the
//    real device service, CPU time of this process) beside the floor of one RSA-2048 private operation,
//    `openssl speed rsa2048` sign/s, measured in the same run;
//  - the authentication API's requests per second and p50/p99 latency at a fixed concurrency, over
//    real HTTP, on PGlite and on PostgreSQL.
// The API runs without replay protection of capture transaction ids (the same signed requests are sent
// again and again); everything else — the checks, the verifier, the transaction row — runs per request.
//
//   node --import tsx bench/auth/run.ts [--json] [--seconds N] [--concurrency N] [--store pglite|postgres]
//     [--profile DIR]   (a V8 CPU profile of the measured window only, one file per store, in DIR)

import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { Session } from 'node:inspector/promises';
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
import { type LoadJob, type LoadResult, post } from './load-client.ts';

const args = process.argv.slice(2);
const JSON_OUT = args.includes('--json');
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const SECONDS = opt('--seconds', 5);
const CONCURRENCY = opt('--concurrency', 16);
const str = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const ONLY_STORE = str('--store');
const PROFILE_DIR = str('--profile');
const log = (...m: unknown[]) => {
  if (!JSON_OUT) console.log(...m);
};

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
    const session = PROFILE_DIR ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const cpuStart = cpuMs();
    const job: LoadJob = {
      url: url.href,
      requests: requests.map((r) => ({ raw: r.raw, signature: r.signature })),
      concurrency: CONCURRENCY,
      seconds: SECONDS,
    };
    const load = await new Promise<LoadResult>((resolve, reject) => {
      // An eval'd entry that imports the TypeScript file: tsx's hooks apply to imports, not to a worker's entry.
      const entry = new URL('./load-client.ts', import.meta.url).href;
      const worker = new Worker(
        `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(entry)}); })`,
        { eval: true, workerData: job },
      );
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    const processCpu = cpuMs() - cpuStart;
    if (session && PROFILE_DIR) {
      const { profile } = await session.post('Profiler.stop');
      mkdirSync(PROFILE_DIR, { recursive: true });
      writeFileSync(join(PROFILE_DIR, `auth-${store}.cpuprofile`), JSON.stringify(profile));
      session.disconnect();
    }
    const { latencies, failures } = load;
    const elapsed = load.elapsedSeconds;
    // CPU per authentication: the server's (the process minus the client thread) and the client's. On a
    // free core each, the server alone bounds the rate at 1000 / serverMs per second per process.
    const serverMs = (processCpu - load.cpuMs) / latencies.length;
    const clientMs = load.cpuMs / latencies.length;
    log(
      `${store}: CPU per authentication ${serverMs.toFixed(2)} ms server, ${clientMs.toFixed(2)} ms client; ` +
        `one free core per server process would give ${Math.round(1000 / serverMs)}/s`,
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
        clientCpuMsPerAuth: Number(clientMs.toFixed(2)),
      },
    };
  } finally {
    await w.devices.stop();
    await s.close();
  }
}

/** The JSON shape: exactly these three figures per store. */
function figures(r: { authPerSecond: number; p50Ms: number; p99Ms: number }) {
  return { authPerSecond: r.authPerSecond, p50Ms: r.p50Ms, p99Ms: r.p99Ms };
}

log(`auth API benchmark: node ${process.version}, concurrency ${CONCURRENCY}, ${SECONDS} s per store`);
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
