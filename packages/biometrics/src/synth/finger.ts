/**
 * Procedural fingerprints at 500 ppi: the ridge pattern is cos ψ of a phase field (Larkin & Fletcher's
 * AM-FM model) with ψ = κ·Im F + minutia spirals, where F is an analytic function whose derivative
 * w = F′ sets the ridge flow: ridges are level lines of Im F, so they turn around a simple pole of w²
 * (a core, index +½) or a double pole (a whorl centre, +1) and split at a simple zero (a delta, −½),
 * as in Sherlock–Monro's model.
 *
 * - Loops: w = √((z−d)/(z−c)), one core c and one delta d (phase in ./phase.ts).
 * - Whorls: w = √((z−d₁)(z−d₂))/(z−c), two deltas and a full-turn centre c; ridges are closed rings
 *   around c (a plain whorl) or, when Re(residue)·κ = ±2, a two-armed spiral (drawn as the double loop).
 * - Arches: a smooth bump, no singular point.
 * Seams are avoided by quantising the periods of F to multiples of 2π/κ and by a phase offset φ₀ that
 * hides the sign flip of w across its branch cut (see ./phase.ts). Minutiae come in pairs of opposite
 * spirals ±arg((z−a)/(z−b)) (short ridges, islands) and fade out near the branch cut.
 */

import { fastAtan2, fastSin } from './fastmath.ts';
import { boxBlur, type Image } from './image.ts';
import { archField, loopField, type PhaseField, whorlField } from './phase.ts';
import { Rng } from './rng.ts';

export type FingerPattern = 'arch' | 'left-loop' | 'right-loop' | 'whorl' | 'double-loop';
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
  /** Singular points where the generator put them, in image pixels (quality never reads these). */
  cores: [number, number][];
  deltas: [number, number][];
}

const RIDGE_PERIOD = 9; // pixels at 500 ppi (~0.46 mm)
/** A minutia pair acts fully within this radius of its midpoint and fades out by PAIR_FADE_END. */
const PAIR_FADE_START = 45;
const PAIR_FADE_END = 75;
/** Minutiae fade to nothing within this distance of the branch cut (where ψ is reflected). */
const CUT_CLEAR = 10;
const CUT_FADE = 30;
const DEGRADATIONS: readonly Degradation[] = ['partial', 'smudged', 'rotated', 'small'];

/**
 * Pattern classes of one identity's ten fingers (ISO positions 1–10): one or two arches, two to four
 * whorls (some drawn as double loops), the rest loops slanting to the little finger (ulnar: right
 * loops on the right hand, left loops on the left), shuffled over the fingers.
 */
function identityPatterns(seed: string | number): FingerPattern[] {
  const rng = new Rng('finger-plan', seed);
  const fingers = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  for (let i = fingers.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [fingers[i], fingers[j]] = [fingers[j] as number, fingers[i] as number];
  }
  const arches = rng.next() < 0.7 ? 1 : 2;
  const whorls = rng.int(2, 4);
  const plan: FingerPattern[] = new Array(11).fill('arch');
  fingers.forEach((position, k) => {
    const ulnar: FingerPattern = position <= 5 ? 'right-loop' : 'left-loop';
    const radial: FingerPattern = position <= 5 ? 'left-loop' : 'right-loop';
    plan[position] =
      k < arches
        ? 'arch'
        : k < arches + whorls
          ? rng.next() < 0.3
            ? 'double-loop'
            : 'whorl'
          : rng.next() < 0.85
            ? ulnar
            : radial;
  });
  return plan;
}

function patternOf(seed: string | number, position: number): FingerPattern {
  if (position >= 1 && position <= 10) return identityPatterns(seed)[position] as FingerPattern;
  const roll = new Rng('finger-unknown', seed).next();
  return roll < 0.08 ? 'arch' : roll < 0.38 ? 'whorl' : roll < 0.69 ? 'left-loop' : 'right-loop';
}

interface FingerGenome {
  pattern: FingerPattern;
  field: PhaseField;
  warp: [number, number, number, number, number, number];
  /** Minutia pairs (ax, ay, bx, by, polarity) relative to the finger centre. */
  minutiae: Float64Array;
  ellipse: [number, number];
  pressure: [number, number, number];
}

