/**
 * Parsing and structural validation of MDS request bodies, tolerant of the typings MOSIP's clients
 * send (docs/device-service.md, "Request typing"): numbers or numeric strings, null or "" previousHash, null or array lists.
 * Failures throw DeviceServiceError ERR_PROTOCOL carrying the MDS code to answer with.
 */
import { type MdsCode, protocolError } from '../errors.ts';
import { type BioType, ENVS, type Env, type Purpose } from './model.ts';

export type CaptureOperation = 'CAPTURE' | 'RCAPTURE';

export interface BioRequest {
  type: string;
  count: number;
  /** null when absent or null; entries may be null for face. */
  bioSubType: (string | null)[] | null;
  exception: string[];
  requestedScore: number;
  deviceId: string;
  deviceSubId: string;
  /** null when the chain starts here (null, "" or absent in the request). */
  previousHash: string | null;
}

export interface CaptureRequest {
  env: Env;
  purpose: Purpose;
  specVersion: string;
  timeoutMs: number;
  captureTime: string;
  /** Echoed into Auth data; "" when absent or null. */
  domainUri: string;
  transactionId: string;
  bio: BioRequest[];
}

export interface StreamRequest {
  deviceId: string;
  deviceSubId: string;
  timeoutMs: number;
}

/** Longest capture or stream a request may ask for (10 minutes). */
export const MAX_TIMEOUT_MS = 600_000;
export const DEFAULT_STREAM_TIMEOUT_MS = 300_000;
// MockMDS's and the CTK schema's format (docs/device-service.md, "Request validation").
const TRANSACTION_ID = /^[A-Za-z0-9-]{4,50}$/;
/** Longest domainUri signed into Auth data (a relying party's URI, not a document). */
export const MAX_DOMAIN_URI_LENGTH = 256;
const HEX64 = /^[0-9A-Fa-f]{64}$/;
const NUMBER_TEXT = /^\s*\d+(\.\d+)?\s*$/;

/** Parses a JSON body; anything but an object → MDS 123 (or the given code). */
export function parseJsonObject(body: Buffer | string, code: MdsCode = '123'): Record<string, unknown> {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  let value: unknown;
  try {
    value = text.trim() === '' ? undefined : JSON.parse(text);
  } catch {
    throw protocolError(code, 'request body is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw protocolError(code, 'request body must be a JSON object');
  return value as Record<string, unknown>;
}

function requiredString(obj: Record<string, unknown>, key: string, code: MdsCode = '123'): string {
  const v = obj[key];
  if (typeof v !== 'string' || v.trim() === '')
    throw protocolError(code, `"${key}" must be a non-empty string`);
  return v;
}

/** A number or a numeric string (integer or decimal, no sign or exponent). */
export function numeric(value: unknown, key: string, code: MdsCode = '123'): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value === 'string' && NUMBER_TEXT.test(value)) return Number(value);
  throw protocolError(code, `"${key}" must be a non-negative number or numeric string`);
}

/** deviceSubId as the canonical string "0".."3" (accepts 0 or "0"). */
function subId(value: unknown, key: string): string {
  const n = numeric(value, key);
  if (!Number.isInteger(n)) throw protocolError('123', `"${key}" must be an integer`);
  return String(n);
}

function stringList(value: unknown, key: string, allowNullEntries: boolean): (string | null)[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) throw protocolError('123', `"${key}" must be an array or null`);
  for (const v of value) {
    if (typeof v === 'string') continue;
    if (v === null && allowNullEntries) continue;
    throw protocolError('123', `"${key}" entries must be strings`);
  }
  return value as (string | null)[];
}

function previousHash(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string' && HEX64.test(value)) return value.toUpperCase();
  throw protocolError('123', '"previousHash" must be null, "" or 64 hex characters');
}

function parseTimeout(value: unknown): number {
  const t = numeric(value, 'timeout');
  if (t <= 0 || t > MAX_TIMEOUT_MS)
    throw protocolError('123', `"timeout" must be between 1 and ${MAX_TIMEOUT_MS} ms`);
  return Math.floor(t);
}

function parseBio(entry: unknown, index: number, op: CaptureOperation): BioRequest {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
    throw protocolError('123', `bio[${index}] must be an object`);
  const b = entry as Record<string, unknown>;
  const deviceIdCode = op === 'CAPTURE' ? '804' : '704';
  if (b.type === undefined || b.count === undefined || b.deviceSubId === undefined) {
    throw protocolError('123', `bio[${index}] needs type, count and deviceSubId`);
  }
  const deviceId = b.deviceId;
  if (
    deviceId === undefined ||
    deviceId === null ||
    (typeof deviceId === 'string' && deviceId.trim() === '')
  ) {
    throw protocolError(deviceIdCode, `bio[${index}].deviceId is missing`);
  }
  if (typeof deviceId !== 'string' && typeof deviceId !== 'number')
    throw protocolError('123', `bio[${index}].deviceId must be a string`);
  if (typeof b.type !== 'string') throw protocolError('123', `bio[${index}].type must be a string`);
  const count = numeric(b.count, 'count');
  if (!Number.isInteger(count)) throw protocolError('123', '"count" must be an integer');
  const requestedScore =
    b.requestedScore === undefined || b.requestedScore === null || b.requestedScore === ''
      ? 0
      : numeric(b.requestedScore, 'requestedScore');
  if (requestedScore > 100) throw protocolError('123', '"requestedScore" must be between 0 and 100');
  const exception = stringList(b.exception, 'exception', false) ?? [];
  return {
    type: b.type,
    count,
    bioSubType: stringList(b.bioSubType, 'bioSubType', true),
    exception: exception as string[],
    requestedScore,
    deviceId: String(deviceId),
    deviceSubId: subId(b.deviceSubId, 'deviceSubId'),
    previousHash: previousHash(b.previousHash),
  };
}

