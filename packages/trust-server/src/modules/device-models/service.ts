import type { Selectable } from 'kysely';
import { assertOwnPartner } from '../../auth/guard.ts';
import { FOREIGN_RECORD, ownsRecord } from '../../auth/own-record.ts';
import type { Principal } from '../../auth/roles.ts';
import { TrustError } from '../../errors.ts';
import { type Db, type Trx, withTransaction } from '../../store/db.ts';
import type { DeviceDetailsTable, SbiVersionsTable } from '../../store/schema.ts';
import {
  decidePending,
  findPartner,
  listScope,
  newId,
  type ServiceDeps,
  uniqueAs,
} from '../capability-support.ts';

type DeviceRow = Selectable<DeviceDetailsTable>;
type SbiRow = Selectable<SbiVersionsTable>;

export function deviceView(d: DeviceRow) {
  return {
    id: d.id,
    deviceProviderId: d.provider_id,
    deviceTypeCode: d.type_code,
    deviceSubTypeCode: d.sub_type_code,
    make: d.make,
    model: d.model,
    partnerOrganizationName: d.partner_org_name,
    approvalStatus: d.approval_status,
    isActive: d.is_active,
    crBy: d.created_by,
    crDtimes: d.created_at.toISOString(),
  };
}

export function sbiView(s: SbiRow) {
  return {
    id: s.id,
    providerId: s.provider_id,
    swVersion: s.sw_version,
    swBinaryHash: s.sw_binary_hash,
    swCreateDateTime: s.sw_created_at.toISOString(),
    swExpiryDateTime: s.sw_expires_at.toISOString(),
    partnerOrganizationName: s.partner_org_name,
    approvalStatus: s.approval_status,
    isActive: s.is_active,
    crBy: s.created_by,
    crDtimes: s.created_at.toISOString(),
  };
}

async function activeDeviceProvider(db: Db | Trx, providerId: string) {
  const p = await findPartner(db, providerId);
  if (p?.partner_type_code !== 'Device_Provider' || p.approval_status !== 'approved' || !p.is_active) {
    throw new TrustError('PMS_AUT_002', `Device provider ${providerId} does not exist or is not active.`);
  }
  return p;
}

async function assertSubType(db: Db | Trx, typeCode: string, subTypeCode: string): Promise<void> {
  const row = await db
    .selectFrom('device_sub_types')
    .select('code')
    .where('type_code', '=', typeCode)
    .where('code', '=', subTypeCode)
    .executeTakeFirst();
  if (!row)
    throw new TrustError(
      'PMS_AUT_001',
      `Device sub-type ${JSON.stringify(subTypeCode)} does not exist for device type ${JSON.stringify(typeCode)}.`,
    );
}

/** MOSIP's approval words for device details and SBIs: exactly "Activate" or "De-activate". */
function decisionOf(status: string, code: 'PMS_AUT_025' | 'PMS_AUT_026'): boolean {
  if (status === 'Activate') return true;
  if (status === 'De-activate') return false;
  throw new TrustError(
    code,
    `approvalStatus must be "Activate" or "De-activate", not ${JSON.stringify(status)}.`,
  );
}

// ---- device details

export interface DeviceInput {
  deviceTypeCode: string;
  deviceSubTypeCode: string;
  make: string;
  model: string;
}

export async function createDevice(
  deps: ServiceDeps,
  caller: Principal,
  input: DeviceInput & { id?: string; deviceProviderId: string },
) {
  assertOwnPartner(caller, input.deviceProviderId);
  await assertSubType(deps.db, input.deviceTypeCode, input.deviceSubTypeCode);
  const provider = await activeDeviceProvider(deps.db, input.deviceProviderId);
  const id = input.id ?? newId();
  const message = `Device detail already exists for ${input.deviceTypeCode}/${input.deviceSubTypeCode} ${input.make} ${input.model}${input.id ? ` or id ${input.id}` : ''}.`;
  await withTransaction(deps.db, async (trx) => {
    await trx
      .insertInto('device_details')
      .values({
        id,
        provider_id: provider.id,
        type_code: input.deviceTypeCode,
        sub_type_code: input.deviceSubTypeCode,
        make: input.make,
        model: input.model,
        partner_org_name: provider.name,
        created_by: caller.name,
        created_at: deps.clock.now(),
      })
      .execute();
    await deps.audit.append(trx, {
      actor: caller.name,
      action: 'device.detail.create',
      target: `device-detail:${id}`,
      details: { ...input },
    });
  }).catch(uniqueAs('PMS_AUT_003', message));
  return { id };
}

