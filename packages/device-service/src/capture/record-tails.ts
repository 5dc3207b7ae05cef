/**
 * A captured ISO record and its base64url with the unchanging part encoded once per sample. A capture
 * only re-stamps the record header (capture date and time); everything after it is the same in every
 * capture. A sample that gives its record as `stamped` (head ‖ shared tail) is never joined, compared
 * or copied per capture: the tail's encoding is cached on the tail itself. For a sample that gives
 * only whole records, the unchanging part is found by probing two stamps, and each capture checks that
 * its record ends with exactly those bytes (encoding the whole record otherwise).
 */
import { toBase64Url } from '@mosip-trust/crypto';
import { CachedBase64Text } from '../wire/base64-pieces.ts';
import type { PreparedSample, StampedRecord } from './record-source.ts';

/** A record captured at one time: whole, or as the sample's stamped head and shared tail. */
export type CapturedRecord = Uint8Array | StampedRecord;

/** The record of `sample` captured at `at`, without joining a stamped record. */
export function captureRecord(sample: PreparedSample, at: Date): Promise<CapturedRecord> {
  return sample.stamped ? sample.stamped(at) : sample.record(at);
}

/** The record's bytes in order (hashed one after another). */
export function recordParts(record: CapturedRecord): Uint8Array[] {
  return record instanceof Uint8Array ? [record] : [record.head, record.tail];
}

/** The whole record (one copy, for a stamped record). */
export function joinRecord(record: CapturedRecord): Uint8Array {
  return record instanceof Uint8Array ? record : Buffer.concat([record.head, record.tail]);
}

interface RecordTail {
  /** Offset of the unchanging part, a multiple of 3. */
  start: number;
  bytes: Buffer;
  encoded: CachedBase64Text;
}

// Two stamps that differ in every byte of the date-time's last field (milliseconds 1 and 258).
const PROBES = [
  new Date(Date.UTC(2001, 0, 1, 0, 0, 0, 1)),
  new Date(Date.UTC(2012, 11, 12, 12, 12, 12, 258)),
];

const tails = new WeakMap<PreparedSample, Promise<RecordTail | undefined>>();

async function findTail(sample: PreparedSample): Promise<RecordTail | undefined> {
  const [a, b] = await Promise.all(PROBES.map((at) => sample.record(at)));
  if (!a || !b || a.length !== b.length) return undefined;
  let last = a.length - 1;
  while (last >= 0 && a[last] === b[last]) last--;
  const start = Math.ceil((last + 1) / 3) * 3;
  if (start >= a.length) return undefined;
  const bytes = Buffer.from(a.subarray(start));
  return { start, bytes, encoded: new CachedBase64Text(bytes.toString('base64url')) };
}

/**
 * base64url of a stamped tail from byte `skip` (0–2), per tail object: base64 encodes 3 bytes at a
 * time, so the head takes the tail's first `skip` bytes to end on a group boundary.
 */
const stampedTails = new WeakMap<Uint8Array, (CachedBase64Text | undefined)[]>();

function stampedBase64Url({ head, tail }: StampedRecord): (string | CachedBase64Text)[] {
  const skip = Math.min(tail.length, (3 - (head.length % 3)) % 3);
  let encodings = stampedTails.get(tail);
  if (!encodings) {
    encodings = [undefined, undefined, undefined];
    stampedTails.set(tail, encodings);
  }
  let encoded = encodings[skip];
  if (!encoded) {
    encoded = new CachedBase64Text(
      Buffer.from(tail.buffer, tail.byteOffset + skip, tail.length - skip).toString('base64url'),
    );
    encodings[skip] = encoded;
  }
  const first = skip === 0 ? head : Buffer.concat([head, tail.subarray(0, skip)]);
  return [toBase64Url(first), encoded];
}

/** base64url(record) as parts: the stamped head and, when it is known, the sample's cached tail. */
export async function recordBase64Url(
  sample: PreparedSample,
  record: CapturedRecord,
): Promise<(string | CachedBase64Text)[]> {
  if (!(record instanceof Uint8Array)) return stampedBase64Url(record);
  let tail = tails.get(sample);
  if (!tail) {
    tail = findTail(sample).catch(() => undefined);
    tails.set(sample, tail);
  }
  const t = await tail;
  if (t && record.length === t.start + t.bytes.length && t.bytes.equals(record.subarray(t.start)))
    return [toBase64Url(record.subarray(0, t.start)), t.encoded];
  return [toBase64Url(record)];
}
