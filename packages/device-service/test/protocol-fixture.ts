/** The running services the protocol tests share: a mixed device set, an Auth-only and a Registration-only service. */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before } from 'node:test';
import { mdsJson } from '../src/index.ts';
import { admin, type Running, rcaptureBody, startService } from './helpers.ts';
import { waitFor } from './wait.ts';

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
  before(
    async () => {
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
    },
    { timeout: 120_000 },
  );
  after(
    async () => {
      await Promise.all([s.mixed?.stop(), s.authOnly?.stop(), s.regOnly?.stop()]);
    },
    { timeout: 120_000 },
  );
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

/** Device status as the admin API reports it. */
export async function deviceStatus(adminPort: number, deviceId: string): Promise<string> {
  const res = await admin(adminPort, `/admin/devices/${deviceId}`);
  return String((res.json as { status?: unknown }).status);
}

/**
 * A capture the test holds open: the device is given a long injected delay, the request is sent, and
 * the test waits until the device reports Busy. `release()` drops the client (the service aborts the
 * capture) and waits until the device is Ready again; no step depends on how long anything takes.
 */
export async function holdCapture(
  port: number,
  adminPort: number,
  deviceId: string,
  method: 'CAPTURE' | 'RCAPTURE',
  body: unknown,
): Promise<{ release(): Promise<void> }> {
  await admin(adminPort, `/admin/devices/${deviceId}`, { delays: { [method]: 600_000 } });
  const payload = Buffer.from(JSON.stringify(body));
  const req = request({
    host: '127.0.0.1',
    port,
    method,
    path: '/capture',
    headers: { 'Content-Type': 'application/json', 'Content-Length': payload.length },
    agent: false,
  });
  req.on('error', () => {});
  req.end(payload);
  await waitFor(async () => (await deviceStatus(adminPort, deviceId)) === 'Busy', `device ${deviceId} Busy`);
  return {
    async release() {
      req.destroy();
      await waitFor(
        async () => (await deviceStatus(adminPort, deviceId)) === 'Ready',
        `device ${deviceId} Ready`,
      );
      await admin(adminPort, `/admin/devices/${deviceId}`, { delays: {} });
    },
  };
}
