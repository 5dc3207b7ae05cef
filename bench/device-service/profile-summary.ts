/**
 * Top self-time functions of a V8 .cpuprofile (`node --cpu-prof`, or profile.ts), then the
 * inclusive time (self and callees) of the functions named with --inclusive:
 *
 *   node --import tsx bench/device-service/profile-summary.ts FILE.cpuprofile [--top N] [--inclusive a,b]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const file = process.argv[2];
if (!file) {
  console.error('usage: profile-summary.ts FILE.cpuprofile [--top N]');
  process.exit(2);
}
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const top = Number(arg('--top')) || 25;
const inclusiveNames = (arg('--inclusive') ?? '').split(',').filter(Boolean);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
let total = 0;
for (const [i, id] of profile.samples.entries()) {
  const node = byId.get(id);
  const dt = profile.timeDeltas[i] ?? 0;
  if (!node) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${url.replace(/^.*\/(packages|node_modules)\//, '$1/')}:${lineNumber + 1}` : '';
  const name = `${functionName || '(anonymous)'} ${where}`.trim();
  self.set(name, (self.get(name) ?? 0) + dt);
  total += dt;
}
console.log(`total sampled ${(total / 1000).toFixed(0)} ms`);
for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(
    `${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${name}`,
  );

// Inclusive time: every sample counts once for each distinct named function on its stack.
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const inclusive = new Map<string, number>();
for (const [i, id] of profile.samples.entries()) {
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const name = byId.get(at)?.callFrame.functionName ?? '';
    if (inclusiveNames.includes(name)) seen.add(name);
  }
  for (const name of seen) inclusive.set(name, (inclusive.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
for (const name of inclusiveNames)
  console.log(
    `incl. ${((100 * (inclusive.get(name) ?? 0)) / total).toFixed(1).padStart(5)}%  ${((inclusive.get(name) ?? 0) / 1000).toFixed(0).padStart(6)} ms  ${name}`,
  );
