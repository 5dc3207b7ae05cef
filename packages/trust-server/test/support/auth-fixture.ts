/**
 * The authentication API's end-to-end fixture: a trust server (either store), the real device service
 * with Auth devices encrypting to the server's platform encryption certificate, the device-trust set-up
 * (FTM root and device CA uploaded), a MISP with a licence, an authentication partner with a signature
 * certificate and an approved API key under a published policy, and a client that builds MOSIP's
 * authentication request (signed, encrypted) from fresh captures.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AuthRequest,
  type AuthRequestInput,
  buildAuthRequest as buildMosipAuthRequest,
  type CertifiedKey,
} from '@mosip-trust/crypto';
import {
  biometricRecordSource,
  DeviceService,
  decodePayload,
  mdsJson,
  StateStore,
} from '@mosip-trust/device-service';
import { createChain, orgOf, PM, POL, partnerLeaf, uploadCa } from '../capability-fixtures.ts';
import { approvedModel, onboardRegistry, type RegistryWorld } from './device-registry.ts';
import { ROLES, type TestPartner, type TestServer } from './server.ts';
import { TrustServerRegistrar } from './trust-server-registrar.ts';

export type Json = Record<string, unknown>;

export const FINGER_ONLY = {
  authTokenType: 'partner',
  allowedAuthTypes: [{ authType: 'bio', authSubType: 'FINGER', mandatory: false }],
  allowedKycAttributes: [{ attributeName: 'fullName' }],
};
export const FINGER_AND_IRIS = {
  ...FINGER_ONLY,
  allowedAuthTypes: [
    ...FINGER_ONLY.allowedAuthTypes,
    { authType: 'bio', authSubType: 'IRIS', mandatory: false },
  ],
  allowedKycAttributes: [{ attributeName: 'fullName' }, { attributeName: 'dateOfBirth' }],
};
export const OTP_ONLY = { ...FINGER_ONLY, allowedAuthTypes: [{ authType: 'otp', mandatory: false }] };

export interface DeviceRecord {
  deviceId: string;
  deviceCode: string;
  digitalId: Json;
}

export interface Devices {
  service: DeviceService;
  port: number;
  records: Map<string, DeviceRecord>;
  ftmRootPem: string;
  deviceCaPem: string;
  stop(): Promise<void>;
}

let records: ReturnType<typeof biometricRecordSource> | undefined;

const DEVICE_MAKE = 'AuthMake';

const KEK = 'auth-api-test-kek-0123456789';

/**
 * The device service: finger (deviceId 1) and a single iris (deviceId 2), Auth, encrypting to `encryptionDer`.
 * Its chips are issued by the FTM provider's approved chip CA, and it registers its devices at start
 * through the trust server's registration API (a management client stands in for the provider's
 * management server, as in registry-capture.test.ts).
 */
