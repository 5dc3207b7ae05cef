/**
 * The CTK's validators (mosip-compliance-toolkit …/toolkit/validators/, reference §18.3) re-implemented
 * for the conformance suite: schema (ajv, draft 2019-09), signature and trust, response mismatch, hash,
 * timeout, time check, ISO record and key rotation. Each returns a list of failures (empty = pass).
 */

import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { validateRecord } from '@mosip-trust/biometrics';
import { openBiometric, validateChain, verifyHashChain, verifyJws } from '@mosip-trust/crypto';
import { decodePayload } from './mds-http.ts';

const require = createRequire(import.meta.url);
const addFormats = require('ajv-formats') as (ajv: unknown) => void;
// ajv is CommonJS: its module object is the class itself.
const Ajv2019 = require('ajv/dist/2019.js') as typeof import('ajv/dist/2019.js').default;

const FINGERS = [
  'Left IndexFinger',
  'Left MiddleFinger',
  'Left RingFinger',
  'Left LittleFinger',
  'Left Thumb',
  'Right IndexFinger',
  'Right MiddleFinger',
  'Right RingFinger',
  'Right LittleFinger',
  'Right Thumb',
];

/** The CTK's SBI 0.9.5 JSON schemas (ajv, draft 2019-09), compiled once each. */
export class CtkSchemas {
  private readonly ajv = new Ajv2019({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ReturnType<typeof this.ajv.compile>>();
  private readonly dir: string;

  constructor(ctkDir: string) {
    addFormats(this.ajv);
    this.dir = join(ctkDir, 'compliance-toolkit-schemas/sbi/0.9.5');
  }

  errors(schemaName: string, value: unknown): string[] {
    let validate = this.compiled.get(schemaName);
    if (!validate) {
      validate = this.ajv.compile(JSON.parse(readFileSync(join(this.dir, `${schemaName}.json`), 'utf8')));
      this.compiled.set(schemaName, validate);
    }
    return validate(value)
      ? []
      : (validate.errors ?? []).map((e) => `${schemaName}${e.instancePath} ${e.message}`);
  }

  /** The CTK validates element 0 (tuple `items`); the suite validates every element. */
  everyElement(schemaName: string, response: unknown): string[] {
    if (Array.isArray(response))
      return response.length === 0
        ? this.errors(schemaName, response)
        : response.flatMap((item) => this.errors(schemaName, [item]));
    const bio = (response as { biometrics?: unknown[] }).biometrics;
    if (Array.isArray(bio) && bio.length > 0)
      return bio.flatMap((el) => this.errors(schemaName, { biometrics: [el] }));
    return this.errors(schemaName, response);
  }
}

/** What the CTK UI adds to the raw device JSON before validation (reference §18.1). */
export function decodeLikeCtk(method: string, raw: unknown): unknown {
  if (method === 'device' && Array.isArray(raw)) {
    return raw.map((item: Record<string, unknown>) =>
      typeof item.digitalId === 'string'
        ? { ...item, digitalIdDecoded: decodePayload(item.digitalId) }
        : item,
    );
  }
  if (method === 'info' && Array.isArray(raw)) {
    return raw.map((item: Record<string, unknown>) => {
      if (typeof item.deviceInfo !== 'string' || item.deviceInfo === '') return item;
      const info = decodePayload(item.deviceInfo);
      return {
        ...item,
        deviceInfoDecoded: { ...info, digitalIdDecoded: decodePayload(String(info.digitalId)) },
      };
    });
  }
  const bio = (raw as { biometrics?: Record<string, unknown>[] }).biometrics;
  if (!bio) return raw;
  return {
    biometrics: bio.map((el) => {
      if (typeof el.data !== 'string' || el.data === '') return el;
      const data = decodePayload(el.data);
      return { ...el, dataDecoded: { ...data, digitalIdDecoded: decodePayload(String(data.digitalId)) } };
    }),
  };
}

/**
 * What signatures must chain to: the device provider's CA (DEVICE) and the FTM root (FTM), and the
 * organisation (O) of device certificates. A missing part is not checked (the runner notes it).
 */
export interface TrustAnchors {
  device?: Buffer[];
  ftm?: Buffer[];
  organization?: string;
}

async function trusted(
  jws: string,
  domain: 'DEVICE' | 'FTM',
  anchors: TrustAnchors,
  checkOrg: boolean,
): Promise<string[]> {
  try {
    const v = await verifyJws(jws);
    const roots = domain === 'DEVICE' ? anchors.device : anchors.ftm;
    if (roots) await validateChain(v.certificateDer, { domain, anchors: roots });
    if (checkOrg && anchors.organization !== undefined && v.certificate.organization !== anchors.organization)
      return [`certificate O=${v.certificate.organization} is not ${anchors.organization}`];
    return [];
  } catch (e) {
    return [`${domain}: ${(e as Error).message}`];
  }
}

/** SignatureValidator: discovery digital IDs decode; info and capture blocks verify and chain to DEVICE / FTM. */
export async function signatureErrors(
  method: string,
  raw: unknown,
  anchors: TrustAnchors,
): Promise<string[]> {
  const errors: string[] = [];
  if (method === 'device') {
    for (const item of raw as Record<string, unknown>[]) {
      const d = decodePayload(String(item.digitalId));
      if (!d.type || !d.deviceSubType) errors.push('discovery digitalId lacks type or deviceSubType');
    }
    return errors;
  }
  if (method === 'info') {
    for (const item of raw as { deviceInfo: string; error: { errorCode: string } }[]) {
      const signed = item.deviceInfo.split('.').length === 3;
      const info = decodePayload(item.deviceInfo);
      if (!signed) {
        if (info.deviceStatus !== 'Not Registered')
          errors.push('unsigned device info for a registered device');
        continue;
      }
      errors.push(...(await trusted(item.deviceInfo, 'DEVICE', anchors, true)));
      errors.push(
        ...(await trusted(
          String(info.digitalId),
          info.certification === 'L1' ? 'FTM' : 'DEVICE',
          anchors,
          info.certification !== 'L1',
        )),
      );
    }
    return errors;
  }
  for (const el of (raw as { biometrics: { data: string }[] }).biometrics) {
    errors.push(...(await trusted(el.data, 'DEVICE', anchors, true)));
    const data = decodePayload(el.data);
    const digital = await verifyJws(String(data.digitalId));
    const l1 = /FTM Chip/.test(digital.certificate.subject);
    errors.push(...(await trusted(String(data.digitalId), l1 ? 'FTM' : 'DEVICE', anchors, !l1)));
  }
  return errors;
}

const SUBID_ALLOWED: Record<string, Record<string, string[]>> = {
  Finger: {
    '0': [...FINGERS, 'UNKNOWN'],
    '1': ['Left IndexFinger', 'Left MiddleFinger', 'Left RingFinger', 'Left LittleFinger'],
    '2': ['Right IndexFinger', 'Right MiddleFinger', 'Right RingFinger', 'Right LittleFinger'],
    '3': ['Left Thumb', 'Right Thumb'],
  },
  Iris: { '0': ['Left', 'Right', 'UNKNOWN'], '1': ['Left'], '2': ['Right'], '3': ['Left', 'Right'] },
};

/** ResponseMismatchValidator: count, purpose, bioSubType per subId, exceptions, transactionId. */
export function mismatchErrors(request: Record<string, unknown>, raw: unknown): string[] {
  const errors: string[] = [];
  const bio = (request.bio as Record<string, unknown>[])[0] as Record<string, unknown>;
  const elements = (raw as { biometrics: { data: string }[] }).biometrics;
  if (elements.length !== Number(bio.count)) errors.push(`count ${elements.length} != ${String(bio.count)}`);
  for (const el of elements) {
    const data = decodePayload(el.data);
    if (data.purpose !== request.purpose) errors.push(`purpose ${String(data.purpose)}`);
    if (data.transactionId !== request.transactionId) errors.push('transactionId differs');
    const allowed = SUBID_ALLOWED[String(bio.type)]?.[String(bio.deviceSubId)];
    if (allowed && !allowed.includes(String(data.bioSubType)))
      errors.push(`bioSubType ${String(data.bioSubType)} not allowed for subId ${String(bio.deviceSubId)}`);
    if (Array.isArray(bio.exception) && bio.exception.includes(data.bioSubType))
      errors.push(`excepted ${String(data.bioSubType)} returned`);
  }
  return errors;
}

/** Plain records of a capture response (decrypting Auth bioValues). */
export function records(
  raw: unknown,
  encryptionKey: KeyObject | undefined,
): { hash: string; bio: Buffer; data: Record<string, unknown> }[] {
  return (
    raw as { biometrics: { data: string; hash: string; sessionKey?: string; thumbprint?: string }[] }
  ).biometrics.map((el) => {
    const data = decodePayload(el.data);
    if (el.sessionKey && !encryptionKey) throw new Error('an encrypted bioValue and no decryption key');
    const bio =
      el.sessionKey && encryptionKey
        ? openBiometric({
            bioValue: String(data.bioValue),
            sessionKey: el.sessionKey,
            timestamp: String(data.timestamp),
            transactionId: String(data.transactionId),
            privateKey: encryptionKey,
            thumbprint: String(el.thumbprint),
          })
        : Buffer.from(String(data.bioValue), 'base64url');
    return { hash: el.hash, bio, data };
  });
}

export function hashErrors(
  raw: unknown,
  previousHash: string,
  encryptionKey: KeyObject | undefined,
): string[] {
  try {
    verifyHashChain(records(raw, encryptionKey), { previousHash });
    return [];
  } catch (e) {
    return [`hash chain: ${(e as Error).message}`];
  }
}

export function timeoutErrors(startMs: number, endMs: number, timeout: number): string[] {
  return endMs - startMs >= timeout ? [] : [`answered after ${endMs - startMs} ms < timeout ${timeout} ms`];
}

/** TimeCheckValidator: yyyy-MM-dd'T'HH:mm:ss'Z', no later than 3 minutes after the test started. */
export function timeCheckErrors(raw: unknown, startMs: number): string[] {
  const errors: string[] = [];
  for (const el of (raw as { biometrics: { data: string }[] }).biometrics) {
    const ts = String(decodePayload(el.data).timestamp);
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(ts))
      errors.push(`timestamp ${ts} not yyyy-MM-ddTHH:mm:ssZ`);
    else if (
      Date.parse(ts) - startMs > 3 * 60_000 ||
      Date.parse(ts) < Math.floor(startMs / 1000) * 1000 - 1000
    )
      errors.push(`timestamp ${ts} outside the test window`);
  }
  return errors;
}

export async function isoErrors(
  raw: unknown,
  purpose: 'Auth' | 'Registration',
  encryptionKey: KeyObject | undefined,
): Promise<string[]> {
  const errors: string[] = [];
  for (const r of records(raw, encryptionKey)) {
    const label = r.data.bioSubType === undefined ? undefined : String(r.data.bioSubType);
    const result = await validateRecord(r.bio, { purpose, ...(label ? { bioSubType: label } : {}) });
    if (result.verdict !== 'pass')
      errors.push(...result.errors.map((e) => `ISO ${e.code} ${e.field}: ${e.message}`));
  }
  return errors;
}

/** KeyRotationValidator: after-response trusted, leaf differs, notBefore not earlier, identity unchanged. */
export async function keyRotationErrors(
  before: unknown,
  after: unknown,
  anchors: TrustAnchors,
): Promise<string[]> {
  const b = (before as { deviceInfo: string }[])[0]?.deviceInfo ?? '';
  const a = (after as { deviceInfo: string }[])[0]?.deviceInfo ?? '';
  const errors = await trusted(a, 'DEVICE', anchors, true);
  const vb = await verifyJws(b);
  const va = await verifyJws(a);
  if (vb.certificateDer.equals(va.certificateDer)) errors.push('device certificate did not change');
  if (va.certificate.notBefore < vb.certificate.notBefore)
    errors.push('new certificate notBefore is earlier');
  const db = decodePayload(String(decodePayload(b).digitalId));
  const da = decodePayload(String(decodePayload(a).digitalId));
  for (const k of ['make', 'model', 'serialNo']) if (db[k] !== da[k]) errors.push(`${k} changed`);
  return errors;
}
