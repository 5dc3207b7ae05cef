/**
 * One call from (modality, bioSubType, purpose, seed, variant) to an ISO record MOSIP accepts:
 * synthesise → measure quality → JPEG 2000 (5/3 lossless for Registration, 9/7 lossy for Auth) in a
 * JP2 container → ISO 19794 record with a UTC capture time. The image, its quality and its JP2 are
 * cached per (modality, seed, position, purpose, variant); only the record header is rebuilt per call.
 */
import { BiometricsError, BiometricsErrorCode } from './errors.ts';
import { type Modality, type Purpose, utcDateTime } from './iso/common.ts';
import { encodeFaceRecord } from './iso/face.ts';
import { encodeFingerRecord } from './iso/finger.ts';
import { encodeIrisRecord } from './iso/iris.ts';
import { mosipFaceFields, mosipFingerFields, mosipIrisFields } from './iso/mosip-fields.ts';
import { positionCode } from './iso/positions.ts';
import { PROFILES, type Rendered, type RenderRequest, render } from './render.ts';
import type { Variant } from './synth/finger.ts';
import type { Image } from './synth/image.ts';

export { PROFILES };

export interface MakeRecordOptions {
  modality: Modality;
  /** MDS bioSubType: "Right IndexFinger", "Left", "UNKNOWN"…; none for face. */
  position?: string;
  purpose: Purpose;
  seed: string | number;
  variant?: Variant;
  /** Capture time (default now), written in UTC. */
  captureDate?: Date;
  /** Capture device vendor and type ids: both 0 (default) or both non-zero. */
  deviceVendor?: number;
  deviceType?: number;
}

export interface MadeRecord {
  record: Buffer;
  /** Quality 0–100 measured from the image; also in the record's quality block. */
  quality: number;
  qualityMeasures: Record<string, number>;
  image: Image;
  jp2: Buffer;
  modality: Modality;
  purpose: Purpose;
  bioSubType: string | undefined;
  /** ISO position / eye label (0 for face). */
  positionCode: number;
  /** The degradation actually applied ('clean' when none). */
  variant: string;
}

const CACHE_LIMIT = 64;
const cache = new Map<string, Promise<Rendered>>();

/** Drops every cached image (tests and benchmarks use it to measure cold paths). */
export function clearRecordCache(): void {
  cache.clear();
}

const PURPOSES: readonly Purpose[] = ['Registration', 'Auth'];
const MODALITIES: readonly Modality[] = ['finger', 'iris', 'face'];
const VARIANTS: readonly Variant[] = ['clean', 'degraded', 'partial', 'smudged', 'rotated', 'small'];

function checkOptions(o: MakeRecordOptions): void {
  const bad = (field: string, value: unknown, allowed: readonly unknown[]) =>
    new BiometricsError(
      BiometricsErrorCode.BadArgument,
      `${field} must be one of ${allowed.join(', ')}; got ${String(value)}`,
      {
        field,
        expected: allowed.join(' | '),
        actual: String(value),
      },
    );
  if (!MODALITIES.includes(o.modality)) throw bad('modality', o.modality, MODALITIES);
  if (!PURPOSES.includes(o.purpose)) throw bad('purpose', o.purpose, PURPOSES);
  if (o.variant !== undefined && !VARIANTS.includes(o.variant)) throw bad('variant', o.variant, VARIANTS);
  if ((typeof o.seed !== 'string' && typeof o.seed !== 'number') || o.seed === '') {
    throw new BiometricsError(
      BiometricsErrorCode.BadArgument,
      'seed must be a non-empty string or a number',
      { field: 'seed' },
    );
  }
}

/** Checks the options and returns the render request (position resolved to its ISO code). */
function renderRequest(o: MakeRecordOptions): RenderRequest {
  checkOptions(o);
  const code = positionCode(o.modality, o.position);
  if (o.purpose === 'Registration' && o.modality !== 'face' && code === 0) {
    throw new BiometricsError(
      BiometricsErrorCode.BadPosition,
      `Registration needs a named ${o.modality} position, not UNKNOWN`,
      {
        field: 'bioSubType',
        actual: String(o.position),
      },
    );
  }
  return { modality: o.modality, purpose: o.purpose, seed: o.seed, variant: o.variant, code };
}

function cachedRender(req: RenderRequest): Promise<Rendered> {
  const key = [req.modality, req.seed, req.code, req.purpose, req.variant ?? 'clean'].join('|');
  let pending = cache.get(key);
  if (!pending) {
    pending = render(req);
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
    if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  }
  return pending;
}

export async function makeRecord(o: MakeRecordOptions): Promise<MadeRecord> {
  const req = renderRequest(o);
  return assemble(o, req.code, await cachedRender(req));
}

/** Wraps a rendered image in its ISO record with this call's capture time and device ids. */
function assemble(o: MakeRecordOptions, code: number, c: Rendered): MadeRecord {
  const quality = { score: c.quality.score, vendorId: 0, algorithmId: 0 };
  const common = {
    captureDateTime: utcDateTime(o.captureDate),
    captureDeviceVendor: o.deviceVendor ?? 0,
    captureDeviceType: o.deviceType ?? 0,
    qualityBlocks: [quality],
    width: c.image.width,
    height: c.image.height,
    image: c.jp2,
  };
  const record =
    o.modality === 'finger'
      ? encodeFingerRecord({ ...common, ...mosipFingerFields(o.purpose, code) })
      : o.modality === 'iris'
        ? encodeIrisRecord({ ...common, ...mosipIrisFields(o.purpose, code) })
        : encodeFaceRecord({ ...common, ...mosipFaceFields(o.purpose) });
  return {
    record,
    quality: c.quality.score,
    qualityMeasures: c.quality.measures,
    image: c.image,
    jp2: c.jp2,
    modality: o.modality,
    purpose: o.purpose,
    bioSubType: o.modality === 'face' ? undefined : o.position,
    positionCode: code,
    variant: c.variant,
  };
}
