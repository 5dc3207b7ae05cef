import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  decodeJp2,
  decodeRecord,
  encodeFingerRecord,
  makeRecord,
  parseJp2,
  validateRecord,
} from '../src/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'bio-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Decodes a JP2 with Debian's opj_decompress (an independent decoder) to raw PGM/PPM pixels. */
function opjPixels(jp2: Uint8Array, name: string, rgb: boolean, expectedLength: number): Buffer {
  const src = join(dir, `${name}.jp2`);
  const out = join(dir, `${name}.${rgb ? 'ppm' : 'pgm'}`);
  writeFileSync(src, jp2);
  execFileSync('/usr/bin/opj_decompress', ['-i', src, '-o', out], { stdio: 'ignore' });
  const file = readFileSync(out);
  // Netpbm: "P5"/"P6", an OpenJPEG comment line, "width height", "255", then the samples.
  const header = file.subarray(0, file.length - expectedLength).toString('latin1');
  assert.match(header, /^P[56]\n(#.*\n)?\d+ \d+\n255\n$/);
  return file.subarray(file.length - expectedLength);
}

const CASES = [
  ['finger', 'Left IndexFinger'],
  ['iris', 'Right'],
  ['face', undefined],
] as const;

describe('made records pass MOSIP validation', { timeout: 120_000 }, () => {
  for (const purpose of ['Registration', 'Auth'] as const) {
    for (const [modality, position] of CASES) {
      test(`${modality} ${purpose}`, { timeout: 120_000 }, async () => {
        const m = await makeRecord({ modality, position, purpose, seed: 'alice' });
        const v = await validateRecord(m.record, { purpose, bioSubType: position });
        assert.equal(v.verdict, 'pass', JSON.stringify(v.errors));
        assert.deepEqual(v.warnings, []);
        assert.equal(v.image?.lossless, purpose === 'Registration');
        assert.equal(v.image?.container, 'JP2');
        assert.equal(m.record.readUInt32BE(8), m.record.length);
        if (purpose === 'Registration') {
          const opj = opjPixels(m.jp2, `${modality}-${purpose}`, modality === 'face', m.image.pixels.length);
          assert.equal(Buffer.compare(opj, Buffer.from(m.image.pixels)), 0, 'opj_decompress pixels differ');
          const ours = await decodeJp2(m.jp2);
          assert.equal(ours.reversible, true);
          assert.equal(
            Buffer.compare(Buffer.from(ours.pixels), Buffer.from(m.image.pixels)),
            0,
            'decodeJp2 pixels differ',
          );
        }
        const other = purpose === 'Registration' ? 'Auth' : 'Registration';
        const wrong = await validateRecord(m.record, { purpose: other });
        assert.equal(wrong.verdict, 'fail');
        assert.ok(
          wrong.errors.some((e) => e.code === 'MOSIP_COMPRESSION' || e.code === 'MOSIP_IRIS_IMAGE_TYPE'),
        );
      });
    }
  }
});

describe('validator answers', { timeout: 120_000 }, () => {
  test('raw codestream, bad position, bioSubType mismatch, iris representation 0, face feature mask', {
    timeout: 120_000,
  }, async () => {
    const m = await makeRecord({
      modality: 'finger',
      position: 'Right Thumb',
      purpose: 'Registration',
      seed: 3,
    });
    const rec = decodeRecord(m.record, 'finger');
    if (rec.modality !== 'finger') assert.fail();
    const raw = encodeFingerRecord({ ...rec, image: parseJp2(m.jp2).codestream });
    assert.ok(
      (await validateRecord(raw, { purpose: 'Registration' })).errors.some(
        (e) => e.code === 'MOSIP_IMAGE_NOT_JP2',
      ),
    );
    const pos = encodeFingerRecord({ ...rec, position: 11 });
    const vp = await validateRecord(pos, { purpose: 'Registration' });
    assert.deepEqual(
      vp.errors.map((e) => [e.code, e.offset]),
      [['MOSIP_FINGER_POSITION', 40]],
    );
    const unknown = encodeFingerRecord({ ...rec, position: 0 });
    assert.equal(
      (await validateRecord(unknown, { purpose: 'Auth' })).errors.some(
        (e) => e.code === 'MOSIP_FINGER_POSITION',
      ),
      false,
    );
    assert.ok(
      (await validateRecord(unknown, { purpose: 'Registration' })).errors.some(
        (e) => e.code === 'MOSIP_FINGER_POSITION',
      ),
    );
    const mismatch = await validateRecord(m.record, { purpose: 'Registration', bioSubType: 'Left Thumb' });
    assert.deepEqual(
      mismatch.errors.map((e) => e.code),
      ['MOSIP_BIOSUBTYPE_MISMATCH'],
    );
    const iris = await makeRecord({ modality: 'iris', position: 'Left', purpose: 'Auth', seed: 3 });
    const bad = Buffer.from(iris.record);
    bad.writeUInt16BE(0, 16 + 24);
    assert.ok(
      (await validateRecord(bad, { purpose: 'Auth' })).errors.some(
        (e) => e.code === 'MOSIP_REPRESENTATION_NUMBER',
      ),
    );
    const face = await makeRecord({ modality: 'face', purpose: 'Auth', seed: 3 });
    const fm = Buffer.from(face.record);
    fm[17 + 19 + 5 + 6 + 2] = 0x01; // feature mask low byte 0x000001 is fine
    assert.equal((await validateRecord(fm, { purpose: 'Auth' })).verdict, 'pass');
    fm[17 + 19 + 5 + 6] = 0x01; // 0x010001 > 0x11 breaks bio-utils' reader
    assert.ok(
      (await validateRecord(fm, { purpose: 'Auth' })).errors.some(
        (e) => e.code === 'MOSIP_FACE_FEATURE_MASK',
      ),
    );
    const truncated = await validateRecord(m.record.subarray(0, 30), { purpose: 'Registration' });
    assert.deepEqual(
      [truncated.verdict, truncated.errors[0]?.code, truncated.errors[0]?.field],
      ['fail', 'BIO_TRUNCATED', 'capture device vendor id'],
    );
  });
});

describe('synthetic sensors', { timeout: 120_000 }, () => {
  test('deterministic per seed, distinct across fingers and identities', { timeout: 120_000 }, async () => {
    const a = await makeRecord({
      modality: 'finger',
      position: 'Right IndexFinger',
      purpose: 'Auth',
      seed: 11,
    });
    const { clearRecordCache } = await import('../src/index.ts');
    clearRecordCache();
    const again = await makeRecord({
      modality: 'finger',
      position: 'Right IndexFinger',
      purpose: 'Auth',
      seed: 11,
    });
    assert.deepEqual(again.image.pixels, a.image.pixels);
    const otherFinger = await makeRecord({
      modality: 'finger',
      position: 'Right MiddleFinger',
      purpose: 'Auth',
      seed: 11,
    });
    const otherPerson = await makeRecord({
      modality: 'finger',
      position: 'Right IndexFinger',
      purpose: 'Auth',
      seed: 12,
    });
    const diff = (x: Uint8Array, y: Uint8Array) =>
      x.reduce((s, v, i) => s + Math.abs(v - (y[i] as number)), 0) / x.length;
    assert.ok(diff(a.image.pixels, otherFinger.image.pixels) > 20);
    assert.ok(diff(a.image.pixels, otherPerson.image.pixels) > 20);
  });
  for (const [modality, position] of CASES) {
    test(`${modality}: every degraded variant scores lower than clean`, { timeout: 120_000 }, async () => {
      const clean = await makeRecord({ modality, position, purpose: 'Registration', seed: 5 });
      for (const variant of ['partial', 'smudged', 'rotated', 'small'] as const) {
        const d = await makeRecord({ modality, position, purpose: 'Registration', seed: 5, variant });
        assert.ok(d.quality < clean.quality, `${variant}: ${d.quality} vs clean ${clean.quality}`);
        assert.equal(d.record[modality === 'face' ? 17 + 19 : 16 + 19], d.quality);
      }
    });
  }
});
