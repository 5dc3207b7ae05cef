/**
 * MOSIP's ISO record checks (bio-utils {Finger,Iris,Face}ISOStandardsValidator + the compliance
 * toolkit's image checks through its JPEG 2000 decoder), answered the way MOSIP answers them:
 * errors fail the record, warnings are reported without failing it.
 */
import { BiometricsError, BiometricsErrorCode } from './errors.ts';
import { FORMAT_MAGIC, type Modality } from './iso/common.ts';
import { decodeFaceRecord } from './iso/face.ts';
import { decodeFingerRecord } from './iso/finger.ts';
import { decodeIrisRecord } from './iso/iris.ts';
import {
  Collector,
  type ImageFacts,
  type IsoRecord,
  type ValidateOptions,
  type ValidationResult,
} from './validation/collector.ts';
import { validateFace } from './validation/face.ts';
import { validateFinger } from './validation/finger.ts';
import { validateIris } from './validation/iris.ts';

export type {
  ImageFacts,
  IsoRecord,
  ValidateOptions,
  ValidationIssue,
  ValidationResult,
} from './validation/collector.ts';

export function detectModality(bytes: Uint8Array): Modality | undefined {
  for (const m of ['finger', 'iris', 'face'] as const) {
    if (bytes.length >= 4 && FORMAT_MAGIC[m].identifier.every((b, i) => bytes[i] === b)) return m;
  }
  return undefined;
}

export function decodeRecord(bytes: Uint8Array, modality: Modality): IsoRecord {
  if (modality === 'finger') return decodeFingerRecord(bytes);
  if (modality === 'iris') return decodeIrisRecord(bytes);
  return decodeFaceRecord(bytes);
}

/** What MOSIP's validator would answer for this record, purpose and bioSubType. Never throws a BiometricsError. */
export async function validateRecord(bytes: Uint8Array, o: ValidateOptions): Promise<ValidationResult> {
  const c = new Collector();
  const modality = o.modality ?? detectModality(bytes);
  if (!modality) {
    c.check(
      false,
      BiometricsErrorCode.BadIdentifier,
      'format identifier',
      'not a finger (FIR), iris (IIR) or face (FAC) record',
      0,
    );
    return { verdict: 'fail', errors: c.errors, warnings: c.warnings };
  }
  let record: IsoRecord;
  try {
    record = decodeRecord(bytes, modality);
  } catch (e) {
    if (!(e instanceof BiometricsError)) throw e;
    c.errors.push({ code: e.code, field: e.field ?? 'record', offset: e.offset, message: e.message });
    return { verdict: 'fail', modality, errors: c.errors, warnings: c.warnings };
  }
  let image: ImageFacts | undefined;
  if (record.modality === 'finger') image = await validateFinger(c, record, o);
  else if (record.modality === 'iris') image = await validateIris(c, record, o);
  else image = await validateFace(c, record, o);
  return {
    verdict: c.errors.length ? 'fail' : 'pass',
    modality,
    errors: c.errors,
    warnings: c.warnings,
    record,
    image,
  };
}
