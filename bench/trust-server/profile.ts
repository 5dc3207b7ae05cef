/**
 * CPU profile of one trust-server operation in steady state (after warm-up), server and HTTP client in
 * this process, one call at a time: the CPU per call and a .cpuprofile for the summary script.
 * `register` and `upload` are the operations of bench/trust-server/run.ts (self-registration of an Auth
 * partner by its user; its AUTH signing certificate, chain-validated and re-signed).
 *
 *   node --import tsx bench/trust-server/profile.ts [--op read|approve|register|upload] [--store pglite|postgres] [--runs N] [--out FILE]
 *   node --import tsx bench/device-service/profile-summary.ts FILE [--top N]
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  authLeaves,
  benchUsers,
  certificateUpload,
  expectOk,
  PM,
  publishedAuthPolicy,
  registration,
} from './fixtures.ts';
import { type StoreKind, startBenchServer } from './server.ts';

const { values } = parseArgs({
  options: {
    op: { type: 'string', default: 'read' },
    store: { type: 'string', default: 'postgres' },
    runs: { type: 'string', default: '200' },
    out: { type: 'string' },
  },
});
const runs = Number(values.runs);
const WARM_UP = 20;
const out = values.out ?? join(tmpdir(), `trust-${values.op}.cpuprofile`);
const t = await startBenchServer(values.store as StoreKind);
const session = new Session();
session.connect();
try {
  const policyGroup = await publishedAuthPolicy(t);
  const users = await benchUsers(t, runs + WARM_UP);
  const ids = users.map((u) => u.partnerId);
  const register = (i: number) => {
    const u = users[i] as (typeof users)[number];
    return expectOk(t, 'POST', `${PM}/partners`, {
      token: u.token,
      request: registration(u.partnerId, policyGroup),
    });
  };
  let leaves: string[] = [];
  if (values.op !== 'register') {
    for (let i = 0; i < ids.length; i++) await register(i);
    if (values.op === 'upload') leaves = await authLeaves(t, ids);
  }
  const operations: Record<string, (i: number) => Promise<unknown>> = {
    read: (i) => expectOk(t, 'GET', `${PM}/partners/${ids[i]}`, { token: t.adminToken }),
    approve: (i) => expectOk(t, 'POST', `${PM}/partners/${ids[i]}/approve`, { token: t.adminToken }),
    register,
    upload: (i) =>
      expectOk(t, 'POST', `${PM}/partners/certificate/upload`, {
        token: users[i]?.token,
        request: certificateUpload(ids[i] as string, leaves[i] as string),
      }),
  };
  const op = operations[values.op as string];
  if (!op) throw new Error(`--op must be one of ${Object.keys(operations).join(', ')}`);
  for (let i = 0; i < WARM_UP; i++) await op(runs + i);
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < runs; i++) await op(i);
  const wall = (performance.now() - started) / runs;
  const used = process.cpuUsage(cpu);
  const { profile } = await session.post('Profiler.stop');
  await writeFile(out, JSON.stringify(profile));
  console.log(
    `${runs} × ${values.op} (${values.store}): ${wall.toFixed(2)} ms wall, ${((used.user + used.system) / 1000 / runs).toFixed(2)} ms CPU (server and client) each; profile in ${out}`,
  );
} finally {
  session.disconnect();
  await t.close();
}
