import type { DeviceDetailView, SbiVersionView } from '@mosip-trust/contracts';
import type { Selectable } from 'kysely';
import { auditedChange } from '../../audit/audited-change.ts';
import { FOREIGN_RECORD, ownsRecord } from '../../auth/own-record.ts';
import type { Deps } from '../../deps.ts';
import { type Actor, assertOwnPartner, listScope } from '../../domain/actor.ts';
import { TrustError } from '../../errors.ts';
import { decidePending, listByProvider, ownedBy } from '../../queries/approvals.ts';
import { findPartner } from '../../queries/partners.ts';
import type { Db, Trx } from '../../store/db.ts';
import { newId } from '../../store/ids.ts';
import type { DeviceDetailsTable, SbiVersionsTable } from '../../store/schema.ts';
import { changeUndecided } from '../undecided-change.ts';

type DeviceRow = Selectable<DeviceDetailsTable>;
type SbiRow = Selectable<SbiVersionsTable>;

export function deviceView(d: DeviceRow): DeviceDetailView {
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

export function sbiView(s: SbiRow): SbiVersionView {
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

/** An admin's one decision on a pending device detail or SBI (404 when it does not exist), audited. */
async function decide(
  deps: Deps,
  actor: Actor,
  item: {
    table: 'device_details' | 'sbi_versions';
    id: string;
    approve: boolean;
    find: (trx: Trx, id: string) => Promise<unknown>;
  },
  record: { action: string; target: string; notPending: (status: string) => string },
): Promise<void> {
  await auditedChange(deps, actor, record, async (trx) => {
    await item.find(trx, item.id);
    await decidePending(
      trx,
      item.table,
      item.id,
      { approve: item.approve, by: actor.name, at: deps.clock.now() },
      record.notPending,
    );
  });
}

// ---- device details

export interface DeviceInput {
  deviceTypeCode: string;
  deviceSubTypeCode: string;
  make: string;
  model: string;
}

export async function createDevice(
  deps: Deps,
  actor: Actor,
  input: DeviceInput & { id?: string; deviceProviderId: string },
) {
  assertOwnPartner(actor, input.deviceProviderId);
  await assertSubType(deps.db, input.deviceTypeCode, input.deviceSubTypeCode);
  const provider = await activeDeviceProvider(deps.db, input.deviceProviderId);
  const id = input.id ?? newId();
  const message = `Device detail already exists for ${input.deviceTypeCode}/${input.deviceSubTypeCode} ${input.make} ${input.model}${input.id ? ` or id ${input.id}` : ''}.`;
  const record = {
    action: 'device.detail.create',
    target: `device-detail:${id}`,
    details: { ...input },
    unique: ['PMS_AUT_003', message] as const,
  };
  await auditedChange(deps, actor, record, (trx) =>
    trx
      .insertInto('device_details')
      .values({
        id,
        type_code: input.deviceTypeCode,
        sub_type_code: input.deviceSubTypeCode,
        make: input.make,
        model: input.model,
        ...ownedBy(provider, actor, deps.clock.now()),
      })
      .execute(),
  );
  return { id };
}

/** With `actor`, another provider's record is answered as missing (src/auth/own-record.ts). */
export async function deviceById(db: Db | Trx, id: string, actor?: Actor): Promise<DeviceRow> {
  const d = await db.selectFrom('device_details').selectAll().where('id', '=', id).executeTakeFirst();
  if (!d || !ownsRecord(actor, d.provider_id))
    throw new TrustError(
      'PMS_AUT_005',
      `Device detail for id ${id} does not exist.`,
      d ? { details: FOREIGN_RECORD } : {},
    );
  return d;
}

export async function updateDevice(deps: Deps, actor: Actor, input: DeviceInput & { id: string }) {
  const device = await deviceById(deps.db, input.id, actor);
  await assertSubType(deps.db, input.deviceTypeCode, input.deviceSubTypeCode);
  const record = {
    action: 'device.detail.update',
    target: `device-detail:${device.id}`,
    details: { ...input },
    unique: [
      'PMS_AUT_003',
      'Another device detail of this provider has the same type, sub-type, make and model.',
    ] as const,
  };
  const set = {
    type_code: input.deviceTypeCode,
    sub_type_code: input.deviceSubTypeCode,
    make: input.make,
    model: input.model,
    updated_by: actor.name,
    updated_at: deps.clock.now(),
  };
  const refused = `Device detail ${device.id} was already decided; register a new one.`;
  await changeUndecided(deps, actor, record, {
    table: 'device_details',
    id: device.id,
    set,
    editable: 'pending',
    refused,
  });
  return { id: device.id };
}

export async function decideDevice(deps: Deps, actor: Actor, input: { id: string; approvalStatus: string }) {
  const approve = decisionOf(input.approvalStatus, 'PMS_AUT_025');
  await decide(
    deps,
    actor,
    { table: 'device_details', id: input.id, approve, find: deviceById },
    {
      action: approve ? 'device.detail.approve' : 'device.detail.reject',
      target: `device-detail:${input.id}`,
      notPending: (status) => `Device detail ${input.id} is already ${status}.`,
    },
  );
  return approve ? 'Device details approved successfully.' : 'Device details rejected successfully.';
}

export async function getDevice(deps: Deps, actor: Actor, id: string) {
  const d = await deviceById(deps.db, id, actor);
  return deviceView(d);
}

export async function listDevices(deps: Deps, actor: Actor) {
  return (await listByProvider(deps.db, 'device_details', listScope(actor))).map(deviceView);
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
  ['PMS_AUT_512', `SBI version ${JSON.stringify(version)} already exists for this provider.`] as const;

export async function createSbi(deps: Deps, actor: Actor, input: SbiInput & { providerId: string }) {
  assertOwnPartner(actor, input.providerId);
  const provider = await activeDeviceProvider(deps.db, input.providerId);
  const now = deps.clock.now();
  const { created, expires } = sbiDates(input, now);
  const id = newId();
  const record = {
    action: 'sbi.create',
    target: `sbi:${id}`,
    details: { providerId: provider.id, swVersion: input.swVersion },
    unique: sbiDuplicate(input.swVersion),
  };
  await auditedChange(deps, actor, record, (trx) =>
    trx
      .insertInto('sbi_versions')
      .values({
        id,
        sw_version: input.swVersion,
        sw_binary_hash: input.swBinaryHash,
        sw_created_at: created,
        sw_expires_at: expires,
        ...ownedBy(provider, actor, now),
      })
      .execute(),
  );
  return { id };
}

/** With `actor`, another provider's record is answered as missing (src/auth/own-record.ts). */
export async function sbiById(db: Db | Trx, id: string, actor?: Actor): Promise<SbiRow> {
  const s = await db.selectFrom('sbi_versions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!s || !ownsRecord(actor, s.provider_id))
    throw new TrustError(
      'PMS_AUT_007',
      `Secure Biometric Interface not found for the id ${id}.`,
      s ? { details: FOREIGN_RECORD } : {},
    );
  return s;
}

/** PUT /securebiometricinterface: only while pending; unlike MOSIP the actor cannot set isActive (that is the approval). */
export async function updateSbi(deps: Deps, actor: Actor, input: SbiInput & { id: string }) {
  const sbi = await sbiById(deps.db, input.id, actor);
  const now = deps.clock.now();
  const { created, expires } = sbiDates(input, now);
  const record = {
    action: 'sbi.update',
    target: `sbi:${sbi.id}`,
    details: { swVersion: input.swVersion },
    unique: sbiDuplicate(input.swVersion),
  };
  const set = {
    sw_version: input.swVersion,
    sw_binary_hash: input.swBinaryHash,
    sw_created_at: created,
    sw_expires_at: expires,
    updated_by: actor.name,
    updated_at: now,
  };
  const refused = `SBI ${sbi.id} was already decided; register a new version.`;
  await changeUndecided(deps, actor, record, {
    table: 'sbi_versions',
    id: sbi.id,
    set,
    editable: 'pending',
    refused,
  });
  return { id: sbi.id };
}

export async function decideSbi(deps: Deps, actor: Actor, input: { id: string; approvalStatus: string }) {
  const approve = decisionOf(input.approvalStatus, 'PMS_AUT_026');
  await decide(
    deps,
    actor,
    { table: 'sbi_versions', id: input.id, approve, find: sbiById },
    {
      action: approve ? 'sbi.approve' : 'sbi.reject',
      target: `sbi:${input.id}`,
      notPending: (status) => `SBI ${input.id} is already ${status}.`,
    },
  );
  return approve
    ? 'Secure biometric details approved successfully.'
    : 'Secure biometric details rejected successfully.';
}

export async function getSbi(deps: Deps, actor: Actor, id: string) {
  const s = await sbiById(deps.db, id, actor);
  return sbiView(s);
}

export async function listSbis(deps: Deps, actor: Actor) {
  return (await listByProvider(deps.db, 'sbi_versions', listScope(actor))).map(sbiView);
}
