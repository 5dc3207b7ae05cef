/**
 * Time to synthesise and encode a full registration set (10 fingers, 2 irises, 1 face) and an auth
 * set (1 finger, 1 iris, 1 face) with makeRecord, per modality: cold (first set in the process,
 * includes JIT warm-up), warm (new identities, median of 3) and cached (same identity again: only the
 * record header is rebuilt). Each line gives wall time and the process CPU time, which stays
 * meaningful when other work shares the machine. Informative figures (no target of their own: the
 * capture's target is in bench/device-service).
 *
 *   node --import tsx bench/biometrics/run.ts [--json]
 */
import { availableParallelism, loadavg } from 'node:os';
import {
  clearRecordCache,
  initCodec,
  type MakeRecordOptions,
  makeRecord,
  TEN_FINGERS,
} from '@mosip-trust/biometrics';
import { type BenchRow, log, report, row } from '../report.ts';

type Purpose = 'Registration' | 'Auth';
const SETS: Record<Purpose, { modality: 'finger' | 'iris' | 'face'; position?: string }[]> = {
  Registration: [
    ...TEN_FINGERS.map((position) => ({ modality: 'finger' as const, position })),
    { modality: 'iris', position: 'Right' },
    { modality: 'iris', position: 'Left' },
    { modality: 'face' },
  ],
  Auth: [
    { modality: 'finger', position: 'Right IndexFinger' },
    { modality: 'iris', position: 'Left' },
    { modality: 'face' },
  ],
};

const options = (purpose: Purpose, seed: string): MakeRecordOptions[] =>
  SETS[purpose].map((s) => ({ ...s, purpose, seed }));

const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

async function runSet(purpose: Purpose, seed: string): Promise<Record<string, number>> {
  const per: Record<string, number> = { finger: 0, iris: 0, face: 0 };
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (const o of options(purpose, seed)) {
    const t = performance.now();
    await makeRecord(o);
    per[o.modality] = (per[o.modality] as number) + performance.now() - t;
  }
  per.total = performance.now() - t0;
  per.cpu = cpuMs(c0);
  return per;
}

async function median3(run: (seed: string) => Promise<Record<string, number>>, seed: string) {
  const runs: Record<string, number>[] = [];
  for (let i = 0; i < 3; i++) runs.push(await run(`${seed}-${i}`));
  return Object.fromEntries(
    Object.keys(runs[0] as object).map((k) => [
      k,
      runs.map((r) => r[k] as number).sort((a, b) => a - b)[1] as number,
    ]),
  );
}

const fmt = (r: Record<string, number>) =>
  Object.entries(r)
    .map(([k, v]) => `${k === 'cpu' ? '(cpu' : k} ${v.toFixed(0)} ms${k === 'cpu' ? ')' : ''}`)
    .join(', ');

log(`${availableParallelism()} cores, load average ${loadavg()[0]?.toFixed(1)} at start`);
const tInit = performance.now();
await initCodec();
log(`WASM codec init: ${(performance.now() - tInit).toFixed(0)} ms`);
const rows: BenchRow[] = [];
for (const purpose of ['Registration', 'Auth'] as const) {
  clearRecordCache();
  log(`${purpose} cold:   ${fmt(await runSet(purpose, `cold-${purpose}`))}`);
  const warm = await median3((s) => runSet(purpose, s), `warm-${purpose}`);
  log(`${purpose} warm:   ${fmt(warm)} (median of 3 new identities)`);
  const cached = await runSet(purpose, `warm-${purpose}-0`);
  log(`${purpose} cached: ${fmt(cached)}`);
  rows.push(row(`biometrics: ${purpose} set, new identity, CPU`, warm.cpu ?? NaN, 'ms'));
  rows.push(row(`biometrics: ${purpose} set, cached identity, CPU`, cached.cpu ?? NaN, 'ms'));
}
log(`load average ${loadavg()[0]?.toFixed(1)} at end`);
log('reproduce: node --import tsx bench/biometrics/run.ts');
report(rows);
