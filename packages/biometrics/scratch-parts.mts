import { synthesizeFinger, synthesizeIris, synthesizeFace, fingerQuality, irisQuality, faceQuality, encodeJp2, initCodec } from './src/index.ts';
await initCodec();
const T: Record<string, number> = {};
const time = async <R>(k: string, f: () => R | Promise<R>) => { const t = process.cpuUsage(); const r = await f(); const u = process.cpuUsage(t); T[k] = (T[k] ?? 0) + (u.user + u.system) / 1000; return r; };
for (let rep = 0; rep < 4; rep++) {
  if (rep === 1) for (const k in T) T[k] = 0;
  for (let p = 1; p <= 10; p++) {
    const img = await time('fingerSynth', () => synthesizeFinger({ seed: `s${rep}`, position: p, width: 288, height: 384 }));
    await time('fingerQuality', () => fingerQuality(img));
    await time('fingerEncode', () => encodeJp2(img, { lossless: true, dpi: 500, verify: false }));
  }
  for (const eye of [1, 2]) {
    const img = await time('irisSynth', () => synthesizeIris({ seed: `s${rep}`, eyeLabel: eye, width: 640, height: 480, irisRadius: 120, masked: false }));
    await time('irisQuality', () => irisQuality(img, 210));
    await time('irisEncode', () => encodeJp2(img, { lossless: true, verify: false }));
  }
  const img = await time('faceSynth', () => synthesizeFace({ seed: `s${rep}`, width: 480, height: 640 }));
  await time('faceQuality', () => faceQuality(img));
  await time('faceEncode', () => encodeJp2(img, { lossless: true, verify: false }));
}
for (const k in T) console.log(k.padEnd(14), (T[k]! / 3).toFixed(1), 'ms per set');