/** With `caller`, another provider's record is answered as missing (src/auth/own-record.ts). */
async function deviceById(db: Db | Trx, id: string, caller?: Principal): Promise<DeviceRow> {
  const d = await db.selectFrom('device_details').selectAll().where('id', '=', id).executeTakeFirst();
  if (!d || !ownsRecord(caller, d.provider_id))
    throw new TrustError(
      'PMS_AUT_005',
      `Device detail for id ${id} does not exist.`,
      d ? { details: FOREIGN_RECORD } : {},
    );
  return d;
}

export async function updateDevice(
  deps: ServiceDeps,
  caller: Principal,
  input: DeviceInput & { id: string },
) {
  const device = await deviceById(deps.db, input.id, caller);
  await assertSubType(deps.db, input.deviceTypeCode, input.deviceSubTypeCode);
  await withTransaction(deps.db, async (trx) => {
    const row = await trx
      .updateTable('device_details')
      .set({
        type_code: input.deviceTypeCode,
        sub_type_code: input.deviceSubTypeCode,
        make: input.make,
        model: input.model,
        updated_by: caller.name,
        updated_at: deps.clock.now(),
      })
      .where('id', '=', device.id)
      .where('approval_status', '=', 'pending_approval')
      .returning('id')
      .executeTakeFirst();
    if (!row)
      throw new TrustError(
        'TS_APPROVED_IMMUTABLE',
        `Device detail ${device.id} was already decided; register a new one.`,
      );
    await deps.audit.append(trx, {
      actor: caller.name,
      action: 'device.detail.update',
      target: `device-detail:${device.id}`,
      details: { ...input },
    });
  }).catch(
    uniqueAs(
      'PMS_AUT_003',
      'Another device detail of this provider has the same type, sub-type, make and model.',
    ),
  );
  return { id: device.id };
}

export async function decideDevice(
  deps: ServiceDeps,
  caller: Principal,
  input: { id: string; approvalStatus: string },
) {
  const approve = decisionOf(input.approvalStatus, 'PMS_AUT_025');
  return withTransaction(deps.db, async (trx) => {
    await deviceById(trx, input.id);
    await decidePending(
      trx,
      'device_details',
      input.id,
      { approve, by: caller.name, at: deps.clock.now() },
      (status) => `Device detail ${input.id} is already ${status}.`,
    );
    await deps.audit.append(trx, {
      actor: caller.name,
      action: approve ? 'device.detail.approve' : 'device.detail.reject',
      target: `device-detail:${input.id}`,
    });
    return approve ? 'Device details approved successfully.' : 'Device details rejected successfully.';
  });
}

export async function getDevice(deps: ServiceDeps, caller: Principal, id: string) {
  const d = await deviceById(deps.db, id, caller);
  return deviceView(d);
}

export async function listDevices(deps: ServiceDeps, caller: Principal) {
  const scope = listScope(caller);
  let q = deps.db.selectFrom('device_details').selectAll().orderBy('created_at').orderBy('id');
  if (scope) q = q.where('provider_id', '=', scope);
  return (await q.execute()).map(deviceView);
}

// ---- secure biometric interface (device service) versions

export interface SbiInput {
  swBinaryHash: string;
  swVersion: string;
  swCreateDateTime: string;
  swExpiryDateTime: string;
}

function sbiDates(input: SbiInput, now: Date): { created: Date; expires: Date } {
  const created = new Date(input.swCreateDateTime);
  const expires = new Date(input.swExpiryDateTime);
  if (Number.isNaN(created.getTime()) || Number.isNaN(expires.getTime())) {
    throw new TrustError('PMS_COR_002', 'swCreateDateTime and swExpiryDateTime must be ISO-8601 date-times.');
  }
  if (expires.getTime() <= created.getTime()) throw new TrustError('PMS_AUT_507');
  if (expires.getTime() < now.getTime()) throw new TrustError('PMS_AUT_508');
  return { created, expires };
}

const sbiDuplicate = (version: string) =>
  `SBI version ${JSON.stringify(version)} already exists for this provider.`;

