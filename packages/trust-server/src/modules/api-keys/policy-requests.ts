import { sql } from 'kysely';
import { auditedChange } from '../../audit/audited-change.ts';
import type { Deps } from '../../deps.ts';
import { type Actor, assertOwnPartner } from '../../domain/actor.ts';
import { KEY_PARTNER_TYPES } from '../../domain/partner-types.ts';
import { TrustError } from '../../errors.ts';
import { activePartner, findPartner } from '../../queries/partners.ts';
import { findPublishedByName } from '../../queries/policies.ts';
import { withPartnerAndPolicy } from '../../queries/policy-links.ts';
import { newId } from '../../store/ids.ts';
import type { ApprovalStatus } from '../../store/schema.ts';

/** Recorded when a rejection on MOSIP's path comes without a reason (docs/pms-compatibility.md). */
export const NO_REASON = 'no reason given';

/** Policy mapping requests: a partner asks to use a published policy of its group; an admin decides. */
export async function requestPolicy(
  deps: Deps,
  actor: Actor,
  partnerId: string,
  input: { policyName: string; useCaseDescription: string },
) {
  assertOwnPartner(actor, partnerId);
  const partner = await activePartner(deps.db, partnerId);
  if (!KEY_PARTNER_TYPES.has(partner.partner_type_code)) {
    throw new TrustError('PMS_PRT_048', `A ${partner.partner_type_code} does not request policies.`);
  }
  if (!partner.policy_group_id)
    throw new TrustError('PMS_PRT_047', `Partner ${partnerId} is not mapped to a policy group.`);
  const group = await deps.db
    .selectFrom('policy_groups')
    .selectAll()
    .where('id', '=', partner.policy_group_id)
    .executeTakeFirstOrThrow();
  if (!group.is_active) throw new TrustError('PMS_PMP_023', `Policy group ${group.name} is not active.`);
  const policy = await findPublishedByName(deps.db, group.id, input.policyName);
  if (!policy) {
    const any = await deps.db
      .selectFrom('policies')
      .select('status')
      .where('policy_group_id', '=', group.id)
      .where(sql<string>`lower(name)`, '=', input.policyName.toLowerCase())
      .executeTakeFirst();
    if (any) throw new TrustError('PMS_PMP_019', `Policy ${input.policyName} is not published.`);
    throw new TrustError('PMS_PRT_098', `Policy ${input.policyName} is not in policy group ${group.name}.`);
  }
  const now = deps.clock.now();
  if (policy.valid_to.getTime() < now.getTime())
    throw new TrustError('PMS_PMP_018', `Policy ${input.policyName} expired.`);
  const message = (state: string) => `Mapping exists for given policy and partner and is in ${state} state.`;
  const id = newId();
  const record = {
    action: 'apikey.request.create',
    target: `policy-request:${id}`,
    details: { partnerId, policyId: policy.id, revision: policy.revision },
    unique: ['PMS_PRT_053', message('InProgress')] as const,
  };
  await auditedChange(deps, actor, record, async (trx) => {
    const open = await trx
      .selectFrom('policy_requests')
      .select('status')
      .where('partner_id', '=', partnerId)
      .where('policy_id', '=', policy.id)
      .where('status', '<>', 'rejected')
      .executeTakeFirst();
    if (open) throw new TrustError('PMS_PRT_053', message(open.status));
    await trx
      .insertInto('policy_requests')
      .values({
        id,
        partner_id: partnerId,
        policy_id: policy.id,
        use_case: input.useCaseDescription,
        created_by: actor.name,
        created_at: now,
      })
      .execute();
  });
  return { mappingkey: id, message: 'Policy mapping request submitted successfully.' };
}

/**
 * PUT /partners/policy/{mappingkey}: the admin approves or rejects (a rejection without a reason records "no reason given").
 * The conditional update lets exactly one of two concurrent decisions win; the other gets PMS_PM_034/035.
 */
