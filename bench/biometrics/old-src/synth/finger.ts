/**
 * Procedural fingerprints at 500 ppi: the ridge pattern is cos ψ of a phase field (Larkin & Fletcher's
 * AM-FM model). Loops get a real core and delta from the analytic phase
 *   F(z) = (z−c)·w + (c−d)·(½·Log(z−c) + Log(1+w)),  w = √((z−d)/(z−c)),  F'(z) = w,
 * whose ridges (level lines of Im F) turn around the core c and split at the delta d.
 * Seams: Log(z−c) jumps by an additive multiple of 2π when Re(c−d) is a multiple of λ/π; w flips
 * sign only on the segment c–d, where F → −F + const, which cos ψ hides with the right phase offset.
 * Minutiae come in pairs of opposite spirals ±arg((z−a)/(z−b)) (short ridges, islands), whose cut
 * is the short segment a–b; they fade out near the core–delta segment so the reflection stays clean.
 * Arches use a smooth bump instead of F.
 */

import { boxBlur, type Image } from './image.ts';
import { Rng } from './rng.ts';

export type FingerPattern = 'arch' | 'left-loop' | 'right-loop';
export type Degradation = 'partial' | 'smudged' | 'rotated' | 'small';
export type Variant = 'clean' | 'degraded' | Degradation;

export interface FingerSynthOptions {
  /** Identity seed: same seed + position = same finger. */
  seed: string | number;
  /** ISO finger position 0–10 (0 = unknown, drawn as a distinct finger of its own). */
  position: number;
  width: number;
  height: number;
  variant?: Variant;
}

export interface SynthFinger extends Image {
  pattern: FingerPattern;
  minutiae: number;
  variant: 'clean' | Degradation;
}

const RIDGE_PERIOD = 9; // pixels at 500 ppi (~0.46 mm)
/** A minutia pair acts fully within this radius of its midpoint and fades out by PAIR_FADE_END. */
const PAIR_FADE_START = 45;
const PAIR_FADE_END = 75;
const DEGRADATIONS: readonly Degradation[] = ['partial', 'smudged', 'rotated', 'small'];

interface FingerGenome {
  pattern: FingerPattern;
  period: number;
  core: [number, number];
  delta: [number, number];
  arch: { height: number; width: number };
  warp: number[];
  /** Minutia pairs (ax, ay, bx, by, polarity) relative to the finger centre. */
  minutiae: Float64Array;
  ellipse: [number, number];
  pressure: number[];
}

/** Everything that identifies one finger of one person, drawn from its own random stream. */
function genome(seed: string | number, position: number): FingerGenome {
  const rng = new Rng('finger', seed, position);
  const roll = rng.next();
  const pattern: FingerPattern = roll < 0.15 ? 'arch' : roll < 0.58 ? 'left-loop' : 'right-loop';
  const period = RIDGE_PERIOD * rng.range(0.92, 1.08);
  const side = pattern === 'left-loop' ? -1 : 1;
  const m = rng.int(14, 22); // delta offset in units of λ/π keeps the pattern seamless
  const core: [number, number] = [rng.range(-18, 18), rng.range(-40, 0)];
  const delta: [number, number] = [core[0] + side * m * (period / Math.PI), core[1] + rng.range(70, 110)];
  const pairs: number[] = [];
  const wanted = rng.int(12, 18);
  for (let tries = 0; pairs.length < wanted * 5 && tries < 400; tries++) {
    const ax = rng.range(-110, 110);
    const ay = rng.range(-150, 150);
    if (pattern !== 'arch' && distanceToSegment(ax, ay, core, delta) < 40) continue;
    const len = rng.range(8, 26);
    const angle = rng.range(-0.5, 0.5);
    pairs.push(ax, ay, ax + len * Math.cos(angle), ay + len * Math.sin(angle), rng.next() < 0.5 ? -1 : 1);
  }
  const minutiae = Float64Array.from(pairs);
  return {
    pattern,
    period,
    core,
    delta,
    arch: { height: rng.range(25, 60), width: rng.range(60, 110) },
    warp: [
      rng.range(3, 7),
      rng.range(180, 320),
      rng.range(0, 6.3),
      rng.range(3, 7),
      rng.range(180, 320),
      rng.range(0, 6.3),
    ],
    minutiae,
    ellipse: [rng.range(118, 135), rng.range(160, 185)],
    pressure: [rng.range(0, 6.3), rng.range(0, 6.3), rng.range(0.08, 0.16)],
  };
}

