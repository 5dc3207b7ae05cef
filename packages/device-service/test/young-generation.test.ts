// capYoungGeneration (src/young-generation.ts) in a process of its own, since V8's flags are process-wide:
// a workload that makes V8 grow the young generation (high survival, in many event-loop turns as a
// service's work comes) ends with semi-spaces at the cap with it, and larger without it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { YOUNG_GENERATION_CAP_BYTES } from '../src/young-generation.ts';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

const WORKLOAD = `
import { getHeapSpaceStatistics } from 'node:v8';
import { capYoungGeneration } from '@mosip-trust/device-service/young-generation';
if (process.argv.includes('cap')) capYoungGeneration();
let kept = [];
for (let turn = 0; turn < 400; turn++) {
  for (let i = 0; i < 20000; i++) {
    kept.push({ turn, i });
    if (kept.length > 150000) kept = [];
  }
  await new Promise((resolve) => setImmediate(resolve));
}
console.log(getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size);
`;

async function newSpaceAfterWorkload(cap: boolean): Promise<number> {
  const { stdout } = await run(
    process.execPath,
    [
      '--conditions=source',
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      WORKLOAD,
      ...(cap ? ['cap'] : []),
    ],
    { cwd: repoRoot },
  );
  return Number(stdout.trim());
}

test('the young generation stops growing at the cap, and grows beyond it without', async () => {
  const [capped, free] = await Promise.all([newSpaceAfterWorkload(true), newSpaceAfterWorkload(false)]);
  assert.ok(
    free > YOUNG_GENERATION_CAP_BYTES,
    `without the cap the workload grows the young generation (${free} bytes)`,
  );
  assert.ok(
    capped > 0 && capped <= YOUNG_GENERATION_CAP_BYTES,
    `with the cap: ${capped} bytes, at most ${YOUNG_GENERATION_CAP_BYTES}`,
  );
});
