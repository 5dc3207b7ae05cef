import { auditedChange } from '../../audit/audited-change.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../domain/actor.ts';
import { TrustError } from '../../errors.ts';
import { deviceById, sbiById } from './service.ts';

export interface SbiDeviceLink {
  deviceDetailId: string;
  sbiId: string;
}

/**
 * PUT /securebiometricinterface/devicedetails/map: records that an approved device model runs an approved,
 * active SBI version of the same provider. MOSIP's check order decides the code; another provider's device or
 * SBI answers as missing (src/auth/own-record.ts).
 */
export async function mapDeviceToSbi(deps: Deps, actor: Actor, input: SbiDeviceLink): Promise<string> {
  const device = await deviceById(deps.db, input.deviceDetailId, actor);
  if (device.approval_status === 'rejected')
    throw new TrustError('PMS_AUT_028', `Device detail ${device.id} is rejected.`);
  if (device.approval_status !== 'approved')
    throw new TrustError('PMS_AUT_027', `Device detail ${device.id} is not approved yet.`);
  const sbi = await sbiById(deps.db, input.sbiId, actor);
  if (sbi.approval_status !== 'approved' || !sbi.is_active)
    throw new TrustError('PMS_AUT_511', `SBI ${sbi.id} is not approved and active.`);
  if (sbi.provider_id !== device.provider_id)
    throw new TrustError('PMS_AUT_509', 'The device detail and the SBI belong to different providers.');
  const record = {
    action: 'device.sbi.map',
    target: `device-detail:${device.id}`,
    details: { sbiId: sbi.id, providerId: device.provider_id },
  };
  const existing = () =>
    deps.db
      .selectFrom('device_sbi_links')
      .select('sbi_id')
      .where('device_detail_id', '=', device.id)
      .where('sbi_id', '=', sbi.id)
      .executeTakeFirst();
  // MOSIP answers an existing mapping as a success message, not an error.
  if (await existing()) return 'Mapping already exists';
  const inserted = await auditedChange(deps, actor, record, async (trx) => {
    const rows = await trx
      .insertInto('device_sbi_links')
      .values({
        device_detail_id: device.id,
        sbi_id: sbi.id,
        provider_id: device.provider_id,
        created_by: actor.name,
        created_at: deps.clock.now(),
      })
      .onConflict((oc) => oc.doNothing())
      .returning('sbi_id')
      .execute();
    return rows.length;
  });
  return inserted > 0 ? 'Success' : 'Mapping already exists';
}

/** PUT /securebiometricinterface/devicedetails/map/remove: removes the mapping (PMS_AUT_510 when there is none). */
export async function unmapDeviceFromSbi(deps: Deps, actor: Actor, input: SbiDeviceLink): Promise<string> {
  const device = await deviceById(deps.db, input.deviceDetailId, actor);
  const sbi = await sbiById(deps.db, input.sbiId, actor);
  const record = {
    action: 'device.sbi.unmap',
    target: `device-detail:${device.id}`,
    details: { sbiId: sbi.id, providerId: device.provider_id },
  };
  await auditedChange(deps, actor, record, async (trx) => {
    const removed = await trx
      .deleteFrom('device_sbi_links')
      .where('device_detail_id', '=', device.id)
      .where('sbi_id', '=', sbi.id)
      .returning('sbi_id')
      .execute();
    if (removed.length === 0)
      throw new TrustError('PMS_AUT_510', `Device detail ${device.id} is not mapped to SBI ${sbi.id}.`);
  });
  return 'Success';
}
