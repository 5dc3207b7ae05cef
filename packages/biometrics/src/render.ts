/**
 * The costly half of a record: synthesise the image, measure its quality and encode it as JP2 with the
 * purpose's wavelet. Pure and deterministic per (modality, seed, position, purpose, variant); makeRecord
 * caches its result.
 */
import type { Modality, Purpose } from './iso/common.ts';
import { encodeJp2 } from './jp2/image.ts';
import { faceQuality, fingerQuality, irisQuality, type QualityReport } from './quality/metrics.ts';
import { synthesizeFace } from './synth/face.ts';
import { synthesizeFinger, type Variant } from './synth/finger.ts';
import type { Image } from './synth/image.ts';
import { synthesizeIris } from './synth/iris.ts';

/** Image sizes and compression per modality and purpose (docs/biometrics.md, Compression by purpose and Image sizes). */
export const PROFILES = {
  finger: {
    Registration: { width: 288, height: 384, lossless: true, ratio: 0 },
    Auth: { width: 320, height: 320, lossless: false, ratio: 10 },
  },
  iris: {
    Registration: { width: 640, height: 480, lossless: true, ratio: 0, irisRadius: 120 },
    Auth: { width: 400, height: 400, lossless: false, ratio: 10, irisRadius: 95 },
  },
  face: {
    Registration: { width: 480, height: 640, lossless: true, ratio: 0 },
    Auth: { width: 300, height: 400, lossless: false, ratio: 12 },
  },
} as const;

/** What render needs: the validated options and the ISO position code (eye label, 0 for face). */
export interface RenderRequest {
  modality: Modality;
  purpose: Purpose;
  seed: string | number;
  variant?: Variant;
  code: number;
}

export interface Rendered {
  image: Image;
  variant: string;
  quality: QualityReport;
  jp2: Buffer;
}

export async function render(o: RenderRequest): Promise<Rendered> {
  const code = o.code;
  const variant = o.variant ?? 'clean';
  let img: Image & { variant: string };
  let quality: QualityReport;
  let dpi: number | undefined;
  if (o.modality === 'finger') {
    const p = PROFILES.finger[o.purpose];
    img = synthesizeFinger({ seed: o.seed, position: code, width: p.width, height: p.height, variant });
    quality = fingerQuality(img);
    dpi = 500;
  } else if (o.modality === 'iris') {
    const p = PROFILES.iris[o.purpose];
    img = synthesizeIris({
      seed: o.seed,
      eyeLabel: code,
      width: p.width,
      height: p.height,
      irisRadius: p.irisRadius,
      masked: o.purpose === 'Auth',
      variant,
    });
    quality = irisQuality(img, o.purpose === 'Registration' ? 210 : 150);
  } else {
    const p = PROFILES.face[o.purpose];
    img = synthesizeFace({ seed: o.seed, width: p.width, height: p.height, variant });
    quality = faceQuality(img);
  }
  const profile = PROFILES[o.modality][o.purpose];
  // No per-record decode-back: 5/3 without a rate limit is lossless by construction, and the tests
  // check that opj_decompress and our decoder return the source pixels.
  const jp2 = await encodeJp2(img, { lossless: profile.lossless, ratio: profile.ratio, dpi, verify: false });
  return { image: img, variant: img.variant, quality, jp2 };
}
