/**
 * CPU profile of one trust-server operation in steady state (after warm-up), server and HTTP client in
 * this process, one call at a time: the CPU per call and a .cpuprofile for the summary script.
 *
 *   node --import tsx bench/trust-server/profile.ts [--op read|approve] [--store pglite|postgres] [--runs N] [--out FILE]
 *   node --import tsx bench/device-service/profile-summary.ts FILE [--top N]
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
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
const out = values.out ?? join(tmpdir(), `trust-${values.op}.cpuprofile`);
const PM = '/v1/partnermanager';
const t = await startBenchServer(values.store as StoreKind);
const session = new Session();
session.connect();
try {
  // Partners to read or approve: registered by the admin on behalf of organisations.
  const ids = Array.from({ length: runs + 20 }, (_, i) => `PP${i}`);
  for (const id of ids) {
    const res = await t.call('POST', `${PM}/partners`, {
      token: t.adminToken,
      request: {
        partnerId: id,
        organizationName: `Org ${id}`,
        address: '1 Bench Road',
        contactNumber: '+911234567',
        emailId: `${id.toLowerCase()}@bench.example`,
        partnerType: 'Device_Provider',
      },
    });
    if (res.status !== 200) throw new Error(`register ${id}: ${JSON.stringify(res.body.errors)}`);
  }
  const operations: Record<string, (i: number) => Promise<unknown>> = {
    read: (i) => t.call('GET', `${PM}/partners/${ids[i]}`, { token: t.adminToken }),
    approve: (i) => t.call('POST', `${PM}/partners/${ids[i]}/approve`, { token: t.adminToken }),
  };
  const op = operations[values.op as string];
  if (!op) throw new Error(`--op must be one of ${Object.keys(operations).join(', ')}`);
  for (let i = 0; i < 20; i++) await op(runs + i);
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
