import { CryptoError, parseTimestamp } from '@mosip-trust/crypto';
import { TrustError } from '../../errors.ts';

/**
 * Reading a registration's `deviceData` in both dialects (docs/trust-server-capabilities.md, "Device
 * registry"): masterdata's (deviceInfo a plain object, digitalId base64 of plain JSON, `timeStamp`,
 * `deviceSubId` a string) and the spec's / PMS 1.1.5's (deviceInfo and digitalId JWS strings, `timestamp`,
 * `deviceSubId` an array). Unknown properties are ignored. Pure: signatures are the service's step.
 */

export interface DigitalIdFields {
  serialNo: string;
  make: string;
  model: string;
  type: string;
  deviceSubType: string;
  deviceProviderId: string;
  deviceProvider: string;
  dateTime: string;
}

export interface DeviceInfoFields {
  deviceSubId: string[];
  certification: string;
  firmware: string;
  deviceExpiry: Date | null;
  /** The raw timestamp text, undefined when absent. */
  timestamp: string | undefined;
  /** The device service (SBI) version, when the device info names it. */
  serviceVersion: string | undefined;
}

export interface DeviceDataPayload {
  deviceId: string;
  purpose: 'Auth' | 'Registration';
  foundationalTrustProviderId: string | null;
  /** The deviceInfo JWS (spec dialect) or undefined (masterdata's plain object). */
  deviceInfoJws: string | undefined;
  /** The deviceInfo object (decoded from the JWS when signed). */
  deviceInfoRaw: Record<string, unknown>;
  /** masterdata dialect: the deviceInfo was an object and its timestamp key `timeStamp`. */
  masterdataDialect: boolean;
}

const invalid = (message: string) => new TrustError('KER-MSD-999', `Device data is invalid: ${message}`);

function asObject(value: unknown, what: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalid(`${what} is not an object`);
  return value as Record<string, unknown>;
}

function text(o: Record<string, unknown>, key: string, max: number, what: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v.trim() === '' || v.length > max)
    throw invalid(`${what}.${key} must be a string of 1..${max} characters`);
  return v;
}

/** The decoded payload segment of a compact JWS, parsed as JSON. */
export function jwsJson(jws: string, what: string): unknown {
  const parts = jws.split('.');
  if (parts.length !== 3)
    throw new TrustError('PMS_AUT_022', `Signature validation failed: ${what} is not a JWS`);
  return parseJson(Buffer.from(parts[1] as string, 'base64url').toString('utf8'), what);
}

function parseJson(s: string, what: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    throw invalid(`${what} is not JSON`);
  }
}

export const isJws = (s: string) => /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(s);

/** `deviceData`'s payload: deviceId, purpose, FTP id and the deviceInfo in either form. */
export function readDeviceData(payload: unknown): DeviceDataPayload {
  const d = asObject(payload, 'deviceData');
  const deviceId = text(d, 'deviceId', 36, 'deviceData');
  const purposeText = d.purpose;
  if (typeof purposeText !== 'string') throw invalid('deviceData.purpose is missing');
  const purpose = ['Auth', 'Registration'].find((p) => p.toLowerCase() === purposeText.toLowerCase());
  if (!purpose)
    throw new TrustError(
      'ADM-DPM-033',
      `Invalid purpose ${JSON.stringify(purposeText)}: Auth or Registration`,
    );
  const ftp = d.foundationalTrustProviderId;
  if (ftp !== undefined && ftp !== null && typeof ftp !== 'string')
    throw invalid('deviceData.foundationalTrustProviderId must be a string');
  const info = d.deviceInfo;
  let deviceInfoJws: string | undefined;
  let deviceInfoRaw: Record<string, unknown>;
  if (typeof info === 'string') {
    deviceInfoJws = info;
    deviceInfoRaw = asObject(jwsJson(info, 'deviceInfo'), 'deviceInfo');
  } else {
    deviceInfoRaw = asObject(info, 'deviceData.deviceInfo');
  }
  return {
    deviceId,
    purpose: purpose as 'Auth' | 'Registration',
    foundationalTrustProviderId: typeof ftp === 'string' && ftp.trim() !== '' ? ftp : null,
    deviceInfoJws,
    deviceInfoRaw,
    masterdataDialect: deviceInfoJws === undefined || 'timeStamp' in deviceInfoRaw,
  };
}

