/**
 * Runs MOSIP's SBI compliance test definitions against a device service at a URL (docs/conformance.md).
 * Requests are built as the CTK UI builds them (sbi-helper.ts), validated against the CTK request
 * schema and sent over HTTP; responses are decoded as the CTK UI decodes them and checked with the CTK
 * response schema and the CTK validators' rules (validators.ts). Each case yields pass, fail with the
 * reasons, or not run with the reason. Devices capture in parallel (one queue per device).
 */
import type { KeyObject } from 'node:crypto';
import { findCtkDir } from './ctk-dir.ts';
import { type CtkCase, loadCases } from './definitions.ts';
import { ConformanceError } from './errors.ts';
import { decodePayload, type MdsTarget, mdsJson, openStream, targetOf } from './mds-http.ts';
import type { Operator } from './operator.ts';
import {
  CtkSchemas,
  decodeLikeCtk,
  hashErrors,
  isoErrors,
  keyRotationErrors,
  mismatchErrors,
  signatureErrors,
  type TrustAnchors,
  timeCheckErrors,
  timeoutErrors,
} from './validators.ts';

export type CaseStatus = 'pass' | 'fail' | 'not-run';

export interface CaseResult {
  testId: string;
  testName: string;
  method: string;
  status: CaseStatus;
  /** Why it failed (every failed check) or why it was not run; empty when it passed. */
  reasons: string[];
  /** Checks of a run case that could not be made, and why. */
  notes: string[];
}

export interface RunOptions {
  /** The device service, e.g. http://127.0.0.1:4501 */
  url: string;
  /** The CTK folder; default MOSIP_CTK_DIR or <repo>/../shared/ctk. */
  ctkDir?: string;
  /** Only these test IDs (in definition order). */
  only?: string[];
  /** Trust anchors for the SignatureValidator; a missing part is noted, not checked. */
  anchors?: TrustAnchors;
  /** The private key of the certificate Auth captures are encrypted to (hash and ISO checks of Auth). */
  decryptionKey?: KeyObject;
  operator?: Operator;
  /** Called as each case ends (cases of different devices end interleaved). */
  onResult?: (result: CaseResult) => void;
}

/** A device as the service's device info describes it. */
export interface ListedDevice {
  deviceId: string;
  purpose: string;
  type: string;
  deviceSubType: string;
  deviceStatus: string;
  make: string;
  model: string;
  serialNo: string;
  deviceProvider: string;
  deviceProviderId: string;
  serviceVersion: string;
  firmware: string;
}

export interface RunSummary {
  ctkDir: string;
  devices: ListedDevice[];
  results: CaseResult[];
  counts: { total: number; passed: number; failed: number; notRun: number };
}

/** Validators the suite cannot run, and why. */
const NOT_RUN: Record<string, string> = {
  BiometricsQualityCheckValidator:
    "needs MOSIP's biometric SDK quality service (out of scope); quality is still checked by schema and ISO header",
};

const SEGMENTS: Record<string, string> = {
  LeftIndex: 'Left IndexFinger',
  LeftMiddle: 'Left MiddleFinger',
  LeftRing: 'Left RingFinger',
  LeftLittle: 'Left LittleFinger',
  LeftThumb: 'Left Thumb',
  RightIndex: 'Right IndexFinger',
  RightMiddle: 'Right MiddleFinger',
  RightRing: 'Right RingFinger',
  RightLittle: 'Right LittleFinger',
  RightThumb: 'Right Thumb',
  Left: 'Left',
  Right: 'Right',
  UNKNOWN: 'UNKNOWN',
};

/** The device info of every device (MOSIPDINFO), decoded without verification. */
export async function listDevices(to: MdsTarget): Promise<ListedDevice[]> {
  const raw = await mdsJson(to, 'MOSIPDINFO', '/info');
  if (!Array.isArray(raw))
    throw new ConformanceError('DEVICE_SERVICE_PROTOCOL', 'device info answer is not a list');
  return raw.flatMap((item: { deviceInfo?: unknown }) => {
    if (typeof item?.deviceInfo !== 'string' || item.deviceInfo === '') return [];
    const info = decodePayload(item.deviceInfo);
    const digital = typeof info.digitalId === 'string' ? decodePayload(info.digitalId) : {};
    return [
      {
        deviceId: String(info.deviceId),
        purpose: String(info.purpose),
        type: String(digital.type),
        deviceSubType: String(digital.deviceSubType),
        deviceStatus: String(info.deviceStatus),
        make: String(digital.make ?? ''),
        model: String(digital.model ?? ''),
        serialNo: String(digital.serialNo ?? ''),
        deviceProvider: String(digital.deviceProvider ?? ''),
        deviceProviderId: String(digital.deviceProviderId ?? ''),
        serviceVersion: String(info.serviceVersion ?? ''),
        firmware: String(info.firmware ?? ''),
      },
    ];
  });
}

