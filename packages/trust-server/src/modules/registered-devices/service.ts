import { randomUUID, X509Certificate } from 'node:crypto';
import type { RegisteredDeviceView } from '@mosip-trust/contracts';
import { type CertificateInfo, derToPem, signJws, validateChain, verifyJws } from '@mosip-trust/crypto';
import { auditedChange } from '../../audit/audited-change.ts';
import { isAdmin } from '../../auth/roles.ts';
import type { Deps, TrustDeps } from '../../deps.ts';
import { type Actor, listScope } from '../../domain/actor.ts';
import { TrustError } from '../../errors.ts';
import { findPartner } from '../../queries/partners.ts';
import {
  approvedChipThumbprints,
  approvedDeviceDetail,
  approvedSbiVersions,
  findBySerial,
  findRegisteredDevice,
  listRegisteredDevices,
  type RegisteredDeviceRow,
  registeredDeviceRecord,
} from '../../queries/registered-devices.ts';
import { loadTrustStore } from '../../queries/trust-anchors.ts';
import type { RegisteredDeviceStatusCode } from '../../store/registry-schema.ts';
import {
  allowedSubIds,
  canonicalSubType,
  canonicalType,
  jwsJson,
  parseDate,
  readDeviceData,
  readDeviceInfo,
  readDigitalId,
} from './device-data.ts';

/** Registration window (reference: masterdata and PMS 1.1.5): now − 2 min < timestamp < now + 5 min. */
const WINDOW_PAST_MS = 2 * 60_000;
const WINDOW_FUTURE_MS = 5 * 60_000;
export const ALLOWED_ENVS = ['Staging', 'Developer', 'Pre-Production', 'Production'] as const;

/** The environment this server registers devices for (docs/trust-server-capabilities.md, "Device registry"). */
export function serverEnv(deps: Pick<Deps, 'config'>): string {
  return deps.config.production ? 'Production' : 'Developer';
}

const signatureFailure = (what: string, cause?: unknown) =>
  new TrustError(
    'PMS_AUT_022',
    `Signature validation failed: ${what}${cause instanceof Error ? ` (${cause.message})` : ''}`.slice(
      0,
      400,
    ),
  );

/** A compact JWS verified against its x5c[0] (dates, signature); PMS_AUT_022 otherwise. */
async function verified(jws: string, what: string, now: Date) {
  try {
    return await verifyJws(jws, { at: now });
  } catch (e) {
    throw signatureFailure(what, e);
  }
}

/** The certificate path of `leafDer` to the domain's anchors; PMS_AUT_022 when it does not chain. */
async function chainTo(
  deps: Deps,
  domain: 'DEVICE' | 'FTM',
  leafDer: Uint8Array,
  what: string,
  now: Date,
): Promise<CertificateInfo[]> {
  const store = await loadTrustStore(deps.db, domain, now);
  try {
    return (await validateChain(leafDer, { domain, ...store, at: now })).chain;
  } catch (e) {
    throw signatureFailure(`${what} does not chain to the ${domain} trust domain`, e);
  }
}

/**
 * Verifies a JWS signed by a device provider's key: signature, chain to DEVICE, and the leaf's O= naming
 * the provider (the project's stricter rule; MOSIP checks the signature only).
 */
async function providerSigned(deps: Deps, jws: string, providerName: string, what: string, now: Date) {
  const v = await verified(jws, what, now);
  await chainTo(deps, 'DEVICE', v.certificateDer, `${what} certificate`, now);
  if (v.certificate.organization !== providerName)
    throw signatureFailure(
      `${what} is signed by O=${JSON.stringify(v.certificate.organization ?? '')}, not the device provider ${JSON.stringify(providerName)}`,
    );
  return v;
}

async function activeDeviceProvider(deps: Deps, id: string, name: string) {
  const p = await findPartner(deps.db, id);
  if (
    !p ||
    p.name !== name ||
    p.partner_type_code !== 'Device_Provider' ||
    p.approval_status !== 'approved' ||
    !p.is_active
  )
    throw new TrustError(
      'ADM-DPM-032',
      `Device Provider ID/Name does not exist or is not active: ${JSON.stringify(id)} / ${JSON.stringify(name)}`,
    );
  return p;
}

