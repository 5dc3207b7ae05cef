import { makeRecordSet, makeRecord, closeRecordPool, TEN_FINGERS } from './src/index.ts';
const set = (seed: string) => [...TEN_FINGERS.map((position) => ({ modality: 'finger' as const, position, purpose: 'Registration' as const, seed })), { modality: 'iris' as const, position: 'Left', purpose: 'Registration' as const, seed }, { modality: 'iris' as const, position: 'Right', purpose: 'Registration' as const, seed }, { modality: 'face' as const, purpose: 'Registration' as const, seed }];
await makeRecordSet(set('warmup-a')); await makeRecordSet(set('warmup-b'));
for (const o of set('warm-s')) await makeRecord(o);
for (let k = 0; k < 4; k++) {
  let t = performance.now(); let c = process.cpuUsage();
  await makeRecordSet(set(`pool${k}`));
  let u = process.cpuUsage(c);
  console.log('pooled    ', (performance.now() - t).toFixed(0), 'ms wall', ((u.user + u.system) / 1000).toFixed(0), 'ms cpu');
  t = performance.now(); c = process.cpuUsage();
  for (const o of set(`seq${k}`)) await makeRecord(o);
  u = process.cpuUsage(c);
  console.log('sequential', (performance.now() - t).toFixed(0), 'ms wall', ((u.user + u.system) / 1000).toFixed(0), 'ms cpu');
}
await closeRecordPool();