/** deviceInfo's fields; `deviceSubId` as a string (masterdata) or an array (spec). */
export function readDeviceInfo(info: Record<string, unknown>): DeviceInfoFields {
  const raw = info.deviceSubId;
  const subIds = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : undefined;
  if (!subIds || subIds.length === 0 || !subIds.every((s) => typeof s === 'string' && /^\d$/.test(s)))
    throw invalid('deviceInfo.deviceSubId must be a digit string or an array of them');
  const certification = info.certification;
  if (typeof certification !== 'string' || certification === '')
    throw invalid('deviceInfo.certification is missing');
  if (!['L0', 'L1', 'L2'].includes(certification))
    throw new TrustError(
      'ADM-DPM-034',
      `Invalid certification ${JSON.stringify(certification)}: L0, L1 or L2`,
    );
  const firmware = text(info, 'firmware', 128, 'deviceInfo');
  let deviceExpiry: Date | null = null;
  if (info.deviceExpiry !== undefined && info.deviceExpiry !== null) {
    deviceExpiry = parseDate(info.deviceExpiry, 'deviceInfo.deviceExpiry');
  }
  const ts = info.timestamp ?? info.timeStamp;
  if (ts !== undefined && ts !== null && typeof ts !== 'string')
    throw invalid('deviceInfo.timestamp must be a string');
  const sv = info.serviceVersion;
  return {
    deviceSubId: subIds as string[],
    certification,
    firmware,
    deviceExpiry,
    timestamp: typeof ts === 'string' ? ts : undefined,
    serviceVersion: typeof sv === 'string' && sv !== '' ? sv : undefined,
  };
}

export function parseDate(value: unknown, what: string): Date {
  if (typeof value !== 'string') throw invalid(`${what} must be a date-time string`);
  try {
    return parseTimestamp(value);
  } catch (e) {
    if (e instanceof CryptoError) throw invalid(`${what} is not a date-time: ${JSON.stringify(value)}`);
    throw e;
  }
}

/** The digital ID from a JWS (its payload) or from base64 of plain JSON (masterdata). */
export function readDigitalId(value: unknown): { fields: DigitalIdFields; jws: string | undefined } {
  if (typeof value !== 'string' || value === '') throw invalid('deviceInfo.digitalId is missing');
  const jws = isJws(value) ? value : undefined;
  const json = jws
    ? jwsJson(jws, 'digitalId')
    : parseJson(Buffer.from(value, 'base64').toString('utf8'), 'digitalId (base64 JSON)');
  const o = asObject(json, 'digitalId');
  const fields: DigitalIdFields = {
    serialNo: text(o, 'serialNo', 64, 'digitalId'),
    make: text(o, 'make', 36, 'digitalId'),
    model: text(o, 'model', 36, 'digitalId'),
    type: text(o, 'type', 36, 'digitalId'),
    deviceSubType: text(o, 'deviceSubType', 36, 'digitalId'),
    deviceProviderId: text(o, 'deviceProviderId', 36, 'digitalId'),
    deviceProvider: text(o, 'deviceProvider', 128, 'digitalId'),
    dateTime: text(o, 'dateTime', 40, 'digitalId'),
  };
  parseDate(fields.dateTime, 'digitalId.dateTime');
  return { fields, jws };
}

/** masterdata seed codes and spec values for the same sub-type (reference table, docs/trust-server-capabilities.md). */
const SUB_TYPE_ALIASES: Record<string, Record<string, string>> = {
  Finger: { slab: 'Slap', slap: 'Slap', single: 'Single', touchless: 'Touchless' },
  Iris: { single: 'Single', singleiris: 'Single', double: 'Double', doubleiris: 'Double' },
  Face: { 'full face': 'Full face' },
};

export function canonicalType(type: string): string | undefined {
  return Object.keys(SUB_TYPE_ALIASES).find((t) => t.toLowerCase() === type.toLowerCase());
}

export function canonicalSubType(type: string, subType: string): string | undefined {
  return SUB_TYPE_ALIASES[type]?.[subType.toLowerCase()];
}

/**
 * Sub ids a device of the sub-type may have (MDS 0.9.5 deviceSubId): 1 left, 2 right, 3 both / thumbs for
 * slaps and double irises; 0 for single-position devices (a single iris is left or right, subId 0) and faces.
 */
export function allowedSubIds(type: string, subType: string): readonly string[] {
  if ((type === 'Finger' && subType === 'Slap') || (type === 'Iris' && subType === 'Double'))
    return ['1', '2', '3'];
  return ['0'];
}