/** The caller acts for the device's provider, or is an admin; else the device "does not exist" for it. */
function mayActFor(actor: Actor, providerId: string): boolean {
  return isAdmin(actor) || actor.partnerId === providerId;
}

export interface RegistrationAnswer {
  /** The compact JWS the response carries. */
  jws: string;
  deviceCode: string;
}

/**
 * POST /v1/masterdata/registereddevices: every check of docs/trust-server-capabilities.md "Device registry"
 * in its order, then the registration (a Retired device keeps its code), answered by a JWS signed with
 * the platform signing key.
 */
export async function registerDevice(
  deps: TrustDeps,
  actor: Actor,
  deviceData: string,
): Promise<RegistrationAnswer> {
  const now = deps.clock.now();
  // 1. deviceData is a JWS; its payload in either dialect.
  const payloadJson = jwsJson(deviceData, 'deviceData');
  const data = readDeviceData(payloadJson);
  // 2. deviceInfo (signed in the spec dialect: its own x5c[0]).
  const infoSigner = data.deviceInfoJws ? await verified(data.deviceInfoJws, 'deviceInfo', now) : undefined;
  const info = readDeviceInfo(data.deviceInfoRaw);
  // 3. Time window.
  if (info.timestamp === undefined) throw new TrustError('PMS_AUT_031');
  const at = parseDate(info.timestamp, 'deviceInfo.timestamp').getTime();
  if (at >= now.getTime() + WINDOW_FUTURE_MS)
    throw new TrustError(
      'MSD-RDS-001',
      `Time Stamp input is more than ${WINDOW_FUTURE_MS / 60_000} min after the current timestamp`,
    );
  if (at <= now.getTime() - WINDOW_PAST_MS)
    throw new TrustError(
      'MSD-RDS-002',
      `Time Stamp input is more than ${WINDOW_PAST_MS / 60_000} min before the current timestamp`,
    );
  if (info.deviceExpiry && info.deviceExpiry.getTime() <= now.getTime())
    throw new TrustError('KER-MSD-999', 'Device data is invalid: deviceInfo.deviceExpiry is in the past');
  // 4. Digital ID.
  const digitalIdValue = data.deviceInfoRaw.digitalId;
  const digital = readDigitalId(digitalIdValue);
  const id = digital.fields;
  // 5. Provider by id and name; the caller acts for it.
  const provider = await activeDeviceProvider(deps, id.deviceProviderId, id.deviceProvider);
  if (!mayActFor(actor, provider.id))
    throw new TrustError(
      'PMS_PRT_055',
      'User not authorized: the caller does not act for this device provider.',
    );
  // 6. deviceData signed by the provider (chain to DEVICE, O= the provider).
  await providerSigned(deps, deviceData, provider.name, 'deviceData', now);
  // 7. Type, sub-type, sub ids.
  const type = canonicalType(id.type);
  if (!type) throw new TrustError('ADM-DPM-026', `Device type ${JSON.stringify(id.type)} does not exist`);
  const subType = canonicalSubType(type, id.deviceSubType);
  if (!subType)
    throw new TrustError(
      'ADM-DPM-027',
      `Device sub-type ${JSON.stringify(id.deviceSubType)} does not exist for ${type}`,
    );
  const allowed = allowedSubIds(type, subType);
  const wrongSub = info.deviceSubId.find((s) => !allowed.includes(s));
  if (wrongSub !== undefined)
    throw new TrustError(
      'TS_REG_SUB_ID',
      `deviceSubId ${wrongSub} is not valid for ${type} ${subType} (allowed ${allowed.join(', ')})`,
    );
  // 8. Digital ID signature: L1/L2 chain to FTM under an approved chip of the FTP; L0 the device key.
  let ftpId: string | null = null;
  if (info.certification === 'L0') {
    if (digital.jws) {
      const v = await verified(digital.jws, 'digitalId', now);
      if (!infoSigner || !v.certificateDer.equals(infoSigner.certificateDer))
        throw signatureFailure('an L0 digitalId must be signed with the deviceInfo key');
    }
  } else {
    if (!data.foundationalTrustProviderId) throw new TrustError('PMS_AUT_030');
    const ftp = await findPartner(deps.db, data.foundationalTrustProviderId);
    if (ftp?.partner_type_code !== 'FTM_Provider' || ftp.approval_status !== 'approved' || !ftp.is_active)
      throw new TrustError(
        'PMS_AUT_019',
        `Foundational trust provider ${JSON.stringify(data.foundationalTrustProviderId)} does not exist or is not active`,
      );
    ftpId = ftp.id;
    if (!digital.jws)
      throw signatureFailure(`an ${info.certification} digitalId must be a JWS by the FTM chip key`);
    const v = await verified(digital.jws, 'digitalId', now);
    const chain = await chainTo(deps, 'FTM', v.certificateDer, 'digitalId certificate', now);
    const chips = await approvedChipThumbprints(deps.db, ftp.id);
    if (!chain.some((c) => chips.has(c.sha1Hex))) throw new TrustError('TS_REG_FTM_CHIP_NOT_APPROVED');
  }
  // 9. Approved device model and SBI version of the provider.
  const detail = await approvedDeviceDetail(deps.db, {
    providerId: provider.id,
    type,
    subType,
    make: id.make,
    model: id.model,
  });
  if (!detail)
    throw new TrustError(
      'PMS_AUT_018',
      `No approved device detail ${id.make} ${id.model} (${type}/${subType}) for provider ${provider.id}`,
    );
  const sbis = await approvedSbiVersions(deps.db, provider.id, now);
  if (sbis.length === 0 || (info.serviceVersion !== undefined && !sbis.includes(info.serviceVersion)))
    throw new TrustError('TS_REG_SBI_NOT_APPROVED');
  // 10. Register: one live registration per (provider, serial); a Retired device keeps its code.
  const existing = await findBySerial(deps.db, provider.id, id.serialNo);
  if (existing && existing.status !== 'Retired')
    throw new TrustError(
      'ADM-DPM-043',
      `Serial no ${id.serialNo} and DpId ${provider.id} already exist (${existing.status})`,
    );
  const deviceCode = existing?.device_code ?? randomUUID();
  const env = serverEnv(deps);
  const values = {
    provider_id: provider.id,
    device_provider_name: provider.name,
    device_id: data.deviceId,
    purpose: data.purpose,
    serial_no: id.serialNo,
    make: id.make,
    model: id.model,
    type_code: id.type,
    sub_type_code: id.deviceSubType,
    device_detail_id: detail.id,
    certification: info.certification,
    firmware: info.firmware,
    device_sub_ids: JSON.stringify(info.deviceSubId),
    device_expiry: info.deviceExpiry,
    ftp_id: ftpId,
    digital_id: JSON.stringify(id),
    env,
    status: 'Registered' as const,
  };
  const record = {
    action: existing ? 'device.reregister' : 'device.register',
    target: `registered-device:${deviceCode}`,
    details: {
      providerId: provider.id,
      serialNo: id.serialNo,
      purpose: data.purpose,
      certification: info.certification,
    },
    unique: ['ADM-DPM-043', `Serial no ${id.serialNo} and DpId ${provider.id} already exist`] as const,
  };
  await auditedChange(deps, actor, record, async (trx) => {
    if (existing) {
      const row = await trx
        .updateTable('registered_devices')
        .set({ ...values, updated_by: actor.name, updated_at: now })
        .where('device_code', '=', deviceCode)
        .where('status', '=', 'Retired')
        .returning('device_code')
        .executeTakeFirst();
      if (!row) throw new TrustError('ADM-DPM-043', `Serial no ${id.serialNo} was registered meanwhile`);
    } else {
      await trx
        .insertInto('registered_devices')
        .values({ device_code: deviceCode, ...values, created_by: actor.name, created_at: now })
        .execute();
    }
  });
  const timestamp = now.toISOString();
  const answer: Record<string, unknown> = {
    status: 'Registered',
    digitalId: digitalIdValue,
    deviceCode,
    timestamp,
    env,
  };
  if (data.masterdataDialect) answer.timeStamp = timestamp;
  return { jws: await signJws(JSON.stringify(answer), deps.keys.signing), deviceCode };
}

