/**
 * Procedural near-infrared iris images, 8-bit grey: sclera with a limbus gradient, iris texture in
 * polar coordinates (radial fibres, crypts, collarette), dark pupil with a specular highlight,
 * parabolic eyelids. K7 (Auth) masks eyelids and sclera to constants. Deterministic per (seed, eye).
 */
import { fastAtan2 } from './fastmath.ts';
import type { Degradation, Variant } from './finger.ts';
import { boxBlur, type Image } from './image.ts';
import { Rng } from './rng.ts';

export interface IrisSynthOptions {
  seed: string | number;
  /** ISO eye label: 1 right, 2 left, 0 unknown. */
  eyeLabel: number;
  width: number;
  height: number;
  /** Iris radius in pixels (diameter ≥ 210 for Registration, ≥ 150 for Auth). */
  irisRadius: number;
  /** K7: cropped and masked (eyelids and sclera set to constants). */
  masked: boolean;
  variant?: Variant;
}

export interface SynthIris extends Image {
  variant: 'clean' | Degradation;
  /** Geometry the generator used (quality is measured from pixels, not from these). */
  geometry: { cx: number; cy: number; pupilRadius: number; irisRadius: number };
}

const DEGRADATIONS: readonly Degradation[] = ['partial', 'smudged', 'rotated', 'small'];
const NR = 48;
const NT = 360;
export const MASK_EYELID = 128;
export const MASK_SCLERA = 200;

/** The identity of one eye: its polar texture and pupil ratio. */
function irisTexture(
  seed: string | number,
  eye: number,
): { tex: Float32Array; pupilRatio: number; base: number } {
  const rng = new Rng('iris', seed, eye);
  const tex = new Float32Array(NR * NT);
  const fibres = new Float32Array(NT);
  for (let t = 0; t < NT; t++) fibres[t] = rng.normal();
  for (let r = 0; r < NR; r++) {
    const drift = rng.normal() * 0.15;
    for (let t = 0; t < NT; t++) {
      // Fibres: slowly varying in r, fast in θ (smoothed over 3 angular bins).
      const f =
        ((fibres[(t + NT - 1) % NT] as number) +
          2 * (fibres[t] as number) +
          (fibres[(t + 1) % NT] as number)) /
        4;
      tex[r * NT + t] = f * 0.6 + drift;
    }
    for (let t = 0; t < NT; t++) fibres[t] = 0.85 * (fibres[t] as number) + 0.5 * rng.normal();
  }
  const crypts = rng.int(8, 16);
  const across = new Float64Array(NT);
  for (let k = 0; k < crypts; k++) {
    const r0 = rng.range(0.2, 0.8) * NR;
    const t0 = rng.range(0, NT);
    const sr = rng.range(1.5, 4);
    const st = rng.range(3, 9);
    // A separable Gaussian blob: one exp per row and per column instead of one per cell.
    for (let t = 0; t < NT; t++) {
      const dt = Math.min(Math.abs(t - t0), NT - Math.abs(t - t0));
      across[t] = 2.2 * Math.exp(-(dt * dt) / (2 * st * st));
    }
    for (let r = 0; r < NR; r++) {
      const along = Math.exp(-((r - r0) ** 2) / (2 * sr * sr));
      if (along < 1e-9) continue;
      for (let t = 0; t < NT; t++)
        tex[r * NT + t] = (tex[r * NT + t] as number) - along * (across[t] as number);
    }
  }
  return { tex, pupilRatio: rng.range(0.3, 0.45), base: rng.range(80, 115) };
}

export function synthesizeIris(o: IrisSynthOptions): SynthIris {
  const { tex, pupilRatio, base } = irisTexture(o.seed, o.eyeLabel);
  const frame = new Rng('iris-frame', o.seed, o.eyeLabel, o.width, o.height, o.variant ?? 'clean');
  const variant: 'clean' | Degradation =
    o.variant === 'degraded' ? frame.pick(DEGRADATIONS) : ((o.variant ?? 'clean') as 'clean' | Degradation);
  const { width, height } = o;
  let ri = o.irisRadius;
  let cx = width / 2 + frame.range(-4, 4);
  let cy = height / 2 + frame.range(-4, 4);
  let lidOpen = 0.9; // upper lid reaches this fraction of ri above the centre
  if (variant === 'small') ri *= 0.45;
  if (variant === 'rotated') cx = width * (frame.next() < 0.5 ? 0.12 : 0.88);
  if (variant === 'partial') lidOpen = 0.2;
  if (variant === 'rotated') cy += ri * 0.2;
  const rp = ri * pupilRatio;
  const n = width * height;
  const plane = new Float32Array(n);
  const hx = cx + rp * 0.35;
  const hy = cy - rp * 0.35;
  const hr = Math.max(2, rp * 0.12);
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      const dx = x - cx;
      const dy = y - cy;
      const r = Math.sqrt(dx * dx + dy * dy);
      const upperLid = cy - ri * lidOpen + (dx * dx) / (ri * 3.2);
      const lowerLid = cy + ri * 0.95 - (dx * dx) / (ri * 4.5);
      let v: number;
      if (y < upperLid || y > lowerLid) {
        if (o.masked) {
          plane[i] = MASK_EYELID;
          continue;
        }
        // Skin with eyelashes hanging from the upper lid margin.
        v = 150 + 10 * Math.sin(x * 0.05 + y * 0.03);
        if (y < upperLid && upperLid - y < 18 && (x * 7 + Math.floor((upperLid - y) / 3)) % 11 < 2) v = 40;
      } else if (r < rp) {
        v = (x - hx) ** 2 + (y - hy) ** 2 < hr * hr ? 250 : 18;
      } else if (r < ri) {
        const rr = ((r - rp) / (ri - rp)) * (NR - 1);
        const t = ((fastAtan2(dy, dx) + Math.PI) / (2 * Math.PI)) * NT;
        const r0 = Math.min(NR - 2, Math.floor(rr));
        const t0 = Math.floor(t) % NT;
        const t1 = (t0 + 1) % NT;
        const fr = rr - r0;
        const ft = t - Math.floor(t);
        const a = (tex[r0 * NT + t0] as number) * (1 - ft) + (tex[r0 * NT + t1] as number) * ft;
        const b = (tex[(r0 + 1) * NT + t0] as number) * (1 - ft) + (tex[(r0 + 1) * NT + t1] as number) * ft;
        const collarette = Math.exp(-(((r - rp) / (ri - rp) - 0.35) ** 2) / 0.003) * 25;
        v = base + 22 * (a * (1 - fr) + b * fr) + collarette - 25 * ((r - rp) / (ri - rp)) ** 4;
      } else {
        if (o.masked) {
          plane[i] = MASK_SCLERA;
          continue;
        }
        v = 205 - 45 * Math.exp(-(r - ri) / 6);
      }
      plane[i] = v;
    }
  }
  const src = variant === 'smudged' ? boxBlur(boxBlur(plane, width, height, 4), width, height, 4) : plane;
  const noiseRng = new Rng('iris-noise', o.seed, o.eyeLabel, variant);
  const noise = variant === 'smudged' ? 10 : 3;
  const pixels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = (src[i] as number) + noise * (noiseRng.next() + noiseRng.next() - 1);
    pixels[i] = v < 0 ? 0 : Math.min(v, 255);
  }
  return {
    width,
    height,
    components: 1,
    pixels,
    variant,
    geometry: { cx, cy, pupilRadius: rp, irisRadius: ri },
  };
}