/** Whole-service cases: discovery, and device info other than key rotation. */
function isServiceCase(c: CtkCase): boolean {
  return (
    c.methodName[0] === 'device' ||
    (c.methodName[0] === 'info' && c.otherAttributes.keyRotationTestCase !== true)
  );
}

/** The device a device-specific case runs on: same purpose, type and sub-type. */
function deviceFor(c: CtkCase, devices: ListedDevice[]): ListedDevice | undefined {
  const o = c.otherAttributes;
  return devices.find(
    (d) =>
      o.purpose.includes(d.purpose) &&
      o.biometricTypes.includes(d.type) &&
      o.deviceSubTypes.includes(d.deviceSubType),
  );
}

/** The CTK UI's capture request (sbi-helper.ts captureRequest / rcaptureRequest). */
function captureRequest(c: CtkCase, deviceId: string, previousHash: string): Record<string, unknown> {
  const o = c.otherAttributes;
  const type = o.biometricTypes[0] as string;
  const rcapture = c.methodName[0] === 'rcapture';
  const bio: Record<string, unknown> = {
    type,
    count: o.bioCount,
    bioSubType: o.segments.map((s) => SEGMENTS[s] ?? s),
    ...(rcapture ? { exception: o.exceptions.map((s) => SEGMENTS[s] ?? s) } : {}),
    requestedScore: o.requestedScore,
    deviceId,
    deviceSubId: o.deviceSubId,
    previousHash,
  };
  const request: Record<string, unknown> = {
    env: 'Developer',
    purpose: rcapture ? 'Registration' : 'Auth',
    specVersion: '0.9.5',
    timeout: typeof o.timeout === 'string' ? o.timeout : '10000',
    captureTime: new Date().toISOString(),
    ...(rcapture ? {} : { domainUri: '' }),
    transactionId: typeof o.transactionId === 'string' ? o.transactionId : `${c.testId}-${Date.now()}`,
    bio: [bio],
    customOpts: null,
  };
  const invalid = o.invalidRequestAttribute;
  if (typeof invalid === 'string') {
    // The CTK misspells the attribute (e.g. "envXXX") so the device sees it missing.
    const [target, key] = invalid.startsWith('bio[0].') ? [bio, invalid.slice(7)] : [request, invalid];
    target[`${key}XXX`] = target[key];
    delete target[key];
  }
  return request;
}

interface Context {
  to: MdsTarget;
  schemas: CtkSchemas;
  anchors: TrustAnchors;
  decryptionKey?: KeyObject;
  operator?: Operator;
  devices: ListedDevice[];
}

type Outcome = { errors: string[]; notes: string[] } | { notRun: string };

const OPERATOR_NEEDED = 'needs an operator step (our device service: --admin-url and --admin-token-file)';

