import type { SelectQueryBuilder } from 'kysely';
import { isAdmin } from '../../auth/roles.ts';
import type { Actor } from '../../domain/actor.ts';
import { type PolicyLink, withPartnerAndPolicy } from '../../queries/policy-links.ts';
import type { Db } from '../../store/db.ts';
import { containsPattern, type PageV2Query, pageV2, readPageV2 } from '../../store/page-v2.ts';
import type { ApprovalStatus, Database } from '../../store/schema.ts';

/**
 * MOSIP master's paged lists of policy requests and API keys (GET /partner-policy-requests,
 * GET /partner-api-keys): an admin sees every partner's, a partner only its own.
 */

export interface MasterListQuery extends PageV2Query {
  partnerId?: string;
  orgName?: string;
  policyName?: string;
  policyGroupName?: string;
}

/** `r`'s rows with their partner and policy (`withPartnerAndPolicy`) that `actor` sees and the shared fields match. */
function visibleMatching<R extends PolicyLink>(
  from: SelectQueryBuilder<Database & { r: R }, 'r', object>,
  actor: Actor,
  f: MasterListQuery,
) {
  let q = withPartnerAndPolicy(from);
  if (!isAdmin(actor)) q = q.where('p.id', '=', actor.partnerId ?? '');
  if (f.partnerId) q = q.where('p.id', 'ilike', containsPattern(f.partnerId));
  if (f.orgName) q = q.where('p.name', 'ilike', containsPattern(f.orgName));
  if (f.policyName) q = q.where('pol.name', 'ilike', containsPattern(f.policyName));
  if (f.policyGroupName) q = q.where('g.name', 'ilike', containsPattern(f.policyGroupName));
  return q;
}

const SHARED_SORT = {
  partnerId: 'p.id',
  orgName: 'p.name',
  policyName: 'pol.name',
  policyGroupName: 'g.name',
  createdDateTime: 'r.created_at',
} as const;

const NEWEST_FIRST = { field: 'createdDateTime', type: 'desc' } as const;

/** The partner's state as MOSIP master's request list shows it. */
const partnerStatus = (approval: string, active: boolean) =>
  approval === 'approved' ? (active ? 'activated' : 'deactivated') : approval;

const policyMembers = (r: {
  policy_id: string;
  policy_name: string;
  policy_description: string;
  group_id: string;
  group_name: string;
  group_description: string;
}) => ({
  policyId: r.policy_id,
  policyName: r.policy_name,
  policyDescription: r.policy_description,
  policyGroupId: r.group_id,
  policyGroupName: r.group_name,
  policyGroupDescription: r.group_description,
});

export interface PolicyRequestQuery extends MasterListQuery {
  partnerTypeCode?: string;
  policyId?: string;
  status?: ApprovalStatus;
}

/** GET /partner-policy-requests: newest first. */
export async function listPolicyRequestsV2(db: Db, actor: Actor, f: PolicyRequestQuery) {
  const sorts = { ...SHARED_SORT, partnerType: 'p.partner_type_code', status: 'r.status' } as const;
  const p = readPageV2(f, sorts, NEWEST_FIRST);
  let q = visibleMatching(db.selectFrom('policy_requests as r'), actor, f).selectAll('r');
  if (f.partnerTypeCode) q = q.where('p.partner_type_code', 'ilike', containsPattern(f.partnerTypeCode));
  if (f.policyId) q = q.where('pol.id', '=', f.policyId);
  if (f.status) q = q.where('r.status', '=', f.status);
  return pageV2(q, p, 'r.id', (r) => ({
    id: r.id,
    partnerId: r.partner_id,
    partnerStatus: partnerStatus(r.partner_approval, r.partner_active),
    orgName: r.org_name,
    partnerType: r.partner_type_code,
    ...policyMembers(r),
    partnerComment: r.use_case,
    status: r.status,
    createdDateTime: r.created_at.toISOString(),
    updatedDateTime: r.decided_at?.toISOString() ?? null,
  }));
}

export interface ApiKeyListQuery extends MasterListQuery {
  apiKeyLabel?: string;
  /** activated: a live key; deactivated: a revoked one. */
  status?: 'activated' | 'deactivated';
}

/** GET /partner-api-keys: newest first. */
export async function listApiKeysV2(db: Db, actor: Actor, f: ApiKeyListQuery) {
  const p = readPageV2(
    f,
    { ...SHARED_SORT, apiKeyLabel: 'r.label', status: 'r.status' } as const,
    NEWEST_FIRST,
  );
  let q = visibleMatching(db.selectFrom('api_keys as r'), actor, f).selectAll('r');
  if (f.apiKeyLabel) q = q.where('r.label', 'ilike', containsPattern(f.apiKeyLabel));
  if (f.status) q = q.where('r.status', '=', f.status === 'activated' ? 'ACTIVE' : 'REVOKED');
  return pageV2(q, p, 'r.id', (r) => ({
    partnerId: r.partner_id,
    apiKeyLabel: r.label,
    orgName: r.org_name,
    ...policyMembers(r),
    status: r.status === 'ACTIVE' ? ('activated' as const) : ('deactivated' as const),
    createdDateTime: r.created_at.toISOString(),
  }));
}
