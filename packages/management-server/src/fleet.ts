/**
 * The fleet service: registration on a device's behalf, device certificates, the commands an operator
 * triggers (key rotation, de-registration, SBI update) and their delivery to devices. No operation here
 * starts a capture or carries biometric data (docs/management-server.md).
 */
import type { DeviceCommand, DeviceRegistrationResult, Env } from '@mosip-trust/contracts';
import { millisTimestamp, parseTimestamp, pemToDerList, signJws, verifyJws } from '@mosip-trust/crypto';
import { validateDevice } from './device-validation.ts';
import { ManagementError } from './errors.ts';
import { issueDeviceCertificate, type ProviderKeys } from './provider-ca.ts';
import type { FleetDb } from './store/store.ts';
import type { TrustClient } from './trust-client.ts';

export interface FleetDeps {
  db: FleetDb;
  keys: ProviderKeys;
  trust: TrustClient;
  provider: { id: string; organization: string };
  ftmAnchors: Uint8Array[];
  /** The FTM provider's partner id, which the registered-device API requires for L1 devices. */
  ftmProviderId?: string;
  /** domainUri Auth devices' encryption certificate is asked for (default: the trust server's origin). */
  domainUri: string;
  clock: () => Date;
}

export interface FleetDevice {
  deviceCode: string | null;
  serialNo: string;
  deviceId: string;
  purpose: string;
  make: string;
  model: string;
  type: string;
  deviceSubType: string;
  certification: string;
  firmware: string;
  status: string;
  env: string | null;
  registeredAt: string;
  updatedAt: string;
}

const ENVS: readonly string[] = ['Staging', 'Developer', 'Pre-Production', 'Production'];

async function event(deps: FleetDeps, action: string, target: string, outcome: string, details: object = {}) {
  await deps.db
    .insertInto('fleet_events')
    .values({ action, target, outcome, details: JSON.stringify(details) })
    .execute();
}

/** POST /v1/devices/register: validate, register with the trust server when new, certify the key. */
export async function registerFromDevice(
  deps: FleetDeps,
  deviceData: string,
): Promise<DeviceRegistrationResult> {
  let v: Awaited<ReturnType<typeof validateDevice>>;
  try {
    v = await validateDevice(deviceData, {
      ftmAnchors: deps.ftmAnchors,
      providerId: deps.provider.id,
      organization: deps.provider.organization,
      now: deps.clock(),
    });
  } catch (e) {
    if (e instanceof ManagementError)
      await event(deps, 'register', 'unknown device', e.code, { reason: e.message });
    throw e;
  }
  const p = v.payload;
  const existing = await deps.db
    .selectFrom('devices')
    .selectAll()
    .where('device_provider_id', '=', p.deviceProviderId)
    .where('serial_no', '=', p.serialNo)
    .executeTakeFirst();
  if (existing && existing.chip_thumbprint !== v.chipThumbprint)
    throw new ManagementError('MGMT_DEVICE_SIGNATURE', `serial ${p.serialNo} is known with another FTM chip`);
  if (existing?.status === 'Revoked')
    throw new ManagementError('MGMT_DEVICE_RETIRED', `device ${p.serialNo} is revoked`);
  if (
    p.deviceCode !== undefined &&
    (existing?.status !== 'Registered' || existing.device_code !== p.deviceCode)
  )
    throw new ManagementError(
      'MGMT_UNKNOWN_DEVICE',
      `no registered device ${p.deviceCode} with serial ${p.serialNo}`,
    );

  let deviceCode: string;
  let env: string;
  if (existing?.status === 'Registered' && existing.device_code && existing.env) {
    // Key rotation (or a device that lost its state): the registration stands, the key is certified anew.
    deviceCode = existing.device_code;
    env = existing.env;
  } else {
    const answer = await deps.trust.registerDevice(deps.keys.signer, {
      deviceId: p.deviceId,
      purpose: p.purpose,
      deviceInfo: v.deviceInfo,
      foundationalTrustProviderId: p.certification === 'L1' ? ftmProvider(deps) : '',
    });
    deviceCode = answer.deviceCode;
    env = answer.env;
  }
  if (!ENVS.includes(env)) throw new ManagementError('MGMT_TRUST_SERVER', `trust server answered env ${env}`);
  const encryptionCertificatePem =
    p.purpose === 'Auth'
      ? await deps.trust.encryptionCertificate(deps.keys.signer, env, deps.domainUri)
      : undefined;
  const deviceCertificatePem = await issueDeviceCertificate(
    deps.keys,
    v.devicePublicKey,
    p.serialNo,
    deps.provider.organization,
  );
  const row = {
    device_id: p.deviceId,
    purpose: p.purpose,
    make: p.make,
    model: p.model,
    type: p.type,
    device_sub_type: p.deviceSubType,
    certification: p.certification,
    firmware: p.firmware,
    chip_thumbprint: v.chipThumbprint,
    device_code: deviceCode,
    env,
    status: 'Registered' as const,
    device_certificate_pem: deviceCertificatePem,
    updated_at: deps.clock(),
  };
  await deps.db
    .insertInto('devices')
    .values({
      ...row,
      device_provider_id: p.deviceProviderId,
      serial_no: p.serialNo,
      registered_at: deps.clock(),
    })
    .onConflict((oc) => oc.columns(['device_provider_id', 'serial_no']).doUpdateSet(row))
    .execute();
  await event(deps, existing?.status === 'Registered' ? 'certify-key' : 'register', deviceCode, 'ok', {
    serialNo: p.serialNo,
  });
  const result: DeviceRegistrationResult = {
    deviceCode,
    env: env as Env,
    deviceCertificatePem,
    ...(encryptionCertificatePem ? { encryptionCertificatePem } : {}),
  };
  return { ...result, signature: await signJws(JSON.stringify(result), deps.keys.signer) };
}

