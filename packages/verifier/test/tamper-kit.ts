// Shared by the tamper suite: one valid Auth capture from the real device service and the keys a faulty
// or compromised device would hold, plus the helpers that alter a capture (with or without re-signing).

import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import {
  chainHash,
  createRootCa,
  fromBase64Url,
  issueCertificate,
  type JwsSigner,
  openBiometric,
  signJws,
  toBase64Url,
} from '@mosip-trust/crypto';
import { type VerifierDependencies, type VerifierErrorCode, verifyCapture } from '../src/index.ts';
import {
  authRequest,
  capture,
  type Devices,
  dependencies,
  encryptionKey,
  type Json,
  startDevices,
} from './helpers.ts';

/** What the tamper cases work on; filled by `setUpTamperKit` in the suite's `before` hook. */
export interface TamperKit {
  devices: Devices;
  encryption: Awaited<ReturnType<typeof encryptionKey>>;
  request: Json;
  response: Json;
  deviceSigner: JwsSigner;
  ftmSigner: JwsSigner;
  strangerSigner: JwsSigner;
  expiredDeviceSigner: JwsSigner;
}

export const kit = {} as TamperKit;

export async function setUpTamperKit(): Promise<void> {
  kit.encryption = await encryptionKey();
  kit.devices = await startDevices(
    [
      { kind: 'finger-single', purpose: 'Auth' },
      { kind: 'iris-double', purpose: 'Auth' },
    ],
    kit.encryption,
  );
  kit.request = authRequest([
    { type: 'Finger', count: '1', bioSubType: ['UNKNOWN'], deviceId: '1' },
    { type: 'Iris', count: '2', bioSubType: ['Left', 'Right'], deviceId: '2' },
  ]);
  kit.response = await capture(kit.devices.port, kit.request);
  // The keys of device 1, as the device itself holds them (simulating a device that signs bad data).
  const identity = kit.devices.service.devices.get('1')?.identity;
  assert.ok(identity);
  kit.deviceSigner = identity.deviceSigner();
  kit.ftmSigner = identity.ftmSigner();
  const stranger = await createRootCa({ subject: 'CN=Not A Device Provider, O=Elsewhere, C=IN' });
  kit.strangerSigner = { privateKey: stranger.privateKey, certificateDer: stranger.certificateDer };
  // The same device key, certified by a CA of the test whose certificate has expired.
  const past = new Date(Date.now() - 400 * 86_400_000);
  const oldCa = await createRootCa({
    subject: 'CN=Old CA, O=Elsewhere, C=IN',
    notBefore: past,
    validityDays: 30,
  });
  const expired = await issueCertificate(oldCa, {
    subject: 'CN=Expired Device, O=Elsewhere, C=IN',
    ca: false,
    keyUsage: 'signing',
    publicKey: createPublicKey(kit.deviceSigner.privateKey),
  });
  kit.expiredDeviceSigner = {
    privateKey: kit.deviceSigner.privateKey,
    certificateDer: expired.certificateDer,
  };
}

export const clone = <T>(v: T): T => structuredClone(v);
export const elements = (r: Json) => r.biometrics as Json[];
export const segments = (jws: unknown) => String(jws).split('.') as [string, string, string];
export const decode = (segment: string) => JSON.parse(fromBase64Url(segment).toString('utf8')) as Json;

function payloadOf(r: Json, i = 0): Json {
  return decode(segments(elements(r)[i]?.data)[1]);
}

/** Replaces element i's data payload, re-signed by `signer` (default: the device key). */
export async function resign(
  r: Json,
  change: (data: Json) => void | Promise<void>,
  signer = kit.deviceSigner,
  i = 0,
) {
  const data = payloadOf(r, i);
  await change(data);
  (elements(r)[i] as Json).data = await signJws(JSON.stringify(data), signer);
}

/** Replaces element i's data payload without re-signing. */
export function rewrite(r: Json, change: (data: Json) => void, i = 0) {
  const [h, , sig] = segments(elements(r)[i]?.data);
  const data = payloadOf(r, i);
  change(data);
  (elements(r)[i] as Json).data = `${h}.${toBase64Url(Buffer.from(JSON.stringify(data)))}.${sig}`;
}

export function flipLast(text: string): string {
  const last = text.at(-2) === 'A' ? 'B' : 'A';
  return `${text.slice(0, -2)}${last}${text.slice(-1)}`;
}

export function withHeader(jws: string, change: (header: Json) => void): string {
  const [h, p, s] = segments(jws);
  const header = decode(h);
  change(header);
  return `${toBase64Url(Buffer.from(JSON.stringify(header)))}.${p}.${s}`;
}

/** Recomputes the (unsigned) hash chain over the decrypted records, as anyone holding the key could. */
export function rechain(r: Json, previous: string | null = '') {
  let prev = previous;
  for (const e of elements(r)) {
    const data = payloadOf({ biometrics: [e] });
    const plain = openBiometric({
      bioValue: String(data.bioValue),
      sessionKey: String(e.sessionKey),
      timestamp: String(data.timestamp),
      transactionId: String(data.transactionId),
      privateKey: kit.encryption.privateKey,
    });
    e.hash = chainHash(prev, plain);
    prev = e.hash as string;
  }
}

export interface Tamper {
  name: string;
  code: VerifierErrorCode;
  change(response: Json, request: Json): void | Promise<void>;
  deps?: (d: VerifierDependencies) => VerifierDependencies;
}

export const MINUTE = 60_000;

export function verify(r: Json, q: Json, over?: (d: VerifierDependencies) => VerifierDependencies) {
  const deps = dependencies(kit.devices, kit.encryption);
  return verifyCapture({ response: r, request: q }, over ? over(deps) : deps);
}