export async function createSbi(
  deps: ServiceDeps,
  caller: Principal,
  input: SbiInput & { providerId: string },
) {
  assertOwnPartner(caller, input.providerId);
  const provider = await activeDeviceProvider(deps.db, input.providerId);
  const now = deps.clock.now();
  const { created, expires } = sbiDates(input, now);
  const id = newId();
  await withTransaction(deps.db, async (trx) => {
    await trx
      .insertInto('sbi_versions')
      .values({
        id,
        provider_id: provider.id,
        sw_version: input.swVersion,
        sw_binary_hash: input.swBinaryHash,
        sw_created_at: created,
        sw_expires_at: expires,
        partner_org_name: provider.name,
        created_by: caller.name,
        created_at: now,
      })
      .execute();
    await deps.audit.append(trx, {
      actor: caller.name,
      action: 'sbi.create',
      target: `sbi:${id}`,
      details: { providerId: provider.id, swVersion: input.swVersion },
    });
  }).catch(uniqueAs('PMS_AUT_512', sbiDuplicate(input.swVersion)));
  return { id };
}

/** With `caller`, another provider's record is answered as missing (src/auth/own-record.ts). */
async function sbiById(db: Db | Trx, id: string, caller?: Principal): Promise<SbiRow> {
  const s = await db.selectFrom('sbi_versions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!s || !ownsRecord(caller, s.provider_id))
    throw new TrustError(
      'PMS_AUT_007',
      `Secure Biometric Interface not found for the id ${id}.`,
      s ? { details: FOREIGN_RECORD } : {},
    );
  return s;
}

/** PUT /securebiometricinterface: only while pending; unlike MOSIP the caller cannot set isActive (that is the approval). */
export async function updateSbi(deps: ServiceDeps, caller: Principal, input: SbiInput & { id: string }) {
  const sbi = await sbiById(deps.db, input.id, caller);
  const now = deps.clock.now();
  const { created, expires } = sbiDates(input, now);
  await withTransaction(deps.db, async (trx) => {
    const row = await trx
      .updateTable('sbi_versions')
      .set({
        sw_version: input.swVersion,
        sw_binary_hash: input.swBinaryHash,
        sw_created_at: created,
        sw_expires_at: expires,
        updated_by: caller.name,
        updated_at: now,
      })
      .where('id', '=', sbi.id)
      .where('approval_status', '=', 'pending_approval')
      .returning('id')
      .executeTakeFirst();
    if (!row)
      throw new TrustError(
        'TS_APPROVED_IMMUTABLE',
        `SBI ${sbi.id} was already decided; register a new version.`,
      );
    await deps.audit.append(trx, {
      actor: caller.name,
      action: 'sbi.update',
      target: `sbi:${sbi.id}`,
      details: { swVersion: input.swVersion },
    });
  }).catch(uniqueAs('PMS_AUT_512', sbiDuplicate(input.swVersion)));
  return { id: sbi.id };
}

export async function decideSbi(
  deps: ServiceDeps,
  caller: Principal,
  input: { id: string; approvalStatus: string },
) {
  const approve = decisionOf(input.approvalStatus, 'PMS_AUT_026');
  return withTransaction(deps.db, async (trx) => {
    await sbiById(trx, input.id);
    await decidePending(
      trx,
      'sbi_versions',
      input.id,
      { approve, by: caller.name, at: deps.clock.now() },
      (status) => `SBI ${input.id} is already ${status}.`,
    );
    await deps.audit.append(trx, {
      actor: caller.name,
      action: approve ? 'sbi.approve' : 'sbi.reject',
      target: `sbi:${input.id}`,
    });
    return approve
      ? 'Secure biometric details approved successfully.'
      : 'Secure biometric details rejected successfully.';
  });
}

export async function getSbi(deps: ServiceDeps, caller: Principal, id: string) {
  const s = await sbiById(deps.db, id, caller);
  return sbiView(s);
}

export async function listSbis(deps: ServiceDeps, caller: Principal) {
  const scope = listScope(caller);
  let q = deps.db.selectFrom('sbi_versions').selectAll().orderBy('created_at').orderBy('id');
  if (scope) q = q.where('provider_id', '=', scope);
  return (await q.execute()).map(sbiView);
}