export async function startAuthDevices(encryptionDer: Uint8Array, reg: RegistryWorld): Promise<Devices> {
  const stateDir = await mkdtemp(join(tmpdir(), 'auth-api-devices-'));
  const state = await StateStore.open(stateDir, { MOSIP_DEVICE_KEK: KEK });
  await state.writeJson('ftm-root.json', {
    certificatePem: reg.chipCa.certificatePem,
    keyPem: state.sealKey(reg.chipCa.privateKey),
  });
  records ??= biometricRecordSource();
  const service = await DeviceService.start({
    stateDir,
    devices: [
      { kind: 'finger-single', purpose: 'Auth' },
      // MockMDS's Auth iris camera: the registry refuses an Auth double-iris device's deviceSubId 0.
      { kind: 'iris-single', purpose: 'Auth' },
    ],
    dev: false,
    managementServer: new TrustServerRegistrar(reg, stateDir, KEK),
    encryptionCertificate: encryptionDer,
    records,
    port: 0,
    frameIntervalMs: 5,
    env: { MOSIP_DEVICE_KEK: KEK },
    provider: {
      deviceProviderId: reg.provider.partnerId,
      organization: orgOf(reg.provider.partnerId),
      make: DEVICE_MAKE,
    },
  });
  const items = await mdsJson<
    { deviceId: string; deviceCode: string; digitalId: string; deviceStatus: string }[]
  >(service.port, 'MOSIPDISC', '/device', { type: 'Biometric Device' });
  const map = new Map<string, DeviceRecord>();
  for (const i of items) {
    if (i.deviceStatus !== 'Ready')
      throw new Error(`device ${i.deviceId} is ${i.deviceStatus}, not registered`);
    map.set(i.deviceId, {
      deviceId: i.deviceId,
      deviceCode: i.deviceCode,
      digitalId: decodePayload(i.digitalId) as Json,
    });
  }
  return {
    service,
    port: service.port,
    records: map,
    ftmRootPem: reg.chipCa.certificatePem,
    deviceCaPem: reg.providerCa.certificatePem,
    async stop() {
      await service.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

export const DOMAIN_URI = 'https://bank.example.org';
export const ENV = 'Developer';

/** One Auth capture from the device service for `transactionId`: finger or iris (1 element each). */
export async function captureFor(
  devices: Devices,
  transactionId: string,
  modality: 'finger' | 'iris',
): Promise<Json[]> {
  const bio =
    modality === 'finger'
      ? [
          {
            type: 'Finger',
            count: '1',
            bioSubType: ['UNKNOWN'],
            deviceId: '1',
            deviceSubId: '0',
            requestedScore: '40',
            previousHash: '',
          },
        ]
      : [
          {
            type: 'Iris',
            count: '1',
            bioSubType: ['Left'],
            deviceId: '2',
            deviceSubId: '0',
            requestedScore: '40',
            previousHash: '',
          },
        ];
  const response = await mdsJson<Json>(devices.port, 'CAPTURE', '/capture', {
    env: ENV,
    purpose: 'Auth',
    specVersion: '0.9.5',
    timeout: '10000',
    captureTime: new Date().toISOString(),
    domainUri: DOMAIN_URI,
    transactionId,
    bio,
    customOpts: null,
  });
  const elements = response.biometrics as Json[];
  if ((elements[0]?.error as Json | undefined)?.errorCode !== '0')
    throw new Error(`capture failed: ${JSON.stringify(response).slice(0, 300)}`);
  return elements.map((e) => ({
    specVersion: e.specVersion,
    data: e.data,
    hash: e.hash,
    sessionKey: e.sessionKey,
    thumbprint: e.thumbprint,
  }));
}

/** MOSIP's AuthRequestDTO for `biometrics` at this fixture's domainUri and env (@mosip-trust/crypto builds it). */
export function buildAuthRequest(opts: Omit<AuthRequestInput, 'domainUri' | 'env'>): Promise<AuthRequest> {
  return buildMosipAuthRequest({ domainUri: DOMAIN_URI, env: ENV, ...opts });
}

export interface AuthWorld {
  provider: TestPartner;
  s: TestServer;
  devices: Devices;
  pm: string;
  group: { id: string; name: string };
  policyV1: string;
  partner: TestPartner;
  signer: CertifiedKey;
  apiKey: string;
  misp: TestPartner;
  licenseKey: string;
  encryptionDer: Uint8Array;
}

export async function publishPolicy(
  w: Pick<AuthWorld, 's' | 'pm' | 'group'>,
  name: string,
  policies: Json,
  updateOf?: string,
) {
  const request = {
    policyGroupName: w.group.name,
    name,
    desc: `${name} policy`,
    version: '1.0',
    policyType: 'Auth',
    policies,
  };
  const made = updateOf
    ? await w.s.call<{ id: string }>('PUT', `${POL}/policies/${updateOf}`, {
        token: w.pm,
        request: { ...request, version: '1.1' },
      })
    : await w.s.call<{ id: string }>('POST', `${POL}/policies`, { token: w.pm, request });
  if (made.status !== 200) throw new Error(`policy: ${JSON.stringify(made.body.errors)}`);
  const id = made.body.response.id;
  const pub = await w.s.call('POST', `${POL}/policies/${id}/group/${w.group.id}/publish`, { token: w.pm });
  if (pub.status !== 200) throw new Error(`publish: ${JSON.stringify(pub.body.errors)}`);
  return id;
}

/** Requests the newest published version of `policyName`, has the admin approve it, creates a key. */
export async function approvedKey(w: Pick<AuthWorld, 's' | 'partner'>, policyName: string, label: string) {
  const s = w.s;
  const map = await s.call<{ mappingkey: string }>(
    'POST',
    `${PM}/partners/${w.partner.partnerId}/policy/map`,
    {
      token: w.partner.token,
      request: { policyName, useCaseDescription: 'authenticate customers at the counter' },
    },
  );
  if (map.status !== 200) throw new Error(`map: ${JSON.stringify(map.body.errors)}`);
  const decided = await s.call('PUT', `${PM}/partners/policy/${map.body.response.mappingkey}`, {
    token: s.adminToken,
    request: { status: 'Approved' },
  });
  if (decided.status !== 200) throw new Error(`approve: ${JSON.stringify(decided.body.errors)}`);
  const made = await s.call<{
    apiKey: string;
    apiKeyId: string;
    policyId: string;
    validFrom: string;
    validTo: string;
  }>('PATCH', `${PM}/partners/${w.partner.partnerId}/generate/apikey`, {
    token: w.partner.token,
    request: { policyName, label },
  });
  if (made.status !== 200) throw new Error(`apikey: ${JSON.stringify(made.body.errors)}`);
  return made.body.response;
}

export async function issueLicense(s: TestServer, misp: TestPartner): Promise<string> {
  const res = await s.call<{ licenseKey: string }>('POST', `${PM}/misps`, {
    token: misp.token,
    request: { providerId: misp.partnerId },
  });
  if (res.status !== 200) throw new Error(`licence: ${JSON.stringify(res.body.errors)}`);
  return res.body.response.licenseKey;
}

/** The whole set-up on a running test server. */
export async function setUpAuthWorld(s: TestServer): Promise<AuthWorld> {
  const encryptionDer = s.server.deps.keys.encryption.certificateDer;
  // The device-trust flow through the API: FTM provider and approved chip CA, device provider with its CA
  // in DEVICE, approved models and SBI version; the devices then register themselves.
  const reg = await onboardRegistry(s);
  const provider = reg.provider;
  for (const [type, model] of [
    ['Finger', 'SINGLE01'],
    ['Iris', 'IRIS02'],
  ] as const)
    await approvedModel(s, provider, { type, subType: 'Single', make: DEVICE_MAKE, model });
  const devices = await startAuthDevices(encryptionDer, reg);
  const pm = (await s.staff(ROLES.POLICYMANAGER)).token;
  const g = await s.call<{ id: string; name: string }>('POST', `${POL}/policies/group/new`, {
    token: pm,
    request: { name: `banks-${randomUUID().slice(0, 8)}`, desc: 'banks' },
  });
  if (g.status !== 200) throw new Error(`group: ${JSON.stringify(g.body.errors)}`);
  const group = g.body.response;
  const world0 = { s, pm, group };
  const policyV1 = await publishPolicy(world0, 'counter', FINGER_ONLY);
  const partner = await s.partner(ROLES.AUTH_PARTNER, { policyGroup: group.name });
  const chain = await createChain('Bank CA');
  await uploadCa(s, chain.root.certificatePem, 'AUTH');
  await uploadCa(s, chain.intermediate.certificatePem, 'AUTH');
  const signer = await partnerLeaf(chain.intermediate, orgOf(partner.partnerId));
  const up = await s.call('POST', `${PM}/partners/certificate/upload`, {
    token: partner.token,
    request: { partnerId: partner.partnerId, certificateData: signer.certificatePem, partnerDomain: 'AUTH' },
  });
  if (up.status !== 200) throw new Error(`certificate: ${JSON.stringify(up.body.errors)}`);
  const key = await approvedKey({ s, partner }, 'counter', 'counter-1');
  const misp = await s.partner(ROLES.MISP_PARTNER);
  const licenseKey = await issueLicense(s, misp);
  return {
    provider,
    s,
    devices,
    pm,
    group,
    policyV1,
    partner,
    signer,
    apiKey: key.apiKey,
    misp,
    licenseKey,
    encryptionDer,
  };
}

export interface AuthAnswer {
  status: number;
  body: {
    transactionID: string | null;
    response: { authStatus: boolean; bioMatch?: { performed: boolean; message: string } } | null;
    errors: { errorCode: string; errorMessage: string }[] | null;
  };
  transactionId: string;
}

type AuthOptions = {
  modality?: 'finger' | 'iris';
  apiKey?: string;
  licenseKey?: string;
  baseUrl?: string;
};

/** A signed authentication request around a fresh capture (its transactionId is the capture's). */
export async function freshAuthRequest(
  w: AuthWorld,
  modality: 'finger' | 'iris' = 'finger',
): Promise<AuthRequest & { transactionId: string }> {
  const transactionId = randomUUID().replaceAll('-', '').slice(0, 20);
  const biometrics = await captureFor(w.devices, transactionId, modality);
  const req = await buildAuthRequest({
    transactionId,
    biometrics,
    encryptionDer: w.encryptionDer,
    signer: w.signer,
  });
  return { ...req, transactionId };
}

/** Sends `req` through `baseUrl` (default the world's server). */
export async function sendAuth(
  w: AuthWorld,
  req: AuthRequest & { transactionId: string },
  opts: AuthOptions = {},
): Promise<AuthAnswer> {
  const url = `${opts.baseUrl ?? w.s.baseUrl}/idauthentication/v1/auth/${opts.licenseKey ?? w.licenseKey}/${w.partner.partnerId}/${opts.apiKey ?? w.apiKey}`;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', signature: req.signature },
    body: req.raw,
  });
  return {
    status: res.status,
    body: (await res.json()) as AuthAnswer['body'],
    transactionId: req.transactionId,
  };
}

/** One authentication with a fresh capture through `baseUrl` (default the world's server). */
export async function authenticateOnce(w: AuthWorld, opts: AuthOptions = {}): Promise<AuthAnswer> {
  return sendAuth(w, await freshAuthRequest(w, opts.modality), opts);
}

/** Polls (fresh capture each time) until `wanted` holds of the answer, for at most `withinMs`. */
async function answeredWithin(
  w: AuthWorld,
  wanted: (answer: AuthAnswer) => boolean,
  what: string,
  withinMs: number,
  opts: AuthOptions,
): Promise<AuthAnswer> {
  const until = Date.now() + withinMs;
  let last: AuthAnswer;
  do {
    last = await authenticateOnce(w, opts);
    if (wanted(last)) return last;
  } while (Date.now() < until);
  throw new Error(
    `not ${what} within ${withinMs} ms; last answer ${last.status} ${JSON.stringify(last.body.errors)}`,
  );
}

/** Polls until the answer's first error code is `code`, for at most `withinMs`. */
export function refusedWithin(w: AuthWorld, code: string, withinMs: number, opts: AuthOptions = {}) {
  return answeredWithin(
    w,
    (a) => a.body.errors?.[0]?.errorCode === code,
    `refused with ${code}`,
    withinMs,
    opts,
  );
}

/**
 * Polls until an authentication is accepted, for at most `withinMs`: a reinstatement made on another
 * process reaches this one through the same invalidation as a revocation, within one second.
 */
export function acceptedWithin(w: AuthWorld, withinMs: number, opts: AuthOptions = {}) {
  return answeredWithin(w, (a) => a.status === 200, 'accepted', withinMs, opts);
}