/** POST /v1/masterdata/device/deregister: the provider-signed {deviceCode, env}; the device becomes Retired. */
export async function deregisterDevice(deps: TrustDeps, actor: Actor, device: string): Promise<string> {
  const now = deps.clock.now();
  const payload = jwsJson(device, 'device') as Record<string, unknown> | null;
  const deviceCode = payload && typeof payload === 'object' ? payload.deviceCode : undefined;
  const env = payload && typeof payload === 'object' ? payload.env : undefined;
  if (typeof deviceCode !== 'string' || deviceCode === '')
    throw new TrustError('KER-DPR-001', 'Device code is missing');
  if (deviceCode.length > 36) throw new TrustError('KER-DPR-003');
  if (env !== serverEnv(deps)) throw new TrustError('KER-DPR-004', `env must be ${serverEnv(deps)}`);
  const row = await findRegisteredDevice(deps.db, deviceCode);
  if (!row || !mayActFor(actor, row.provider_id)) throw new TrustError('KER-DPR-001');
  await providerSigned(deps, device, row.device_provider_name, 'device', now);
  await changeStatus(deps, actor, row, 'Retired', 'KER-DPR-002', 'device.deregister');
  const answer = { status: 'Success', deviceCode, env, timestamp: now.toISOString() };
  return signJws(JSON.stringify(answer), deps.keys.signing);
}

