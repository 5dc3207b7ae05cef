/**
 * Procedural frontal face (24-bit RGB, white background, head-and-shoulders) with identity features
 * (skin and hair colour, face shape, eye spacing, mouth width) drawn per seed. Structurally valid for
 * ISO 19794-5; it is not a photograph and makes no ICAO claim.
 */
import type { Degradation, Variant } from './finger.ts';
import { boxBlur, type Image } from './image.ts';
import { Rng } from './rng.ts';

export interface FaceSynthOptions {
  seed: string | number;
  width: number;
  height: number;
  variant?: Variant;
}

export interface SynthFace extends Image {
  variant: 'clean' | Degradation;
}

const DEGRADATIONS: readonly Degradation[] = ['partial', 'smudged', 'rotated', 'small'];
type Rgb = [number, number, number];
const BACKGROUND: Rgb = [246, 246, 246];
const PUPIL: Rgb = [15, 10, 10];
const IRIS: Rgb = [70, 50, 35];
const EYE_WHITE: Rgb = [240, 240, 235];
const LIPS: Rgb = [160, 60, 60];

export function synthesizeFace(o: FaceSynthOptions): SynthFace {
  const id = new Rng('face', o.seed);
  const skin: Rgb = id.pick<Rgb>([
    [236, 200, 170],
    [214, 170, 130],
    [180, 130, 95],
    [140, 95, 65],
    [100, 68, 48],
  ]);
  const hair: Rgb = id.pick<Rgb>([
    [30, 25, 20],
    [80, 55, 35],
    [150, 110, 60],
    [110, 110, 110],
  ]);
  const shirt: Rgb = [id.int(30, 200), id.int(30, 200), id.int(30, 200)];
  const faceW = id.range(0.24, 0.3);
  const faceH = id.range(0.3, 0.36);
  const eyeGap = id.range(0.085, 0.11);
  const mouthW = id.range(0.06, 0.09);
  const frame = new Rng('face-frame', o.seed, o.width, o.height, o.variant ?? 'clean');
  const variant: 'clean' | Degradation =
    o.variant === 'degraded' ? frame.pick(DEGRADATIONS) : ((o.variant ?? 'clean') as 'clean' | Degradation);
  const { width: W, height: H } = o;
  let scale = 1;
  let cx = W / 2;
  let tilt = 0;
  let exposure = 1;
  if (variant === 'small') scale = 0.4;
  if (variant === 'partial') cx = W * 0.95;
  if (variant === 'rotated') tilt = 0.45;
  if (variant === 'smudged') exposure = 0.45;
  const cy = H * 0.44;
  const ax = faceW * W * scale;
  const ay = faceH * H * scale;
  const ct = Math.cos(tilt);
  const st = Math.sin(tilt);
  const n = W * H;
  const r = new Float32Array(n);
  const g = new Float32Array(n);
  const b = new Float32Array(n);
  const set = (i: number, c: Rgb, k = 1) => {
    r[i] = c[0] * k;
    g[i] = c[1] * k;
    b[i] = c[2] * k;
  };
  for (let y = 0, i = 0; y < H; y++) {
    for (let x = 0; x < W; x++, i++) {
      // Face-normalised coordinates u, v in [-1, 1] over the head ellipse (tilted for "rotated").
      const px = x - cx;
      const py = y - cy;
      const u = (ct * px + st * py) / ax;
      const v = (-st * px + ct * py) / ay;
      const head = u * u + v * v;
      set(i, BACKGROUND);
      if (v > 1.05) {
        // Neck, then shoulders widening downwards.
        if (v < 1.35 && Math.abs(u) < 0.45) set(i, skin, 0.85);
        else if (v >= 1.35 && Math.abs(u) <= 2.2 - (v - 1.35)) set(i, shirt);
        continue;
      }
      if (head >= 1.18) continue;
      if (head < 1.18 && v < 0.1) set(i, hair);
      if (head < 1) {
        const shade = 1 - 0.28 * head * head;
        set(i, skin, shade);
        const eyeY = v + 0.15;
        for (let side = -1; side <= 1; side += 2) {
          const ex = u - (side * (eyeGap * W * scale)) / ax;
          const e2 = (ex / 0.2) ** 2 + (eyeY / 0.07) ** 2;
          if (e2 < 1) {
            const ir = (ex / 0.07) ** 2 + (eyeY / 0.07) ** 2;
            set(i, ir < 0.35 ? PUPIL : ir < 1 ? IRIS : EYE_WHITE);
          }
          const brow = (ex / 0.24) ** 2 + ((eyeY + 0.16) / 0.035) ** 2;
          if (brow < 1) set(i, hair);
        }
        if (Math.abs(u) < 0.06 && v > -0.05 && v < 0.28) set(i, skin, shade * (0.85 + 0.1 * (v / 0.28)));
        const m2 = (u / ((mouthW * W * scale) / ax)) ** 2 + ((v - 0.5) / 0.055) ** 2;
        if (m2 < 1) set(i, LIPS);
      }
    }
  }
  const planes =
    variant === 'smudged' ? [r, g, b].map((p) => boxBlur(boxBlur(p, W, H, 3), W, H, 3)) : [r, g, b];
  const noiseRng = new Rng('face-noise', o.seed, variant);
  const pixels = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    const nz = 3 * (noiseRng.next() - 0.5);
    for (let c = 0; c < 3; c++) {
      const v = ((planes[c] as Float32Array)[i] as number) * exposure + nz;
      pixels[i * 3 + c] = v < 0 ? 0 : Math.min(v, 255);
    }
  }
  return { width: W, height: H, components: 3, pixels, variant };
}
