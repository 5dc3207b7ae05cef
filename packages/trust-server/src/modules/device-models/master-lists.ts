import { type RawBuilder, sql } from 'kysely';
import { isAdmin } from '../../auth/roles.ts';
import type { Actor } from '../../domain/actor.ts';
import type { Db } from '../../store/db.ts';
import { containsPattern, type PageV2Query, pageV2, readPageV2 } from '../../store/page-v2.ts';

/**
 * MOSIP master's (1.2.2/1.3 portal) paged lists of SBI versions and device models (GET /securebiometricinterface,
 * GET /devicedetail with paging): an admin sees every provider's, a provider only its own. `status` is master's:
 * an approved record no longer active is `deactivated`.
 */

type ListedStatus = 'approved' | 'rejected' | 'pending_approval' | 'deactivated';

const listedStatus = (t: 's' | 'd') =>
  sql<ListedStatus>`case when ${sql.ref(`${t}.approval_status`)} = 'approved' and not ${sql.ref(`${t}.is_active`)} then 'deactivated' else ${sql.ref(`${t}.approval_status`)} end`;

const contains = (column: string, value: string | undefined): RawBuilder<boolean> | null =>
  value ? sql<boolean>`${sql.ref(column)} ilike ${containsPattern(value)}` : null;

/** The WHERE conditions of the given filters, with the caller's scope. */
function conditions(actor: Actor, providerColumn: string, parts: (RawBuilder<boolean> | null)[]) {
  const all = parts.filter((p): p is RawBuilder<boolean> => p !== null);
  if (!isAdmin(actor)) all.push(sql<boolean>`${sql.ref(providerColumn)} = ${actor.partnerId ?? ''}`);
  return all.length ? sql<boolean>`${sql.join(all, sql` and `)}` : sql<boolean>`true`;
}

export interface SbiListQuery extends PageV2Query {
  partnerId?: string;
  orgName?: string;
  sbiId?: string;
  sbiVersion?: string;
  status?: ListedStatus;
  sbiExpiryStatus?: 'expired' | 'valid';
  expiryPeriod?: number;
}

const linkedDevices = (status?: string) =>
  sql<string>`(select count(*) from device_sbi_links l join device_details ld on ld.id = l.device_detail_id where l.sbi_id = s.id${status ? sql` and ld.approval_status = ${status}` : sql``})`;

/** GET /securebiometricinterface (paged): newest first by default; `expiryPeriod` keeps live SBIs expiring within that many days. */
export async function listSbisV2(db: Db, actor: Actor, f: SbiListQuery, now: Date) {
  const p = readPageV2(
    f,
    {
      partnerId: 's.provider_id',
      orgName: 'p.name',
      partnerType: 'p.partner_type_code',
      sbiId: 's.id',
      sbiVersion: 's.sw_version',
      sbiCreatedDateTime: 's.sw_created_at',
      sbiExpiryDateTime: 's.sw_expires_at',
      status: 'status',
      createdDateTime: 's.created_at',
      sbiExpiryStatus: 'sbi_expiry_status',
      countOfAssociatedDevices: 'associated',
    },
    { field: 'createdDateTime', type: 'desc' },
  );
  const expiry = sql<string>`case when s.sw_expires_at < ${now} then 'expired' else 'valid' end`;
  const until = f.expiryPeriod ? new Date(now.getTime() + f.expiryPeriod * 86_400_000) : null;
  const where = conditions(actor, 's.provider_id', [
    contains('s.provider_id', f.partnerId),
    contains('p.name', f.orgName),
    contains('s.id', f.sbiId),
    contains('s.sw_version', f.sbiVersion),
    f.status ? sql<boolean>`${listedStatus('s')} = ${f.status}` : null,
    f.sbiExpiryStatus ? sql<boolean>`${expiry} = ${f.sbiExpiryStatus}` : null,
    until
      ? sql<boolean>`s.approval_status = 'approved' and s.is_active and s.sw_expires_at between ${now} and ${until}`
      : null,
  ]);
  const from = db
    .selectFrom('sbi_versions as s')
    .innerJoin('partners as p', 'p.id', 's.provider_id')
    .where(where);
  return pageV2(
    from.select([
      's.provider_id',
      'p.name as org_name',
      's.id',
      's.sw_version',
      listedStatus('s').as('status'),
      's.is_active',
      's.sw_created_at',
      's.sw_expires_at',
      's.created_at',
      linkedDevices().as('associated'),
      linkedDevices('approved').as('approved'),
      linkedDevices('pending_approval').as('pending'),
      expiry.as('sbi_expiry_status'),
    ]),
    p,
    's.id',
    (r) => ({
      partnerId: r.provider_id,
      orgName: r.org_name,
      sbiId: r.id,
      sbiVersion: r.sw_version,
      status: r.status,
      isActive: r.is_active,
      sbiCreatedDateTime: r.sw_created_at.toISOString(),
      sbiExpiryDateTime: r.sw_expires_at.toISOString(),
      createdDateTime: r.created_at.toISOString(),
      countOfAssociatedDevices: Number(r.associated),
      countOfApprovedDevices: Number(r.approved),
      countOfPendingDevices: Number(r.pending),
      sbiExpiryStatus: r.sbi_expiry_status,
    }),
  );
}