/** One optimistic update from Registered; `notRegistered` is the code when the device left that status. */
async function changeStatus(
  deps: Deps,
  actor: Actor,
  row: RegisteredDeviceRow,
  to: RegisteredDeviceStatusCode,
  notRegistered: 'KER-DPR-002' | 'ADM-DPM-059',
  action: string,
): Promise<void> {
  const record = {
    action,
    target: `registered-device:${row.device_code}`,
    details: { providerId: row.provider_id, from: row.status, to },
  };
  await auditedChange(deps, actor, record, async (trx) => {
    const done = await trx
      .updateTable('registered_devices')
      .set({ status: to, updated_by: actor.name, updated_at: deps.clock.now() })
      .where('device_code', '=', row.device_code)
      .where('status', '=', 'Registered')
      .returning('device_code')
      .executeTakeFirst();
    if (!done) throw new TrustError(notRegistered, `Device ${row.device_code} is not Registered`);
  });
}

/**
 * PUT /v1/masterdata/registereddevices/update/status: Registered → Revoked | Retired (masterdata's codes);
 * Revoked is terminal; a Retired device comes back only by registering again.
 */
export async function updateDeviceStatus(
  deps: Deps,
  actor: Actor,
  deviceCode: string,
  statusCode: string,
): Promise<string> {
  const row = await findRegisteredDevice(deps.db, deviceCode);
  if (!row || !mayActFor(actor, row.provider_id)) throw new TrustError('ADM-DPM-038');
  const to = (['Registered', 'Revoked', 'Retired'] as const).find(
    (s) => s.toLowerCase() === statusCode.toLowerCase(),
  );
  if (!to) throw new TrustError('ADM-DPM-037');
  if (row.status === to) throw new TrustError('KER-DPM-039', `Device is already ${to}`);
  if (row.status === 'Revoked') throw new TrustError('ADM-DPM-059');
  if (to === 'Registered')
    throw new TrustError('ADM-DPM-037', 'A Retired device becomes Registered only by registering again');
  await changeStatus(
    deps,
    actor,
    row,
    to,
    'ADM-DPM-059',
    to === 'Revoked' ? 'device.revoke' : 'device.retire',
  );
  return 'Status updated successfully';
}

export function deviceView(r: RegisteredDeviceRow): RegisteredDeviceView {
  return {
    deviceCode: r.device_code,
    deviceId: r.device_id,
    deviceProviderId: r.provider_id,
    deviceProvider: r.device_provider_name,
    purpose: r.purpose,
    serialNo: r.serial_no,
    make: r.make,
    model: r.model,
    type: r.type_code,
    deviceSubType: r.sub_type_code,
    deviceDetailId: r.device_detail_id,
    certification: r.certification,
    firmware: r.firmware,
    deviceSubId: JSON.parse(r.device_sub_ids) as string[],
    deviceExpiry: r.device_expiry?.toISOString() ?? null,
    foundationalTrustProviderId: r.ftp_id,
    env: r.env,
    status: r.status,
    crBy: r.created_by,
    crDtimes: r.created_at.toISOString(),
    updBy: r.updated_by,
    updDtimes: r.updated_at?.toISOString() ?? null,
  };
}

