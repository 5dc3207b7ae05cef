/**
 * Validating a device before anything else (docs/management-server.md): its `deviceData` is a JWS by its
 * FTM chip key whose x5c chains to one of the FTM roots the provider trusts; the payload has the
 * contract's shape, a fresh timestamp, names this provider, and carries the device's own `deviceInfo`
 * JWS (signed by the same chip) whose `digitalId` (signed by the same chip) names the same device.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import {
  type DeviceRegistrationPayload,
  DeviceRegistrationPayloadSchema,
  DIGITAL_ID_IDENTITY_FIELDS,
} from '@mosip-trust/contracts';
import { fromBase64Any, parseTimestamp, thumbprintHex, validateChain, verifyJws } from '@mosip-trust/crypto';
import { Value } from '@sinclair/typebox/value';
import { ManagementError } from './errors.ts';

export interface ValidatedDevice {
  payload: DeviceRegistrationPayload;
  deviceInfo: string;
  devicePublicKey: KeyObject;
  chipThumbprint: string;
}

/** The registered-device window of MOSIP (now − 2 min < t < now + 5 min). */
const PAST_MS = 2 * 60_000;
const FUTURE_MS = 5 * 60_000;

async function verifiedBy(jws: string, what: string) {
  try {
    return await verifyJws(jws);
  } catch (e) {
    throw new ManagementError('MGMT_DEVICE_SIGNATURE', `${what}: ${(e as Error).message}`);
  }
}

function json(bytes: Buffer, what: string): Record<string, unknown> {
  try {
    const v = JSON.parse(bytes.toString('utf8')) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // Reported below.
  }
  throw new ManagementError('MGMT_DEVICE_DATA', `${what} payload is not a JSON object`);
}

export async function validateDevice(
  deviceData: string,
  ctx: { ftmAnchors: Uint8Array[]; providerId: string; organization: string; now: Date },
): Promise<ValidatedDevice> {
  const outer = await verifiedBy(deviceData, 'deviceData');
  const x5c = Array.isArray(outer.header.x5c) ? (outer.header.x5c as unknown[]) : [];
  try {
    await validateChain(outer.certificateDer, {
      domain: 'FTM',
      anchors: ctx.ftmAnchors,
      intermediates: x5c.slice(1).map((c) => fromBase64Any(String(c))),
      at: ctx.now,
    });
  } catch (e) {
    throw new ManagementError('MGMT_DEVICE_SIGNATURE', `FTM chain: ${(e as Error).message}`);
  }
  const raw = json(outer.payload, 'deviceData');
  if (!Value.Check(DeviceRegistrationPayloadSchema, raw)) {
    const first = Value.Errors(DeviceRegistrationPayloadSchema, raw).First();
    throw new ManagementError(
      'MGMT_DEVICE_DATA',
      `deviceData ${first?.path || '/'}: ${first?.message ?? 'invalid'}`,
    );
  }
  const payload = raw as DeviceRegistrationPayload;
  let at: Date;
  try {
    at = parseTimestamp(payload.timestamp);
  } catch (e) {
    throw new ManagementError('MGMT_TIMESTAMP', (e as Error).message);
  }
  const delta = at.getTime() - ctx.now.getTime();
  if (delta <= -PAST_MS || delta >= FUTURE_MS)
    throw new ManagementError(
      'MGMT_TIMESTAMP',
      `timestamp ${payload.timestamp} is outside now − 2 min … now + 5 min`,
    );
  if (payload.deviceProviderId !== ctx.providerId || payload.deviceProvider !== ctx.organization)
    throw new ManagementError(
      'MGMT_WRONG_PROVIDER',
      `device names provider ${payload.deviceProviderId} (${payload.deviceProvider}), this server is ${ctx.providerId} (${ctx.organization})`,
    );
  let devicePublicKey: KeyObject;
  try {
    devicePublicKey = createPublicKey(payload.devicePublicKey);
  } catch {
    throw new ManagementError('MGMT_DEVICE_DATA', 'devicePublicKey is not an SPKI PEM public key');
  }
  if (
    devicePublicKey.asymmetricKeyType !== 'rsa' ||
    (devicePublicKey.asymmetricKeyDetails?.modulusLength ?? 0) < 2048
  )
    throw new ManagementError('MGMT_DEVICE_DATA', 'devicePublicKey must be RSA of at least 2048 bits');
  if (!payload.deviceInfo) throw new ManagementError('MGMT_DEVICE_DATA', 'deviceData carries no deviceInfo');

  // deviceInfo and its digitalId: signed by the same chip, naming the same device.
  const info = await verifiedBy(payload.deviceInfo, 'deviceInfo');
  if (!info.certificateDer.equals(outer.certificateDer))
    throw new ManagementError('MGMT_DEVICE_SIGNATURE', 'deviceInfo is not signed by the device chip');
  const infoPayload = json(info.payload, 'deviceInfo');
  if (typeof infoPayload.digitalId !== 'string')
    throw new ManagementError('MGMT_DEVICE_DATA', 'deviceInfo.digitalId must be a JWS');
  const digital = await verifiedBy(infoPayload.digitalId, 'digitalId');
  if (!digital.certificateDer.equals(outer.certificateDer))
    throw new ManagementError('MGMT_DEVICE_SIGNATURE', 'digitalId is not signed by the device chip');
  const id = json(digital.payload, 'digitalId');
  for (const key of DIGITAL_ID_IDENTITY_FIELDS) {
    if (id[key] !== payload[key])
      throw new ManagementError('MGMT_DEVICE_DATA', `digitalId.${key} differs from deviceData.${key}`);
  }
  if (infoPayload.certification !== payload.certification)
    throw new ManagementError(
      'MGMT_DEVICE_DATA',
      'deviceInfo.certification differs from deviceData.certification',
    );
  return {
    payload,
    deviceInfo: payload.deviceInfo,
    devicePublicKey,
    chipThumbprint: thumbprintHex(outer.certificateDer),
  };
}
