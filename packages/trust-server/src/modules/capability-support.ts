import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../audit/log.ts';
import { isAdmin, type Principal } from '../auth/roles.ts';
import { type ErrorCode, TrustError } from '../errors.ts';
import type { Db, Trx } from '../store/db.ts';

/** What the capability services need from the app's deps. */
export interface ServiceDeps {
  db: Db;
  audit: AuditLog;
  clock: { now(): Date };
}

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

/** Which partner's rows a caller may list: null for an admin (all), else its own partner id. */
export function listScope(caller: Principal): string | null {
  if (isAdmin(caller)) return null;
  if (!caller.partnerId)
    throw new TrustError('PMS_PRT_055', 'User not authorized: the caller acts for no partner.');
  return caller.partnerId;
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