function ftmProvider(deps: FleetDeps): string {
  if (!deps.ftmProviderId)
    throw new ManagementError(
      'MGMT_CONFIG',
      'an L1 device needs --ftm-provider-id (the FTM provider of its chip)',
    );
  return deps.ftmProviderId;
}

function view(r: {
  device_code: string | null;
  serial_no: string;
  device_id: string;
  purpose: string;
  make: string;
  model: string;
  type: string;
  device_sub_type: string;
  certification: string;
  firmware: string;
  status: string;
  env: string | null;
  registered_at: Date;
  updated_at: Date;
}): FleetDevice {
  return {
    deviceCode: r.device_code,
    serialNo: r.serial_no,
    deviceId: r.device_id,
    purpose: r.purpose,
    make: r.make,
    model: r.model,
    type: r.type,
    deviceSubType: r.device_sub_type,
    certification: r.certification,
    firmware: r.firmware,
    status: r.status,
    env: r.env,
    registeredAt: new Date(r.registered_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

export async function listFleet(deps: FleetDeps): Promise<FleetDevice[]> {
  const rows = await deps.db.selectFrom('devices').selectAll().orderBy('registered_at').execute();
  return rows.map(view);
}

async function registered(deps: FleetDeps, deviceCode: string) {
  const row = await deps.db
    .selectFrom('devices')
    .selectAll()
    .where('device_code', '=', deviceCode)
    .executeTakeFirst();
  if (!row) throw new ManagementError('MGMT_UNKNOWN_DEVICE', `no device ${deviceCode} in the fleet`);
  if (row.status !== 'Registered')
    throw new ManagementError('MGMT_DEVICE_RETIRED', `device ${deviceCode} is ${row.status}`);
  return row;
}

export async function getDevice(deps: FleetDeps, deviceCode: string): Promise<FleetDevice> {
  const row = await deps.db
    .selectFrom('devices')
    .selectAll()
    .where('device_code', '=', deviceCode)
    .executeTakeFirst();
  if (!row) throw new ManagementError('MGMT_UNKNOWN_DEVICE', `no device ${deviceCode} in the fleet`);
  return view(row);
}

async function queue(
  deps: FleetDeps,
  deviceCode: string,
  kind: DeviceCommand['kind'],
  details: Record<string, string> = {},
) {
  const row = await deps.db
    .insertInto('device_commands')
    .values({ device_code: deviceCode, kind, details: JSON.stringify(details) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await event(deps, kind, deviceCode, 'queued', details);
  return { id: String(row.id), kind, details };
}

/** Key rotation is triggered here and done by the device, which re-registers with its new key. */
export async function triggerKeyRotation(deps: FleetDeps, deviceCode: string): Promise<DeviceCommand> {
  await registered(deps, deviceCode);
  return queue(deps, deviceCode, 'rotate-key');
}

/** De-registers with the trust server first (Registered → Retired there), then here, then tells the device. */
export async function deregister(deps: FleetDeps, deviceCode: string): Promise<DeviceCommand> {
  const row = await registered(deps, deviceCode);
  await deps.trust.deregisterDevice(deps.keys.signer, deviceCode, row.env ?? '');
  await deps.db
    .updateTable('devices')
    .set({ status: 'Retired', updated_at: deps.clock() })
    .where('device_code', '=', deviceCode)
    .execute();
  return queue(deps, deviceCode, 'deregister');
}

/** An SBI update: the binary's hash must be that of an approved, active SBI version of this provider. */
export async function triggerSbiUpdate(
  deps: FleetDeps,
  deviceCodes: string[],
  update: { swVersion: string; swBinaryHash: string },
): Promise<DeviceCommand[]> {
  const approved = (await deps.trust.sbiVersions()).find(
    (s) =>
      s.swVersion === update.swVersion &&
      s.swBinaryHash.toLowerCase() === update.swBinaryHash.toLowerCase() &&
      s.approvalStatus === 'approved' &&
      s.isActive,
  );
  if (!approved)
    throw new ManagementError(
      'MGMT_SBI_NOT_APPROVED',
      `SBI ${update.swVersion} with hash ${update.swBinaryHash} is not an approved, active SBI version`,
    );
  for (const code of deviceCodes) await registered(deps, code);
  const out: DeviceCommand[] = [];
  for (const code of deviceCodes) out.push(await queue(deps, code, 'sbi-update', update));
  return out;
}

/**
 * POST /v1/devices/commands: the device asks with a JWS by its device key over {deviceCode, timestamp};
 * x5c[0] must be the certificate this server issued it. Pending commands are delivered once.
 */
export async function deliverCommands(deps: FleetDeps, request: string): Promise<DeviceCommand[]> {
  let verified: Awaited<ReturnType<typeof verifyJws>>;
  try {
    verified = await verifyJws(request);
  } catch (e) {
    throw new ManagementError('MGMT_DEVICE_SIGNATURE', `request: ${(e as Error).message}`);
  }
  let body: { deviceCode?: unknown; timestamp?: unknown };
  try {
    body = JSON.parse(verified.payload.toString('utf8')) as typeof body;
  } catch {
    throw new ManagementError('MGMT_DEVICE_DATA', 'request payload is not JSON');
  }
  if (typeof body.deviceCode !== 'string' || typeof body.timestamp !== 'string')
    throw new ManagementError('MGMT_DEVICE_DATA', 'request needs deviceCode and timestamp');
  let at: Date;
  try {
    at = parseTimestamp(body.timestamp);
  } catch (e) {
    throw new ManagementError('MGMT_TIMESTAMP', (e as Error).message);
  }
  if (Math.abs(at.getTime() - deps.clock().getTime()) > 5 * 60_000)
    throw new ManagementError('MGMT_TIMESTAMP', 'request timestamp is more than 5 minutes away');
  const row = await deps.db
    .selectFrom('devices')
    .select(['device_certificate_pem'])
    .where('device_code', '=', body.deviceCode)
    .executeTakeFirst();
  const issued = row?.device_certificate_pem ? pemToDerList(row.device_certificate_pem)[0] : undefined;
  if (!issued || !verified.certificateDer.equals(Buffer.from(issued)))
    throw new ManagementError(
      'MGMT_DEVICE_SIGNATURE',
      'request is not signed by the certificate issued to this device',
    );
  const pending = await deps.db
    .updateTable('device_commands')
    .set({ delivered_at: deps.clock() })
    .where('device_code', '=', body.deviceCode)
    .where('delivered_at', 'is', null)
    .returning(['id', 'kind', 'details'])
    .execute();
  return pending
    .sort((a, b) => Number(a.id) - Number(b.id))
    .map((c) => ({ id: String(c.id), kind: c.kind, details: c.details as Record<string, string> }));
}

/** GET /v1/time: the trusted time devices sync to, signed. */
export async function trustedTime(deps: FleetDeps): Promise<{ time: string; signature: string }> {
  const time = millisTimestamp(deps.clock());
  return { time, signature: await signJws(JSON.stringify({ time }), deps.keys.signer) };
}
