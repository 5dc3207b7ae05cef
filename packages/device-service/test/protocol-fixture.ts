/** The running services the protocol tests share: a mixed device set, an Auth-only and a Registration-only service. */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { mdsJson } from '../src/index.ts';
import { type Running, rcaptureBody, startService } from './helpers.ts';

export const TX = 'protocol-test-0001';

export interface ProtocolServices {
  /** 1 slap (Reg), 2 iris double (Reg), 3 face (Reg), 4 single finger (Auth), 5 iris double (Auth), 6 face (Auth). */
  mixed: Running;
  authOnly: Running;
  regOnly: Running;
}

/** Starts the services before the file's tests and stops them after; fields are set once `before` ran. */
export function protocolServices(): ProtocolServices {
  const s = {} as ProtocolServices;
  before(async () => {
    s.mixed = await startService([
      { kind: 'finger-slap', purpose: 'Registration' },
      { kind: 'iris-double', purpose: 'Registration' },
      { kind: 'face', purpose: 'Registration' },
      { kind: 'finger-single', purpose: 'Auth' },
      { kind: 'iris-double', purpose: 'Auth' },
      { kind: 'face', purpose: 'Auth' },
    ]);
    s.authOnly = await startService([{ kind: 'finger-single', purpose: 'Auth' }], {
      dev: false,
      devices: [{ kind: 'finger-single', purpose: 'Auth' }],
    });
    s.regOnly = await startService([{ kind: 'face', purpose: 'Registration' }]);
  });
  after(async () => {
    await Promise.all([s.mixed?.stop(), s.authOnly?.stop(), s.regOnly?.stop()]);
  });
  return s;
}

export function rcapture(over: Record<string, unknown> = {}, bio: Record<string, unknown> = {}) {
  return rcaptureBody(TX, over, bio);
}
export function capture(over: Record<string, unknown> = {}, bio: Record<string, unknown> = {}) {
  return {
    env: 'Developer',
    purpose: 'Auth',
    specVersion: '0.9.5',
    timeout: '10000',
    captureTime: new Date().toISOString(),
    domainUri: 'https://auth.example',
    transactionId: TX,
    bio: [
      {
        type: 'Finger',
        count: '1',
        bioSubType: ['UNKNOWN'],
        requestedScore: '40',
        deviceId: '4',
        deviceSubId: '0',
        previousHash: '',
        ...bio,
      },
    ],
    customOpts: null,
    ...over,
  };
}

export async function errorCode(port: number, method: string, body: unknown): Promise<string> {
  const reply = await mdsJson<{ biometrics: { error: { errorCode: string; errorInfo: string } }[] }>(
    port,
    method,
    '/capture',
    body,
  );
  const el = reply.biometrics[0];
  assert.ok(el && el.error.errorInfo.length > 0);
  return el.error.errorCode;
}
