import { randomUUID } from 'node:crypto';
import { type ErrorCode, TrustError } from '../errors.ts';
import type { Db, Trx } from '../store/db.ts';

export function newId(): string {
  return randomUUID();
}

/** PostgreSQL unique_violation (both node-postgres and PGlite expose SQLSTATE as `code`). */
function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23505';
}

/** A `.catch` handler: a unique violation becomes TrustError(code, message); any other error passes through. */
export function uniqueAs(code: ErrorCode, message: string): (e: unknown) => never {
  return (e) => {
    if (isUniqueViolation(e)) throw new TrustError(code, message);
    throw e;
  };
}

export interface PartnerRow {
  id: string;
  name: string;
  partner_type_code: string;
  policy_group_id: string | null;
  approval_status: string;
  is_active: boolean;
}

export async function findPartner(db: Db | Trx, id: string): Promise<PartnerRow | undefined> {
  return db
    .selectFrom('partners')
    .select(['id', 'name', 'partner_type_code', 'policy_group_id', 'approval_status', 'is_active'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Tables of items an admin approves or rejects once, while they are pending_approval. */
export type ApprovableTable = 'device_details' | 'sbi_versions' | 'ftm_chips';

/**
 * Records an admin's decision with one optimistic `update … where approval_status = 'pending_approval'`, so exactly
 * one of concurrent decisions wins; the losers get TS_NOT_PENDING with `notPending(currentStatus)` as message.
 */
export async function decidePending(
  trx: Trx,
  table: ApprovableTable,
  id: string,
  decision: { approve: boolean; by: string; at: Date },
  notPending: (status: string) => string,
): Promise<void> {
  const row = await trx
    .updateTable(table)
    .set({
      approval_status: decision.approve ? 'approved' : 'rejected',
      is_active: decision.approve,
      decided_by: decision.by,
      decided_at: decision.at,
    })
    .where('id', '=', id)
    .where('approval_status', '=', 'pending_approval')
    .returning('id')
    .executeTakeFirst();
  if (row) return;
  const after = await trx
    .selectFrom(table)
    .select('approval_status')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  throw new TrustError('TS_NOT_PENDING', notPending(after.approval_status));
}
