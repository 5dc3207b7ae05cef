import type { RegisteredDeviceRecord } from '@mosip-trust/contracts';
import type { Selectable } from 'kysely';
import type { Db, Trx } from '../store/db.ts';
import type { RegisteredDeviceStatusCode, RegisteredDevicesTable } from '../store/registry-schema.ts';
import { rowBy } from './rows.ts';

// The device registry's reads and writes (registered_devices), and the approvals it depends on.

/** The columns of an approved, active device detail, SBI version or chip. */
const APPROVED = { approval_status: 'approved', is_active: true } as const;

export type RegisteredDeviceRow = Selectable<RegisteredDevicesTable>;

export async function findRegisteredDevice(
  db: Db | Trx,
  deviceCode: string,
): Promise<RegisteredDeviceRow | undefined> {
  return rowBy(db, 'registered_devices', 'device_code', deviceCode);
}

/** The live (not Retired) or else the latest Retired registration of a provider's serial number. */
export async function findBySerial(
  db: Db | Trx,
  providerId: string,
  serialNo: string,
): Promise<RegisteredDeviceRow | undefined> {
  const rows = await db
    .selectFrom('registered_devices')
    .selectAll()
    .where('provider_id', '=', providerId)
    .where('serial_no', '=', serialNo)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.find((r) => r.status !== 'Retired') ?? rows[0];
}

/** The approved, active device detail (make and model case-insensitive) of the provider, if any. */
export async function approvedDeviceDetail(
  db: Db | Trx,
  q: { providerId: string; type: string; subType: string; make: string; model: string },
): Promise<{ id: string } | undefined> {
  const rows = await db
    .selectFrom('device_details')
    .select(['id', 'make', 'model'])
    .where((eb) =>
      eb.and({ ...APPROVED, provider_id: q.providerId, type_code: q.type, sub_type_code: q.subType }),
    )
    .execute();
  return rows.find(
    (r) => r.make.toLowerCase() === q.make.toLowerCase() && r.model.toLowerCase() === q.model.toLowerCase(),
  );
}

/** SBI versions of the provider that are approved, active and unexpired at `now`. */
export async function approvedSbiVersions(db: Db | Trx, providerId: string, now: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('sbi_versions')
    .select('sw_version')
    .where((eb) => eb.and({ ...APPROVED, provider_id: providerId }))
    .where('sw_expires_at', '>', now)
    .orderBy('sw_version')
    .execute();
  return rows.map((r) => r.sw_version);
}

/** Thumbprints (SHA-1 hex) of the approved, active chip certificates of an FTM provider. */
export async function approvedChipThumbprints(db: Db | Trx, ftpId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('ftm_chips')
    .select('certificate_thumbprint_sha1')
    .where((eb) => eb.and({ ...APPROVED, provider_id: ftpId }))
    .execute();
  return new Set(rows.map((r) => r.certificate_thumbprint_sha1).filter((t): t is string => t !== null));
}

export interface DeviceFilter {
  providerId: string | null;
  status?: RegisteredDeviceStatusCode;
  type?: string;
  model?: string;
  serialNo?: string;
  pageNo: number;
  pageSize: number;
}

export async function listRegisteredDevices(
  db: Db,
  f: DeviceFilter,
): Promise<{ rows: RegisteredDeviceRow[]; total: number }> {
  let q = db.selectFrom('registered_devices');
  if (f.providerId) q = q.where('provider_id', '=', f.providerId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.type) q = q.where('type_code', '=', f.type);
  if (f.model) q = q.where('model', '=', f.model);
  if (f.serialNo) q = q.where('serial_no', '=', f.serialNo);
  const { total } = await q.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow();
  const rows = await q
    .selectAll()
    .orderBy('created_at')
    .orderBy('device_code')
    .limit(f.pageSize)
    .offset(f.pageNo * f.pageSize)
    .execute();
  return { rows, total: Number(total) };
}

/**
 * The lookup record the verifier reads (contracts RegisteredDeviceRecord), read from the store on every
 * call: a revocation is seen by the next verification (no cache).
 */
export async function registeredDeviceRecord(
  db: Db | Trx,
  q: { deviceCode: string; serialNo: string; deviceProviderId: string },
  now: Date,
): Promise<RegisteredDeviceRecord | undefined> {
  const row = await findRegisteredDevice(db, q.deviceCode);
  if (!row || row.serial_no !== q.serialNo || row.provider_id !== q.deviceProviderId) return undefined;
  const detail = await rowBy(db, 'device_details', 'id', row.device_detail_id);
  return {
    deviceCode: row.device_code,
    serialNo: row.serial_no,
    deviceProvider: row.device_provider_name,
    deviceProviderId: row.provider_id,
    make: row.make,
    model: row.model,
    type: row.type_code,
    deviceSubType: row.sub_type_code,
    purpose: row.purpose,
    status: row.status,
    modelApproved: detail?.approval_status === 'approved' && detail.is_active,
    approvedSbiVersions: await approvedSbiVersions(db, row.provider_id, now),
  };
}
