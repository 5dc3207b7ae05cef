import type { Selectable } from 'kysely';
import { auditedChange } from '../../audit/audited-change.ts';
import { FOREIGN_RECORD, ownsRecord } from '../../auth/own-record.ts';
import type { Deps } from '../../deps.ts';
import { type Actor, assertOwnPartner } from '../../domain/actor.ts';
import { TrustError } from '../../errors.ts';
import { deactivateActive } from '../../queries/approvals.ts';
import { rowBy } from '../../queries/rows.ts';
import type { Db, Trx } from '../../store/db.ts';
import type { DeviceDetailsTable, SbiVersionsTable } from '../../store/schema.ts';

type SbiRow = Selectable<SbiVersionsTable>;
type DeviceRow = Selectable<DeviceDetailsTable>;

import { createDevice, type DeviceInput, decideDevice, deviceView } from './service.ts';

/**
 * MOSIP master's (1.2.2/1.3) device life cycle, driven from the SBI: a provider adds device models to an
 * approved SBI, the admin approves a device for that SBI, and either is deactivated for good (`De-Activate`).
 * Another provider's record answers as a missing one (src/auth/own-record.ts), with master's codes.
 */

const DEACTIVATE = 'De-Activate';

const MISSING = {
  sbi_versions: ['PMS_DEVICE_ERROR_005', 'SBI'],
  device_details: ['PMS_DEVICE_ERROR_006', 'Device'],
} as const;

/** The actor's own SBI or device model; another provider's answers as a missing one. */
async function ownRow(db: Db | Trx, table: 'sbi_versions', id: string, actor: Actor): Promise<SbiRow>;
async function ownRow(db: Db | Trx, table: 'device_details', id: string, actor: Actor): Promise<DeviceRow>;
async function ownRow(
  db: Db | Trx,
  table: keyof typeof MISSING,
  id: string,
  actor: Actor,
): Promise<SbiRow | DeviceRow> {
  const row = await rowBy(db, table as 'sbi_versions', 'id', id);
  if (row && ownsRecord(actor, row.provider_id)) return row;
  const [code, what] = MISSING[table];
  throw new TrustError(code, `${what} ${id} does not exist.`, row ? { details: FOREIGN_RECORD } : {});
}

const sbiOf = (db: Db | Trx, id: string, actor: Actor) => ownRow(db, 'sbi_versions', id, actor);
const deviceOf = (db: Db | Trx, id: string, actor: Actor) => ownRow(db, 'device_details', id, actor);

/** POST /securebiometricinterface/{sbiId}/devices: a pending device model, linked to an approved, live SBI. */
export async function addDeviceToSbi(
  deps: Deps,
  actor: Actor,
  sbiId: string,
  input: DeviceInput & { deviceProviderId: string },
): Promise<{ id: string }> {
  assertOwnPartner(actor, input.deviceProviderId);
  const sbi = await sbiOf(deps.db, sbiId, actor);
  if (sbi.provider_id !== input.deviceProviderId)
    throw new TrustError(
      'PMS_DEVICE_ERROR_005',
      `SBI ${sbiId} does not exist for ${input.deviceProviderId}.`,
    );
  if (sbi.approval_status === 'pending_approval') throw new TrustError('PMS_DEVICE_ERROR_009');
  if (sbi.approval_status === 'rejected') throw new TrustError('PMS_DEVICE_ERROR_028');
  if (!sbi.is_active) throw new TrustError('PMS_DEVICE_ERROR_029');
  if (sbi.sw_expires_at <= deps.clock.now()) throw new TrustError('PMS_DEVICE_ERROR_021');
  const { id } = await createDevice(deps, actor, input);
  const record = { action: 'device.sbi.map', target: `device-detail:${id}`, details: { sbiId } };
  await auditedChange(deps, actor, record, (trx) =>
    trx
      .insertInto('device_sbi_links')
      .values({
        device_detail_id: id,
        sbi_id: sbiId,
        provider_id: sbi.provider_id,
        created_by: actor.name,
        created_at: deps.clock.now(),
      })
      .execute(),
  );
  return { id };
}

