import { assertString, CryptoError } from './errors.ts';

function isoOf(date: Date): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new CryptoError('ERR_TIMESTAMP', 'not a valid Date');
  }
  const iso = date.toISOString();
  if (iso.length !== 24) throw new CryptoError('ERR_TIMESTAMP', 'year outside 0000-9999');
  return iso;
}

/** Device output form yyyy-MM-dd'T'HH:mm:ss'Z' (UTC, seconds): data.timestamp, digitalId.dateTime. */
export function deviceTimestamp(date: Date = new Date()): string {
  return `${isoOf(date).slice(0, 19)}Z`;
}

/** MOSIP server/DTO form yyyy-MM-dd'T'HH:mm:ss.SSS'Z' (registration requests, keymanager). */
export function millisTimestamp(date: Date = new Date()): string {
  return isoOf(date);
}

// Date, 'T' or space (spec glossary), time, optional fraction of 1-9 digits (capture requests carry
// micro-seconds), zone: Z, +hh:mm, +hhmm (Java 'Z'), +hh (Java 'X'), or none (LocalDateTime, read as UTC).
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/**
 * Parses every timestamp form of docs/crypto.md, Timestamps. A form without a zone (registration
 * client captureTime) is read as UTC. Rejects impossible dates (2024-02-30) instead of rolling over.
 */
export function parseTimestamp(text: string): Date {
  assertString(text, 'timestamp');
  const m = TIMESTAMP.exec(text);
  if (!m) throw new CryptoError('ERR_TIMESTAMP', `not an accepted timestamp form: ${JSON.stringify(text)}`);
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const millis = m[7] ? Number(m[7].padEnd(3, '0').slice(0, 3)) : 0;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const check = new Date(utc);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    throw new CryptoError('ERR_TIMESTAMP', `not a real date and time: ${JSON.stringify(text)}`);
  }
  let offsetMinutes = 0;
  if (m[9]) {
    const oh = Number(m[10]);
    const om = m[11] ? Number(m[11]) : 0;
    if (oh > 18 || om > 59) throw new CryptoError('ERR_TIMESTAMP', `impossible zone offset in ${text}`);
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return new Date(utc - offsetMinutes * 60_000);
}