/** Everything that identifies one finger of one person, drawn from its own random stream. */
function genome(seed: string | number, position: number): FingerGenome {
  const rng = new Rng('finger', seed, position);
  const pattern = patternOf(seed, position);
  const period = RIDGE_PERIOD * rng.range(0.92, 1.08);
  const kappa = (2 * Math.PI) / period;
  let field: PhaseField;
  if (pattern === 'left-loop' || pattern === 'right-loop') {
    // A left loop opens to the left: its delta lies to the right of the core.
    const side = pattern === 'left-loop' ? 1 : -1;
    const m = rng.int(14, 22); // delta offset in units of λ/π keeps the pattern seamless
    const core: [number, number] = [rng.range(-18, 18), rng.range(-40, 0)];
    field = loopField(kappa, core, [core[0] + side * m * (period / Math.PI), core[1] + rng.range(70, 110)]);
  } else if (pattern === 'whorl' || pattern === 'double-loop') {
    const centre: [number, number] = [rng.range(-12, 12), rng.range(-35, -5)];
    const arms = pattern === 'whorl' ? 0 : rng.next() < 0.5 ? -2 : 2;
    // Plain whorls take any delta spread; a two-armed spiral needs 60° (see whorlField).
    const spread = arms === 0 ? rng.range(0.7, 1.05) : Math.PI / 3;
    field = whorlField(kappa, centre, rng.range(78, 100), spread, arms);
  } else {
    field = archField(kappa, rng.range(25, 60), rng.range(60, 110));
  }
  const pairs: number[] = [];
  const wanted = rng.int(12, 18);
  for (let tries = 0; pairs.length < wanted * 5 && tries < 400; tries++) {
    const ax = rng.range(-110, 110);
    const ay = rng.range(-150, 150);
    if (field.cutDistance(ax, ay) < 40) continue;
    const len = rng.range(8, 26);
    const angle = rng.range(-0.5, 0.5);
    pairs.push(ax, ay, ax + len * Math.cos(angle), ay + len * Math.sin(angle), rng.next() < 0.5 ? -1 : 1);
  }
  return {
    pattern,
    field,
    warp: [
      rng.range(3, 7),
      rng.range(180, 320),
      rng.range(0, 6.3),
      rng.range(3, 7),
      rng.range(180, 320),
      rng.range(0, 6.3),
    ],
    minutiae: Float64Array.from(pairs),
    ellipse: [rng.range(118, 135), rng.range(160, 185)],
    pressure: [rng.range(0, 6.3), rng.range(0, 6.3), rng.range(0.08, 0.16)],
  };
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
  const cosA = Math.cos(p.angle);
  const sinA = Math.sin(p.angle);
  const [wa, wp, wf, wb, wq, wg] = g.warp;
  const [ea, eb] = g.ellipse;
  const [pf1, pf2, pAmp] = g.pressure;
  const n = width * height;
  // Pass 1: finger coordinates (rotation, placement, gentle warp) and the elliptical contact mask,
  // row by row over the span of x where the ellipse is (the rest stays 0: no contact).
  const fxs = new Float32Array(n);
  const fys = new Float32Array(n);
  const amp = new Float32Array(n);
  const ia = 1 / (ea * p.scale);
  const ib = 1 / (eb * p.scale);
  // Along a row ux and uy are linear in x, so the sines of the warp and pressure terms advance by a
  // fixed rotation per pixel instead of a sin call each.
  const steps = [-sinA / wp, cosA / 37, -sinA / 53].map((d) => [Math.sin(d), Math.cos(d)] as const);
  const [[s1d, c1d], [s3d, c3d], [s4d, c4d]] = steps as [
    [number, number],
    [number, number],
    [number, number],
  ];
  for (let y = 0; y < height; y++) {
    const dy = y - p.cy;
    let ux = cosA * -p.cx + sinA * dy;
    let uy = -sinA * -p.cx + cosA * dy;
    let s1 = Math.sin(uy / wp + wf);
    let c1 = Math.cos(uy / wp + wf);
    let s3 = Math.sin(ux / 37 + pf1);
    let c3 = Math.cos(ux / 37 + pf1);
    let s4 = Math.cos(uy / 53 + pf2);
    let c4 = -Math.sin(uy / 53 + pf2); // (s4, c4) = (cos θ, −sin θ) advances like (sin, cos)
    for (let x = 0, i = y * width; x < width; x++, i++) {
      const ex = ux * ia;
      const eyy = uy * ib * (uy > 0 ? 2 / 3 : 1);
      const e = ex * ex + eyy * eyy;
      if (e < 1) {
        const fx = ux + wa * s1;
        fxs[i] = fx;
        fys[i] = uy + wb * fastSin(fx / wq + wg);
        const edge = (1 - e) / 0.12;
        amp[i] = Math.min(edge, 1) * (1 - pAmp + pAmp * s3 * s4);
      }
      ux += cosA;
      uy -= sinA;
      const n1 = s1 * c1d + c1 * s1d;
      c1 = c1 * c1d - s1 * s1d;
      s1 = n1;
      const n3 = s3 * c3d + c3 * s3d;
      c3 = c3 * c3d - s3 * s3d;
      s3 = n3;
      const n4 = s4 * c4d + c4 * s4d;
      c4 = c4 * c4d - s4 * s4d;
      s4 = n4;
    }
  }
  // Pass 2: minutia pairs, each windowed to a disc so only nearby pixels pay for its atan2.
  const spirals = new Float32Array(n);
  // 1 where a pair near the branch cut touched the pixel: only there pass 3 measures the cut distance.
  const nearCut = new Uint8Array(n);
  const mins = g.minutiae;
  const reach = PAIR_FADE_END + 10;
  const fadeEnd2 = PAIR_FADE_END * PAIR_FADE_END;
  const fadeStart2 = PAIR_FADE_START * PAIR_FADE_START;
  for (let k = 0; k < mins.length; k += 5) {
    const ax = mins[k] as number;
    const ay = mins[k + 1] as number;
    const bx = mins[k + 2] as number;
    const by = mins[k + 3] as number;
    const pol = mins[k + 4] as number;
    const mx = (ax + bx) / 2;
    const my = (ay + by) / 2;
    const mayReachCut = g.field.cutDistance(mx, my) < PAIR_FADE_END + CUT_FADE;
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
        const r2 = (fx - mx) * (fx - mx) + (fy - my) * (fy - my);
        if (r2 >= fadeEnd2) continue;
        const ar = fx - ax;
        const ai = fy - ay;
        const br = fx - bx;
        const bi = fy - by;
        // arg((z−a)/(z−b)): winds only around the short segment a–b.
        const t = pol * fastAtan2(ai * br - ar * bi, ar * br + ai * bi);
        if (mayReachCut) nearCut[i] = 1;
        spirals[i] =
          (spirals[i] as number) +
          (r2 <= fadeStart2 ? t : (t * (PAIR_FADE_END - Math.sqrt(r2))) / (PAIR_FADE_END - PAIR_FADE_START));
      }
    }
  }
  // Pass 3: the ridge pattern.
  const plane = new Float32Array(n);
  const psi = g.field.phase(fxs, fys, amp);
  const field = g.field;
  for (let i = 0; i < n; i++) {
    const a = amp[i] as number;
    if (a === 0) continue;
    let s = spirals[i] as number;
    if (nearCut[i] === 1) {
      const dist = field.cutDistance(fxs[i] as number, fys[i] as number);
      if (dist < CUT_FADE) s *= dist <= CUT_CLEAR ? 0 : (dist - CUT_CLEAR) / (CUT_FADE - CUT_CLEAR);
    }
    plane[i] = a * (0.53 + 0.43 * fastSin((psi[i] as number) + s + Math.PI / 2));
  }
  let ink: Float32Array = plane;
  let contrast = 1;
  let noise = 5;
  if (variant === 'smudged') {
    ink = boxBlur(boxBlur(plane, width, height, 2), width, height, 2);
    contrast = 0.5;
    noise = 28;
  }
  const pixels = new Uint8Array(n);
  const noiseRng = new Rng('finger-noise', o.seed, o.position, variant);
  const gain = 235 * contrast;
  const spread = noise * 1.7;
  for (let i = 0; i < n; i++) {
    const v = 250 - gain * (ink[i] as number) + spread * (noiseRng.next() + noiseRng.next() - 1);
    pixels[i] = v < 0 ? 0 : Math.min(v, 255);
  }
  // Finger coordinates → pixels: undo the warp (exactly: each step depends only on the other axis), then rotate.
  const toImage = ([fx, fy]: readonly [number, number]): [number, number] => {
    const uy = fy - wb * Math.sin(fx / wq + wg);
    const ux = fx - wa * Math.sin(uy / wp + wf);
    return [p.cx + cosA * ux - sinA * uy, p.cy + sinA * ux + cosA * uy];
  };
  return {
    width,
    height,
    components: 1,
    pixels,
    pattern: g.pattern,
    minutiae: (mins.length / 5) * 2,
    variant,
    cores: g.field.cores.map(toImage),
    deltas: g.field.deltas.map(toImage),
  };
}