/** GET /securebiometricinterface/{sbiId}/devices: the device models linked to the SBI. */
export async function devicesOfSbi(deps: Deps, actor: Actor, sbiId: string) {
  await sbiOf(deps.db, sbiId, actor);
  const rows = await deps.db
    .selectFrom('device_sbi_links as l')
    .innerJoin('device_details as d', 'd.id', 'l.device_detail_id')
    .selectAll('d')
    .where('l.sbi_id', '=', sbiId)
    .orderBy('d.created_at')
    .orderBy('d.id')
    .execute();
  return rows.map(deviceView);
}

/** POST /devicedetail/{id}/approval (admin): approves or rejects a pending device linked to the named SBI. */
export async function approveDeviceForSbi(
  deps: Deps,
  actor: Actor,
  deviceId: string,
  input: { partnerId: string; sbiId: string; status: string },
): Promise<boolean> {
  if (input.status !== 'approved' && input.status !== 'rejected')
    throw new TrustError('PMS_DEVICE_ERROR_027');
  const device = await deviceOf(deps.db, deviceId, actor);
  if (device.provider_id !== input.partnerId)
    throw new TrustError('PMS_DEVICE_ERROR_006', `Device ${deviceId} does not exist for ${input.partnerId}.`);
  if (device.approval_status !== 'pending_approval') throw new TrustError('PMS_DEVICE_ERROR_010');
  const link = await deps.db
    .selectFrom('device_sbi_links')
    .select('sbi_id')
    .where('device_detail_id', '=', deviceId)
    .where('sbi_id', '=', input.sbiId)
    .executeTakeFirst();
  if (!link) throw new TrustError('PMS_DEVICE_ERROR_012');
  await decideDevice(deps, actor, {
    id: deviceId,
    approvalStatus: input.status === 'approved' ? 'Activate' : 'De-activate',
  });
  return true;
}

function assertDeactivate(status: string): void {
  if (status !== DEACTIVATE) throw new TrustError('PMS_DEVICE_ERROR_026');
}

/** PATCH /devicedetail/{deviceId} `De-Activate`: an approved device stops being active, for good. */
export async function deactivateDevice(deps: Deps, actor: Actor, deviceId: string, status: string) {
  assertDeactivate(status);
  const device = await deviceOf(deps.db, deviceId, actor);
  if (device.approval_status !== 'approved') throw new TrustError('PMS_DEVICE_ERROR_023');
  if (!device.is_active) throw new TrustError('PMS_DEVICE_ERROR_014');
  const record = { action: 'device.detail.deactivate', target: `device-detail:${deviceId}` };
  await auditedChange(deps, actor, record, (trx) =>
    deactivateActive(
      trx,
      'device_details',
      deviceId,
      { by: actor.name, at: deps.clock.now() },
      'PMS_DEVICE_ERROR_014',
    ),
  );
  return { deviceId, status: 'deactivated', isActive: false };
}

/** PATCH /securebiometricinterface/{sbiId} `De-Activate`: the SBI and the devices linked to it, for good. */
export async function deactivateSbi(deps: Deps, actor: Actor, sbiId: string, status: string) {
  assertDeactivate(status);
  const sbi = await sbiOf(deps.db, sbiId, actor);
  if (sbi.approval_status !== 'approved') throw new TrustError('PMS_DEVICE_ERROR_022');
  if (!sbi.is_active) throw new TrustError('PMS_DEVICE_ERROR_020');
  const now = deps.clock.now();
  const record = {
    action: 'device.sbi.deactivate',
    target: `sbi:${sbiId}`,
    details: (devices: string[]) => ({ deactivatedDevices: devices }),
  };
  await auditedChange(deps, actor, record, async (trx) => {
    await deactivateActive(trx, 'sbi_versions', sbiId, { by: actor.name, at: now }, 'PMS_DEVICE_ERROR_020');
    const devices = await trx
      .updateTable('device_details')
      .set({ is_active: false, updated_by: actor.name, updated_at: now })
      .where('is_active', '=', true)
      .where(
        'id',
        'in',
        trx.selectFrom('device_sbi_links').select('device_detail_id').where('sbi_id', '=', sbiId),
      )
      .returning('id')
      .execute();
    return devices.map((d) => d.id);
  });
  return { sbiId, status: 'deactivated', isActive: false };
}
