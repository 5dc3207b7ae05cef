/**
 * What every check shares: the per-verification state the checks fill in as they pass, the failure
 * helpers, and the parsing helpers that several check groups use.
 */
import type { CertificateInfo } from '@mosip-trust/crypto';
import { CryptoError, parseTimestamp } from '@mosip-trust/crypto';
import {
  type CaptureData,
  type CaptureElement,
  type CaptureRequest,
  type CaptureResponse,
  type DigitalId,
  fieldText,
  InputError,
  type Purpose,
} from '../capture-input.ts';
import type {
  DecryptionKey,
  RegisteredDeviceRecord,
  VerifierDependencies,
  VerifierOptions,
} from '../dependencies.ts';
import { CheckFailure, type VerifierErrorCode } from '../errors.ts';

export { DIGITAL_ID_IDENTITY_FIELDS as DIGITAL_ID_FIELDS } from '@mosip-trust/contracts';

/** What the checks learn about one biometric element, filled in as they pass. */
export interface Element {
  index: number;
  raw: CaptureElement;
  payloadText: string;
  data: CaptureData;
  dataCertificate: CertificateInfo;
  digitalId: DigitalId;
  digitalIdCertificate: CertificateInfo;
  /** The registry's record of the element's device (set by device.registration). */
  record?: RegisteredDeviceRecord;
  /** Auth: the decryption key the thumbprint names (set by the thumbprint check). */
  key?: DecryptionKey;
  /** Auth: the result (or error) of the single openBiometric call shared by sessionKey and bioValue. */
  opened?: Buffer | CryptoError;
  plain: Buffer;
}

export interface State {
  deps: VerifierDependencies;
  opts: VerifierOptions;
  keys: DecryptionKey[];
  now: Date;
  input: { response: unknown; request: unknown };
  request: CaptureRequest;
  response: CaptureResponse;
  purpose: Purpose;
  elements: Element[];
  registered: Map<string, RegisteredDeviceRecord>;
}

export type Outcome = string | { notRun: string };
export type Check = { name: string; run: (s: State) => Promise<Outcome> | Outcome };

export function readInput<T>(read: () => T, code: VerifierErrorCode): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof InputError) fail(code, e.message);
    throw e;
  }
}

export function fail(code: VerifierErrorCode, reason: string): never {
  throw new CheckFailure(code, reason);
}

export const where = (e: { index: number }) => `biometrics[${e.index}]`;
export const str = (v: unknown): string => fieldText(v) ?? '';

export function jwsFailure(
  e: unknown,
  codes: { signature: VerifierErrorCode; certificate: VerifierErrorCode },
  name: string,
): never {
  if (e instanceof CryptoError) {
    // A signature that does not verify with the x5c[0] key is a signature failure whether the signature
    // or the certificate was swapped: RSA cannot tell the two apart.
    const certificate = [
      'ERR_JWS_NO_CERTIFICATE',
      'ERR_CERT_PARSE',
      'ERR_CERT_EXPIRED',
      'ERR_CERT_NOT_YET_VALID',
    ].includes(e.code);
    fail(certificate ? codes.certificate : codes.signature, `${name}: ${e.code}: ${e.message}`);
  }
  throw e;
}

export function chainFailure(e: unknown, code: VerifierErrorCode, name: string, domain: string): never {
  if (e instanceof CryptoError) fail(code, `${name} in ${domain}: ${e.code}: ${e.message}`);
  throw e;
}

/** Finger/FMR → finger, Iris → iris, Face → face, case-insensitively (IDA's mapping of bioType). */
export function modality(bioType: string): string {
  const t = bioType.toLowerCase();
  return t === 'fmr' ? 'finger' : t;
}

// Parsed timestamp texts (a text always parses to the same instant): three checks read the same ones,
// and a digital ID's dateTime recurs in every capture until the device signs it again. Bounded.
const MAX_TIMES = 1024;
const times = new Map<string, number>();

/** A timestamp in ms, each distinct text parsed once. */
export function parseTime(text: unknown, name: string): number {
  if (typeof text !== 'string' || text === '') fail('VER_TIMESTAMP_FORMAT', `${name} missing`);
  const known = times.get(text);
  if (known !== undefined) return known;
  let t: number;
  try {
    t = parseTimestamp(text).getTime();
  } catch {
    return fail('VER_TIMESTAMP_FORMAT', `${name} ${JSON.stringify(text.slice(0, 40))} is not a date-time`);
  }
  if (times.size >= MAX_TIMES) times.delete(times.keys().next().value as string);
  times.set(text, t);
  return t;
}

/** Whether `text` has exactly the two dots of a compact JWS (without splitting a multi-kilobyte string). */
export function isCompactJws(text: string): boolean {
  const first = text.indexOf('.');
  const second = first < 0 ? -1 : text.indexOf('.', first + 1);
  return second > 0 && text.indexOf('.', second + 1) < 0;
}

export function registryKey(d: DigitalId, deviceCode: string): string {
  return JSON.stringify([deviceCode, str(d.serialNo), str(d.deviceProviderId)]);
}

// The checks are built once: creating them per verification cost a closure (and, under tsx, a
