/**
 * Image-quality scores 0–100 computed from the pixels. These are the project's own documented
 * formulas built from ISO/IEC 29794-4/-6 style native measures; they are NOT NFIQ 1 or NFIQ 2.
 */
import { boxBlur, type Image, lumaPlane } from '../synth/image.ts';

export interface QualityReport {
  /** 0–100, rounded. */
  score: number;
  /** The measures the score is made of (each 0–1 unless named otherwise). */
  measures: Record<string, number>;
}

const SHARP_IRIS = 4;
const clamp01 = (v: number) => (v < 0 ? 0 : Math.min(v, 1));

/**
 * Finger: 24×24 blocks; foreground = block std > 14. Per block, orientation certainty
 * (structure tensor: √((gxx−gyy)² + 4gxy²)/(gxx+gyy)) × ridge clarity (std/60, capped at 1).
 * Placement: the contact area's major axis (second moments of foreground blocks) should be within
 * 0.25 rad of vertical; the factor falls linearly to 0 at 0.75 rad.
 * score = 100 × mean(block OCL × clarity over foreground) × min(1, foreground fraction / 0.45) × placement.
 */
export function fingerQuality(img: Image): QualityReport {
  const { width: w, height: h } = img;
  const p = lumaPlane(img);
  const B = 24;
  let fg = 0;
  let total = 0;
  let sumOcl = 0;
  let sumClarity = 0;
  let sum = 0;
  // Moments of the foreground block centres, for the placement (tilt) measure.
  let mx = 0;
  let my = 0;
  let mxx = 0;
  let myy = 0;
  let mxy = 0;
  for (let by = 0; by + B <= h; by += B) {
    for (let bx = 0; bx + B <= w; bx += B) {
      total++;
      let s = 0;
      let s2 = 0;
      let gxx = 0;
      let gyy = 0;
      let gxy = 0;
      for (let y = by; y < by + B; y++) {
        for (let x = bx; x < bx + B; x++) {
          const i = y * w + x;
          const v = p[i] as number;
          s += v;
          s2 += v * v;
          const gx = (p[x + 1 < w ? i + 1 : i] as number) - (p[x > 0 ? i - 1 : i] as number);
          const gy = (p[y + 1 < h ? i + w : i] as number) - (p[y > 0 ? i - w : i] as number);
          gxx += gx * gx;
          gyy += gy * gy;
          gxy += gx * gy;
        }
      }
      const n = B * B;
      const std = Math.sqrt(Math.max(0, s2 / n - (s / n) ** 2));
      if (std <= 14) continue;
      fg++;
      mx += bx;
      my += by;
      mxx += bx * bx;
      myy += by * by;
      mxy += bx * by;
      const ocl = gxx + gyy > 0 ? Math.sqrt((gxx - gyy) ** 2 + 4 * gxy * gxy) / (gxx + gyy) : 0;
      const clarity = clamp01(std / 60);
      sumOcl += ocl;
      sumClarity += clarity;
      sum += ocl * clarity;
    }
  }
  const foreground = total ? fg / total : 0;
  const coverage = clamp01(foreground / 0.45);
  let tilt = 0;
  if (fg > 2) {
    const cxx = mxx / fg - (mx / fg) ** 2;
    const cyy = myy / fg - (my / fg) ** 2;
    const cxy = mxy / fg - (mx / fg) * (my / fg);
    // Angle of the contact area's major axis from vertical.
    tilt = Math.abs(0.5 * Math.atan2(2 * cxy, cyy - cxx));
  }
  const placement = clamp01(1 - Math.max(0, tilt - 0.25) / 0.5);
  const score = fg ? (100 * sum * coverage * placement) / fg : 0;
  return {
    score: Math.round(score),
    measures: {
      placement,
      tiltRadians: tilt,
      orientationCertainty: fg ? sumOcl / fg : 0,
      ridgeClarity: fg ? sumClarity / fg : 0,
      foregroundFraction: foreground,
    },
  };
}

/** Mean absolute 4-neighbour Laplacian over the interior (a sharpness measure). */
function laplacianEnergy(
  p: Float32Array,
  w: number,
  h: number,
  x0 = 1,
  y0 = 1,
  x1 = w - 1,
  y1 = h - 1,
): number {
  let s = 0;
  let n = 0;
  for (let y = Math.max(1, y0); y < Math.min(h - 1, y1); y++) {
    for (let x = Math.max(1, x0); x < Math.min(w - 1, x1); x++) {
      const i = y * w + x;
      s += Math.abs(
        4 * (p[i] as number) -
          (p[i - 1] as number) -
          (p[i + 1] as number) -
          (p[i - w] as number) -
          (p[i + w] as number),
      );
      n++;
    }
  }
  return n ? s / n : 0;
}