function distanceToSegment(x: number, y: number, a: readonly number[], b: readonly number[]): number {
  const [ax, ay] = a as [number, number];
  const vx = (b[0] as number) - ax;
  const vy = (b[1] as number) - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * vx + (y - ay) * vy) / (vx * vx + vy * vy)));
  return Math.hypot(x - ax - t * vx, y - ay - t * vy);
}

/** Im F for the loop phase above, in finger coordinates. */
function loopImF(fx: number, fy: number, cx: number, cy: number, dx: number, dy: number): number {
  const zr = fx - cx;
  const zi = fy - cy;
  // q = (z−d)/(z−c), w = √q (principal: its only cut is the segment c–d).
  const nr = fx - dx;
  const ni = fy - dy;
  const den = zr * zr + zi * zi + 1e-12;
  const qr = (nr * zr + ni * zi) / den;
  const qi = (ni * zr - nr * zi) / den;
  const qm = Math.sqrt(qr * qr + qi * qi);
  const wr = Math.sqrt((qm + qr) / 2);
  const wi = (qi >= 0 ? 1 : -1) * Math.sqrt(Math.max(0, (qm - qr) / 2));
  const cr = cx - dx;
  const ci = cy - dy;
  const imZW = zr * wi + zi * wr;
  const halfLogR = 0.25 * Math.log(den);
  const halfArg = 0.5 * Math.atan2(zi, zr);
  const lr = 0.5 * Math.log((1 + wr) * (1 + wr) + wi * wi);
  const la = Math.atan2(wi, 1 + wr);
  return imZW + cr * (halfArg + la) + ci * (halfLogR + lr);
}

interface Placement {
  cx: number;
  cy: number;
  angle: number;
  scale: number;
}

function placement(o: FingerSynthOptions, variant: 'clean' | Degradation, rng: Rng): Placement {
  const base = {
    cx: o.width / 2 + rng.range(-6, 6),
    cy: o.height * 0.52 + rng.range(-6, 6),
    angle: rng.range(-0.08, 0.08),
    scale: 1,
  };
  if (variant === 'partial')
    return { ...base, cx: o.width * (rng.next() < 0.5 ? 0.02 : 0.98), cy: o.height * 0.85 };
  if (variant === 'rotated')
    return { ...base, cx: o.width * 0.62, angle: (rng.next() < 0.5 ? -1 : 1) * rng.range(0.6, 0.85) };
  if (variant === 'small') return { ...base, scale: 0.42 };
  return base;
}

