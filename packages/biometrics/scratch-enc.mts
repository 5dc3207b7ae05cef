import { synthesizeFinger, encodeJ2k, initCodec } from './src/index.ts';
await initCodec();
const img = synthesizeFinger({ seed: 'e', position: 2, width: 288, height: 384 });
for (const dec of [5, 4, 3, 5, 4, 3]) {
  const t = process.cpuUsage();
  let len = 0;
  for (let k = 0; k < 10; k++) len = (await encodeJ2k(img.pixels, { width: 288, height: 384, components: 1, lossless: true, decompositions: dec })).length;
  const u = process.cpuUsage(t);
  console.log(dec, ((u.user + u.system) / 10000).toFixed(1), 'ms', len);
}
