import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../audit/log.ts';
import { isAdmin, type Principal } from '../auth/roles.ts';
import { TrustError } from '../errors.ts';
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
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23505';
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
