import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type FingerPattern, fingerQuality, type SynthFinger, synthesizeFinger } from '../src/index.ts';

const W = 288;
const H = 384;

/**
 * Poincaré index of the ridge orientation field measured from the pixels on a circle around (x, y):
 * orientation from the gradient structure tensor in a 17 × 17 window, doubled-angle differences summed
 * around 48 points. +½ for a loop core, +1 for a whorl centre, −½ for a delta, 0 elsewhere.
 */
function poincare(img: SynthFinger, x: number, y: number, radius = 26): number {
  const p = img.pixels;
  const twice = (px: number, py: number) => {
    let gxx = 0;
    let gyy = 0;
    let gxy = 0;
    for (let v = Math.round(py) - 8; v <= Math.round(py) + 8; v++) {
      for (let u = Math.round(px) - 8; u <= Math.round(px) + 8; u++) {
        const i = v * img.width + u;
        const gx = (p[i + 1] as number) - (p[i - 1] as number);
        const gy = (p[i + img.width] as number) - (p[i - img.width] as number);
        gxx += gx * gx;
        gyy += gy * gy;
        gxy += gx * gy;
      }
    }
    return Math.atan2(2 * gxy, gxx - gyy);
  };
  const n = 48;
  let sum = 0;
  let prev = twice(x + radius, y);
  for (let k = 1; k <= n; k++) {
    const a = (2 * Math.PI * k) / n;
    const cur = twice(x + radius * Math.cos(a), y + radius * Math.sin(a));
    let d = cur - prev;
    while (d > Math.PI) d -= 2 * Math.PI;
    while (d <= -Math.PI) d += 2 * Math.PI;
    sum += d;
    prev = cur;
  }
  // The sum is a whole number of half turns up to rounding error.
  return Math.round(sum / (2 * Math.PI)) / 2 + 0; // + 0 turns −0 into 0
}

/** True when the whole measuring circle lies on the finger, away from the image border. */
function onFinger(img: SynthFinger, x: number, y: number, radius = 26 + 10): boolean {
  if (x < radius || y < radius || x >= img.width - radius || y >= img.height - radius) return false;
  for (let k = 0; k < 16; k++) {
    const a = (2 * Math.PI * k) / 16;
    const v =
      img.pixels[Math.round(y + radius * Math.sin(a)) * img.width + Math.round(x + radius * Math.cos(a))];
    if ((v as number) > 235) return false;
  }
  return true;
}

const classOf = (p: FingerPattern) =>
  p === 'whorl' || p === 'double-loop' ? 'whorl' : p.endsWith('loop') ? 'loop' : 'arch';

describe('fingerprint pattern classes', { timeout: 120_000 }, () => {
  test('ten fingers of one identity mix arches, loops and whorls; singular points match the class', {
    timeout: 120_000,
  }, () => {
    let measured = 0;
    const seen = new Set<FingerPattern>();
    for (const seed of ['mix-1', 'mix-2', 'mix-3', 'mix-4']) {
      const fingers = Array.from({ length: 10 }, (_, k) =>
        synthesizeFinger({ seed, position: k + 1, width: W, height: H }),
      );
      const classes = fingers.map((f) => classOf(f.pattern));
      assert.ok(
        classes.includes('arch') && classes.includes('loop') && classes.includes('whorl'),
        `${seed}: ${classes}`,
      );
      assert.ok(classes.filter((c) => c === 'loop').length >= 3, `${seed}: loops are the most common class`);
      for (const f of fingers) {
        seen.add(f.pattern);
        const expected = { arch: [0, 0], loop: [1, 1], whorl: [1, 2] }[classOf(f.pattern)];
        assert.deepEqual([f.cores.length, f.deltas.length], expected, f.pattern);
        const wanted = classOf(f.pattern) === 'whorl' ? 1 : 0.5;
        for (const [x, y] of f.cores) {
          if (!onFinger(f, x, y)) continue;
          assert.equal(poincare(f, x, y), wanted, `${seed} ${f.pattern} core at ${x},${y}`);
          measured++;
        }
        for (const [x, y] of f.deltas) {
          if (!onFinger(f, x, y)) continue;
          assert.equal(poincare(f, x, y), -0.5, `${seed} ${f.pattern} delta at ${x},${y}`);
          measured++;
        }
        if (f.pattern === 'arch') assert.equal(poincare(f, W / 2, H / 2, 40), 0, `${seed} arch`);
      }
    }
    assert.ok(measured >= 40, `only ${measured} singular points could be measured`);
    assert.deepEqual([...seen].sort(), ['arch', 'double-loop', 'left-loop', 'right-loop', 'whorl']);
  });

  test('the pattern of a finger is stable across sizes and variants (it belongs to the identity)', {
    timeout: 120_000,
  }, () => {
    for (let position = 1; position <= 10; position++) {
      const a = synthesizeFinger({ seed: 'stable', position, width: W, height: H });
      const b = synthesizeFinger({ seed: 'stable', position, width: 320, height: 320, variant: 'smudged' });
      assert.equal(a.pattern, b.pattern);
    }
  });

  test('every class: each degradation scores lower than the clean print', { timeout: 120_000 }, () => {
    const found = new Map<string, { seed: string; position: number }>();
    for (let s = 0; found.size < 5 && s < 20; s++) {
      for (let position = 1; position <= 10; position++) {
        const f = synthesizeFinger({ seed: `deg-${s}`, position, width: 64, height: 64 });
        if (!found.has(f.pattern)) found.set(f.pattern, { seed: `deg-${s}`, position });
      }
    }
    assert.equal(found.size, 5);
    for (const [pattern, { seed, position }] of found) {
      const clean = fingerQuality(synthesizeFinger({ seed, position, width: W, height: H })).score;
      for (const variant of ['partial', 'smudged', 'rotated', 'small'] as const) {
        const d = fingerQuality(synthesizeFinger({ seed, position, width: W, height: H, variant })).score;
        assert.ok(d < clean, `${pattern} ${variant}: ${d} vs clean ${clean}`);
      }
    }
  });
});