async function runCase(
  ctx: Context,
  c: CtkCase,
  device: ListedDevice | undefined,
  lastHash: { value: string },
): Promise<Outcome> {
  const { to, schemas, anchors } = ctx;
  const method = c.methodName[0] as string;
  const o = c.otherAttributes;
  const validators = (c.validatorDefs[0] ?? []).map((v) => v.name);
  const errors: string[] = [];
  const notes = validators.filter((v) => NOT_RUN[v]).map((v) => `${v} not run: ${NOT_RUN[v]}`);
  if (validators.includes('SignatureValidator') && method !== 'device') {
    if (!anchors.device)
      notes.push('SignatureValidator: chains to the DEVICE trust anchor not checked (no device CA given)');
    if (!anchors.ftm)
      notes.push('SignatureValidator: L1 chains to the FTM trust anchor not checked (no FTM root given)');
  }

  if (method === 'device') {
    const body = {
      type: o.invalidRequestAttribute === 'biometricTypes' ? 'BIOMETRIC DEVICE' : 'Biometric Device',
    };
    errors.push(...schemas.errors(c.requestSchema[0] as string, body));
    const raw = await mdsJson(to, 'MOSIPDISC', '/device', body);
    errors.push(...schemas.everyElement(c.responseSchema[0] as string, decodeLikeCtk('device', raw)));
    if (validators.includes('SignatureValidator'))
      errors.push(...(await signatureErrors('device', raw, anchors)));
    return { errors, notes };
  }

  if (method === 'info') {
    const info = async () => (await mdsJson(to, 'MOSIPDINFO', '/info')) as unknown[];
    if (o.keyRotationTestCase === true) {
      if (!device) return { notRun: 'no device of this purpose, type and sub-type' };
      if (!ctx.operator) return { notRun: `key rotation ${OPERATOR_NEEDED}` };
      const id = device.deviceId;
      const pick = (all: unknown[]) =>
        all.filter((item) => {
          const block = (item as { deviceInfo?: unknown }).deviceInfo;
          return typeof block === 'string' && block !== '' && String(decodePayload(block).deviceId) === id;
        });
      const beforeInfo = pick(await info());
      try {
        await ctx.operator.rotateKey(id);
      } catch (e) {
        errors.push(`rotation failed: ${(e as Error).message}`);
      }
      const afterInfo = pick(await info());
      errors.push(...schemas.everyElement(c.responseSchema[0] as string, decodeLikeCtk('info', afterInfo)));
      errors.push(...(await keyRotationErrors(beforeInfo, afterInfo, anchors)));
      return { errors, notes };
    }
    const forced = { SBI1027: 'Busy', SBI1028: 'Not Ready', SBI1029: 'Not Registered' }[c.testId];
    const first = ctx.devices[0];
    if (forced) {
      if (!ctx.operator) return { notRun: `device status "${forced}" ${OPERATOR_NEEDED}` };
      if (!first) return { notRun: 'the service lists no device' };
      await ctx.operator.setStatus(first.deviceId, forced);
    }
    try {
      const raw = await info();
      // A status case looks at the device the operator changed (listed first).
      const relevant = forced ? raw.slice(0, 1) : raw;
      errors.push(...schemas.everyElement(c.responseSchema[0] as string, decodeLikeCtk('info', relevant)));
      if (validators.includes('SignatureValidator'))
        errors.push(...(await signatureErrors('info', relevant, anchors)));
    } finally {
      if (forced && first) await ctx.operator?.setStatus(first.deviceId, null);
    }
    return { errors, notes };
  }

  if (!device) return { notRun: 'no device of this purpose, type and sub-type' };
  const deviceId = device.deviceId;
  const op = method === 'rcapture' ? 'RCAPTURE' : 'CAPTURE';
  const hashCase = o.hashValidationTestCase === true;
  const previousHash = hashCase ? lastHash.value : '';
  const request = captureRequest(c, deviceId, previousHash);
  const invalidRequest = typeof o.invalidRequestAttribute === 'string';
  // These definitions send requests their own request schema refuses (e.g. counts beyond its range).
  if (!invalidRequest && !c.testId.match(/^SBI10(9[1-3]|10[89]|11[01])$/))
    errors.push(...schemas.errors(c.requestSchema[0] as string, request));
  const withoutInput = o.timeout === '500';
  if (withoutInput) {
    if (!ctx.operator) return { notRun: `"no biometric presented" ${OPERATOR_NEEDED}` };
    await ctx.operator.presentNothing(deviceId, true);
  }
  let stream: Promise<void> | undefined;
  const streamAbort = new AbortController();
  if (/^Streaming test/.test(c.testName)) {
    let first: () => void = () => {};
    const firstFrame = new Promise<void>((r) => {
      first = r;
    });
    stream = openStream(to, { deviceId, deviceSubId: o.deviceSubId }, () => first(), streamAbort.signal);
    await Promise.race([firstFrame, stream]);
  }
  const start = Date.now();
  let raw: unknown;
  try {
    raw = await mdsJson(to, op, '/capture', request, 60_000);
  } finally {
    if (withoutInput) await ctx.operator?.presentNothing(deviceId, false);
    streamAbort.abort();
    await stream;
  }
  const end = Date.now();
  const decoded = decodeLikeCtk(method, raw);
  errors.push(...schemas.everyElement(c.responseSchema[0] as string, decoded));
  const elements = (raw as { biometrics?: { error?: { errorCode?: string }; hash?: string }[] }).biometrics;
  if (!Array.isArray(elements)) return { errors: [...errors, 'the answer has no biometrics list'], notes };
  const success = elements.every((e) => e.error?.errorCode === '0');
  if (validators.includes('TimeoutValidator'))
    errors.push(...timeoutErrors(start, end, Number(request.timeout)));
  if (!success) return { errors, notes };
  const purpose = op === 'CAPTURE' ? 'Auth' : 'Registration';
  const encrypted = purpose === 'Auth';
  if (validators.includes('SignatureValidator'))
    errors.push(...(await signatureErrors(method, raw, anchors)));
  if (validators.includes('ResponseMismatchValidator')) errors.push(...mismatchErrors(request, raw));
  const noKey = encrypted && !ctx.decryptionKey;
  for (const v of ['HashValidator', 'ISOStandardsValidator'])
    if (noKey && validators.includes(v))
      notes.push(`${v} not run: Auth bioValues are encrypted and no decryption key was given`);
  const key = ctx.decryptionKey;
  if (validators.includes('HashValidator') && !noKey) errors.push(...hashErrors(raw, previousHash, key));
  if (validators.includes('TimeCheckValidator')) errors.push(...timeCheckErrors(raw, start));
  if (validators.includes('ISOStandardsValidator') && !noKey)
    errors.push(...(await isoErrors(raw, purpose, key)));
  lastHash.value = elements[elements.length - 1]?.hash ?? lastHash.value;
  return { errors, notes };
}

