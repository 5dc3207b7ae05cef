/**
 * The device service's wire output conforms to the shared contracts (@mosip-trust/contracts): every
 * response, every signed payload, with the keys in the contract's order.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  BiometricDataSchema,
  CaptureResponseSchema,
  DeviceInfoSchema,
  DigitalIdSchema,
  DiscoveryResponseSchema,
  InfoResponseSchema,
} from '@mosip-trust/contracts';
import { decodePayload, mdsJson } from '../src/index.ts';
import { contractErrors } from './contract-check.ts';
import { type Running, rcaptureBody, startService } from './helpers.ts';

let svc: Running;
before(
  async () => {
    svc = await startService([
      { kind: 'face', purpose: 'Registration' },
      { kind: 'finger-single', purpose: 'Auth' },
    ]);
  },
  { timeout: 120_000 },
);
after(async () => svc?.stop(), { timeout: 60_000 });

describe('wire shapes follow the contracts', { timeout: 120_000 }, () => {
  test('discovery, device info and digital IDs', async () => {
    const port = svc.service.port;
    const discovery = await mdsJson<{ digitalId: string }[]>(port, 'MOSIPDISC', '/device', {
      type: 'Biometric Device',
    });
    assert.deepEqual(contractErrors(DiscoveryResponseSchema, discovery), []);
    for (const item of discovery)
      assert.deepEqual(contractErrors(DigitalIdSchema, decodePayload(item.digitalId)), []);
    const info = await mdsJson<{ deviceInfo: string }[]>(port, 'MOSIPDINFO', '/info');
    assert.deepEqual(contractErrors(InfoResponseSchema, info), []);
    assert.equal(info.length, 2);
    for (const item of info) {
      const payload = decodePayload(item.deviceInfo);
      assert.deepEqual(contractErrors(DeviceInfoSchema, payload), []);
      assert.deepEqual(contractErrors(DigitalIdSchema, decodePayload(String(payload.digitalId))), []);
    }
  });

  test('Registration and Auth captures and their signed data', async () => {
    const port = svc.service.port;
    const reg = await mdsJson<{ biometrics: { data: string }[] }>(
      port,
      'RCAPTURE',
      '/capture',
      rcaptureBody('contracts-0001', {}, { type: 'Face', count: '1', deviceId: '1', deviceSubId: '0' }),
    );
    const auth = await mdsJson<{ biometrics: { data: string }[] }>(port, 'CAPTURE', '/capture', {
      env: 'Developer',
      purpose: 'Auth',
      specVersion: '0.9.5',
      timeout: '10000',
      captureTime: new Date().toISOString(),
      domainUri: 'https://auth.example',
      transactionId: 'contracts-0002',
      bio: [
        {
          type: 'Finger',
          count: '1',
          bioSubType: ['UNKNOWN'],
          requestedScore: '40',
          deviceId: '2',
          deviceSubId: '0',
          previousHash: '',
        },
      ],
      customOpts: null,
    });
    for (const response of [reg, auth]) {
      assert.deepEqual(contractErrors(CaptureResponseSchema, response), []);
      assert.ok(response.biometrics.length > 0);
      for (const el of response.biometrics) {
        assert.deepEqual(contractErrors(BiometricDataSchema, decodePayload(el.data)), []);
      }
    }
    // A response out of the contract's order is caught (the check can fail).
    const data = decodePayload(String(reg.biometrics[0]?.data));
    const { digitalId, ...rest } = data;
    assert.notDeepEqual(contractErrors(BiometricDataSchema, { ...rest, digitalId }), []);
  });
});
