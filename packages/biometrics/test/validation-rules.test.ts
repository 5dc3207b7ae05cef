// One record per MOSIP validation rule that breaks exactly that rule: the validator must report
// exactly that rule's code (as an error, or for MOSIP_WARN_* as a warning) and nothing else.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  encodeFaceRecord,
  encodeFingerRecord,
  encodeIrisRecord,
  encodeJ2k,
  type FaceRecordFields,
  type FingerRecordFields,
  type Image,
  type IrisRecordFields,
  type IssueCode,
  type Purpose,
  ValidationCode,
  validateRecord,
  wrapJp2,
} from '../src/index.ts';
import { mosipFaceFields, mosipFingerFields, mosipIrisFields } from '../src/iso/mosip-fields.ts';
import { WHEN } from './fixtures.ts';

const W = 64;
const H = 64;

/** Seeded noise (a flat image would compress far below MOSIP's Auth ratio limit). */
function pixels(width: number, height: number, components: 1 | 3, flat = false): Image {
  const out = new Uint8Array(width * height * components);
  let x = 12345;
  for (let i = 0; i < out.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = flat ? 128 : (x >>> 16) & 0xff;
  }
  return { width, height, components, pixels: out };
}

async function jp2(
  img: Image,
  o: { lossless: boolean; dpi?: number; ihdrWidth?: number; ratio?: number },
): Promise<Buffer> {
  const cs = await encodeJ2k(img.pixels, {
    width: img.width,
    height: img.height,
    components: img.components as 1 | 3,
    lossless: o.lossless,
    ratio: o.ratio,
  });
  return wrapJp2(cs, {
    width: o.ihdrWidth ?? img.width,
    height: img.height,
    components: img.components as 1 | 3,
    dpi: o.dpi,
  });
}

/** Rewrites the enumerated colour space of a JP2's colr box (16 sRGB, 17 greyscale). */
function withColourSpace(file: Buffer, enumCs: 16 | 17): Buffer {
  const out = Buffer.from(file);
  const at = out.indexOf('colr', 0, 'latin1');
  assert.ok(at > 0, 'colr box');
  out.writeUInt32BE(enumCs, at + 4 + 3);
  return out;
}

/** Sets the SOP flag in the COD segment's Scod (the codestream then announces SOP markers). */
function withSopFlag(file: Buffer): Buffer {
  const out = Buffer.from(file);
  const cod = out.indexOf(Buffer.from([0xff, 0x52]));
  assert.ok(cod > 0, 'COD marker');
  out[cod + 4] = (out[cod + 4] as number) | 0x02;
  return out;
}

const grey = pixels(W, H, 1);
const rgb = pixels(W, H, 3);
const img = {
  greyLossless: await jp2(grey, { lossless: true }),
  greyLossless500: await jp2(grey, { lossless: true, dpi: 500 }),
  greyLossy500: await jp2(grey, { lossless: false, dpi: 500 }),
  rgbLossless: await jp2(rgb, { lossless: true }),
  rgbLossy: await jp2(rgb, { lossless: false }),
  rgbLosslessAsGrey: withColourSpace(await jp2(rgb, { lossless: true, dpi: 500 }), 17),
};

const common = {
  captureDateTime: WHEN,
  captureDeviceVendor: 0,
  captureDeviceType: 0,
  qualityBlocks: [{ score: 60, vendorId: 0, algorithmId: 0 }],
  width: W,
  height: H,
};

function finger(purpose: Purpose, patch: Partial<FingerRecordFields> = {}): Buffer {
  const image = purpose === 'Registration' ? img.greyLossless500 : img.greyLossy500;
  return encodeFingerRecord({ ...mosipFingerFields(purpose, 7), ...common, image, ...patch });
}

function iris(purpose: Purpose, patch: Partial<IrisRecordFields> = {}): Buffer {
  const image = purpose === 'Registration' ? img.greyLossless : img.greyLossy500;
  return encodeIrisRecord({ ...mosipIrisFields(purpose, 2), ...common, image, ...patch });
}

function face(purpose: Purpose, patch: Partial<FaceRecordFields> = {}): Buffer {
  const image = purpose === 'Registration' ? img.rgbLossless : img.rgbLossy;
  return encodeFaceRecord({ ...mosipFaceFields(purpose), ...common, image, ...patch });
}

interface Case {
  rule: IssueCode;
  purpose: Purpose;
  /** How the record breaks the rule. */
  how: string;
  record: () => Buffer | Promise<Buffer>;
  bioSubType?: string;
  /** Codes that follow necessarily from the same defect (documented per case). */
  alsoReported?: IssueCode[];
}

