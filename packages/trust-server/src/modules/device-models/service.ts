import type { DeviceDetailView, SbiVersionView } from '@mosip-trust/contracts';
import type { Selectable, Updateable } from 'kysely';
import { auditedChange, type ChangeRecord } from '../../audit/audited-change.ts';
import { FOREIGN_RECORD, ownsRecord } from '../../auth/own-record.ts';
import type { Deps } from '../../deps.ts';
import { type Actor, assertOwnPartner, listScope } from '../../domain/actor.ts';
import { type ErrorCode, TrustError } from '../../errors.ts';
import { approvalView, decidePending, listByProvider, ownedBy } from '../../queries/approvals.ts';
import { findPartner } from '../../queries/partners.ts';
import type { Db, Trx } from '../../store/db.ts';
import { newId } from '../../store/ids.ts';
import type { Database, DeviceDetailsTable, SbiVersionsTable } from '../../store/schema.ts';
import { changeUndecided } from '../undecided-change.ts';
import { reviewedVersion } from './reviewed-version.ts';

type DeviceRow = Selectable<DeviceDetailsTable>;
type SbiRow = Selectable<SbiVersionsTable>;

export function deviceView(d: DeviceRow): DeviceDetailView {
  return {
    ...approvalView(d),
    id: d.id,
    deviceProviderId: d.provider_id,
    deviceTypeCode: d.type_code,
    deviceSubTypeCode: d.sub_type_code,
    make: d.make,
    model: d.model,
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
    ...approvalView(s),
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

/** An admin's decision as MOSIP's clients send it (`recordVersion`: ./reviewed-version.ts). */
export interface Decision {
  id: string;
  approvalStatus: string;
  recordVersion?: number;
}

/** What an admin's decision on a device detail or SBI names and answers (MOSIP's words). */
const DECISIONS = {
  device_details: {
    code: 'PMS_AUT_025',
    action: 'device.detail',
    target: 'device-detail',
    name: 'Device detail',
    answer: 'Device details',
  },
  sbi_versions: {
    code: 'PMS_AUT_026',
    action: 'sbi',
    target: 'sbi',
    name: 'SBI',
    answer: 'Secure biometric details',
  },
} as const;

/**
 * An admin's one decision on a pending device detail or SBI (404 when it does not exist), audited. An approval
 * must find the record at the version that was reviewed (./reviewed-version.ts); a rejection needs no version.
 */
async function decide(
  deps: Deps,
  actor: Actor,
  table: keyof typeof DECISIONS,
  input: Decision,
  find: (trx: Trx, id: string) => Promise<unknown>,
): Promise<string> {
  const d = DECISIONS[table];
  const approve = decisionOf(input.approvalStatus, d.code);
  const record = {
    action: `${d.action}.${approve ? 'approve' : 'reject'}`,
    target: `${d.target}:${input.id}`,
  };
  const notPending = (status: string) => `${d.name} ${input.id} is already ${status}.`;
  await auditedChange(deps, actor, record, async (trx) => {
    await find(trx, input.id);
    await decidePending(
      trx,
      table,
      input.id,
      { approve, by: actor.name, at: deps.clock.now() },
      notPending,
      approve ? reviewedVersion(`${d.name} ${input.id}`, input.recordVersion) : undefined,
    );
  });
  return `${d.answer} ${approve ? 'approved' : 'rejected'} successfully.`;
}

/** The admin decision on an approvable kind, one item by id and the caller's list of them. */
function decisionAndReads<T extends keyof typeof DECISIONS, V>(
  table: T,
  byId: (db: Db | Trx, id: string, actor?: Actor) => Promise<Selectable<Database[T]>>,
  view: (row: Selectable<Database[T]>) => V,
) {
  return {
    decide: (deps: Deps, actor: Actor, input: Decision) => decide(deps, actor, table, input, byId),
    get: async (deps: Deps, actor: Actor, id: string) => view(await byId(deps.db, id, actor)),
    list: async (deps: Deps, actor: Actor) =>
      ((await listByProvider(deps.db, table, listScope(actor))) as Selectable<Database[T]>[]).map(view),
  };
}

/** A provider's edit of its own item while the decision is pending; answers its id. */
async function changePending<T extends keyof typeof DECISIONS>(
  deps: Deps,
  actor: Actor,
  record: ChangeRecord<void>,
  table: T,
  id: string,
  set: Updateable<Database[T]>,
  refused: string,
) {
  await changeUndecided(deps, actor, record, { table, id, set, editable: 'pending', refused });
  return { id };
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

/** A device detail or SBI by id; with `actor`, another provider's is answered as missing (src/auth/own-record.ts). */
async function itemById<T extends keyof typeof DECISIONS>(
  db: Db | Trx,
  table: T,
  id: string,
  actor: Actor | undefined,
  missing: [ErrorCode, string],
) {
  const row = await db
    .selectFrom(table as 'device_details' | 'sbi_versions')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row || !ownsRecord(actor, row.provider_id))
    throw new TrustError(missing[0], missing[1], row ? { details: FOREIGN_RECORD } : {});
  return row as Selectable<Database[T]>;
}

export const deviceById = (db: Db | Trx, id: string, actor?: Actor) =>
  itemById(db, 'device_details', id, actor, ['PMS_AUT_005', `Device detail for id ${id} does not exist.`]);

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
  return changePending(deps, actor, record, 'device_details', device.id, set, refused);
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

export const sbiById = (db: Db | Trx, id: string, actor?: Actor) =>
  itemById(db, 'sbi_versions', id, actor, [
    'PMS_AUT_007',
    `Secure Biometric Interface not found for the id ${id}.`,
  ]);

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
  return changePending(deps, actor, record, 'sbi_versions', sbi.id, set, refused);
}

export const {
  decide: decideSbi,
  get: getSbi,
  list: listSbis,
} = decisionAndReads('sbi_versions', sbiById, sbiView);

export const {
  decide: decideDevice,
  get: getDevice,
  list: listDevices,
} = decisionAndReads('device_details', deviceById, deviceView);
