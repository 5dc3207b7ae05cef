/**
 * Test fixtures: the real device service in-process on a loopback port with a development PKI and an
 * encryption certificate whose key the test holds, captures over MDS, and in-memory trust and registry
 * built from what the device service publishes (its CA files and discovery).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CertifiedKey, createRootCa, issueCertificate, pemToDerList } from '@mosip-trust/crypto';
import {
  biometricRecordSource,
  DeviceService,
  type DeviceSpec,
  decodePayload,
  mdsJson,
} from '@mosip-trust/device-service';
import {
  type DecryptionKey,
  InMemoryDeviceRegistry,
  InMemoryReplayStore,
  InMemoryTrustAnchors,
  type RegisteredDeviceRecord,
  type VerifierDependencies,
} from '../src/index.ts';

export const KEK = 'verifier-test-kek-0123456789';

let recordSource: ReturnType<typeof biometricRecordSource> | undefined;

/** A platform root and an IDA-FIR-like encryption certificate with its private key. */
export async function encryptionKey(): Promise<DecryptionKey & { certificatePem: string }> {
  const root = await createRootCa({ subject: 'CN=Verifier Test Platform Root, O=MOSIP Test, C=IN' });
  const enc = (await issueCertificate(root, {
    subject: 'CN=IDA-FIR, O=MOSIP Test, C=IN',
    ca: false,
    keyUsage: 'encryption',
    validityDays: 365,
  })) as CertifiedKey;
  return {
    privateKey: enc.privateKey,
    certificateDer: enc.certificateDer,
    certificatePem: enc.certificatePem,
  };
}

export interface Devices {
  service: DeviceService;
  stateDir: string;
  port: number;
  /** deviceId → the registry record derived from discovery. */
  records: Map<string, RegisteredDeviceRecord>;
  ftmRootPem: string;
  deviceCaPem: string;
  stop(): Promise<void>;
}

interface DiscoveryItem {
  deviceId: string;
  deviceCode: string;
  purpose: string;
  digitalId: string;
}

export async function startDevices(specs: DeviceSpec[], encryption: DecryptionKey): Promise<Devices> {
  const stateDir = await mkdtemp(join(tmpdir(), 'verifier-test-'));
  recordSource ??= biometricRecordSource();
  const service = await DeviceService.start({
    stateDir,
    devices: specs,
    dev: true,
    encryptionCertificate: encryption.certificateDer,
    records: recordSource,
    port: 0,
    frameIntervalMs: 5,
    env: { MOSIP_DEVICE_KEK: KEK },
  });
  const items = await mdsJson<DiscoveryItem[]>(service.port, 'MOSIPDISC', '/device', {
    type: 'Biometric Device',
  });
  const records = new Map<string, RegisteredDeviceRecord>();
  for (const item of items) {
    const d = decodePayload(item.digitalId) as Record<string, string>;
    records.set(item.deviceId, {
      deviceCode: item.deviceCode,
      serialNo: d.serialNo as string,
      deviceProvider: d.deviceProvider as string,
      deviceProviderId: d.deviceProviderId as string,
      make: d.make as string,
      model: d.model as string,
      type: d.type as string,
      deviceSubType: d.deviceSubType as string,
      purpose: item.purpose as 'Auth' | 'Registration',
      status: 'Registered',
      modelApproved: true,
      approvedSbiVersions: ['0.9.5'],
    });
  }
  return {
    service,
    stateDir,
    port: service.port,
    records,
    ftmRootPem: await readFile(join(stateDir, 'ftm-root.pem'), 'utf8'),
    deviceCaPem: await readFile(join(stateDir, 'dev-device-provider-ca.pem'), 'utf8'),
    async stop() {
      await service.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

/** Trust, registry, replay store and decryption key for captures of `devices`. */
export function dependencies(
  devices: Devices,
  encryption: DecryptionKey,
  over: Partial<VerifierDependencies> = {},
): VerifierDependencies & { registry: InMemoryDeviceRegistry; trust: InMemoryTrustAnchors } {
  const trust = new InMemoryTrustAnchors()
    .add('FTM', ...pemToDerList(devices.ftmRootPem))
    .add('DEVICE', ...pemToDerList(devices.deviceCaPem));
  const registry = new InMemoryDeviceRegistry();
  for (const r of devices.records.values()) registry.put(r);
  return {
    trustAnchors: trust,
    deviceRegistry: registry,
    replayStore: new InMemoryReplayStore(),
    decryptionKeys: [encryption],
    trust,
    registry,
    ...over,
  };
}

export type Json = Record<string, unknown>;

export function authRequest(bio: Json[], over: Json = {}): Json {
  return {
    env: 'Developer',
    purpose: 'Auth',
    specVersion: '0.9.5',
    timeout: '10000',
    captureTime: new Date().toISOString(),
    domainUri: 'https://auth.example.org',
    transactionId: randomUUID(),
    bio: bio.map((b) => ({ requestedScore: '40', deviceSubId: '0', previousHash: '', ...b })),
    customOpts: null,
    ...over,
  };
}

export function registrationRequest(bio: Json[], over: Json = {}): Json {
  return {
    env: 'Developer',
    purpose: 'Registration',
    specVersion: '0.9.5',
    timeout: '10000',
    captureTime: new Date().toISOString(),
    transactionId: randomUUID(),
    bio: bio.map((b) => ({ requestedScore: '40', exception: [], previousHash: null, ...b })),
    customOpts: null,
    ...over,
  };
}

/** Calls CAPTURE or RCAPTURE and returns the parsed response (throws on an MDS error element). */
export async function capture(port: number, request: Json): Promise<Json> {
  const method = request.purpose === 'Auth' ? 'CAPTURE' : 'RCAPTURE';
  const response = await mdsJson<Json>(port, method, '/capture', request);
  const elements = response.biometrics as Json[] | undefined;
  const error = elements?.[0]?.error as Json | undefined;
  if (!elements || error?.errorCode !== '0')
    throw new Error(`${method} failed: ${JSON.stringify(response).slice(0, 300)}`);
  return response;
}