/** Mean |box3 − box7| over a window: texture energy at 2–6 px scale, robust to pixel noise. */
function bandEnergy(
  p: Float32Array,
  w: number,
  h: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): number {
  // Blur only the window plus a margin wider than the larger radius (same values inside the window).
  const wx0 = Math.max(0, x0);
  const wy0 = Math.max(0, y0);
  const wx1 = Math.min(w, x1);
  const wy1 = Math.min(h, y1);
  if (wx1 <= wx0 || wy1 <= wy0) return 0;
  const cx0 = Math.max(0, wx0 - 4);
  const cy0 = Math.max(0, wy0 - 4);
  const cw = Math.min(w, wx1 + 4) - cx0;
  const ch = Math.min(h, wy1 + 4) - cy0;
  const crop = new Float32Array(cw * ch);
  for (let y = 0; y < ch; y++) crop.set(p.subarray((cy0 + y) * w + cx0, (cy0 + y) * w + cx0 + cw), y * cw);
  const a = boxBlur(crop, cw, ch, 1);
  const b = boxBlur(crop, cw, ch, 3);
  let s = 0;
  for (let y = wy0 - cy0; y < wy1 - cy0; y++) {
    for (let x = wx0 - cx0, i = y * cw + x; x < wx1 - cx0; x++, i++) {
      s += Math.abs((a[i] as number) - (b[i] as number));
    }
  }
  return s / ((wx1 - wx0) * (wy1 - wy0));
}

/**
 * Iris: the pupil is found as the largest dark blob (< 50) and its centroid; the iris boundary as the
 * strongest rise of the mean radial profile beyond the pupil. Measures: pupil/iris ratio in 0.2–0.7,
 * iris diameter (≥ minDiameter px), iris inside the frame, iris–pupil contrast, sharpness of the iris ring.
 * usable iris area (share of annulus pixels 25–140 grey, not a K7 mask value), mapped 0.5–0.9 → 0–1;
 * sharpness = band-pass energy (3×3 box minus 7×7 box, mean |·|) / 4, insensitive to pixel noise.
 * score = 100 × geometry × diameter × margin × contrast × sharpness × usable area (each 0–1).
 */
export function irisQuality(img: Image, minDiameter = 150): QualityReport {
  const { width: w, height: h } = img;
  const p = lumaPlane(img);
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0, i = 0; y < h; y++) {
    for (let x = 0; x < w; x++, i++) {
      if ((p[i] as number) < 50) {
        n++;
        sx += x;
        sy += y;
      }
    }
  }
  if (n < 50) return { score: 0, measures: { pupilFound: 0 } };
  const cx = sx / n;
  const cy = sy / n;
  const rp = Math.sqrt(n / Math.PI);
  const maxR = Math.floor(Math.min(w, h) / 1.6);
  const profile = new Float64Array(maxR);
  const counts = new Float64Array(maxR);
  for (let a = 0; a < 64; a++) {
    // Horizontal-ish rays only (±40° either side), where eyelids rarely cover the limbus.
    const ang = (a < 32 ? -0.7 + (1.4 * a) / 31 : Math.PI - 0.7 + (1.4 * (a - 32)) / 31) as number;
    const ca = Math.cos(ang);
    const sa = Math.sin(ang);
    for (let r = 0; r < maxR; r++) {
      const x = Math.round(cx + r * ca);
      const y = Math.round(cy + r * sa);
      if (x < 0 || y < 0 || x >= w || y >= h) break;
      profile[r] = (profile[r] as number) + (p[y * w + x] as number);
      counts[r] = (counts[r] as number) + 1;
    }
  }
  let best = 0;
  let ri = 0;
  for (let r = Math.ceil(rp * 1.3) + 3; r < maxR - 3; r++) {
    if ((counts[r + 3] as number) < 8) break;
    const rise =
      (profile[r + 3] as number) / (counts[r + 3] as number) -
      (profile[r - 3] as number) / (counts[r - 3] as number);
    if (rise > best) {
      best = rise;
      ri = r;
    }
  }
  if (!ri) return { score: 0, measures: { pupilFound: 1, irisFound: 0 } };
  let irisMean = 0;
  let m = 0;
  for (let r = Math.ceil(rp) + 2; r < ri - 2; r++) {
    if (counts[r]) {
      irisMean += (profile[r] as number) / (counts[r] as number);
      m++;
    }
  }
  irisMean = m ? irisMean / m : 0;
  // Usable iris: annulus pixels that look like iris (not eyelid skin, sclera or a K7 mask constant).
  let annulus = 0;
  let usable = 0;
  for (let y = Math.max(0, Math.floor(cy - ri)); y < Math.min(h, Math.ceil(cy + ri)); y++) {
    for (let x = Math.max(0, Math.floor(cx - ri)); x < Math.min(w, Math.ceil(cx + ri)); x++) {
      const d2 = (x - cx) ** 2 + (y - cy) ** 2;
      if (d2 <= rp * rp * 1.1 || d2 >= ri * ri * 0.9) continue;
      annulus++;
      const v = p[y * w + x] as number;
      if (v > 25 && v < 140 && v !== 128) usable++;
    }
  }
  const usableArea = annulus ? usable / annulus : 0;
  const ratio = rp / ri;
  const geometry = ratio >= 0.2 && ratio <= 0.7 ? 1 : 0.3;
  const diameter = clamp01((2 * ri) / minDiameter);
  const margin = Math.min(cx - ri, w - cx - ri, cy - ri * 0.6, h - cy - ri * 0.6) >= 0 ? 1 : 0.4;
  const contrast = clamp01((irisMean - 20) / 50);
  const sharp = bandEnergy(
    p,
    w,
    h,
    Math.round(cx - ri),
    Math.round(cy - ri / 2),
    Math.round(cx + ri),
    Math.round(cy + ri / 2),
  );
  const sharpness = clamp01(sharp / SHARP_IRIS);
  const area = clamp01((usableArea - 0.5) / 0.4);
  return {
    score: Math.round(100 * geometry * diameter * margin * contrast * sharpness * area),
    measures: {
      pupilRadius: rp,
      irisRadius: ri,
      pupilIrisRatio: ratio,
      usableArea,
      geometry,
      diameter,
      margin,
      contrast,
      sharp,
      sharpness,
    },
  };
}

