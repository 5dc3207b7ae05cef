import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Deps } from '../../deps.ts';
import { type Actor, assertOwnPartner } from '../../domain/actor.ts';
import { TrustError } from '../../errors.ts';
import { type Db, type Trx, withTransaction } from '../../store/db.ts';
import { newId } from '../../store/ids.ts';
import type { PoliciesTable, PolicyGroupsTable } from '../../store/schema.ts';
import { uniqueAs } from '../../store/unique.ts';
import { canonicalPolicyType, policyDocumentProblem } from './documents.ts';

type GroupRow = Selectable<PolicyGroupsTable>;
type PolicyRow = Selectable<PoliciesTable>;

/** MOSIP's valid_to for a new policy: now + 200 years. */
const POLICY_VALIDITY_YEARS = 200;
/** Displayed status, MOSIP 1.2 spelling for the first two. */
const DISPLAY_STATUS = { DRAFT: 'DRAFTED', PUBLISHED: 'PUBLISHED', DEACTIVATED: 'DEACTIVATED' } as const;
/** MOSIP sets policy_schema to this URL at publication. */
export const POLICY_SCHEMA_URL = 'https://schemas.mosip.io/v1/auth-policy';

// ---- views

export function groupView(g: GroupRow) {
  return {
    id: g.id,
    name: g.name,
    desc: g.description,
    is_Active: g.is_active,
    cr_by: g.created_by,
    cr_dtimes: g.created_at.toISOString(),
    up_by: g.updated_by,
    upd_dtimes: g.updated_at?.toISOString() ?? null,
  };
}

/** MOSIP's PolicyDto plus the version lineage (revision, lineageId) this project adds. */
export function policyView(p: PolicyRow) {
  return {
    policyId: p.id,
    policyName: p.name,
    policyDesc: p.description,
    policyType: p.policy_type,
    publishDate: p.published_at?.toISOString() ?? null,
    validTill: p.valid_to.toISOString(),
    status: DISPLAY_STATUS[p.status],
    version: p.version_label,
    revision: p.revision,
    lineageId: p.lineage_id,
    schema: p.status === 'DRAFT' ? null : POLICY_SCHEMA_URL,
    is_Active: p.status === 'PUBLISHED',
    cr_by: p.created_by,
    cr_dtimes: p.created_at.toISOString(),
    up_by: p.updated_by,
    upd_dtimes: p.updated_at?.toISOString() ?? null,
    policies: p.document,
  };
}

/** MOSIP's PolicyResponseDto: the policy with its group. */
export function policyResponseView(p: PolicyRow, g: GroupRow) {
  return {
    policyGroupId: g.id,
    policyGroupName: g.name,
    policyGroupDesc: g.description,
    policyGroupStatus: g.is_active,
    policyGroup_cr_by: g.created_by,
    policyGroup_cr_dtimes: g.created_at.toISOString(),
    policyGroup_up_by: g.updated_by,
    policyGroup_upd_dtimes: g.updated_at?.toISOString() ?? null,
    ...policyView(p),
  };
}

function createdView(p: PolicyRow, groupName: string) {
  return {
    id: p.id,
    policyGroupName: groupName,
    name: p.name,
    desc: p.description,
    is_Active: p.status === 'PUBLISHED',
    status: DISPLAY_STATUS[p.status],
    version: p.version_label,
    revision: p.revision,
    lineageId: p.lineage_id,
    cr_by: p.created_by,
    cr_dtimes: p.created_at.toISOString(),
    up_by: p.updated_by,
    upd_dtimes: p.updated_at?.toISOString() ?? null,
  };
}

// ---- lookups

async function groupById(db: Db | Trx, id: string): Promise<GroupRow> {
  const g = await db.selectFrom('policy_groups').selectAll().where('id', '=', id).executeTakeFirst();
  if (!g) throw new TrustError('PMS_POL_016', `Policy group ${id} does not exist.`);
  return g;
}

