import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import { TrustError } from '../errors.ts';
import type { Db, Trx } from '../store/db.ts';
import type { PoliciesTable, PolicyGroupsTable } from '../store/schema.ts';

export type GroupRow = Selectable<PolicyGroupsTable>;
export type PolicyRow = Selectable<PoliciesTable>;

/** Updates a policy only while it is a DRAFT; undefined when it is not (published or deactivated meanwhile). */
export async function updateDraft(
  trx: Trx,
  policyId: string,
  set: Updateable<PoliciesTable>,
): Promise<PolicyRow | undefined> {
  return trx
    .updateTable('policies')
    .set(set)
    .where('id', '=', policyId)
    .where('status', '=', 'DRAFT')
    .returningAll()
    .executeTakeFirst();
}

export async function groupById(db: Db | Trx, id: string): Promise<GroupRow> {
  const g = await db.selectFrom('policy_groups').selectAll().where('id', '=', id).executeTakeFirst();
  if (!g) throw new TrustError('PMS_POL_016', `Policy group ${id} does not exist.`);
  return g;
}

export async function groupByName(db: Db | Trx, name: string): Promise<GroupRow> {
  const g = await db.selectFrom('policy_groups').selectAll().where('name', '=', name).executeTakeFirst();
  if (!g) throw new TrustError('PMS_POL_019', `Policy group ${JSON.stringify(name)} does not exist.`);
  return g;
}

export async function policyById(db: Db | Trx, id: string): Promise<PolicyRow> {
  const p = await db.selectFrom('policies').selectAll().where('id', '=', id).executeTakeFirst();
  if (!p) throw new TrustError('PMS_POL_008', `Policy ${id} does not exist.`);
  return p;
}

/** Another lineage of the group already using the name (case-insensitive). */
export async function nameTakenByOtherLineage(
  db: Db | Trx,
  groupId: string,
  name: string,
  lineageId: string | null,
): Promise<boolean> {
  let q = db
    .selectFrom('policies')
    .select('id')
    .where('policy_group_id', '=', groupId)
    .where(sql<string>`lower(name)`, '=', name.toLowerCase());
  if (lineageId) q = q.where('lineage_id', '<>', lineageId);
  return !!(await q.executeTakeFirst());
}

/** The newest published version of each lineage of a group. */
export async function latestPublished(db: Db | Trx, groupId: string): Promise<PolicyRow[]> {
  const rows = await db
    .selectFrom('policies')
    .selectAll()
    .where('policy_group_id', '=', groupId)
    .where('status', '=', 'PUBLISHED')
    .orderBy('lineage_id')
    .orderBy('revision', 'desc')
    .execute();
  const seen = new Set<string>();
  return rows.filter((p) => (seen.has(p.lineage_id) ? false : seen.add(p.lineage_id)));
}

/** The newest published version of the named policy in a group, or undefined. */
export async function findPublishedByName(
  db: Db | Trx,
  groupId: string,
  name: string,
): Promise<PolicyRow | undefined> {
  return db
    .selectFrom('policies')
    .selectAll()
    .where('policy_group_id', '=', groupId)
    .where(sql<string>`lower(name)`, '=', name.toLowerCase())
    .where('status', '=', 'PUBLISHED')
    .orderBy('revision', 'desc')
    .executeTakeFirst();
}

/** Inserts one policy version (a new lineage, or the next version of one). */
export function insertPolicy(trx: Trx, values: Insertable<PoliciesTable>): Promise<PolicyRow> {
  return trx.insertInto('policies').values(values).returningAll().executeTakeFirstOrThrow();
}

/** The policy group of that exact name, if any. */
export function groupNamed(db: Db | Trx, name: string) {
  return db.selectFrom('policy_groups').select('id').where('name', '=', name).executeTakeFirst();
}

export async function policyExists(db: Db | Trx, id: string): Promise<boolean> {
  return !!(await db.selectFrom('policies').select('id').where('id', '=', id).executeTakeFirst());
}

/** Retires a published policy for good; a policy no longer published meanwhile answers TS_CONFLICT. */
export async function retirePublished(trx: Trx, policyId: string, by: string, now: Date): Promise<PolicyRow> {
  const row = await trx
    .updateTable('policies')
    .set({ status: 'DEACTIVATED', updated_by: by, updated_at: now })
    .where('id', '=', policyId)
    .where('status', '=', 'PUBLISHED')
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new TrustError('TS_CONFLICT', `Policy ${policyId} changed while it was being deactivated.`);
  return row;
}

/** Whether a group still has a draft or published policy (a group is deactivated only without one). */
export async function groupHasLivePolicy(db: Db | Trx, groupId: string): Promise<boolean> {
  const live = await db
    .selectFrom('policies')
    .select('id')
    .where('policy_group_id', '=', groupId)
    .where('status', 'in', ['PUBLISHED', 'DRAFT'])
    .executeTakeFirst();
  return live !== undefined;
}
