/**
 * Issue 13: the single-iris device kind (a monocular camera: left or right, deviceSubId 0, Auth and
 * Registration) and the face bioSubType values MOSIP's mock device accepts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { validateRecord } from '@mosip-trust/biometrics';
import { verifyJws } from '@mosip-trust/crypto';
import { decodePayload, mdsJson } from '../src/index.ts';
import { type Running, rcaptureBody, startService } from './helpers.ts';

interface Element {
  data: string;
  error: { errorCode: string };
}

let svc: Running;
// 1 iris-single (Auth), 2 iris-single (Registration), 3 face (Auth)
before(
  async () => {
    svc = await startService([
      { kind: 'iris-single', purpose: 'Auth' },
      { kind: 'iris-single', purpose: 'Registration' },
      { kind: 'face', purpose: 'Auth' },
    ]);
  },
  { timeout: 120_000 },
);
after(async () => svc?.stop(), { timeout: 60_000 });

const authCapture = (bio: Record<string, unknown>) =>
  mdsJson<{ biometrics: Element[] }>(svc.service.port, 'CAPTURE', '/capture', {
    env: 'Developer',
    purpose: 'Auth',
    specVersion: '0.9.5',
    timeout: '10000',
    captureTime: new Date().toISOString(),
    domainUri: 'https://auth.example',
    transactionId: 'iris-single-0001',
    bio: [
      {
        type: 'Iris',
        count: '1',
        requestedScore: '40',
        deviceId: '1',
        deviceSubId: '0',
        previousHash: '',
        ...bio,
      },
    ],
    customOpts: null,
  });
const regCapture = (bio: Record<string, unknown>) =>
  mdsJson<{ biometrics: Element[] }>(
    svc.service.port,
    'RCAPTURE',
    '/capture',
    rcaptureBody(
      'iris-single-0002',
      {},
      { type: 'Iris', count: '1', deviceId: '2', deviceSubId: '0', ...bio },
    ),
  );
const subTypes = (els: Element[]) => els.map((e) => decodePayload(e.data).bioSubType);
const codes = (els: Element[]) => els.map((e) => e.error.errorCode);

describe('iris-single', { timeout: 120_000 }, () => {
  test('discovered as an Iris "Single" device on deviceSubId 0 for both purposes, L1 for Auth', async () => {
    const found = await mdsJson<
      { deviceId: string; purpose: string; certification: string; deviceSubId: string[]; digitalId: string }[]
    >(svc.service.port, 'MOSIPDISC', '/device', { type: 'Iris' });
    assert.deepEqual(
      found.map((d) => [d.deviceId, d.purpose, d.certification, d.deviceSubId]),
      [
        ['1', 'Auth', 'L1', ['0']],
        ['2', 'Registration', 'L0', ['0']],
      ],
    );
    for (const d of found) {
      const id = decodePayload(d.digitalId);
      assert.equal(id.type, 'Iris');
      assert.equal(id.deviceSubType, 'Single');
    }
  });

  test('Auth: left, right or unknown eye, one per element; two irises are two presentations', async () => {
    for (const [bioSubType, expected] of [
      [['Left'], ['Left']],
      [['Right'], ['Right']],
      [['UNKNOWN'], ['UNKNOWN']],
    ] as const) {
      const reply = await authCapture({ bioSubType });
      assert.deepEqual(codes(reply.biometrics), ['0']);
      assert.deepEqual(subTypes(reply.biometrics), expected);
      const data = await verifyJws(reply.biometrics[0]?.data as string);
      assert.equal(JSON.parse(data.payload.toString()).bioType, 'Iris');
    }
    const both = await authCapture({ count: '2', bioSubType: ['Left', 'Right'] });
    assert.deepEqual(subTypes(both.biometrics), ['Left', 'Right']);
    assert.equal(
      (await authCapture({ count: '3', bioSubType: ['Left', 'Right', 'UNKNOWN'] })).biometrics[0]?.error
        .errorCode,
      '109',
    );
    assert.equal(
      (await authCapture({ deviceSubId: '1', bioSubType: ['Left'] })).biometrics[0]?.error.errorCode,
      '708',
    );
  });

  test('Registration: the requested eye (or the one not excepted) as a valid ISO iris record', async () => {
    const left = await regCapture({ bioSubType: ['Left'] });
    assert.deepEqual(subTypes(left.biometrics), ['Left']);
    const notLeft = await regCapture({ exception: ['Left'] });
    assert.deepEqual(subTypes(notLeft.biometrics), ['Right']);
    const payload = decodePayload(left.biometrics[0]?.data as string);
    const record = Buffer.from(String(payload.bioValue), 'base64url');
    const result = await validateRecord(record, { purpose: 'Registration', bioSubType: 'Left' });
    assert.equal(result.verdict, 'pass', JSON.stringify(result.errors));
    assert.equal(result.modality, 'iris');
    assert.equal((await regCapture({ deviceSubId: '3', count: '2' })).biometrics[0]?.error.errorCode, '708');
  });
});

describe('face bioSubType as clients send it', { timeout: 120_000 }, () => {
  test('["UNKNOWN"], ["Full face"], [], null: captured, and the element has no bioSubType', async () => {
    for (const bioSubType of [['UNKNOWN'], ['Full face'], [], null]) {
      const reply = await authCapture({ type: 'Face', deviceId: '3', bioSubType });
      assert.deepEqual(codes(reply.biometrics), ['0'], JSON.stringify(bioSubType));
      const data = decodePayload(reply.biometrics[0]?.data as string);
      assert.equal(data.bioType, 'Face');
      assert.ok(!('bioSubType' in data), 'the compliance schema wants no bioSubType for a face');
    }
    const wrong = await authCapture({ type: 'Face', deviceId: '3', bioSubType: ['Left'] });
    assert.deepEqual(codes(wrong.biometrics), ['122']);
  });
});
