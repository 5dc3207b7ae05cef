import { auditedChange } from '../../audit/audited-change.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../domain/actor.ts';
import { TrustError } from '../../errors.ts';
import { groupHasLivePolicy, retirePublished } from '../../queries/policies.ts';
import type { Db } from '../../store/db.ts';

/** MOSIP master's (1.2.2/1.3 portal) policy routes: active groups, and one-way deactivation. */

const DEACTIVATE = 'De-Activate';

/** GET /policies/policy-groups: the active policy groups `[{id, name, description}]`. */
export async function activePolicyGroups(db: Db) {
  const rows = await db
    .selectFrom('policy_groups')
    .select(['id', 'name', 'description'])
    .where('is_active', '=', true)
    .orderBy('name')
    .execute();
  return rows.map((g) => ({ id: g.id, name: g.name, description: g.description }));
}

/** PATCH /policies/{policyId} `De-Activate`: a published policy nobody requested or uses is retired, for good. */
export async function deactivatePolicy(deps: Deps, actor: Actor, policyId: string, status: string) {
  if (status !== DEACTIVATE) throw new TrustError('PMS_POL_073');
  const record = { action: 'policy.deactivate', target: `policy:${policyId}` };
  const row = await auditedChange(deps, actor, record, async (trx) => {
    const policy = await trx.selectFrom('policies').selectAll().where('id', '=', policyId).executeTakeFirst();
    if (!policy) throw new TrustError('PMS_POL_065', `Policy ${policyId} does not exist.`);
    if (policy.status === 'DRAFT')
      throw new TrustError('PMS_POL_072', `Policy ${policyId} is not published.`);
    if (policy.status === 'DEACTIVATED') throw new TrustError('PMS_POL_062');
    const requests = await trx
      .selectFrom('policy_requests')
      .select('status')
      .where('policy_id', '=', policyId)
      .where('status', '<>', 'rejected')
      .execute();
    if (requests.some((r) => r.status === 'approved')) throw new TrustError('PMS_POL_063');
    if (requests.length > 0) throw new TrustError('PMS_POL_064');
    return retirePublished(trx, policyId, actor.name, deps.clock.now());
  });
  const group = await deps.db
    .selectFrom('policy_groups')
    .select('name')
    .where('id', '=', row.policy_group_id)
    .executeTakeFirstOrThrow();
  return {
    policyId: row.id,
    policyName: row.name,
    policyDescription: row.description,
    policyGroupId: row.policy_group_id,
    policyGroupName: group.name,
    status: 'deactivated',
    isActive: false,
  };
}

/** PATCH /policies/group/{policyGroupId} `De-Activate`: a group without published or draft policies, for good. */
export async function deactivatePolicyGroup(deps: Deps, actor: Actor, groupId: string, status: string) {
  if (status !== DEACTIVATE) throw new TrustError('PMS_POL_073');
  const record = { action: 'policy.group.deactivate', target: `policy-group:${groupId}` };
  const group = await auditedChange(deps, actor, record, async (trx) => {
    const g = await trx.selectFrom('policy_groups').selectAll().where('id', '=', groupId).executeTakeFirst();
    if (!g) throw new TrustError('PMS_POL_068', `Policy group ${groupId} does not exist.`);
    if (!g.is_active) throw new TrustError('PMS_POL_067');
    if (await groupHasLivePolicy(trx, groupId)) throw new TrustError('PMS_POL_069');
    await trx
      .updateTable('policy_groups')
      .set({ is_active: false, updated_by: actor.name, updated_at: deps.clock.now() })
      .where('id', '=', groupId)
      .execute();
    return g;
  });
  return {
    id: group.id,
    name: group.name,
    description: group.description,
    status: 'deactivated',
    isActive: false,
  };
}
