/**
 * Ours against a baseline on the same core: rates in operations per CPU second, measured in alternating
 * slices so that their ratio holds while other processes load the machine (openssl speed also divides by
 * CPU time, not wall time).
 */
export type Op = () => Promise<unknown> | unknown;

const SLICE_MS = 250;

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Runs `op` for `ms` milliseconds of CPU time; returns [count, CPU ms used]. */
async function slice(op: Op, ms: number): Promise<[number, number]> {
  let count = 0;
  const start = cpuMs();
  while (cpuMs() - start < ms) {
    for (let i = 0; i < 4; i++) await op();
    count += 4;
  }
  return [count, cpuMs() - start];
}

/** Rates of `ours` and `baseline`, each given `seconds` of CPU time in alternating slices. */
export async function paired(ours: Op, baseline: Op, seconds: number): Promise<[number, number]> {
  await slice(ours, 200);
  await slice(baseline, 200);
  let [a, ta, b, tb] = [0, 0, 0, 0];
  for (let i = 0; i < (seconds * 1000) / SLICE_MS; i++) {
    const [n, t] = await slice(ours, SLICE_MS);
    const [m, u] = await slice(baseline, SLICE_MS);
    a += n;
    ta += t;
    b += m;
    tb += u;
  }
  return [(a * 1000) / ta, (b * 1000) / tb];
}
