/**
 * base64url of a captured ISO record with the unchanging part encoded once per sample. A capture only
 * re-stamps the record header (capture date and time), so everything after the last byte that differs
 * between two stamps is the same in every capture: its encoding is cached. Each capture still checks
 * that its record ends with exactly those bytes, and encodes the whole record otherwise.
 */
import { toBase64Url } from '@mosip-trust/crypto';
import { CachedBase64Text } from '../wire/base64-pieces.ts';
import type { PreparedSample } from './record-source.ts';

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

/** base64url(record) as parts: the stamped head and, when it matches, the sample's cached tail. */
export async function recordBase64Url(
  sample: PreparedSample,
  record: Uint8Array,
): Promise<(string | CachedBase64Text)[]> {
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
