/**
 * Ridge phase fields for the fingerprint synthesiser: ψ = κ·Im F + φ₀ with F analytic, so ridges
 * (level lines of Im F) follow the flow w = F′. Closed forms keep the cost at a few transcendental
 * calls per pixel; seams are avoided as follows.
 * - The branch cut of the square root in w flips F → −F + K across it; φ₀ = −κ·Im K / 2 makes
 *   cos ψ equal on both sides.
 * - Principal logarithms in F jump by 2πi·(coefficient); κ·Re(coefficient) ∈ ℤ makes the jump of ψ a
 *   multiple of 2π.
 */

import { fastAtan2 } from './fastmath.ts';

export interface PhaseField {
  /** Singular points in finger coordinates (a whorl's centre is one core of index +1). */
  cores: [number, number][];
  deltas: [number, number][];
  /** ψ at every pixel whose amplitude is non-zero (0 elsewhere). */
  phase(fxs: Float32Array, fys: Float32Array, amp: Float32Array): Float32Array;
  /** Distance to where ψ is reflected or singular; minutia spirals fade out there. */
  cutDistance(x: number, y: number): number;
}

function distanceToSegment(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const vx = bx - ax;
  const vy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * vx + (y - ay) * vy) / (vx * vx + vy * vy)));
  const ex = x - ax - t * vx;
  const ey = y - ay - t * vy;
  return Math.sqrt(ex * ex + ey * ey);
}

/** An arch: horizontal ridges bent up by a Gaussian bump; no singular point. */
export function archField(kappa: number, height: number, width: number): PhaseField {
  const k = -1 / (2 * width * width);
  return {
    cores: [],
    deltas: [],
    phase(fxs, fys, amp) {
      const psi = new Float32Array(fxs.length);
      for (let i = 0; i < psi.length; i++) {
        if (amp[i] === 0) continue;
        const fx = fxs[i] as number;
        psi[i] = kappa * ((fys[i] as number) + height * Math.exp(k * fx * fx));
      }
      return psi;
    },
    cutDistance: () => Number.POSITIVE_INFINITY,
  };
}

/**
 * A loop: w = √((z−d)/(z−c)) with the antiderivative F = √(z−c)·√(z−d) + (c−d)·Log(√(z−c) + √(z−d)).
 * Both roots take their cut along the ray from c through d, so F is reflected (F → −F + 2F(c)) across
 * the segment c–d only; beyond d the Log jumps by iπ(c−d), invisible because the caller makes
 * Re(c−d) a multiple of λ/π; φ₀ = −κ·Im F(c) hides the reflection (F is continuous at c).
 * Ridges crowd towards the core (|w| > 1 there): a property of this model, not of real loops.
 */
export function loopField(kappa: number, core: [number, number], delta: [number, number]): PhaseField {
  const [cx, cy] = core;
  const [dx, dy] = delta;
  const cr = cx - dx;
  const ci = cy - dy;
  const cd = Math.sqrt(cr * cr + ci * ci);
  // u: unit vector from c to d. √v is taken as e·√(−v·ū) (principal root) with e = √(−u), whose
  // only discontinuity is where v points along u.
  const ur = -cr / cd;
  const ui = -ci / cd;
  // −u·√q₁·√q₂ = √(z−c)·√(z−d), since e² = −u.
  const imF = (fx: number, fy: number): number => {
    const ar = fx - cx;
    const ai = fy - cy;
    const br = fx - dx;
    const bi = fy - dy;
    // q = −v·ū
    const q1r = -(ar * ur + ai * ui);
    const q1i = -(ai * ur - ar * ui);
    const q2r = -(br * ur + bi * ui);
    const q2i = -(bi * ur - br * ui);
    const m1 = Math.sqrt(q1r * q1r + q1i * q1i);
    const s1r = Math.sqrt((m1 + q1r) / 2);
    const s1i = (q1i >= 0 ? 1 : -1) * Math.sqrt(Math.max(0, (m1 - q1r) / 2));
    const m2 = Math.sqrt(q2r * q2r + q2i * q2i);
    const s2r = Math.sqrt((m2 + q2r) / 2);
    const s2i = (q2i >= 0 ? 1 : -1) * Math.sqrt(Math.max(0, (m2 - q2r) / 2));
    const pr = s1r * s2r - s1i * s2i;
    const pi = s1r * s2i + s1i * s2r;
    // Im(−u·P) + Im((c−d)·Log S), S = √q₁ + √q₂ (Re S ≥ 0: no cut).
    const sr = s1r + s2r;
    const si = s1i + s2i;
    return -(ur * pi + ui * pr) + cr * fastAtan2(si, sr) + ci * 0.5 * Math.log(sr * sr + si * si + 1e-30);
  };
  // F(c), approached from the side away from d.
  const phi0 = -kappa * imF(cx - 1e-9 * ur, cy - 1e-9 * ui);
  return {
    cores: [core],
    deltas: [delta],
    phase(fxs, fys, amp) {
      const psi = new Float32Array(fxs.length);
      for (let i = 0; i < psi.length; i++) {
        if (amp[i] !== 0) psi[i] = kappa * imF(fxs[i] as number, fys[i] as number) + phi0;
      }
      return psi;
    },
    cutDistance: (x, y) => distanceToSegment(x, y, cx, cy, dx, dy),
  };
}

