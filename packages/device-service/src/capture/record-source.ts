/**
 * The one module biometric records come from. A sample is synthesised once per person, position and
 * purpose (the expensive part) and cached; each capture then only re-stamps the ISO record's capture
 * time, so repeated captures never re-synthesise. Records are never logged.
 */
import type { Position, Purpose } from '../wire/model.ts';

export interface SampleKey {
  person: string;
  /** The position captured (which finger or eye is shown). */
  position: Position;
  /** bioSubType written into the record; 'UNKNOWN' for an Auth element requested as UNKNOWN; undefined for face. */
  label: string | undefined;
  purpose: Purpose;
  variant: 'clean' | 'partial' | 'degraded';
}

export interface PreparedSample {
  /** The image's quality (0–100) measured from its pixels; also in the record's quality block. */
  quality: number;
  /** The ISO/IEC 19794 record, captured at `at`. */
  record(at: Date): Promise<Uint8Array>;
  /**
   * Optional: the same record as its head, stamped anew, and the rest, one shared object at every call
   * (never modified): a capture hashes and encodes the unchanging part without copying it per capture.
   */
  stamped?(at: Date): Promise<StampedRecord>;
  /** An 8-bit preview (greyscale or RGB) for the stream. */
  preview: { data: Uint8Array; width: number; height: number; channels: 1 | 3 };
}

/** A record as `head ‖ tail`, where only the head depends on the capture time. */
export interface StampedRecord {
  head: Uint8Array;
  tail: Uint8Array;
}

export interface RecordSource {
  prepare(key: SampleKey): Promise<PreparedSample>;
}

/** Caches prepared samples (and in-flight preparations) per person/position/purpose. */
export class CachedRecordSource implements RecordSource {
  private readonly cache = new Map<string, Promise<PreparedSample>>();
  constructor(
    private readonly inner: RecordSource,
    private readonly maxEntries = 512,
  ) {}

  prepare(key: SampleKey): Promise<PreparedSample> {
    const id = [key.purpose, key.person, key.position, key.label, key.variant].join('\u0000');
    let hit = this.cache.get(id);
    if (!hit) {
      if (this.cache.size >= this.maxEntries) {
        const oldest = this.cache.keys().next().value;
        if (oldest !== undefined) this.cache.delete(oldest);
      }
      hit = this.inner.prepare(key);
      hit.catch(() => this.cache.delete(id));
      this.cache.set(id, hit);
    }
    return hit;
  }
}