export interface DeviceListQuery extends PageV2Query {
  partnerId?: string;
  orgName?: string;
  deviceType?: string;
  deviceSubType?: string;
  status?: ListedStatus;
  make?: string;
  model?: string;
  sbiId?: string;
  sbiVersion?: string;
  deviceId?: string;
}

/** GET /devicedetail (paged): one row per device and SBI it is linked to (none: null SBI), newest first by default. */
export async function listDevicesV2(db: Db, actor: Actor, f: DeviceListQuery) {
  const p = readPageV2(
    f,
    {
      deviceId: 'd.id',
      sbiId: 's.id',
      sbiVersion: 's.sw_version',
      partnerId: 'd.provider_id',
      orgName: 'p.name',
      deviceType: 'd.type_code',
      deviceSubType: 'd.sub_type_code',
      make: 'd.make',
      model: 'd.model',
      status: 'status',
      createdDateTime: 'd.created_at',
    },
    { field: 'createdDateTime', type: 'desc' },
  );
  const where = conditions(actor, 'd.provider_id', [
    contains('d.provider_id', f.partnerId),
    contains('p.name', f.orgName),
    contains('d.type_code', f.deviceType),
    contains('d.sub_type_code', f.deviceSubType),
    contains('d.make', f.make),
    contains('d.model', f.model),
    contains('s.id', f.sbiId),
    contains('s.sw_version', f.sbiVersion),
    contains('d.id', f.deviceId),
    f.status ? sql<boolean>`${listedStatus('d')} = ${f.status}` : null,
  ]);
  const from = db
    .selectFrom('device_details as d')
    .innerJoin('partners as p', 'p.id', 'd.provider_id')
    .leftJoin('device_sbi_links as l', 'l.device_detail_id', 'd.id')
    .leftJoin('sbi_versions as s', 's.id', 'l.sbi_id')
    .where(where);
  return pageV2(
    from.select([
      'd.id',
      'd.provider_id',
      'p.name as org_name',
      'd.type_code',
      'd.sub_type_code',
      listedStatus('d').as('status'),
      'd.make',
      'd.model',
      'd.created_at',
      's.id as sbi_id',
      's.sw_version',
    ]),
    p,
    ['d.id', 's.id'],
    (r) => ({
      deviceId: r.id,
      partnerId: r.provider_id,
      orgName: r.org_name,
      deviceType: r.type_code,
      deviceSubType: r.sub_type_code,
      status: r.status,
      make: r.make,
      model: r.model,
      createdDateTime: r.created_at.toISOString(),
      sbiId: r.sbi_id,
      sbiVersion: r.sw_version,
    }),
  );
}
