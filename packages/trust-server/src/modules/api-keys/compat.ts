import { sql } from 'kysely';
import { auditedChange } from '../../audit/audited-change.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../domain/actor.ts';
import { TrustError } from '../../errors.ts';
import { findPartner } from '../../queries/partners.ts';
import type { Db, Trx } from '../../store/db.ts';
import { listAllRequests } from './policy-requests.ts';

/**
 * MOSIP 1.2's partner-manager views of API keys (docs/pms-compatibility.md). MOSIP names a key by its value;
 * here a key is named by its id (apiKeyId), since the secret is never stored.
 */

/** GET /partners/apikey/{apikey} (admin): one policy mapping request; MOSIP's path value is the request id. */
export async function keyRequestDetails(deps: Deps, requestId: string) {
  const [request] = (await listAllRequests(deps, undefined, requestId)).apikeyRequests;
  if (!request) throw new TrustError('PMS_PMP_015', `No API key request ${requestId}.`);
  return request;
}

async function keyOfPartner(db: Db | Trx, partnerId: string, apiKeyId: string) {
  const key = await db
    .selectFrom('api_keys')
    .selectAll()
    .where('id', '=', apiKeyId)
    .where('partner_id', '=', partnerId)
    .executeTakeFirst();
  if (!key) throw new TrustError('PMS_PMP_009', `Partner ${partnerId} has no API key ${apiKeyId}.`);
  return key;
}

/** GET /partners/{partnerId}/apikey/{apikey} (admin): the policy an API key is bound to. */
export async function keyPolicyMapping(deps: Deps, partnerId: string, apiKeyId: string) {
  const key = await keyOfPartner(deps.db, partnerId, apiKeyId);
  return { partnerID: key.partner_id, policyId: key.policy_id };
}

/**
 * PUT /partners/{partnerId}/apikey/{apikey}/policies (admin): binds a live key to another published policy of
 * the partner's group. The key keeps its secret, label and validity (never beyond the new policy's end).
 */
export async function updateKeyPolicy(
  deps: Deps,
  actor: Actor,
  partnerId: string,
  apiKeyId: string,
  input: { oldPolicyID: string; newPolicyID: string },
) {
  const partner = await findPartner(deps.db, partnerId);
  if (!partner) throw new TrustError('PMS_PMP_005', `Partner ${partnerId} does not exist.`);
  const record = {
    action: 'apikey.policy.update',
    target: `apikey:${apiKeyId}`,
    details: { partnerId, oldPolicyId: input.oldPolicyID, newPolicyId: input.newPolicyID },
    unique: ['PMS_PRT_110', "The key's label is already used under the new policy."] as const,
  };
  await auditedChange(deps, actor, record, async (trx) => {
    const key = await keyOfPartner(trx, partnerId, apiKeyId);
    if (key.policy_id !== input.oldPolicyID)
      throw new TrustError('PMS_PMP_50', `API key ${apiKeyId} is not mapped to policy ${input.oldPolicyID}.`);
    const now = deps.clock.now();
    if (key.status !== 'ACTIVE' || key.superseded_by || key.valid_to <= now)
      throw new TrustError('PMS_PMS_022', `API key ${apiKeyId} is not active.`);
    const policy = await trx
      .selectFrom('policies')
      .select(['id', 'policy_group_id', 'status', 'valid_to'])
      .where('id', '=', input.newPolicyID)
      .executeTakeFirst();
    if (!policy) throw new TrustError('PMS_PMP_014', `Policy ${input.newPolicyID} does not exist.`);
    if (policy.policy_group_id !== partner.policy_group_id)
      throw new TrustError('PMS_PMP_51', `Policy ${input.newPolicyID} is not in the partner's policy group.`);
    if (policy.status !== 'PUBLISHED')
      throw new TrustError('PMS_PMP_019', `Policy ${input.newPolicyID} is not published.`);
    const clash = await trx
      .selectFrom('api_keys')
      .select('id')
      .where('partner_id', '=', partnerId)
      .where('policy_id', '=', policy.id)
      .where(sql<string>`lower(label)`, '=', key.label.toLowerCase())
      .where('superseded_by', 'is', null)
      .executeTakeFirst();
    if (clash)
      throw new TrustError(
        'PMS_PRT_110',
        `Label ${JSON.stringify(key.label)} is already used under the new policy.`,
      );
    await trx
      .updateTable('api_keys')
      .set({
        policy_id: policy.id,
        valid_to: new Date(Math.min(policy.valid_to.getTime(), key.valid_to.getTime())),
      })
      .where('id', '=', key.id)
      .execute();
  });
  return { message: 'Given apikey updated with policy successfully. ' };
}