async function groupByName(db: Db | Trx, name: string): Promise<GroupRow> {
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
async function nameTakenByOtherLineage(
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

function validatedDocument(type: string, document: unknown) {
  const policyType = canonicalPolicyType(type);
  if (!policyType)
    throw new TrustError(
      'PMS_POL_023',
      `Policy type ${JSON.stringify(type)} is not allowed (Auth, DataShare, CredentialIssuance, MISP).`,
    );
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new TrustError('PMS_POL_051', 'policies must be a JSON object.');
  }
  const problem = policyDocumentProblem(policyType, document);
  if (problem)
    throw new TrustError('PMS_POL_051', `Policy does not match the ${policyType} policy schema: ${problem}`);
  return { policyType, document: document as Record<string, unknown> };
}

function conflictOnUnique<T>(
  run: () => Promise<T>,
  code: 'PMS_POL_009' | 'PMS_POL_014' | 'TS_POLICY_DRAFT_EXISTS',
  message: string,
): Promise<T> {
  return run().catch(uniqueAs(code, message));
}

// ---- policy groups

export async function createPolicyGroup(deps: Deps, actor: Actor, input: { name: string; desc: string }) {
  return conflictOnUnique(
    () =>
      withTransaction(deps.db, async (trx) => {
        const taken = await trx
          .selectFrom('policy_groups')
          .select('id')
          .where('name', '=', input.name)
          .executeTakeFirst();
        if (taken) throw new TrustError('PMS_POL_014', `Policy group exists with name : ${input.name}`);
        const row = await trx
          .insertInto('policy_groups')
          .values({
            id: newId(),
            name: input.name,
            description: input.desc,
            created_by: actor.name,
            created_at: deps.clock.now(),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await deps.audit.append(trx, {
          actor: actor.name,
          action: 'policy.group.create',
          target: `policy-group:${row.id}`,
          details: { name: row.name },
        });
        return groupView(row);
      }),
    'PMS_POL_014',
    `Policy group exists with name : ${input.name}`,
  );
}

export async function updatePolicyGroup(
  deps: Deps,
  actor: Actor,
  id: string,
  input: { name: string; desc: string; isActive?: boolean },
) {
  return conflictOnUnique(
    () =>
      withTransaction(deps.db, async (trx) => {
        const group = await groupById(trx, id);
        if (input.name !== group.name) {
          const taken = await trx
            .selectFrom('policy_groups')
            .select('id')
            .where('name', '=', input.name)
            .executeTakeFirst();
          if (taken) throw new TrustError('PMS_POL_014', `Policy group exists with name : ${input.name}`);
        }
        const isActive = input.isActive ?? group.is_active;
        if (isActive !== group.is_active) {
          const live = await trx
            .selectFrom('policies')
            .select('id')
            .where('policy_group_id', '=', id)
            .where('status', 'in', ['PUBLISHED', 'DRAFT'])
            .executeTakeFirst();
          if (live)
            throw new TrustError(
              'PMS_POL_056',
              'Active or draft policies exist under the policy group; deactivate them first.',
            );
        }
        const row = await trx
          .updateTable('policy_groups')
          .set({
            name: input.name,
            description: input.desc,
            is_active: isActive,
            updated_by: actor.name,
            updated_at: deps.clock.now(),
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await deps.audit.append(trx, {
          actor: actor.name,
          action: 'policy.group.update',
          target: `policy-group:${id}`,
          details: { name: row.name, isActive: row.is_active },
        });
        return groupView(row);
      }),
    'PMS_POL_014',
    `Policy group exists with name : ${input.name}`,
  );
}

export async function getPolicyGroup(db: Db, id: string) {
  const group = await groupById(db, id);
  const policies = await db
    .selectFrom('policies')
    .selectAll()
    .where('policy_group_id', '=', id)
    .orderBy('name')
    .orderBy('revision')
    .execute();
  return { policyGroup: groupView(group), policies: policies.map(policyView) };
}

export async function listPolicyGroups(db: Db) {
  const groups = await db.selectFrom('policy_groups').selectAll().orderBy('name').execute();
  const policies = await db.selectFrom('policies').selectAll().orderBy('name').orderBy('revision').execute();
  return groups.map((g) => ({
    policyGroup: groupView(g),
    policies: policies.filter((p) => p.policy_group_id === g.id).map(policyView),
  }));
}

/** The newest published version of each policy of an active group (what a partner can request). */
export async function activePoliciesOfGroup(db: Db, groupName: string) {
  const group = await groupByName(db, groupName);
  if (!group.is_active) throw new TrustError('PMS_POL_053', `Policy group ${groupName} is not active.`);
  const rows = await latestPublished(db, group.id);
  return rows.map((p) => ({
    policyGroupId: group.id,
    policyGroupName: group.name,
    id: p.id,
    name: p.name,
    descr: p.description,
    policyType: p.policy_type,
    version: p.version_label,
    revision: p.revision,
  }));
}

async function latestPublished(db: Db | Trx, groupId: string): Promise<PolicyRow[]> {
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

// ---- policies

export interface PolicyInput {
  policyGroupName: string;
  name: string;
  desc: string;
  version: string;
  policies: unknown;
}

export async function createPolicy(
  deps: Deps,
  actor: Actor,
  input: PolicyInput & { policyType: string; policyId?: string },
) {
  const { policyType, document } = validatedDocument(input.policyType, input.policies);
  const message = `Policy name ${JSON.stringify(input.name)} already exists in group ${input.policyGroupName}.`;
  return conflictOnUnique(
    () =>
      withTransaction(deps.db, async (trx) => {
        const group = await groupByName(trx, input.policyGroupName);
        if (!group.is_active)
          throw new TrustError('PMS_POL_053', `Policy group ${group.name} is not active.`);
        if (await nameTakenByOtherLineage(trx, group.id, input.name, null))
          throw new TrustError('PMS_POL_009', message);
        if (
          input.policyId &&
          (await trx.selectFrom('policies').select('id').where('id', '=', input.policyId).executeTakeFirst())
        ) {
          throw new TrustError('PMS_POL_009', `Policy id ${input.policyId} already exists.`);
        }
        const id = input.policyId ?? newId();
        const now = deps.clock.now();
        const validTo = new Date(now);
        validTo.setUTCFullYear(validTo.getUTCFullYear() + POLICY_VALIDITY_YEARS);
        const row = await trx
          .insertInto('policies')
          .values({
            id,
            policy_group_id: group.id,
            lineage_id: id,
            revision: 1,
            name: input.name,
            description: input.desc,
            policy_type: policyType,
            version_label: input.version,
            document: JSON.stringify(document),
            valid_from: now,
            valid_to: validTo,
            created_by: actor.name,
            created_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await deps.audit.append(trx, {
          actor: actor.name,
          action: 'policy.create',
          target: `policy:${id}`,
          details: { name: row.name, group: group.name, type: policyType, revision: 1 },
        });
        return createdView(row, group.name);
      }),
    'PMS_POL_009',
    message,
  );
}

/**
 * PUT /policies/{policyId}. A draft is edited in place. A published (or deactivated) version is never changed:
 * the edit becomes the lineage's next version, a new draft with a new id, and API keys approved against the
 * old version keep exactly what it allowed.
 */
export async function updatePolicy(deps: Deps, actor: Actor, policyId: string, input: PolicyInput) {
  return conflictOnUnique(
    () =>
      withTransaction(deps.db, async (trx) => {
        const current = await policyById(trx, policyId);
        const group = await groupByName(trx, input.policyGroupName);
        if (group.id !== current.policy_group_id)
          throw new TrustError('PMS_POL_015', `Policy ${policyId} is not in group ${group.name}.`);
        if (!group.is_active)
          throw new TrustError('PMS_POL_053', `Policy group ${group.name} is not active.`);
        const { document } = validatedDocument(current.policy_type, input.policies);
        if (await nameTakenByOtherLineage(trx, group.id, input.name, current.lineage_id)) {
          throw new TrustError(
            'PMS_POL_009',
            `Policy name ${JSON.stringify(input.name)} already exists in group ${group.name}.`,
          );
        }
        const now = deps.clock.now();
        if (current.status === 'DRAFT') {
          const row = await trx
            .updateTable('policies')
            .set({
              name: input.name,
              description: input.desc,
              version_label: input.version,
              document: JSON.stringify(document),
              updated_by: actor.name,
              updated_at: now,
            })
            .where('id', '=', policyId)
            .where('status', '=', 'DRAFT')
            .returningAll()
            .executeTakeFirst();
          if (!row)
            throw new TrustError(
              'TS_CONFLICT',
              `Policy ${policyId} was published while it was being edited.`,
            );
          await deps.audit.append(trx, {
            actor: actor.name,
            action: 'policy.update',
            target: `policy:${policyId}`,
            details: { revision: row.revision },
          });
          return createdView(row, group.name);
        }
        const latest = await trx
          .selectFrom('policies')
          .selectAll()
          .where('lineage_id', '=', current.lineage_id)
          .orderBy('revision', 'desc')
          .executeTakeFirstOrThrow();
        if (latest.status === 'DRAFT') {
          throw new TrustError(
            'TS_POLICY_DRAFT_EXISTS',
            `Version ${latest.revision} (policy ${latest.id}) is already a draft of this policy; edit that one.`,
            { details: { draftPolicyId: latest.id } },
          );
        }
        if (latest.id !== current.id) {
          throw new TrustError(
            'TS_POLICY_SUPERSEDED',
            `Policy ${policyId} is version ${current.revision}; the latest is ${latest.id} (version ${latest.revision}).`,
          );
        }
        const id = newId();
        const row = await trx
          .insertInto('policies')
          .values({
            id,
            policy_group_id: current.policy_group_id,
            lineage_id: current.lineage_id,
            revision: current.revision + 1,
            name: input.name,
            description: input.desc,
            policy_type: current.policy_type,
            version_label: input.version,
            document: JSON.stringify(document),
            valid_from: now,
            valid_to: current.valid_to,
            created_by: actor.name,
            created_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await deps.audit.append(trx, {
          actor: actor.name,
          action: 'policy.version.create',
          target: `policy:${id}`,
          details: { previousPolicyId: current.id, lineageId: current.lineage_id, revision: row.revision },
        });
        return createdView(row, group.name);
      }),
    'TS_POLICY_DRAFT_EXISTS',
    'Another draft version of this policy was created at the same time.',
  );
}

export async function publishPolicy(deps: Deps, actor: Actor, policyId: string, groupId: string) {
  return withTransaction(deps.db, async (trx) => {
    const current = await policyById(trx, policyId);
    const group = await groupById(trx, groupId);
    if (current.policy_group_id !== group.id)
      throw new TrustError('PMS_POL_015', `Policy ${policyId} is not in group ${groupId}.`);
    if (!group.is_active) throw new TrustError('PMS_POL_053', `Policy group ${group.name} is not active.`);
    const now = deps.clock.now();
    const row = await trx
      .updateTable('policies')
      .set({
        status: 'PUBLISHED',
        published_at: now,
        published_by: actor.name,
        valid_from: now,
        updated_by: actor.name,
        updated_at: now,
      })
      .where('id', '=', policyId)
      .where('status', '=', 'DRAFT')
      .returningAll()
      .executeTakeFirst();
    if (!row) {
      const after = await policyById(trx, policyId);
      if (after.status === 'PUBLISHED')
        throw new TrustError('PMS_POL_020', `Policy ${policyId} is already published.`);
      throw new TrustError(
        'PMS_POL_058',
        `Policy ${policyId} is ${after.status.toLowerCase()} and cannot be published.`,
      );
    }
    await deps.audit.append(trx, {
      actor: actor.name,
      action: 'policy.publish',
      target: `policy:${policyId}`,
      details: { lineageId: row.lineage_id, revision: row.revision },
    });
    return policyResponseView(row, group);
  });
}

/** PATCH /policies/{policyId}/group/{groupId}: "De-active" retires a published version (refused while API keys use it). */
export async function setPolicyStatus(
  deps: Deps,
  actor: Actor,
  policyId: string,
  groupId: string,
  status: string,
) {
  const wanted = status.toLowerCase();
  if (wanted !== 'active' && wanted !== 'de-active')
    throw new TrustError('PMS_POL_045', `Status must be Active or De-active, not ${JSON.stringify(status)}.`);
  return withTransaction(deps.db, async (trx) => {
    const current = await policyById(trx, policyId);
    if (current.policy_group_id !== groupId)
      throw new TrustError('PMS_POL_015', `Policy ${policyId} is not in group ${groupId}.`);
    if (wanted === 'active') {
      if (current.status === 'DRAFT')
        throw new TrustError('PMS_POL_054', 'Cannot activate an unpublished policy; publish it.');
      throw new TrustError(
        'PMS_POL_058',
        `Policy ${policyId} is ${current.status.toLowerCase()}; its status cannot be set to Active.`,
      );
    }
    if (current.status !== 'PUBLISHED')
      throw new TrustError(
        'PMS_POL_058',
        `Only a published policy can be deactivated; this one is ${current.status.toLowerCase()}.`,
      );
    const now = deps.clock.now();
    const liveKey = await trx
      .selectFrom('api_keys')
      .select('id')
      .where('policy_id', '=', policyId)
      .where('status', '=', 'ACTIVE')
      .where('valid_to', '>', now)
      .executeTakeFirst();
    if (liveKey)
      throw new TrustError('PMS_POL_057', 'Active API keys exist under the policy; revoke them first.');
    const row = await trx
      .updateTable('policies')
      .set({ status: 'DEACTIVATED', updated_by: actor.name, updated_at: now })
      .where('id', '=', policyId)
      .where('status', '=', 'PUBLISHED')
      .returningAll()
      .executeTakeFirst();
    if (!row)
      throw new TrustError('TS_CONFLICT', `Policy ${policyId} changed while it was being deactivated.`);
    await deps.audit.append(trx, {
      actor: actor.name,
      action: 'policy.deactivate',
      target: `policy:${policyId}`,
      details: { revision: row.revision },
    });
    return { message: 'status updated successfully' };
  });
}

export async function getPolicy(db: Db, policyId: string) {
  const policy = await policyById(db, policyId);
  return policyResponseView(policy, await groupById(db, policy.policy_group_id));
}

export async function listPolicies(db: Db) {
  const groups = new Map((await db.selectFrom('policy_groups').selectAll().execute()).map((g) => [g.id, g]));
  const rows = await db.selectFrom('policies').selectAll().orderBy('name').orderBy('revision').execute();
  return rows.map((p) => policyResponseView(p, groups.get(p.policy_group_id) as GroupRow));
}

/** GET /policies/{policyId}/partner/{partnerId}: the policy as IDA fetches it, only with an active API key bound to it. */
export async function getPartnerPolicy(deps: Deps, actor: Actor, policyId: string, partnerId: string) {
  assertOwnPartner(actor, partnerId);
  const policy = await policyById(deps.db, policyId);
  const key = await deps.db
    .selectFrom('api_keys')
    .select('id')
    .where('policy_id', '=', policyId)
    .where('partner_id', '=', partnerId)
    .where('status', '=', 'ACTIVE')
    .where('valid_to', '>', deps.clock.now())
    .executeTakeFirst();
  if (!key)
    throw new TrustError(
      'PMS_POL_017',
      `Partner ${partnerId} holds no active API key for policy ${policyId}.`,
    );
  return policyResponseView(policy, await groupById(deps.db, policy.policy_group_id));
}
