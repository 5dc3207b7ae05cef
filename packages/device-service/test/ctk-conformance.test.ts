/**
 * The 200 SBI test definitions of MOSIP's compliance toolkit, run against our device service over HTTP.
 * Requests are built as the CTK UI builds them (sbi-helper.ts), validated against the CTK request schema,
 * sent over a real socket; responses are decoded as the CTK UI decodes them and checked with the CTK
 * response schema and the CTK validators' rules (ctk/validators.ts). Operator steps (status changes,
 * key rotation, "no biometric presented") go through the authenticated admin API.
 * Devices capture in parallel (one queue per device); each case then reports its own result.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { decryptPrivateKeyPem, pemToDerList } from '@mosip-trust/crypto';
import { decodePayload, mdsCall, mdsJson, readStream } from '../src/index.ts';
import {
  CTK_DIR,
  decodeLikeCtk,
  hashErrors,
  isoErrors,
  keyRotationErrors,
  mismatchErrors,
  schemaErrors,
  signatureErrors,
  type TrustAnchors,
  timeCheckErrors,
  timeoutErrors,
  validateEveryElement,
} from './ctk/validators.ts';
import { admin, type Running, startService } from './helpers.ts';

interface CtkCase {
  testId: string;
  testName: string;
  methodName: string[];
  requestSchema: string[];
  responseSchema: string[];
  validatorDefs: { name: string }[][];
  otherAttributes: Record<string, unknown> & {
    purpose: string[];
    biometricTypes: string[];
    deviceSubTypes: string[];
    segments: string[];
    exceptions: string[];
    requestedScore: string;
    bioCount: string;
    deviceSubId: string;
  };
}

const CASES = JSON.parse(
  readFileSync(join(CTK_DIR, 'compliance-toolkit-testcases/compliance_test_definitions_sbi.json'), 'utf8'),
) as CtkCase[];
/** Validators this harness cannot run, and why. */
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
/**
 * deviceId per biometric type in each service: Registration runs a slap, a double iris and a face;
 * Auth runs MOSIP's Auth set, a single finger, a single iris (iris-single) and a face.
 */
const DEVICE_IDS: Record<string, string> = { Finger: '1', Iris: '2', Face: '3' };

interface Outcome {
  errors: string[];
  notes: string[];
}

let reg: Running;
let auth: Running;
const outcomes = new Map<string, Outcome>();

function anchorsOf(r: Running): TrustAnchors {
  const pem = (f: string) => pemToDerList(readFileSync(join(r.stateDir, f), 'utf8'));
  return {
    device: pem('dev-device-provider-ca.pem'),
    ftm: pem('ftm-root.pem'),
    organization: 'MOSIP Trust Devices',
  };
}

function serviceFor(c: CtkCase): Running {
  return c.otherAttributes.purpose.length === 1 && c.otherAttributes.purpose[0] === 'Auth' ? auth : reg;
}