export async function listDevices(
  deps: Deps,
  actor: Actor,
  q: {
    status?: string;
    type?: string;
    model?: string;
    serialNo?: string;
    pageNo?: number;
    pageSize?: number;
  },
) {
  const pageNo = q.pageNo ?? 0;
  const pageSize = q.pageSize ?? 25;
  if (pageNo < 0 || pageSize < 1 || pageSize > 500) throw new TrustError('TS_BAD_PAGE');
  let status: RegisteredDeviceStatusCode | undefined;
  if (q.status !== undefined) {
    status = (['Registered', 'Revoked', 'Retired'] as const).find(
      (s) => s.toLowerCase() === q.status?.toLowerCase(),
    );
    if (!status) throw new TrustError('ADM-DPM-037');
  }
  const { rows, total } = await listRegisteredDevices(deps.db, {
    providerId: listScope(actor),
    ...(status ? { status } : {}),
    ...(q.type ? { type: q.type } : {}),
    ...(q.model ? { model: q.model } : {}),
    ...(q.serialNo ? { serialNo: q.serialNo } : {}),
    pageNo,
    pageSize,
  });
  return { pageNo, pageSize, totalItems: total, data: rows.map(deviceView) };
}

export async function getDevice(deps: Deps, actor: Actor, deviceCode: string) {
  const row = await findRegisteredDevice(deps.db, deviceCode);
  if (!row || !mayActFor(actor, row.provider_id)) throw new TrustError('ADM-DPM-038');
  return deviceView(row);
}

/** GET /v1/registereddevices/lookup: a provider sees only its own devices; others answer as missing. */
export async function lookupDevice(
  deps: Deps,
  actor: Actor,
  q: { deviceCode: string; serialNo: string; deviceProviderId: string },
) {
  if (actor.roles.includes('DEVICE_PROVIDER') && !isAdmin(actor) && actor.partnerId !== q.deviceProviderId)
    throw new TrustError('ADM-DPM-038');
  const record = await registeredDeviceRecord(deps.db, q, deps.clock.now());
  if (!record) throw new TrustError('ADM-DPM-038');
  return record;
}

/**
 * The encryption certificate for (env, domainUri): today every domainUri of this server's env gets the
 * platform encryption certificate (the key that decrypts captures).
 */
export async function encryptionCertificates(deps: TrustDeps, actor: Actor, data: string): Promise<string> {
  const now = deps.clock.now();
  const payload = jwsJson(data, 'data') as Record<string, unknown> | null;
  const env = payload && typeof payload === 'object' ? payload.env : undefined;
  const domainUri = payload && typeof payload === 'object' ? payload.domainUri : undefined;
  if (typeof env !== 'string' || typeof domainUri !== 'string' || domainUri === '' || domainUri.length > 512)
    throw new TrustError('KER-MSD-999', 'Device data is invalid: data must carry env and domainUri strings');
  if (!(ALLOWED_ENVS as readonly string[]).includes(env) || env !== serverEnv(deps))
    throw new TrustError('TS_ENC_ENV', `env must be ${serverEnv(deps)}`);
  const v = await verified(data, 'data', now);
  await chainTo(deps, 'DEVICE', v.certificateDer, 'data certificate', now);
  if (!isAdmin(actor)) {
    const p = actor.partnerId ? await findPartner(deps.db, actor.partnerId) : undefined;
    if (!p || v.certificate.organization !== p.name)
      throw signatureFailure('data is not signed by the calling device provider');
  }
  const certificate = Buffer.from(deps.keys.encryption.certificateDer).toString('base64');
  return signJws(JSON.stringify([{ certificate }]), deps.keys.signing);
}

/** keymanager's getCertificate answer for the IDA / IDA-FIR (and CTK COMP-FIR) encryption key (MockMDS reads it). */
export function platformEncryptionCertificate(deps: TrustDeps, applicationId: string, referenceId: string) {
  const known =
    (applicationId === 'IDA' && referenceId === 'IDA-FIR') ||
    (applicationId === 'COMPLIANCE_TOOLKIT' && referenceId === 'COMP-FIR');
  if (!known) throw new TrustError('TS_ENC_CERT_NOT_FOUND');
  const der = deps.keys.encryption.certificateDer;
  const x = new X509Certificate(der);
  const iso = (s: string) => new Date(s).toISOString();
  return {
    certificate: derToPem(der),
    certSignRequest: null,
    issuedAt: iso(x.validFrom),
    expiryAt: iso(x.validTo),
    timestamp: deps.clock.now().toISOString(),
  };
}
