// Captures from the real device service (in-process, loopback) verified end to end: Auth and
// Registration accepted with every check in order, registry outcomes, and reference §10.2 byte forms.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VerificationDecision as DecisionSchema, type VerificationDecision } from '@mosip-trust/contracts';
import { fromBase64Url } from '@mosip-trust/crypto';
import { Value } from '@sinclair/typebox/value';
import { InMemoryDeviceRegistry, verifyCapture } from '../src/index.ts';
import {
  authRequest,
  capture,
  type Devices,
  dependencies,
  encryptionKey,
  type Json,
  registrationRequest,
  startDevices,
} from './helpers.ts';

const CHECK_ORDER = [
  'request',
  'response',
  'data.signature',
  'data.trust',
  'data.fields',
  'purpose',
  'digitalId.signature',
  'digitalId.trust',
  'device.registration',
  'device.model',
  'device.sbi',
  'thumbprint',
  'sessionKey',
  'bioValue',
  'hash',
  'bioType',
  'domainUri',
  'env',
  'transactionId',
  'replay',
  'timestamp',
  'segments',
  'counts',
  'deviceDetails',
  'replay.record',
];

let devices: Devices;
let encryption: Awaited<ReturnType<typeof encryptionKey>>;

before(async () => {
  encryption = await encryptionKey();
  devices = await startDevices(
    [
      { kind: 'finger-single', purpose: 'Auth' },
      { kind: 'iris-double', purpose: 'Auth' },
      { kind: 'face', purpose: 'Auth' },
      { kind: 'finger-slap', purpose: 'Registration' },
    ],
    encryption,
  );
});
after(() => devices?.stop());

function outcomes(d: VerificationDecision): Record<string, string> {
  return Object.fromEntries(d.checks.map((c) => [c.name, c.outcome]));
}

const authBio = (): Json[] => [
  { type: 'Finger', count: '1', bioSubType: ['UNKNOWN'], deviceId: '1' },
  { type: 'Iris', count: '2', bioSubType: ['Left', 'Right'], deviceId: '2' },
  { type: 'Face', count: '1', bioSubType: null, deviceId: '3' },
];

