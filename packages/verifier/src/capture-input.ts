/**
 * The minimal MDS 0.9.5 shapes the verifier reads: the CAPTURE/RCAPTURE request, its response, the
 * signed `data` block and the digital ID (docs/verifier.md). Kept here, in one file, so that they can
 * later be replaced by the shared wire shapes of @mosip-trust/contracts. Everything arrives as untyped
 * JSON; the readers below accept what MOSIP's clients and devices send (numbers or strings, nulls).
 */

export type Purpose = 'Auth' | 'Registration';

export interface CaptureRequestBio {
  type: string;
  count: number | undefined;
  bioSubType: string[];
  exception: string[];
  previousHash: string | null;
  deviceId: string;
  deviceSubId: string;
}

export interface CaptureRequest {
  env: string;
  purpose: Purpose | undefined;
  specVersion: string;
  /** Auth only; `undefined` when absent or null. */
  domainUri: string | undefined;
  transactionId: string;
  bio: CaptureRequestBio[];
}

export interface CaptureElement {
  specVersion: string | undefined;
  /** The compact JWS of the data block ('' in an error element). */
  data: string;
  hash: string | undefined;
  sessionKey: string | undefined;
  thumbprint: string | undefined;
  errorCode: string | undefined;
}

export interface CaptureResponse {
  biometrics: CaptureElement[];
}

/** The payload of `biometrics[i].data` (MockMDS BioMetricsDataDto field order). */
export interface CaptureData {
  digitalId?: unknown;
  deviceCode?: unknown;
  deviceServiceVersion?: unknown;
  bioType?: unknown;
  bioSubType?: unknown;
  purpose?: unknown;
  env?: unknown;
  domainUri?: unknown;
  bioValue?: unknown;
  transactionId?: unknown;
  timestamp?: unknown;
  requestedScore?: unknown;
  qualityScore?: unknown;
}

export interface DigitalId {
  serialNo?: unknown;
  make?: unknown;
  model?: unknown;
  type?: unknown;
  deviceSubType?: unknown;
  deviceProvider?: unknown;
  deviceProviderId?: unknown;
  dateTime?: unknown;
}

/** Thrown by the readers; the verifier turns it into a failed check. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Numbers or strings, as clients send either. */
function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function stringList(v: unknown, name: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new InputError(`${name} must be an array`);
  // JSON text for anything else: String() throws on an object whose toString is not a function.
  return v.filter((x) => x !== null).map((x) => text(x) ?? JSON.stringify(x));
}

export function readCaptureRequest(json: unknown): CaptureRequest {
  if (!isObject(json)) throw new InputError('the request is not a JSON object');
  const transactionId = text(json.transactionId);
  if (transactionId === undefined || transactionId === '')
    throw new InputError('request transactionId missing');
  const env = text(json.env);
  if (env === undefined || env === '') throw new InputError('request env missing');
  const purpose = json.purpose === undefined || json.purpose === null ? undefined : text(json.purpose);
  if (purpose !== undefined && purpose !== 'Auth' && purpose !== 'Registration')
    throw new InputError(`request purpose "${purpose}" is neither Auth nor Registration`);
  if (!Array.isArray(json.bio) || json.bio.length === 0) throw new InputError('request bio[] missing');
  const bio = json.bio.map((b, i): CaptureRequestBio => {
    if (!isObject(b)) throw new InputError(`request bio[${i}] is not an object`);
    const type = text(b.type);
    if (!type) throw new InputError(`request bio[${i}].type missing`);
    const count = text(b.count);
    const previous = b.previousHash === undefined || b.previousHash === null ? null : text(b.previousHash);
    return {
      type,
      count: count === undefined || count === '' ? undefined : Number(count),
      bioSubType: stringList(b.bioSubType, `request bio[${i}].bioSubType`),
      exception: stringList(b.exception, `request bio[${i}].exception`),
      previousHash: previous ?? null,
      deviceId: text(b.deviceId) ?? '',
      deviceSubId: text(b.deviceSubId) ?? '',
    };
  });
  const domainUri =
    json.domainUri === undefined || json.domainUri === null ? undefined : text(json.domainUri);
  return {
    env,
    purpose: purpose as Purpose | undefined,
    specVersion: text(json.specVersion) ?? '',
    domainUri,
    transactionId,
    bio,
  };
}

export function readCaptureResponse(json: unknown): CaptureResponse {
  if (!isObject(json)) throw new InputError('the response is not a JSON object');
  if (!Array.isArray(json.biometrics) || json.biometrics.length === 0)
    throw new InputError('response biometrics[] missing or empty');
  return {
    biometrics: json.biometrics.map((e, i): CaptureElement => {
      if (!isObject(e)) throw new InputError(`biometrics[${i}] is not an object`);
      const error = isObject(e.error) ? text(e.error.errorCode) : undefined;
      return {
        specVersion: text(e.specVersion),
        data: typeof e.data === 'string' ? e.data : '',
        hash: typeof e.hash === 'string' ? e.hash : undefined,
        sessionKey: typeof e.sessionKey === 'string' ? e.sessionKey : undefined,
        thumbprint: typeof e.thumbprint === 'string' ? e.thumbprint : undefined,
        errorCode: error,
      };
    }),
  };
}

/** Parses a decoded JWS payload as a JSON object. */
export function readJsonObject(json: Uint8Array | string, name: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(typeof json === 'string' ? json : Buffer.from(json).toString('utf8'));
  } catch {
    throw new InputError(`${name} is not JSON`);
  }
  if (!isObject(value)) throw new InputError(`${name} is not a JSON object`);
  return value;
}

/** A field as text for comparisons (IDA compares String.valueOf of the value). */
export function fieldText(v: unknown): string | undefined {
  return text(v);
}