const V = ValidationCode;
const CASES: Case[] = [
  {
    rule: 'BIO_BAD_RECORD_LENGTH',
    purpose: 'Registration',
    how: 'record-length field one more than the bytes (the decoder refuses it)',
    record: () => {
      const r = finger('Registration');
      r.writeUInt32BE(r.length + 1, 8);
      return r;
    },
  },
  {
    rule: 'BIO_BAD_REPRESENTATION_LENGTH',
    purpose: 'Registration',
    how: 'representation-length field one less than the representation',
    record: () => {
      const r = finger('Registration');
      r.writeUInt32BE(r.readUInt32BE(16) - 1, 16);
      return r;
    },
  },
  {
    rule: V.RepresentationLength,
    purpose: 'Auth',
    how: 'iris with no quality block and no image: 52 bytes < 53',
    record: () => iris('Auth', { qualityBlocks: [], image: new Uint8Array(0) }),
    alsoReported: [V.ImageNotJp2, V.Compression],
  },
  {
    rule: V.CaptureDateTime,
    purpose: 'Registration',
    how: 'month 13',
    record: () => finger('Registration', { captureDateTime: { ...WHEN, month: 13 } }),
  },
  {
    rule: V.QualityScore,
    purpose: 'Registration',
    how: 'quality score 101',
    record: () => finger('Registration', { qualityBlocks: [{ score: 101, vendorId: 0, algorithmId: 0 }] }),
  },
  {
    rule: V.DeviceVendorType,
    purpose: 'Registration',
    how: 'device type 5 with vendor 0',
    record: () => finger('Registration', { captureDeviceType: 5 }),
  },
  {
    rule: V.DeviceTechnology,
    purpose: 'Registration',
    how: 'finger technology 21',
    record: () => finger('Registration', { captureDeviceTechnology: 21 }),
  },
  {
    rule: V.CertificationFlag,
    purpose: 'Registration',
    how: 'iris certification flag 1',
    record: () => iris('Registration', { certificationFlag: 1 }),
  },
  {
    rule: V.RepresentationNumber,
    purpose: 'Registration',
    how: 'finger representation number 16',
    record: () => finger('Registration', { representationNumber: 16 }),
  },
  {
    rule: V.BitDepth,
    purpose: 'Registration',
    how: 'finger header bit depth 7',
    record: () => finger('Registration', { bitDepth: 7 }),
  },
  {
    rule: V.Compression,
    purpose: 'Registration',
    how: 'finger compression 0x04 (lossy) in a Registration record',
    record: () => finger('Registration', { compression: 0x04 }),
  },
  {
    rule: V.BioSubTypeMismatch,
    purpose: 'Registration',
    how: 'Left IndexFinger record asked for as Right Thumb',
    record: () => finger('Registration'),
    bioSubType: 'Right Thumb',
  },
  {
    rule: V.FingerCount,
    purpose: 'Registration',
    how: 'two finger positions announced',
    record: () => finger('Registration', { numberOfFingers: 2 }),
  },
  {
    rule: V.FingerPosition,
    purpose: 'Registration',
    how: 'finger position 11',
    record: () => finger('Registration', { position: 11 }),
  },
  {
    rule: V.ScaleUnits,
    purpose: 'Registration',
    how: 'scale units 3',
    record: () => finger('Registration', { scaleUnits: 3 }),
  },
  {
    rule: V.SamplingRate,
    purpose: 'Registration',
    how: 'image sampling rate above the capture rate',
    record: () => finger('Registration', { imageSamplingRateH: 600 }),
  },
  {
    rule: V.ImpressionType,
    purpose: 'Registration',
    how: 'impression type 16',
    record: () => finger('Registration', { impressionType: 16 }),
  },
  {
    rule: V.EyeCount,
    purpose: 'Registration',
    how: 'two eyes announced',
    record: () => iris('Registration', { numberOfEyes: 2 }),
  },
  {
    rule: V.EyeLabel,
    purpose: 'Registration',
    how: 'eye label 0 (unknown) in a Registration record',
    record: () => iris('Registration', { eyeLabel: 0 }),
  },
  {
    rule: V.IrisImageType,
    purpose: 'Registration',
    how: 'image type K7 in a Registration record',
    record: () => iris('Registration', { imageType: 7 }),
  },
  {
    rule: V.IrisImageFormat,
    purpose: 'Registration',
    how: 'image format 0x0b',
    record: () => iris('Registration', { imageFormat: 0x0b }),
  },
  {
    rule: V.TemporalSemantics,
    purpose: 'Registration',
    how: 'face temporal semantics 1',
    record: () => face('Registration', { temporalSemantics: 1 }),
  },
  {
    rule: V.FaceGender,
    purpose: 'Registration',
    how: 'gender 3',
    record: () => face('Registration', { gender: 3 }),
  },
  {
    rule: V.FaceEyeColour,
    purpose: 'Registration',
    how: 'eye colour 8',
    record: () => face('Registration', { eyeColour: 8 }),
  },
  {
    rule: V.FaceHairColour,
    purpose: 'Registration',
    how: 'hair colour 8',
    record: () => face('Registration', { hairColour: 8 }),
  },
  {
    rule: V.FaceFeatureMask,
    purpose: 'Registration',
    how: 'feature mask 0x12',
    record: () => face('Registration', { featureMask: 0x12 }),
  },
  {
    rule: V.FaceImageType,
    purpose: 'Registration',
    how: 'face image type 4',
    record: () => face('Registration', { faceImageType: 4 }),
  },
  {
    rule: V.FaceSamplingLevel,
    purpose: 'Registration',
    how: 'spatial sampling rate level 8',
    record: () => face('Registration', { spatialSamplingRateLevel: 8 }),
  },
  {
    rule: V.FaceColourSpace,
    purpose: 'Registration',
    how: 'header colour space 2',
    record: () => face('Registration', { imageColourSpace: 2 }),
  },
  {
    rule: V.ImageWsqUnsupported,
    purpose: 'Auth',
    how: 'WSQ image (compression 0x02)',
    record: () => finger('Auth', { compression: 0x02, image: Buffer.from([0xff, 0xa0, 0xff, 0xa8, 0, 0]) }),
  },
  {
    rule: V.ImageNotJp2,
    purpose: 'Auth',
    how: 'a raw J2K codestream instead of a JP2 file',
    record: async () =>
      finger('Auth', {
        image: await encodeJ2k(grey.pixels, { width: W, height: H, components: 1, lossless: false }),
      }),
  },
  {
    rule: V.J2kSopEph,
    purpose: 'Registration',
    how: 'codestream announcing SOP markers',
    record: () => finger('Registration', { image: withSopFlag(img.greyLossless500) }),
  },
  {
    rule: V.Jp2HeaderMismatch,
    purpose: 'Registration',
    how: 'ihdr one pixel wider than the codestream',
    record: async () =>
      finger('Registration', { image: await jp2(grey, { lossless: true, dpi: 500, ihdrWidth: W + 1 }) }),
  },
  {
    rule: V.ImageSize,
    purpose: 'Registration',
    how: 'record header one pixel wider than the image',
    record: () => finger('Registration', { width: W + 1 }),
  },
  {
    rule: V.ImageDepth,
    purpose: 'Registration',
    how: 'a 3-component image (labelled greyscale) in a finger record',
    record: () => finger('Registration', { image: img.rgbLosslessAsGrey }),
  },
  {
    rule: V.ImageColourSpace,
    purpose: 'Registration',
    how: 'face image labelled greyscale in its colr box',
    record: () => face('Registration', { image: withColourSpace(img.rgbLossless, 17) }),
  },
  {
    rule: V.WarnColourSpace,
    purpose: 'Registration',
    how: 'grey finger image labelled sRGB',
    record: () => finger('Registration', { image: withColourSpace(img.greyLossless500, 16) }),
  },
  {
    rule: V.WarnDpi,
    purpose: 'Registration',
    how: 'finger image at 300 DPI',
    record: async () => finger('Registration', { image: await jp2(grey, { lossless: true, dpi: 300 }) }),
  },
  {
    rule: V.WarnAspectRatio,
    purpose: 'Auth',
    how: 'Auth finger image 64 × 48',
    record: async () =>
      finger('Auth', {
        height: 48,
        image: await jp2(pixels(W, 48, 1), { lossless: false, dpi: 500 }),
      }),
  },
  {
    rule: V.WarnCompressionRatio,
    purpose: 'Auth',
    how: 'flat 256 × 256 Auth finger image compressed far beyond 15:1',
    record: async () =>
      finger('Auth', {
        width: 256,
        height: 256,
        image: await jp2(pixels(256, 256, 1, true), { lossless: false, dpi: 500, ratio: 200 }),
      }),
  },
];