describe('verifyCapture on the device service', { timeout: 120_000 }, () => {
  test('an Auth capture (finger, two irises, face) is accepted, every check passing in IDA order', async () => {
    const request = authRequest(authBio());
    const response = await capture(devices.port, request);
    const decision = await verifyCapture({ response, request }, dependencies(devices, encryption));
    assert.equal(
      decision.decision,
      'accepted',
      JSON.stringify(decision.checks.filter((c) => c.outcome !== 'pass')),
    );
    assert.deepEqual(
      decision.checks.map((c) => c.name),
      CHECK_ORDER,
    );
    assert.ok(decision.checks.every((c) => c.outcome === 'pass' && c.code === undefined));
    assert.equal(decision.elements, 4);
    assert.equal(decision.purpose, 'Auth');
    assert.ok(Value.Check(DecisionSchema, decision), 'decision matches the contracts schema');
    // No biometric data in the trace: neither bioValue nor any 12-character piece of it.
    const text = JSON.stringify(decision);
    for (const e of response.biometrics as Json[]) {
      const payload = JSON.parse(fromBase64Url(String(e.data).split('.')[1] as string).toString()) as Json;
      const bioValue = String(payload.bioValue);
      for (let i = 0; i + 12 <= bioValue.length; i += 997)
        assert.ok(!text.includes(bioValue.slice(i, i + 12)));
    }
  });

  test('a Registration capture (slap, four fingers) is accepted; encryption checks are not run', async () => {
    const request = registrationRequest([{ type: 'Finger', count: '4', deviceId: '4', deviceSubId: '1' }]);
    const response = await capture(devices.port, request);
    const decision = await verifyCapture({ response, request }, dependencies(devices, encryption));
    assert.equal(
      decision.decision,
      'accepted',
      JSON.stringify(decision.checks.filter((c) => c.outcome === 'fail')),
    );
    const o = outcomes(decision);
    assert.equal(o.thumbprint, 'not-run');
    assert.equal(o.sessionKey, 'not-run');
    assert.equal(o.domainUri, 'not-run');
    assert.equal(o.bioValue, 'pass');
    assert.equal(o.hash, 'pass');
    assert.match(decision.checks.find((c) => c.name === 'digitalId.trust')?.reason ?? '', /DEVICE/);
    assert.equal(decision.elements, 4);
  });

  test('without a registry the device-registration checks are reported as not run', async () => {
    const request = authRequest([authBio()[0] as Json]);
    const response = await capture(devices.port, request);
    const { deviceRegistry: _, ...deps } = dependencies(devices, encryption);
    const decision = await verifyCapture({ response, request }, deps);
    assert.equal(decision.decision, 'accepted');
    const o = outcomes(decision);
    for (const name of ['device.registration', 'device.model', 'device.sbi'])
      assert.equal(o[name], 'not-run', name);
  });

  test('a revoked device is refused; a retired, unknown, unapproved model or SBI each with its own code', async () => {
    const request = authRequest([authBio()[0] as Json]);
    const response = await capture(devices.port, request);
    const record = devices.records.get('1');
    assert.ok(record);
    const cases: [string, (deps: ReturnType<typeof dependencies>) => void, string, string | undefined][] = [
      [
        'revoked',
        (d) => d.registry.setStatus(record.deviceCode, 'Revoked'),
        'VER_DEVICE_REVOKED',
        'IDA-DPM-001',
      ],
      [
        'retired',
        (d) => d.registry.setStatus(record.deviceCode, 'Retired'),
        'VER_DEVICE_RETIRED',
        'IDA-DPM-001',
      ],
      [
        'model',
        (d) => d.registry.put({ ...record, modelApproved: false }),
        'VER_MODEL_NOT_APPROVED',
        'PMS_AUT_018',
      ],
      [
        'sbi',
        (d) => d.registry.put({ ...record, approvedSbiVersions: ['1.0.0'] }),
        'VER_SBI_NOT_APPROVED',
        'ADM-DPM-005',
      ],
      [
        'model mismatch',
        (d) => d.registry.put({ ...record, model: 'OTHER' }),
        'VER_DEVICE_MISMATCH',
        'ADM-DPM-008',
      ],
    ];
    for (const [name, change, code, mosip] of cases) {
      const deps = dependencies(devices, encryption);
      change(deps);
      const decision = await verifyCapture({ response, request }, deps);
      assert.equal(decision.decision, 'refused', name);
      assert.equal(decision.code, code, name);
      assert.equal(decision.mosipCode, mosip, name);
      assert.equal(decision.checks.find((c) => c.outcome === 'fail')?.name.startsWith('device.'), true, name);
      assert.ok(decision.checks.filter((c) => c.outcome === 'not-run').some((c) => c.name === 'thumbprint'));
    }
    const decision = await verifyCapture(
      { response, request },
      { ...dependencies(devices, encryption), deviceRegistry: new InMemoryDeviceRegistry() },
    );
    assert.equal(decision.code, 'VER_DEVICE_NOT_REGISTERED');
  });

  test('revocation takes effect on the next capture verified', async () => {
    const deps = dependencies(devices, encryption);
    const first = authRequest([authBio()[2] as Json]);
    const ok = await verifyCapture({ response: await capture(devices.port, first), request: first }, deps);
    assert.equal(ok.decision, 'accepted');
    deps.registry.setStatus(devices.records.get('3')?.deviceCode as string, 'Revoked');
    const next = authRequest([authBio()[2] as Json]);
    const refused = await verifyCapture({ response: await capture(devices.port, next), request: next }, deps);
    assert.equal(refused.code, 'VER_DEVICE_REVOKED');
  });

  test('our captures have the byte forms MOSIP IDA expects (reference §10.2)', async () => {
    const request = authRequest(authBio());
    const response = await capture(devices.port, request);
    for (const e of response.biometrics as Json[]) {
      const [h, p] = String(e.data).split('.') as [string, string];
      const header = fromBase64Url(h).toString();
      assert.match(header, /^\{"x5c":\["[A-Za-z0-9+/]+={0,2}"\],"alg":"RS256","typ":"JWT"\}$/);
      const data = JSON.parse(fromBase64Url(p).toString()) as Json;
      const digitalIdParts = String(data.digitalId).split('.');
      assert.equal(digitalIdParts.length, 3);
      const digitalId = JSON.parse(fromBase64Url(digitalIdParts[1] as string).toString()) as Json;
      const digitalIdHeader = JSON.parse(fromBase64Url(digitalIdParts[0] as string).toString()) as Json;
      assert.notEqual(
        (digitalIdHeader.x5c as string[])[0],
        (JSON.parse(header).x5c as string[])[0],
        'FTM key ≠ device key',
      );
      assert.match(String(data.timestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.match(String(digitalId.dateTime), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.equal(data.transactionId, request.transactionId);
      assert.equal(data.env, request.env);
      assert.equal(data.domainUri, request.domainUri);
      assert.equal(String(digitalId.type).toLowerCase(), String(data.bioType).toLowerCase());
      for (const f of [
        'serialNo',
        'make',
        'model',
        'type',
        'deviceSubType',
        'deviceProvider',
        'deviceProviderId',
      ])
        assert.ok(String(digitalId[f]).length > 0, f);
      assert.ok(String(data.deviceCode).length > 0 && String(data.deviceServiceVersion).length > 0);
      assert.match(String(e.thumbprint), /^[0-9A-F]{64}$/);
      assert.match(String(e.hash), /^[0-9A-F]{64}$/);
      assert.match(String(e.sessionKey), /^[A-Za-z0-9_-]{342}$/, 'base64url without padding, 256 bytes');
      assert.match(String(data.bioValue), /^[A-Za-z0-9_-]+$/);
    }
  });
});
