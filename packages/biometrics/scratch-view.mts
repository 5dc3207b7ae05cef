import sharp from 'sharp';
import { synthesizeFinger } from './src/index.ts';
const seed = process.argv[2] ?? 'view';
const W = 288, H = 384;
const tiles: { input: Buffer; left: number; top: number }[] = [];
let k = 0;
for (let pos = 1; pos <= 10; pos++) {
  const t = performance.now();
  const f = synthesizeFinger({ seed, position: pos, width: W, height: H });
  const dt = performance.now() - t;
  const px = Buffer.from(f.pixels);
  for (const [x, y] of [...f.cores, ...f.deltas]) for (let d = -3; d <= 3; d++) { const xi = Math.round(x), yi = Math.round(y); if (yi >= 0 && yi < H && xi + d >= 0 && xi + d < W) px[yi * W + xi + d] = 0; if (yi + d >= 0 && yi + d < H && xi >= 0 && xi < W) px[(yi + d) * W + xi] = 0; }
  console.log(pos, f.pattern, dt.toFixed(1), 'ms', f.cores.map(c=>c.map(Math.round).join(',')).join(' '), '|', f.deltas.map(c=>c.map(Math.round).join(',')).join(' '));
  tiles.push({ input: await sharp(px, { raw: { width: W, height: H, channels: 1 } }).png().toBuffer(), left: (k % 5) * W, top: Math.floor(k / 5) * H });
  k++;
}
await sharp({ create: { width: 5 * W, height: 2 * H, channels: 3, background: { r: 255, g: 255, b: 255 } } }).composite(tiles).png().toFile(`/tmp/view-${seed}.png`);
