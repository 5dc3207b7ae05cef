/**
 * Cheap replacements for Math.atan2 and Math.sin in the per-pixel loops of the synthesisers, where
 * they dominated the cost. Accurate to ~1e-5 rad / ~1e-6, far below what 8-bit pixels can show.
 */

/** atan2 by a minimax polynomial on [0, 1] and octant folding; max error ≈ 1e-5 rad. */
export function fastAtan2(y: number, x: number): number {
  const ax = x < 0 ? -x : x;
  const ay = y < 0 ? -y : y;
  const mx = Math.max(ax, ay);
  if (mx === 0) return 0;
  const a = Math.min(ax, ay) / mx;
  const s = a * a;
  let r = ((((0.0208351 * s - 0.085133) * s + 0.180141) * s - 0.3302995) * s + 0.999866) * a;
  if (ay > ax) r = Math.PI / 2 - r;
  if (x < 0) r = Math.PI - r;
  return y < 0 ? -r : r;
}

const SIN_STEPS = 4096;
const SIN_TABLE = new Float64Array(SIN_STEPS + 1);
for (let i = 0; i <= SIN_STEPS; i++) SIN_TABLE[i] = Math.sin((2 * Math.PI * i) / SIN_STEPS);
const SIN_SCALE = SIN_STEPS / (2 * Math.PI);

/** sin by a 4096-entry table with linear interpolation; max error ≈ 3e-7. */
export function fastSin(x: number): number {
  let t = x * SIN_SCALE;
  t -= Math.floor(t / SIN_STEPS) * SIN_STEPS;
  const i = t | 0;
  const f = t - i;
  const a = SIN_TABLE[i] as number;
  return a + ((SIN_TABLE[i + 1] as number) - a) * f;
}