const BIO_TYPES: readonly string[] = ['Finger', 'Iris', 'Face'];

export function isBioType(value: string): value is BioType {
  return BIO_TYPES.includes(value);
}

/**
 * Parses CAPTURE / RCAPTURE bodies in MockMDS's validation order (docs/device-service.md, "Capture validation order") up to the
 * checks that need a device: JSON/type → 123, env → 115, purpose → 121, deviceId → 804/704,
 * bio type → 114, transactionId → 112.
 */
export function parseCaptureRequest(body: Buffer | string, op: CaptureOperation): CaptureRequest {
  const obj = parseJsonObject(body);
  const expected: Purpose = op === 'CAPTURE' ? 'Auth' : 'Registration';
  for (const key of ['purpose', 'specVersion', 'timeout', 'transactionId', 'bio']) {
    if (obj[key] === undefined || obj[key] === null) throw protocolError('123', `"${key}" is required`);
  }
  const env = obj.env;
  if (typeof env !== 'string' || !(ENVS as readonly string[]).includes(env)) throw protocolError('115');
  const purpose = requiredString(obj, 'purpose');
  if (purpose !== expected) throw protocolError('121');
  const specVersion = requiredString(obj, 'specVersion');
  const timeoutMs = parseTimeout(obj.timeout);
  const captureTime = obj.captureTime === undefined || obj.captureTime === null ? '' : obj.captureTime;
  if (typeof captureTime !== 'string') throw protocolError('123', '"captureTime" must be a string');
  const domainUri = obj.domainUri === undefined || obj.domainUri === null ? '' : obj.domainUri;
  if (typeof domainUri !== 'string') throw protocolError('123', '"domainUri" must be a string');
  checkDomainUri(domainUri);
  const transactionId = obj.transactionId;
  if (typeof transactionId !== 'string') throw protocolError('123', '"transactionId" must be a string');
  if (!Array.isArray(obj.bio) || obj.bio.length === 0)
    throw protocolError('123', '"bio" must be a non-empty array');
  const bio = obj.bio.map((entry, i) => parseBio(entry, i, op));
  for (const b of bio) if (!isBioType(b.type)) throw protocolError('114');
  if (!TRANSACTION_ID.test(transactionId)) throw protocolError('112');
  return {
    env: env as Env,
    purpose: expected,
    specVersion,
    timeoutMs,
    captureTime,
    domainUri,
    transactionId,
    bio,
  };
}

/**
 * domainUri is signed into Auth data as sent: "" (not given, as the CTK and MockMDS's clients send) or
 * an absolute http(s) URI of printable ASCII, at most MAX_DOMAIN_URI_LENGTH characters; else 123
 * (the spec's code for an invalid request field), before anything is captured or signed.
 */
function checkDomainUri(domainUri: string): void {
  if (domainUri === '') return;
  const refuse = (why: string) => protocolError('123', `"domainUri" ${why}`);
  if (domainUri.length > MAX_DOMAIN_URI_LENGTH)
    throw refuse(`must be at most ${MAX_DOMAIN_URI_LENGTH} characters`);
  if (!/^[\x21-\x7e]+$/.test(domainUri)) throw refuse('must be printable ASCII without spaces');
  let url: URL;
  try {
    url = new URL(domainUri);
  } catch {
    throw refuse('must be an absolute URI');
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '')
    throw refuse('must be an http or https URI with a host');
  if (url.username !== '' || url.password !== '') throw refuse('must not carry user information');
}

/** STREAM body: deviceId (604 when missing), deviceSubId, optional timeout (609 when invalid). */
export function parseStreamRequest(body: Buffer | string): StreamRequest {
  const obj = parseJsonObject(body, '610');
  const deviceId = obj.deviceId;
  if (deviceId === undefined || deviceId === null || String(deviceId).trim() === '')
    throw protocolError('604');
  let deviceSubId = '0';
  if (obj.deviceSubId !== undefined && obj.deviceSubId !== null) {
    try {
      deviceSubId = subId(obj.deviceSubId, 'deviceSubId');
    } catch {
      throw protocolError('610', '"deviceSubId" must be an integer');
    }
  }
  let timeoutMs = DEFAULT_STREAM_TIMEOUT_MS;
  if (obj.timeout !== undefined && obj.timeout !== null && obj.timeout !== '') {
    try {
      timeoutMs = parseTimeout(obj.timeout);
    } catch {
      throw protocolError('609', '"timeout" must be a number of milliseconds');
    }
  }
  return { deviceId: String(deviceId), deviceSubId, timeoutMs };
}

/** Discovery body {"type": ...}: exact, case-sensitive (CTK SBI1196). Missing body → all devices. */
export function parseDiscoverRequest(body: Buffer | string): 'Biometric Device' | BioType {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  if (text.trim() === '') return 'Biometric Device';
  const obj = parseJsonObject(text, '501');
  const type = obj.type;
  if (type === 'Biometric Device' || (typeof type === 'string' && isBioType(type))) return type;
  throw protocolError('501');
}