function resultOf(c: CtkCase, outcome: Outcome): CaseResult {
  const base = { testId: c.testId, testName: c.testName, method: c.methodName[0] as string };
  if ('notRun' in outcome) return { ...base, status: 'not-run', reasons: [outcome.notRun], notes: [] };
  return {
    ...base,
    status: outcome.errors.length === 0 ? 'pass' : 'fail',
    reasons: outcome.errors,
    notes: outcome.notes,
  };
}

/** Runs the selected definitions against the service at `options.url`. */
export async function runConformance(options: RunOptions): Promise<RunSummary> {
  const ctkDir = findCtkDir(options.ctkDir);
  const all = loadCases(ctkDir);
  let cases = all;
  if (options.only) {
    const known = new Set(all.map((c) => c.testId));
    const unknown = options.only.filter((id) => !known.has(id));
    if (unknown.length > 0)
      throw new ConformanceError('CTK_INVALID', `unknown test IDs: ${unknown.join(', ')}`);
    const wanted = new Set(options.only);
    cases = all.filter((c) => wanted.has(c.testId));
  }
  const to = targetOf(options.url);
  const devices = await listDevices(to);
  const ctx: Context = {
    to,
    schemas: new CtkSchemas(ctkDir),
    anchors: options.anchors ?? {},
    devices,
    ...(options.decryptionKey ? { decryptionKey: options.decryptionKey } : {}),
    ...(options.operator ? { operator: options.operator } : {}),
  };
  const results = new Map<string, CaseResult>();
  const record = (c: CtkCase, outcome: Outcome) => {
    const result = resultOf(c, outcome);
    results.set(c.testId, result);
    options.onResult?.(result);
  };
  const service: CtkCase[] = [];
  const queues = new Map<string, { device: ListedDevice; cases: CtkCase[] }>();
  for (const c of cases) {
    if (isServiceCase(c)) {
      service.push(c);
      continue;
    }
    const device = deviceFor(c, devices);
    if (!device) {
      record(c, { notRun: 'no device of this purpose, type and sub-type on the service' });
      continue;
    }
    const queue = queues.get(device.deviceId) ?? { device, cases: [] };
    queue.cases.push(c);
    queues.set(device.deviceId, queue);
  }
  const runQueue = async (list: CtkCase[], device?: ListedDevice) => {
    const lastHash = { value: '' };
    for (const c of list) {
      try {
        record(c, await runCase(ctx, c, device, lastHash));
      } catch (e) {
        record(c, { errors: [`suite: ${(e as Error).message}`], notes: [] });
      }
    }
  };
  // Whole-service cases (discovery, info status changes) run alone, before the device queues.
  await runQueue(service);
  await Promise.all([...queues.values()].map((q) => runQueue(q.cases, q.device)));
  const ordered = cases.map((c) => results.get(c.testId) as CaseResult);
  const count = (s: CaseStatus) => ordered.filter((r) => r.status === s).length;
  return {
    ctkDir,
    devices,
    results: ordered,
    counts: { total: ordered.length, passed: count('pass'), failed: count('fail'), notRun: count('not-run') },
  };
}
