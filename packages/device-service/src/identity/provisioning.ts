/**
 * Creating and registering devices: each device gets its identity (serial number, FTM chip key and
 * certificate, device key) on first start, kept in the state directory; registration and key rotation
 * go through a ManagementClient (the management server, or the development registrar of --dev).
 */
import { createPublicKey, randomInt } from 'node:crypto';
import { generateRsaKeyPair, millisTimestamp, pemToDerList, signJws } from '@mosip-trust/crypto';
import { DeviceServiceError } from '../errors.ts';
import { asciiJson } from '../wire/json.ts';
import { type DeviceKind, KIND_FACTS, type Purpose, SERVICE_VERSION, subIdsFor } from '../wire/model.ts';
import { type DeviceDescription, DeviceIdentity } from './identity.ts';
import type { DeviceRegistrationPayload, ManagementClient } from './management-client.ts';
import { factoryFtmRoot, issueChipCertificate } from './pki.ts';
import type { StateStore } from './state-store.ts';

export interface DeviceSpec {
  kind: DeviceKind;
  purpose: Purpose;
}

export interface ProviderInfo {
  organization: string;
  deviceProviderId: string;
  make: string;
}

/** Loads device `deviceId` when it was made (refusing one made for another kind or purpose). */
export async function loadDevice(
  store: StateStore,
  deviceId: string,
  spec: DeviceSpec,
): Promise<DeviceIdentity | undefined> {
  const existing = await DeviceIdentity.load(store, deviceId);
  if (existing) {
    const d = existing.description;
    if (d.kind !== spec.kind || d.purpose !== spec.purpose) {
      throw new DeviceServiceError(
        'ERR_CONFIG',
        `device ${deviceId} in ${store.dir} is a ${d.kind} for ${d.purpose}; a registered device's purpose cannot change (use another --state directory)`,
      );
    }
  }
  return existing;
}

/** Manufactures device `deviceId`: a new serial number, chip and device key. */
export async function createDevice(
  store: StateStore,
  deviceId: string,
  spec: DeviceSpec,
  provider: ProviderInfo,
): Promise<DeviceIdentity> {
  const serialNo = String(randomInt(100_000, 999_999)) + String(randomInt(100_000, 999_999));
  const ftmRoot = await factoryFtmRoot(store, provider);
  const chip = await issueChipCertificate(ftmRoot, serialNo, provider.organization);
  const { privateKey } = await generateRsaKeyPair(2048);
  const description: DeviceDescription = {
    deviceId,
    kind: spec.kind,
    purpose: spec.purpose,
    serialNo,
    make: provider.make,
    model: KIND_FACTS[spec.kind].model,
    deviceProvider: provider.organization,
    deviceProviderId: provider.deviceProviderId,
    firmware: SERVICE_VERSION,
  };
  const identity = new DeviceIdentity(
    description,
    { privateKey: chip.privateKey, certificateDer: chip.certificateDer },
    privateKey,
    undefined,
    undefined,
  );
  await identity.save(store);
  return identity;
}

/**
 * The MOSIP deviceInfo the management server forwards to the trust server's registered-device API:
 * {deviceSubId, certification, digitalId, firmware, serviceVersion, deviceExpiry, timestamp}. At registration the new
 * device key has no certificate yet, so the chip key signs both it and the digital ID
 * (docs/device-service.md).
 */
async function registrationDeviceInfo(identity: DeviceIdentity, now: Date): Promise<string> {
  const d = identity.description;
  const digitalId = await signJws(asciiJson(identity.digitalId(now)), identity.ftmSigner());
  const expiry = new Date(now.getTime() + 5 * 365 * 86_400_000);
  return signJws(
    asciiJson({
      deviceSubId: subIdsFor(d.kind, d.purpose),
      certification: identity.certification,
      digitalId,
      firmware: d.firmware,
      serviceVersion: SERVICE_VERSION,
      deviceExpiry: millisTimestamp(expiry),
      timestamp: millisTimestamp(now),
    }),
    identity.ftmSigner(),
  );
}

/** The FTM-signed deviceData of a registration (or, with a new key, a rotation). */
async function deviceData(identity: DeviceIdentity, publicKeyPem: string): Promise<string> {
  const d = identity.description;
  const now = new Date();
  const payload: DeviceRegistrationPayload = {
    deviceId: d.deviceId,
    purpose: d.purpose,
    serialNo: d.serialNo,
    make: d.make,
    model: d.model,
    type: identity.facts.type,
    deviceSubType: identity.facts.deviceSubType,
    deviceProvider: d.deviceProvider,
    deviceProviderId: d.deviceProviderId,
    certification: identity.certification,
    firmware: d.firmware,
    deviceSubId: subIdsFor(d.kind, d.purpose),
    devicePublicKey: publicKeyPem,
    timestamp: millisTimestamp(now),
    deviceInfo: await registrationDeviceInfo(identity, now),
  };
  const code = identity.registration?.deviceCode;
  if (code) payload.deviceCode = code;
  return signJws(asciiJson(payload), identity.ftmSigner());
}

async function certify(
  store: StateStore,
  identity: DeviceIdentity,
  client: ManagementClient,
  newKey: boolean,
  via: 'development' | 'management-server',
): Promise<void> {
  const key = newKey ? (await generateRsaKeyPair(2048)).privateKey : identity.devicePublicKeyHolder;
  const publicKeyPem = createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
  const result = await client.registerDevice(await deviceData(identity, publicKeyPem));
  const certDer = pemToDerList(result.deviceCertificatePem)[0];
  if (!certDer)
    throw new DeviceServiceError('ERR_REGISTRATION', 'no device certificate in the registration answer');
  identity.install(key, certDer, {
    deviceCode: result.deviceCode,
    env: result.env,
    registeredAt: new Date().toISOString(),
    via,
    ...(result.encryptionCertificatePem ? { encryptionCertificatePem: result.encryptionCertificatePem } : {}),
  });
  await identity.save(store);
}

export function registerDevice(
  store: StateStore,
  identity: DeviceIdentity,
  client: ManagementClient,
  via: 'development' | 'management-server',
): Promise<void> {
  return certify(store, identity, client, false, via);
}

/** Device-key rotation: a new key pair, certified through the same client; the deviceCode stays. */
export function rotateDeviceKey(
  store: StateStore,
  identity: DeviceIdentity,
  client: ManagementClient,
): Promise<void> {
  const via = identity.registration?.via ?? 'management-server';
  if (!identity.registration)
    throw new DeviceServiceError(
      'ERR_NOT_REGISTERED',
      `device ${identity.description.deviceId} is not registered`,
    );
  return certify(store, identity, client, true, via);
}
