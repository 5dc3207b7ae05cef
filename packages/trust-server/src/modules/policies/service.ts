import { auditedChange } from '../../audit/audited-change.ts';
import type { Deps } from '../../deps.ts';
import { type Actor, assertOwnPartner } from '../../domain/actor.ts';
import { TrustError } from '../../errors.ts';
import {
  type GroupRow,
  groupById,
  groupByName,
  groupHasLivePolicy,
  groupNamed,
  insertPolicy,
  latestPublished,
  nameTakenByOtherLineage,
  type PolicyRow,
  policyById,
  policyExists,
  retirePublished,
  updateDraft,
} from '../../queries/policies.ts';
import type { Db, Trx } from '../../store/db.ts';
import { newId } from '../../store/ids.ts';
import { canonicalPolicyType, policyDocumentProblem } from './documents.ts';
import { createdView, groupEntityView, groupView, policyResponseView, policyView } from './views.ts';

/** MOSIP's valid_to for a new policy: now + 200 years. */
const POLICY_VALIDITY_YEARS = 200;

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
  if (problem) throw new TrustError(problem.code, `${problem.message} (${policyType} policy schema)`);
  return { policyType, document: document as Record<string, unknown> };
}

// ---- policy groups

export async function createPolicyGroup(deps: Deps, actor: Actor, input: { name: string; desc: string }) {
  const id = newId();
  const taken = `Policy group exists with name : ${input.name}`;
  const record = {
    action: 'policy.group.create',
    target: `policy-group:${id}`,
    details: { name: input.name },
    unique: ['PMS_POL_014', taken] as const,
  };
  const row = await auditedChange(deps, actor, record, async (trx) => {
    if (await groupNamed(trx, input.name)) throw new TrustError('PMS_POL_014', taken);
    return trx
      .insertInto('policy_groups')
      .values({
        id,
        name: input.name,
        description: input.desc,
        created_by: actor.name,
        created_at: deps.clock.now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  return groupView(row);
}

export async function updatePolicyGroup(
  deps: Deps,
  actor: Actor,
  id: string,
  input: { name: string; desc: string; isActive?: boolean },
) {
  const taken = `Policy group exists with name : ${input.name}`;
  const record = {
    action: 'policy.group.update',
    target: `policy-group:${id}`,
    details: (row: GroupRow) => ({ name: row.name, isActive: row.is_active }),
    unique: ['PMS_POL_014', taken] as const,
  };
  const row = await auditedChange(deps, actor, record, async (trx) => {
    const group = await groupById(trx, id);
    if (input.name !== group.name && (await groupNamed(trx, input.name)))
      throw new TrustError('PMS_POL_014', taken);
    const isActive = input.isActive ?? group.is_active;
    if (isActive !== group.is_active) {
      if (await groupHasLivePolicy(trx, id))
        throw new TrustError(
          'PMS_POL_056',
          'Active or draft policies exist under the policy group; deactivate them first.',
        );
    }
    return trx
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
  });
  return groupView(row);
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
  return { policyGroup: groupEntityView(group), policies: policies.map(policyView) };
}

export async function listPolicyGroups(db: Db) {
  const groups = await db.selectFrom('policy_groups').selectAll().orderBy('name').execute();
  const policies = await db.selectFrom('policies').selectAll().orderBy('name').orderBy('revision').execute();
  return groups.map((g) => ({
    policyGroup: groupEntityView(g),
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
  const id = input.policyId ?? newId();
  const record = {
    action: 'policy.create',
    target: `policy:${id}`,
    details: ({ row, group }: { row: PolicyRow; group: GroupRow }) => ({
      name: row.name,
      group: group.name,
      type: policyType,
      revision: 1,
    }),
    unique: ['PMS_POL_009', message] as const,
  };
  const { row, group } = await auditedChange(deps, actor, record, async (trx) => {
    const group = await groupByName(trx, input.policyGroupName);
    if (!group.is_active) throw new TrustError('PMS_POL_053', `Policy group ${group.name} is not active.`);
    if (await nameTakenByOtherLineage(trx, group.id, input.name, null))
      throw new TrustError('PMS_POL_009', message);
    if (input.policyId && (await policyExists(trx, input.policyId)))
      throw new TrustError('PMS_POL_009', `Policy id ${input.policyId} already exists.`);
    const now = deps.clock.now();
    const validTo = new Date(now);
    validTo.setUTCFullYear(validTo.getUTCFullYear() + POLICY_VALIDITY_YEARS);
    const row = await insertPolicy(trx, {
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
    });
    return { row, group };
  });
  return createdView(row, group.name);
}

/**
 * PUT /policies/{policyId}. A draft is edited in place. A published (or deactivated) version is never changed:
 * the edit becomes the lineage's next version, a new draft with a new id, and API keys approved against the
 * old version keep exactly what it allowed.
 */
export async function updatePolicy(deps: Deps, actor: Actor, policyId: string, input: PolicyInput) {
  const record = {
    action: (c: PolicyChange) => c.action,
    target: (c: PolicyChange) => `policy:${c.row.id}`,
    details: (c: PolicyChange) => c.details,
    unique: [
      'TS_POLICY_DRAFT_EXISTS',
      'Another draft version of this policy was created at the same time.',
    ] as const,
  };
  const { row, group } = await auditedChange(deps, actor, record, async (trx): Promise<PolicyChange> => {
    const current = await policyById(trx, policyId);
    const group = await groupByName(trx, input.policyGroupName);
    if (group.id !== current.policy_group_id)
      throw new TrustError('PMS_POL_015', `Policy ${policyId} is not in group ${group.name}.`);
    if (!group.is_active) throw new TrustError('PMS_POL_053', `Policy group ${group.name} is not active.`);
    const { document } = validatedDocument(current.policy_type, input.policies);
    if (await nameTakenByOtherLineage(trx, group.id, input.name, current.lineage_id)) {
      throw new TrustError(
        'PMS_POL_009',
        `Policy name ${JSON.stringify(input.name)} already exists in group ${group.name}.`,
      );
    }
    const now = deps.clock.now();
    if (current.status === 'DRAFT') {
      const row = await updateDraft(trx, policyId, {
        name: input.name,
        description: input.desc,
        version_label: input.version,
        document: JSON.stringify(document),
        updated_by: actor.name,
        updated_at: now,
      });
      if (!row)
        throw new TrustError('TS_CONFLICT', `Policy ${policyId} was published while it was being edited.`);
      return { row, group, action: 'policy.update', details: { revision: row.revision } };
    }
    await assertLatestPublished(trx, current);
    const row = await insertPolicy(trx, {
      id: newId(),
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
    });
    const details = { previousPolicyId: current.id, lineageId: current.lineage_id, revision: row.revision };
    return { row, group, action: 'policy.version.create', details };
  });
  return createdView(row, group.name);
}

/** What an edit of a policy did: edited a draft in place, or created the lineage's next version. */
interface PolicyChange {
  row: PolicyRow;
  group: GroupRow;
  action: 'policy.update' | 'policy.version.create';
  details: Record<string, unknown>;
}

/** A published version is edited only when it is its lineage's latest and no newer draft exists. */
async function assertLatestPublished(trx: Trx, current: PolicyRow): Promise<void> {
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
      `Policy ${current.id} is version ${current.revision}; the latest is ${latest.id} (version ${latest.revision}).`,
    );
  }
}

export async function publishPolicy(deps: Deps, actor: Actor, policyId: string, groupId: string) {
  const record = {
    action: 'policy.publish',
    target: `policy:${policyId}`,
    details: ({ row }: { row: PolicyRow }) => ({ lineageId: row.lineage_id, revision: row.revision }),
  };
  const { row, group } = await auditedChange(deps, actor, record, async (trx) => {
    const current = await policyById(trx, policyId);
    const group = await groupById(trx, groupId);
    if (current.policy_group_id !== group.id)
      throw new TrustError('PMS_POL_015', `Policy ${policyId} is not in group ${groupId}.`);
    if (!group.is_active) throw new TrustError('PMS_POL_053', `Policy group ${group.name} is not active.`);
    const now = deps.clock.now();
    const row = await updateDraft(trx, policyId, {
      status: 'PUBLISHED',
      published_at: now,
      published_by: actor.name,
      valid_from: now,
      updated_by: actor.name,
      updated_at: now,
    });
    if (!row) {
      const after = await policyById(trx, policyId);
      if (after.status === 'PUBLISHED')
        throw new TrustError('PMS_POL_020', `Policy ${policyId} is already published.`);
      throw new TrustError(
        'PMS_POL_058',
        `Policy ${policyId} is ${after.status.toLowerCase()} and cannot be published.`,
      );
    }
    return { row, group };
  });
  return policyResponseView(row, group);
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
  const record = {
    action: 'policy.deactivate',
    target: `policy:${policyId}`,
    details: (row: PolicyRow) => ({ revision: row.revision }),
  };
  await auditedChange(deps, actor, record, async (trx) => {
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
    return retirePublished(trx, policyId, actor.name, now);
  });
  return { message: 'status updated successfully' };
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