describe('a record that breaks exactly one MOSIP rule reports exactly that rule', {
  timeout: 120_000,
}, () => {
  test('the unbroken records pass with no warning', { timeout: 60_000 }, async () => {
    for (const purpose of ['Registration', 'Auth'] as const) {
      for (const record of [finger(purpose), iris(purpose), face(purpose)]) {
        const v = await validateRecord(record, { purpose });
        assert.deepEqual([v.verdict, v.errors, v.warnings], ['pass', [], []], purpose);
      }
    }
  });

  test('every rule of the catalogue has a case', { timeout: 10_000 }, () => {
    const covered = new Set(CASES.map((c) => c.rule));
    for (const code of Object.values(ValidationCode)) assert.ok(covered.has(code), `no case for ${code}`);
    assert.equal(covered.size, CASES.length, 'one case per rule');
  });

  for (const c of CASES) {
    test(`${c.rule}: ${c.how}`, { timeout: 60_000 }, async () => {
      const v = await validateRecord(await c.record(), { purpose: c.purpose, bioSubType: c.bioSubType });
      const warning = c.rule.startsWith('MOSIP_WARN_');
      const errors = v.errors.map((e) => e.code).sort();
      const warnings = v.warnings.map((e) => e.code);
      if (warning) {
        assert.deepEqual([v.verdict, errors, warnings], ['pass', [], [c.rule]], JSON.stringify(v.warnings));
      } else {
        const expected = [c.rule, ...(c.alsoReported ?? [])].sort();
        assert.deepEqual([v.verdict, errors, warnings], ['fail', expected, []], JSON.stringify(v.errors));
      }
    });
  }
});