/**
 * Face: exposure (mean luma of the central region near 90–190), dynamic range (5th–95th percentile
 * spread / 150), sharpness (Laplacian energy / 1.5), face presence (share of non-background pixels in
 * the central region / 0.5), symmetry (1 − mean |left − mirrored right| / 40 about the subject's column
 * centroid). score = 100 × product.
 */
export function faceQuality(img: Image): QualityReport {
  const { width: w, height: h } = img;
  const p = lumaPlane(img);
  const x0 = Math.round(w * 0.25);
  const x1 = Math.round(w * 0.75);
  const y0 = Math.round(h * 0.15);
  const y1 = Math.round(h * 0.7);
  const hist = new Float64Array(256);
  let sum = 0;
  let n = 0;
  let subject = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const v = p[y * w + x] as number;
      hist[Math.min(255, Math.round(v))] = (hist[Math.min(255, Math.round(v))] as number) + 1;
      sum += v;
      n++;
      if (v < 235) subject++;
    }
  }
  const mean = sum / n;
  const pct = (q: number) => {
    let acc = 0;
    for (let v = 0; v < 256; v++) {
      acc += hist[v] as number;
      if (acc >= q * n) return v;
    }
    return 255;
  };
  // Left/right symmetry about the subject's column centroid (a tilted or turned head loses it).
  let colSum = 0;
  let colN = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = 0; x < w; x++) {
      if ((p[y * w + x] as number) < 235) {
        colSum += x;
        colN++;
      }
    }
  }
  const axis = colN ? colSum / colN : w / 2;
  let diff = 0;
  let dn = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < axis; x++) {
      const xm = Math.round(2 * axis - x);
      if (xm >= w) continue;
      diff += Math.abs((p[y * w + x] as number) - (p[y * w + xm] as number));
      dn++;
    }
  }
  const symmetry = clamp01(1 - (dn ? diff / dn : 255) / 40);
  const exposure = mean < 90 ? clamp01(mean / 90) : mean > 190 ? clamp01((255 - mean) / 65) : 1;
  const range = clamp01((pct(0.95) - pct(0.05)) / 150);
  const sharpness = clamp01(laplacianEnergy(p, w, h, x0, y0, x1, y1) / 1.5);
  const presence = clamp01(subject / n / 0.5);
  return {
    score: Math.round(100 * exposure * range * sharpness * presence * symmetry),
    measures: { meanLuma: mean, exposure, dynamicRange: range, sharpness, presence, symmetry },
  };
}