/** The CTK UI's capture request (sbi-helper.ts captureRequest / rcaptureRequest). */
function captureRequest(c: CtkCase, previousHash: string): Record<string, unknown> {
  const o = c.otherAttributes;
  const type = o.biometricTypes[0] as string;
  const rcapture = c.methodName[0] === 'rcapture';
  const bio: Record<string, unknown> = {
    type,
    count: o.bioCount,
    bioSubType: o.segments.map((s) => SEGMENTS[s] ?? s),
    ...(rcapture ? { exception: o.exceptions.map((s) => SEGMENTS[s] ?? s) } : {}),
    requestedScore: o.requestedScore,
    deviceId: DEVICE_IDS[type],
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

async function runCase(c: CtkCase, lastHash: { value: string }): Promise<Outcome> {
  const method = c.methodName[0] as string;
  const o = c.otherAttributes;
  const svc = serviceFor(c);
  const port = svc.service.port;
  const adminPort = svc.service.adminPort as number;
  const validators = (c.validatorDefs[0] ?? []).map((v) => v.name);
  const errors: string[] = [];
  const notes = validators.filter((v) => NOT_RUN[v]).map((v) => `${v} not run: ${NOT_RUN[v]}`);
  const anchors = anchorsOf(svc);
  const encryptionKey = decryptPrivateKeyPem(
    (JSON.parse(readFileSync(join(svc.stateDir, 'dev-encryption.json'), 'utf8')) as { keyPem: string })
      .keyPem,
    'test-kek-0123456789abcdef',
  );
  const deviceId = DEVICE_IDS[o.biometricTypes[0] as string] as string;

  if (method === 'device') {
    const body = {
      type: o.invalidRequestAttribute === 'biometricTypes' ? 'BIOMETRIC DEVICE' : 'Biometric Device',
    };
    errors.push(...schemaErrors(c.requestSchema[0] as string, body));
    const raw = JSON.parse((await mdsCall(port, 'MOSIPDISC', '/device', body)).body.toString());
    errors.push(...validateEveryElement(c.responseSchema[0] as string, decodeLikeCtk('device', raw)));
    if (validators.includes('SignatureValidator'))
      errors.push(...(await signatureErrors('device', raw, anchors)));
    return { errors, notes };
  }

  if (method === 'info') {
    const info = async () =>
      JSON.parse((await mdsCall(port, 'MOSIPDINFO', '/info')).body.toString()) as unknown;
    if (o.keyRotationTestCase === true) {
      const id = DEVICE_IDS[o.biometricTypes[0] as string] as string;
      const pick = (all: unknown) => (all as unknown[]).filter((_, i) => String(i + 1) === id);
      const beforeInfo = pick(await info());
      const rotated = await admin(adminPort, `/admin/devices/${id}/rotate-key`, {});
      if (rotated.status !== 200) errors.push(`rotation failed: ${JSON.stringify(rotated.json)}`);
      const afterInfo = pick(await info());
      errors.push(...validateEveryElement(c.responseSchema[0] as string, decodeLikeCtk('info', afterInfo)));
      errors.push(...(await keyRotationErrors(beforeInfo, afterInfo, anchors)));
      return { errors, notes };
    }
    const forced = { SBI1027: 'Busy', SBI1028: 'Not Ready', SBI1029: 'Not Registered' }[c.testId];
    if (forced) await admin(adminPort, '/admin/devices/1', { status: forced });
    try {
      const raw = (await info()) as unknown[];
      // A status case looks at the device the operator changed (listed first).
      const relevant = forced ? raw.slice(0, 1) : raw;
      errors.push(...validateEveryElement(c.responseSchema[0] as string, decodeLikeCtk('info', relevant)));
      if (validators.includes('SignatureValidator'))
        errors.push(...(await signatureErrors('info', relevant, anchors)));
    } finally {
      if (forced) await admin(adminPort, '/admin/devices/1', { status: null });
    }
    return { errors, notes };
  }

  const op = method === 'rcapture' ? 'RCAPTURE' : 'CAPTURE';
  const hashCase = o.hashValidationTestCase === true;
  const previousHash = hashCase ? lastHash.value : '';
  const request = captureRequest(c, previousHash);
  const invalidRequest = typeof o.invalidRequestAttribute === 'string';
  if (!invalidRequest && !c.testId.match(/^SBI10(9[1-3]|10[89]|11[01])$/))
    errors.push(...schemaErrors(c.requestSchema[0] as string, request));
  const withoutInput = o.timeout === '500';
  if (withoutInput) await admin(adminPort, `/admin/devices/${deviceId}`, { quality: 'no-object' });
  let stream: Promise<unknown> | undefined;
  const streamAbort = new AbortController();
  if (/^Streaming test/.test(c.testName)) {
    let first: () => void = () => {};
    const firstFrame = new Promise<void>((r) => {
      first = r;
    });
    stream = readStream(port, { deviceId, deviceSubId: o.deviceSubId }, () => first(), {
      signal: streamAbort.signal,
    });
    await Promise.race([firstFrame, stream]);
  }
  const start = Date.now();
  let raw: unknown;
  try {
    raw = JSON.parse((await mdsCall(port, op, '/capture', request, 60_000)).body.toString());
  } finally {
    if (withoutInput) await admin(adminPort, `/admin/devices/${deviceId}`, { quality: 'good' });
    streamAbort.abort();
    await stream;
  }
  const end = Date.now();
  const decoded = decodeLikeCtk(method, raw);
  errors.push(...validateEveryElement(c.responseSchema[0] as string, decoded));
  const success = (raw as { biometrics: { error: { errorCode: string } }[] }).biometrics.every(
    (e) => e.error.errorCode === '0',
  );
  if (validators.includes('TimeoutValidator'))
    errors.push(...timeoutErrors(start, end, Number(request.timeout)));
  if (!success) return { errors, notes };
  const purpose = op === 'CAPTURE' ? 'Auth' : 'Registration';
  if (validators.includes('SignatureValidator'))
    errors.push(...(await signatureErrors(method, raw, anchors)));
  if (validators.includes('ResponseMismatchValidator')) errors.push(...mismatchErrors(request, raw));
  if (validators.includes('HashValidator')) errors.push(...hashErrors(raw, previousHash, encryptionKey));
  if (validators.includes('TimeCheckValidator')) errors.push(...timeCheckErrors(raw, start));
  if (validators.includes('ISOStandardsValidator'))
    errors.push(...(await isoErrors(raw, purpose, encryptionKey)));
  const els = (raw as { biometrics: { hash: string }[] }).biometrics;
  lastHash.value = els[els.length - 1]?.hash ?? lastHash.value;
  return { errors, notes };
}

/** One queue per device (plus one for whole-service cases): devices capture in parallel. */
function queueKey(c: CtkCase): string {
  if (
    c.methodName[0] === 'device' ||
    (c.methodName[0] === 'info' && c.otherAttributes.keyRotationTestCase !== true)
  )
    return 'service';
  return `${c.otherAttributes.purpose.join('+')}/${c.otherAttributes.biometricTypes[0]}`;
}

before(
  async () => {
    reg = await startService([
      { kind: 'finger-slap', purpose: 'Registration' },
      { kind: 'iris-double', purpose: 'Registration' },
      { kind: 'face', purpose: 'Registration' },
    ]);
    auth = await startService([
      { kind: 'finger-single', purpose: 'Auth' },
      { kind: 'iris-single', purpose: 'Auth' },
      { kind: 'face', purpose: 'Auth' },
    ]);
    const queues = new Map<string, CtkCase[]>();
    for (const c of CASES) queues.set(queueKey(c), [...(queues.get(queueKey(c)) ?? []), c]);
    const service = queues.get('service') ?? [];
    queues.delete('service');
    const runQueue = async (cases: CtkCase[]) => {
      const lastHash = { value: '' };
      for (const c of cases) {
        try {
          outcomes.set(c.testId, await runCase(c, lastHash));
        } catch (e) {
          outcomes.set(c.testId, { errors: [`harness: ${(e as Error).stack ?? e}`], notes: [] });
        }
      }
    };
    // Whole-service cases (discovery, info status changes) run alone, before the device queues.
    await runQueue(service);
    await Promise.all([...queues.values()].map(runQueue));
  },
  { timeout: 280_000 },
);

after(
  async () => {
    await Promise.all([reg?.stop(), auth?.stop()]);
  },
  { timeout: 120_000 },
);

describe('CTK SBI conformance (compliance_test_definitions_sbi.json)', { timeout: 300_000 }, () => {
  test('all 200 definitions are loaded', () => {
    assert.equal(CASES.length, 200);
  });
  test('the twenty single-iris Auth cases run on a single-iris device', async () => {
    const singleIris = CASES.filter(
      (c) =>
        c.otherAttributes.purpose.join() === 'Auth' &&
        c.otherAttributes.biometricTypes.join() === 'Iris' &&
        c.otherAttributes.deviceSubTypes.join() === 'Single',
    );
    assert.equal(singleIris.length, 20);
    const found = await mdsJson<{ deviceId: string; digitalId: string }[]>(
      auth.service.port,
      'MOSIPDISC',
      '/device',
      {
        type: 'Iris',
      },
    );
    assert.deepEqual(
      found.map((d) => [d.deviceId, decodePayload(d.digitalId).deviceSubType]),
      [[DEVICE_IDS.Iris, 'Single']],
    );
    for (const c of singleIris) assert.ok(outcomes.has(c.testId), `${c.testId} ran`);
  });
  for (const c of CASES) {
    test(`${c.testId} ${c.testName}`, (t) => {
      const outcome = outcomes.get(c.testId);
      assert.ok(outcome, 'case did not run');
      for (const n of outcome.notes) t.diagnostic(n);
      assert.deepEqual(outcome.errors, []);
    });
  }
});