/**
 * A whorl: w = R/(z−c), R = √((z−d₁)(z−d₂)), with the antiderivative
 *   F = R + (c−s)·Log(z−s+R) − R(c)·Log(N/(z−c)),  N = 2p(c) + 2(c−s)(z−c) + 2R(c)·R,
 * where s = (d₁+d₂)/2, p(z) = (z−s)² − h², h = (d₂−d₁)/2. R's cut is moved from the segment d₁–d₂
 * to the half circle on it away from c, so it stays clear of the centre. Near c, Im F ≈ Im R(c)·ln|z−c|:
 * rings that crowd towards the centre; inside r₁ ≈ |R(c)| the log is replaced by a linear ramp (equal
 * ring spacing, C¹ at r₁) and the linear part of F is faded out so the rings stay centred.
 * Deltas sit at distance `radius` from c, `spread` radians either side of straight down, turned by β
 * with radius·sin β = arms/κ: arms 0 gives closed rings (Re R(c) = 0), arms ±2 a two-armed spiral
 * (Re R(c)·κ = ±2, and spread = 60° makes Re(c−s)·κ = ±1).
 */
export function whorlField(
  kappa: number,
  centre: [number, number],
  radius: number,
  spread: number,
  arms: number,
): PhaseField {
  const [cx, cy] = centre;
  const beta = Math.asin(arms / (kappa * radius));
  const d1: [number, number] = [
    cx + radius * Math.cos(Math.PI / 2 + spread + beta),
    cy + radius * Math.sin(Math.PI / 2 + spread + beta),
  ];
  const d2: [number, number] = [
    cx + radius * Math.cos(Math.PI / 2 - spread + beta),
    cy + radius * Math.sin(Math.PI / 2 - spread + beta),
  ];
  const [d1x, d1y] = d1;
  const [d2x, d2y] = d2;
  const sx = (d1[0] + d2[0]) / 2;
  const sy = (d1[1] + d2[1]) / 2;
  const hr = (d2[0] - d1[0]) / 2;
  const hi = (d2[1] - d1[1]) / 2;
  const h2r = hr * hr - hi * hi;
  const h2i = 2 * hr * hi;
  const habs2 = hr * hr + hi * hi;
  const habs = Math.sqrt(habs2);
  // Unit vector from c towards s: the half disc beyond the segment lies this way.
  const sl = Math.hypot(sx - cx, sy - cy);
  const ux = (sx - cx) / sl;
  const uy = (sy - cy) / sl;
  /** R(z) on the chosen branch, as [re, im]. */
  const branchR = (fx: number, fy: number, out: Float64Array): void => {
    const zr = fx - sx;
    const zi = fy - sy;
    // R = (z−s)·√(1 − h²/(z−s)²): principal root, cut on the segment d₁–d₂.
    const z2r = zr * zr - zi * zi;
    const z2i = 2 * zr * zi;
    const den = z2r * z2r + z2i * z2i + 1e-30;
    const qr = 1 - (h2r * z2r + h2i * z2i) / den;
    const qi = -(h2i * z2r - h2r * z2i) / den;
    const qm = Math.sqrt(qr * qr + qi * qi);
    const sr = Math.sqrt((qm + qr) / 2);
    const si = (qi >= 0 ? 1 : -1) * Math.sqrt(Math.max(0, (qm - qr) / 2));
    let rr = zr * sr - zi * si;
    let ri = zr * si + zi * sr;
    // Flip inside the half disc beyond the segment: the cut moves to its half circle.
    if (zr * zr + zi * zi < habs2 && zr * ux + zi * uy > 0) {
      rr = -rr;
      ri = -ri;
    }
    out[0] = rr;
    out[1] = ri;
  };
  const tmp = new Float64Array(2);
  branchR(cx, cy, tmp);
  const rcr = tmp[0] as number;
  const rci = tmp[1] as number;
  const cmr = cx - sx;
  const cmi = cy - sy;
  const pcr = cmr * cmr - cmi * cmi - h2r;
  const pci = 2 * cmr * cmi - h2i;
  // R′(c) = (c−s)/R(c): the constant part of w at c, faded out inside r₁.
  const rc2 = rcr * rcr + rci * rci;
  const dr = (cmr * rcr + cmi * rci) / rc2;
  const di = (cmi * rcr - cmr * rci) / rc2;
  const r1 = 0.95 * Math.sqrt(rc2);
  const lnR1 = Math.log(r1);
  const imF = (fx: number, fy: number): number => {
    branchR(fx, fy, tmp);
    const rr = tmp[0] as number;
    const ri = tmp[1] as number;
    const ar = fx - sx + rr;
    const ai = fy - sy + ri;
    const vr = fx - cx;
    const vi = fy - cy;
    const nr = 2 * (pcr + cmr * vr - cmi * vi + rcr * rr - rci * ri);
    const ni = 2 * (pci + cmr * vi + cmi * vr + rcr * ri + rci * rr);
    // N/(z−c) through N·conj(z−c): same argument, and |z−c| enters only through lnV below.
    const qr = nr * vr + ni * vi;
    const qi = ni * vr - nr * vi;
    const v2 = vr * vr + vi * vi + 1e-30;
    const lnV = 0.5 * Math.log(v2);
    let t =
      ri +
      cmr * fastAtan2(ai, ar) +
      cmi * 0.5 * Math.log(ar * ar + ai * ai) -
      rcr * fastAtan2(qi, qr) -
      rci * (0.5 * Math.log(nr * nr + ni * ni) - lnV);
    if (v2 < r1 * r1) {
      const r = Math.sqrt(v2);
      const fade = (1 - r / r1) * (1 - r / r1);
      t += rci * (lnR1 + (r - r1) / r1 - lnV) - fade * (dr * vi + di * vr);
    }
    return t;
  };
  // φ₀ from the two sides of the half circle's far point.
  const bx = sx + habs * ux;
  const by = sy + habs * uy;
  const phi0 = (-kappa * (imF(bx + 1e-6 * ux, by + 1e-6 * uy) + imF(bx - 1e-6 * ux, by - 1e-6 * uy))) / 2;
  return {
    cores: [centre],
    deltas: [d1, d2],
    phase(fxs, fys, amp) {
      const psi = new Float32Array(fxs.length);
      for (let i = 0; i < psi.length; i++) {
        if (amp[i] !== 0) psi[i] = kappa * imF(fxs[i] as number, fys[i] as number) + phi0;
      }
      return psi;
    },
    cutDistance(x, y) {
      const vx = x - sx;
      const vy = y - sy;
      const toCentre2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
      if (vx * ux + vy * uy >= 0)
        return Math.min(Math.sqrt(toCentre2), Math.abs(Math.sqrt(vx * vx + vy * vy) - habs));
      const e1 = (x - d1x) * (x - d1x) + (y - d1y) * (y - d1y);
      const e2 = (x - d2x) * (x - d2x) + (y - d2y) * (y - d2y);
      return Math.sqrt(Math.min(toCentre2, e1, e2));
    },
  };
}