export async function decidePolicyRequest(
  deps: Deps,
  actor: Actor,
  mappingKey: string,
  input: { status: string; reason?: string },
) {
  const decision = input.status.toLowerCase();
  if (decision !== 'approved' && decision !== 'rejected')
    throw new TrustError(
      'PMS_PM_045',
      `Status must be Approved or Rejected, not ${JSON.stringify(input.status)}.`,
    );
  // MOSIP's 1.2 portal rejects without a reason: the rejection records that none was given.
  const reason = input.reason?.trim() || (decision === 'rejected' ? NO_REASON : null);
  const record = {
    action: `apikey.request.${decision === 'approved' ? 'approve' : 'reject'}`,
    target: `policy-request:${mappingKey}`,
    details: (request: { partner_id: string; policy_id: string }) => ({
      partnerId: request.partner_id,
      policyId: request.policy_id,
      ...(reason ? { reason } : {}),
    }),
  };
  await auditedChange(deps, actor, record, async (trx) => {
    const request = await trx
      .selectFrom('policy_requests')
      .selectAll()
      .where('id', '=', mappingKey)
      .executeTakeFirst();
    if (!request) throw new TrustError('PMS_PMP_007', `Policy mapping request ${mappingKey} does not exist.`);
    if (decision === 'approved' && request.status === 'InProgress') {
      const policy = await trx
        .selectFrom('policies')
        .select(['status', 'valid_to'])
        .where('id', '=', request.policy_id)
        .executeTakeFirstOrThrow();
      if (policy.status !== 'PUBLISHED')
        throw new TrustError('PMS_PMP_019', 'The requested policy version is no longer published.');
      await activePartner(trx, request.partner_id);
    }
    const now = deps.clock.now();
    const row = await trx
      .updateTable('policy_requests')
      .set({ status: decision, reason, decided_by: actor.name, decided_at: now })
      .where('id', '=', mappingKey)
      .where('status', '=', 'InProgress')
      .returning('id')
      .executeTakeFirst();
    if (!row) {
      const after = await trx
        .selectFrom('policy_requests')
        .select('status')
        .where('id', '=', mappingKey)
        .executeTakeFirstOrThrow();
      throw after.status === 'approved' ? new TrustError('PMS_PM_034') : new TrustError('PMS_PM_035');
    }
    return request;
  });
  return decision === 'approved'
    ? 'Policy mapping approved successfully'
    : 'Policy mapping rejected successfully';
}

/** GET /partners/{partnerId}/apikey/request: the partner's requests, each with its keys (never their secrets). */
export async function listPartnerRequests(deps: Deps, actor: Actor, partnerId: string) {
  assertOwnPartner(actor, partnerId);
  if (!(await findPartner(deps.db, partnerId)))
    throw new TrustError('PMS_PRT_005', `Partner ${partnerId} does not exist.`);
  const requests = await deps.db
    .selectFrom('policy_requests as r')
    .innerJoin('policies as p', 'p.id', 'r.policy_id')
    .select([
      'r.id',
      'r.status',
      'r.use_case',
      'r.reason',
      'r.created_at',
      'r.decided_at',
      'p.id as policyId',
      'p.name as policyName',
      'p.revision',
    ])
    .where('r.partner_id', '=', partnerId)
    .orderBy('r.created_at')
    .execute();
  const keys = await deps.db
    .selectFrom('api_keys')
    .selectAll()
    .where('partner_id', '=', partnerId)
    .orderBy('created_at')
    .execute();
  const now = deps.clock.now().getTime();
  return requests.map((r) => {
    const own = keys.filter((k) => k.request_id === r.id);
    const live = own.filter((k) => k.status === 'ACTIVE' && k.valid_to.getTime() > now);
    return {
      apiKeyReqID: r.id,
      apiKeyRequestStatus: r.status,
      partnerApiKey: null,
      apikeyStatus: live.length > 0,
      validityTill:
        live.length > 0 ? new Date(Math.max(...live.map((k) => k.valid_to.getTime()))).toISOString() : null,
      policyId: r.policyId,
      policyName: r.policyName,
      policyRevision: r.revision,
      useCaseDescription: r.use_case,
      reason: r.reason,
      requestedAt: r.created_at.toISOString(),
      decidedAt: r.decided_at?.toISOString() ?? null,
      apiKeys: own.map((k) => ({
        apiKeyId: k.id,
        label: k.label,
        keyPrefix: k.secret_prefix,
        status: k.status === 'REVOKED' ? 'revoked' : k.valid_to.getTime() <= now ? 'expired' : 'active',
        validFrom: k.valid_from.toISOString(),
        validTo: k.valid_to.toISOString(),
        supersededBy: k.superseded_by,
      })),
    };
  });
}

/**
 * GET /partners/apikey (admin): every policy mapping request, optionally of one status; with `requestId`,
 * only that one (GET /partners/apikey/{apikey}, where MOSIP's path value is the request id).
 */
export async function listAllRequests(deps: Deps, status?: ApprovalStatus, requestId?: string) {
  let q = withPartnerAndPolicy(deps.db.selectFrom('policy_requests as r'))
    .selectAll('r')
    .orderBy('r.created_at');
  if (status) q = q.where('r.status', '=', status);
  if (requestId) q = q.where('r.id', '=', requestId);
  const rows = await q.execute();
  return {
    apikeyRequests: rows.map((r) => ({
      partnerID: r.partner_id,
      status: r.status,
      organizationName: r.org_name,
      policyId: r.policy_id,
      policyName: r.policy_name,
      policyDesc: r.use_case,
      apiKeyReqNo: r.id,
      requestedAt: r.created_at.toISOString(),
    })),
  };
}
