// Authentication API benchmark (docs/trust-server.md, "Authentication API", benchmark figures):
//  - capture verifications per second per core (@mosip-trust/verifier, one-finger Auth captures from the
//    real device service, CPU time of this process) beside the floor of one RSA-2048 private operation,
//    `openssl speed rsa2048` sign/s, measured in the same run;
//  - the authentication API's requests per second and p50/p99 latency at a fixed concurrency, over
//    real HTTP, on PGlite and on PostgreSQL.
// The API runs without replay protection of capture transaction ids (the same signed requests are sent
// again and again); everything else — the checks, the verifier, the transaction row — runs per request.
//
//   node --import tsx bench/auth/run.ts [--json] [--seconds N] [--concurrency N]

import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
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

const args = process.argv.slice(2);
const JSON_OUT = args.includes('--json');
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const SECONDS = opt('--seconds', 5);
const CONCURRENCY = opt('--concurrency', 16);
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

function post(agent: Agent, url: URL, body: string, signature: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), signature },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

async function storeRun(store: 'pglite' | 'postgres') {
  const modules = TRUST_MODULES.map((m) =>
    m.name === 'auth-api' ? createAuthApiModule({ replayStore: false }) : m,
  );
  const s = await startTestServer({ store, modules });
  const w = await setUpAuthWorld(s);
  try {
    // Verification per core, on captures of this run's device service.
    let verify = 0;
    if (store === 'pglite') {
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
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const check = await post(agent, url, requests[0]?.raw as string, requests[0]?.signature as string);
    if (check !== 200) throw new Error(`authentication answered ${check}`);
    const latencies: number[] = [];
    let failures = 0;
    const until = performance.now() + SECONDS * 1000;
    const started = performance.now();
    const cpuStart = cpuMs();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, worker) => {
        let i = worker;
        while (performance.now() < until) {
          const r = requests[i++ % requests.length];
          if (!r) break;
          const t0 = performance.now();
          const status = await post(agent, url, r.raw, r.signature);
          latencies.push(performance.now() - t0);
          if (status !== 200) failures += 1;
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    // Server and load generator share this process: CPU ms per authentication bounds the rate on a free core.
    log(
      `${store}: ${((cpuMs() - cpuStart) / latencies.length).toFixed(1)} CPU ms per authentication (server + client)`,
    );
    agent.destroy();
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
const pglite = await storeRun('pglite');
log(
  `verification: ${pglite.verify.toFixed(0)}/s per core (ratio ${(pglite.verify / rsaPrivatePerSecond).toFixed(2)})`,
);
log('pglite  ', pglite.result);
const postgres = await storeRun('postgres');
log('postgres', postgres.result);
const out = {
  verifyPerSecond: Math.round(pglite.verify),
  rsaPrivatePerSecond: Math.round(rsaPrivatePerSecond),
  stores: { pglite: figures(pglite.result), postgres: figures(postgres.result) },
};
if (JSON_OUT) console.log(JSON.stringify(out));
else log(`targets: verification ≥ 0.8 × RSA floor, ≥ 500 auth/s and p99 < 100 ms on both stores`);
process.exit(0);