/** Renders one finger image; deterministic for (seed, position, size, variant). */
export function synthesizeFinger(o: FingerSynthOptions): SynthFinger {
  const g = genome(o.seed, o.position);
  const frameRng = new Rng('finger-frame', o.seed, o.position, o.width, o.height, o.variant ?? 'clean');
  const variant: 'clean' | Degradation =
    o.variant === 'degraded'
      ? frameRng.pick(DEGRADATIONS)
      : ((o.variant ?? 'clean') as 'clean' | Degradation);
  const p = placement(o, variant, frameRng);
  const { width, height } = o;
  const kappa = (2 * Math.PI) / g.period;
  const [cx0, cy0] = g.core;
  const [dx0, dy0] = g.delta;
  // Phase offset that makes the reflection F → −F + K across the core–delta segment invisible.
  const mx = (cx0 + dx0) / 2;
  const my = (cy0 + dy0) / 2;
  const nx = -(dy0 - cy0) * 1e-6;
  const ny = (dx0 - cx0) * 1e-6;
  const phi0 =
    -(
      kappa *
      (loopImF(mx + nx, my + ny, cx0, cy0, dx0, dy0) + loopImF(mx - nx, my - ny, cx0, cy0, dx0, dy0))
    ) / 2;
  const cosA = Math.cos(p.angle);
  const sinA = Math.sin(p.angle);
  const [wa, wp, wf, wb, wq, wg] = g.warp as [number, number, number, number, number, number];
  const [ea, eb] = g.ellipse;
  const [pf1, pf2, pAmp] = g.pressure as [number, number, number];
  const loop = g.pattern !== 'arch';
  const n = width * height;
  // Pass 1: finger coordinates (rotation, placement, gentle warp) and the elliptical contact mask.
  const fxs = new Float32Array(n);
  const fys = new Float32Array(n);
  const amp = new Float32Array(n);
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      const dx = x - p.cx;
      const dy = y - p.cy;
      const ux = cosA * dx + sinA * dy;
      const uy = -sinA * dx + cosA * dy;
      const ex = ux / (ea * p.scale);
      const eyy = uy / (eb * p.scale * (uy > 0 ? 1.5 : 1));
      const e = ex * ex + eyy * eyy;
      if (e >= 1) continue;
      const fx = ux + wa * Math.sin(uy / wp + wf);
      fxs[i] = fx;
      fys[i] = uy + wb * Math.sin(fx / wq + wg);
      const pressure = 1 - pAmp + pAmp * Math.sin(ux / 37 + pf1) * Math.cos(uy / 53 + pf2);
      amp[i] = Math.min(1, (1 - e) / 0.12) * pressure;
    }
  }
  // Pass 2: minutia pairs, each windowed to a disc so only nearby pixels pay for its atan2.
  const spirals = new Float32Array(n);
  const mins = g.minutiae;
  const reach = PAIR_FADE_END + 10;
  for (let k = 0; k < mins.length; k += 5) {
    const [ax, ay, bx, by, pol] = [
      mins[k],
      mins[k + 1],
      mins[k + 2],
      mins[k + 3],
      mins[k + 4],
    ] as number[] as [number, number, number, number, number];
    const mx = (ax + bx) / 2;
    const my = (ay + by) / 2;
    const px = p.cx + cosA * mx - sinA * my;
    const py = p.cy + sinA * mx + cosA * my;
    const x0 = Math.max(0, Math.floor(px - reach));
    const x1 = Math.min(width - 1, Math.ceil(px + reach));
    const y0 = Math.max(0, Math.floor(py - reach));
    const y1 = Math.min(height - 1, Math.ceil(py + reach));
    for (let y = y0; y <= y1; y++) {
      for (let x = x0, i = y * width + x0; x <= x1; x++, i++) {
        if (amp[i] === 0) continue;
        const fx = fxs[i] as number;
        const fy = fys[i] as number;
        const r = Math.hypot(fx - mx, fy - my);
        if (r >= PAIR_FADE_END) continue;
        const ar = fx - ax;
        const ai = fy - ay;
        const br = fx - bx;
        const bi = fy - by;
        // arg((z−a)/(z−b)): winds only around the short segment a–b.
        const t = pol * Math.atan2(ai * br - ar * bi, ar * br + ai * bi);
        spirals[i] =
          (spirals[i] as number) +
          (r <= PAIR_FADE_START ? t : (t * (PAIR_FADE_END - r)) / (PAIR_FADE_END - PAIR_FADE_START));
      }
    }
  }
  // Pass 3: the ridge pattern.
  const plane = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = amp[i] as number;
    if (a === 0) continue;
    const fx = fxs[i] as number;
    const fy = fys[i] as number;
    let psi: number;
    let s = spirals[i] as number;
    if (loop) {
      psi = kappa * loopImF(fx, fy, cx0, cy0, dx0, dy0) + phi0;
      const dist = distanceToSegment(fx, fy, g.core, g.delta);
      if (dist < 30) s *= dist <= 10 ? 0 : (dist - 10) / 20;
    } else {
      psi = kappa * (fy + g.arch.height * Math.exp(-(fx * fx) / (2 * g.arch.width * g.arch.width)));
    }
    plane[i] = a * (0.53 + 0.43 * Math.cos(psi + s));
  }
  let ink: Float32Array = plane;
  let contrast = 1;
  let noise = 5;
  if (variant === 'smudged') {
    ink = boxBlur(boxBlur(plane, width, height, 2), width, height, 2);
    contrast = 0.5;
    noise = 28;
  }
  const pixels = new Uint8Array(width * height);
  const noiseRng = new Rng('finger-noise', o.seed, o.position, variant);
  for (let i = 0; i < pixels.length; i++) {
    const v =
      250 - 235 * contrast * (ink[i] as number) + noise * (noiseRng.next() + noiseRng.next() - 1) * 1.7;
    pixels[i] = v < 0 ? 0 : Math.min(v, 255);
  }
  return {
    width,
    height,
    components: 1,
    pixels,
    pattern: g.pattern,
    minutiae: (mins.length / 5) * 2,
    variant,
  };
}
