/**
 * Time to synthesise and encode a full registration set (10 fingers, 2 irises, 1 face) and an auth
 * set (1 finger, 1 iris, 1 face), per modality: cold (first set in the process, includes WASM start),
 * warm (new identities, codec and JIT warm) and cached (same identity again: only the header is rebuilt).
 */
import { clearRecordCache, initCodec, makeRecord, TEN_FINGERS } from '@mosip-trust/biometrics';

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

async function runSet(purpose: Purpose, seed: string): Promise<Record<string, number>> {
  const per: Record<string, number> = { finger: 0, iris: 0, face: 0 };
  const t0 = performance.now();
  for (const s of SETS[purpose]) {
    const t = performance.now();
    await makeRecord({ modality: s.modality, position: s.position, purpose, seed });
    per[s.modality] = (per[s.modality] as number) + performance.now() - t;
  }
  per.total = performance.now() - t0;
  return per;
}

const fmt = (r: Record<string, number>) =>
  Object.entries(r)
    .map(([k, v]) => `${k} ${v.toFixed(0)} ms`)
    .join(', ');

const tInit = performance.now();
await initCodec();
console.log(`WASM codec init: ${(performance.now() - tInit).toFixed(0)} ms`);
for (const purpose of ['Registration', 'Auth'] as const) {
  clearRecordCache();
  console.log(`${purpose} cold:   ${fmt(await runSet(purpose, `cold-${purpose}`))}`);
  const warm: Record<string, number>[] = [];
  for (let i = 0; i < 3; i++) warm.push(await runSet(purpose, `warm-${purpose}-${i}`));
  const median = Object.fromEntries(
    Object.keys(warm[0] as object).map((k) => [
      k,
      warm.map((w) => w[k] as number).sort((a, b) => a - b)[1] as number,
    ]),
  );
  console.log(`${purpose} warm:   ${fmt(median)} (median of 3 new identities)`);
  console.log(`${purpose} cached: ${fmt(await runSet(purpose, `warm-${purpose}-0`))}`);
}
console.log('reproduce: node --import tsx bench/biometrics/run.ts');
