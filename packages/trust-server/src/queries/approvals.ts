import type { Selectable, Updateable } from 'kysely';
import { type ErrorCode, TrustError } from '../errors.ts';
import type { Db, Trx } from '../store/db.ts';
import type { Database } from '../store/schema.ts';

/** Tables of items an admin approves or rejects once, while they are pending_approval. */
export type ApprovableTable = 'device_details' | 'sbi_versions' | 'ftm_chips';

/**
 * Records an admin's decision with one optimistic `update … where approval_status = 'pending_approval'`, so exactly
 * one of concurrent decisions wins; the losers get TS_NOT_PENDING with `notPending(currentStatus)` as message.
 * With `reviewed`, the decision also needs the record to still be at that version (`where version = …` in the same
 * update, so an edit cannot slip in between): otherwise 409 TS_CHANGED_SINCE_REVIEW with `reviewed.changed(current)`.
 */
export async function decidePending(
  trx: Trx,
  table: ApprovableTable,
  id: string,
  decision: { approve: boolean; by: string; at: Date },
  notPending: (status: string) => string,
  reviewed?: { version: number; changed: (current: number) => string },
): Promise<void> {
  let q = trx
    .updateTable(table)
    .set({
      approval_status: decision.approve ? 'approved' : 'rejected',
      is_active: decision.approve,
      decided_by: decision.by,
      decided_at: decision.at,
    })
    .where('id', '=', id)
    .where('approval_status', '=', 'pending_approval');
  if (reviewed) q = q.where('version', '=', reviewed.version);
  const row = await q.returning('id').executeTakeFirst();
  if (row) return;
  const after = await trx
    .selectFrom(table)
    .select(['approval_status', 'version'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  if (after.approval_status !== 'pending_approval' || !reviewed)
    throw new TrustError('TS_NOT_PENDING', notPending(after.approval_status));
  throw new TrustError('TS_CHANGED_SINCE_REVIEW', reviewed.changed(after.version));
}

/**
 * Turns an approved item inactive for good (MOSIP master's `De-Activate`) with one optimistic update, so of
 * concurrent deactivations exactly one succeeds; the others get `already` (the "already deactivated" code).
 */
export async function deactivateActive(
  trx: Trx,
  table: ApprovableTable,
  id: string,
  change: { by: string; at: Date },
  already: ErrorCode,
): Promise<void> {
  const done = await trx
    .updateTable(table)
    .set({ is_active: false, updated_by: change.by, updated_at: change.at })
    .where('id', '=', id)
    .where('is_active', '=', true)
    .returning('id')
    .executeTakeFirst();
  if (!done) throw new TrustError(already);
}

/**
 * Changes an item only while it is in an editable state (`editable`: not yet approved, or still
 * pending); otherwise TS_APPROVED_IMMUTABLE with `refused` as message. One optimistic update, so a
 * concurrent decision cannot be overwritten. Every change increments the record's version (`decidePending`).
 */
export async function updateUndecided<T extends ApprovableTable>(
  trx: Trx,
  table: T,
  id: string,
  set: Updateable<Database[T]>,
  editable: 'not_approved' | 'pending',
  refused: string,
): Promise<void> {
  let q = trx
    .updateTable(table as ApprovableTable)
    .set(set as Updateable<Database[ApprovableTable]>)
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', id);
  q =
    editable === 'pending'
      ? q.where('approval_status', '=', 'pending_approval')
      : q.where('approval_status', '<>', 'approved');
  const row = await q.returning('id').executeTakeFirst();
  if (!row) throw new TrustError('TS_APPROVED_IMMUTABLE', refused);
}

/** The items of one provider (all providers for `null`), oldest first. */
export async function listByProvider<T extends ApprovableTable>(
  db: Db,
  table: T,
  providerId: string | null,
): Promise<Selectable<Database[T]>[]> {
  let q = db
    .selectFrom(table as ApprovableTable)
    .selectAll()
    .orderBy('created_at')
    .orderBy('id');
  if (providerId) q = q.where('provider_id', '=', providerId);
  return (await q.execute()) as Selectable<Database[T]>[];
}

/** The columns every provider-owned item (device detail, SBI version, FTM chip) starts with. */
export function ownedBy(provider: { id: string; name: string }, actor: { name: string }, at: Date) {
  return {
    provider_id: provider.id,
    partner_org_name: provider.name,
    created_by: actor.name,
    created_at: at,
  };
}

/** The view fields every provider-owned item shares: who owns it, its decision, who created it and when. */
export function approvalView(row: {
  partner_org_name: string;
  approval_status: string;
  is_active: boolean;
  created_by: string;
  created_at: Date;
  version: number;
}) {
  return {
    partnerOrganizationName: row.partner_org_name,
    approvalStatus: row.approval_status,
    isActive: row.is_active,
    crBy: row.created_by,
    crDtimes: row.created_at.toISOString(),
    /** What an approval names to show which state of the record was reviewed (docs/trust-server.md). */
    recordVersion: row.version,
  };
}
