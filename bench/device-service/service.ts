/**
 * The benchmark's device service (Registration finger slap, double iris and face; three Auth devices)
 * and request bodies.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { biometricRecordSource, DeviceService } from '@mosip-trust/device-service';

export async function startBenchService(): Promise<{ service: DeviceService; close(): Promise<void> }> {
  const state = await mkdtemp(join(tmpdir(), 'mds-bench-'));
  const service = await DeviceService.start({
    stateDir: state,
    devices: [
      { kind: 'finger-slap', purpose: 'Registration' },
      { kind: 'finger-single', purpose: 'Auth' },
      { kind: 'iris-double', purpose: 'Auth' },
      { kind: 'face', purpose: 'Auth' },
      { kind: 'iris-double', purpose: 'Registration' },
      { kind: 'face', purpose: 'Registration' },
    ],
    dev: true,
    records: biometricRecordSource(),
    port: 0,
    env: { MOSIP_DEVICE_KEK: 'bench-kek-0123456789abcdef' },
  });
  return {
    service,
    close: async () => {
      await service.close();
      await rm(state, { recursive: true, force: true });
    },
  };
}

let tx = 0;

/** CAPTURE of 1 finger, 2 irises and a face: 4 elements, 3 devices → 7 signatures. */
export const authBody = () => ({
  env: 'Developer',
  purpose: 'Auth',
  specVersion: '0.9.5',
  timeout: '10000',
  captureTime: new Date().toISOString(),
  domainUri: 'https://ida.example',
  transactionId: `bench-auth-${tx++}`,
  bio: [
    {
      type: 'Finger',
      count: '1',
      bioSubType: ['Right IndexFinger'],
      requestedScore: '40',
      deviceId: '2',
      deviceSubId: '0',
      previousHash: '',
    },
    {
      type: 'Iris',
      count: '2',
      bioSubType: ['Left', 'Right'],
      requestedScore: '40',
      deviceId: '3',
      deviceSubId: '0',
      previousHash: '',
    },
    { type: 'Face', count: '1', requestedScore: '40', deviceId: '4', deviceSubId: '0', previousHash: '' },
  ],
});
export const AUTH_SIGNATURES = 4 + 3;

/**
 * RCAPTURE of a registration (issue 17, target 2): 10 fingers in slap requests (subIds 1, 2, 3 of the
 * slap), 2 irises (subId 3 of the double iris) and a face: 13 elements, 3 devices → 16 signatures.
 */
export const registrationBody = () => ({
  env: 'Developer',
  purpose: 'Registration',
  specVersion: '0.9.5',
  timeout: '10000',
  captureTime: new Date().toISOString(),
  transactionId: `bench-reg-${tx++}`,
  bio: [
    ...[1, 2, 3].map((s) => ({
      type: 'Finger',
      count: s === 3 ? '2' : '4',
      exception: [],
      requestedScore: '40',
      deviceId: '1',
      deviceSubId: String(s),
      previousHash: null,
    })),
    {
      type: 'Iris',
      count: '2',
      exception: [],
      requestedScore: '40',
      deviceId: '5',
      deviceSubId: '3',
      previousHash: null,
    },
    {
      type: 'Face',
      count: '1',
      exception: [],
      requestedScore: '40',
      deviceId: '6',
      deviceSubId: '0',
      previousHash: null,
    },
  ],
});
export const REGISTRATION_SIGNATURES = 13 + 3;
