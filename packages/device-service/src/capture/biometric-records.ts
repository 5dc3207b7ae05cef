/**
 * The record source backed by @mosip-trust/biometrics' makeRecord: synthetic images per person and
 * position, quality measured from the pixels, JPEG 2000 in a JP2 container (lossless for Registration,
 * lossy for Auth) inside ISO/IEC 19794-4/-5/-6 records.
 */
import { decodeRecord, makeRecord, restampable, utcDateTime } from '@mosip-trust/biometrics';
import { DeviceServiceError } from '../errors.ts';
import { isFinger, isIris } from '../wire/model.ts';
import {
  CachedRecordSource,
  type PreparedSample,
  type RecordSource,
  type SampleKey,
} from './record-source.ts';

function modalityOf(key: SampleKey): 'finger' | 'iris' | 'face' {
  return isFinger(key.position) ? 'finger' : isIris(key.position) ? 'iris' : 'face';
}

/**
 * makeRecord options for a sample. An UNKNOWN element is a real finger or eye of the person recorded
 * with position 0: the biometrics package draws position 0 as its own identity, seeded per actual position.
 */
function recordOptions(key: SampleKey) {
  const modality = modalityOf(key);
  if (modality === 'face') {
    return {
      modality,
      purpose: key.purpose,
      variant: key.variant,
      seed: key.position === 'ExceptionPhoto' ? `${key.person}#exception-photo` : key.person,
    };
  }
  const unknown = key.label === 'UNKNOWN';
  return {
    modality,
    purpose: key.purpose,
    variant: key.variant,
    position: unknown ? 'UNKNOWN' : key.position,
    seed: unknown ? `${key.person}#${key.position}` : key.person,
  };
}

class BiometricRecordSource implements RecordSource {
  async prepare(key: SampleKey): Promise<PreparedSample> {
    const options = recordOptions(key);
    try {
      const made = await makeRecord(options);
      const img = made.image;
      // Checked once, whole: captures then re-stamp only its header (restampable), never its image.
      decodeRecord(made.record, options.modality);
      const { head, tail } = restampable(Buffer.from(made.record), options.modality);
      const stamped = (at: Date) => ({ head: head(utcDateTime(at)), tail });
      return {
        quality: made.quality,
        preview: { data: img.pixels, width: img.width, height: img.height, channels: img.components },
        record: async (at) => {
          const s = stamped(at);
          return Buffer.concat([s.head, s.tail]);
        },
        stamped: async (at) => stamped(at),
      };
    } catch (e) {
      throw new DeviceServiceError(
        'ERR_RECORD_SOURCE',
        `cannot synthesise the ${key.position} sample: ${(e as Error).message}`,
      );
    }
  }
}

/** Synthetic ISO records; prepared samples cached per person/position/purpose/variant. */
export function biometricRecordSource(): RecordSource {
  return new CachedRecordSource(new BiometricRecordSource());
}
