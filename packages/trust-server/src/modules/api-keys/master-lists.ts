import { isAdmin } from '../../auth/roles.ts';
import type { Actor } from '../../domain/actor.ts';
import type { Db } from '../../store/db.ts';
import { containsPattern, type PageV2Query, pageV2Answer, readPageV2 } from '../../store/page-v2.ts';

/**
 * MOSIP master's paged lists of policy requests and API keys (GET /partner-policy-requests,
 * GET /partner-api-keys): an admin sees every partner's, a partner only its own.
 */
function withPartnerAndPolicy<T extends 'policy_requests' | 'api_keys'>(db: Db, table: T, actor: Actor) {
  const q = db
    .selectFrom(`${table} as r` as 'policy_requests as r')
    .innerJoin('partners as p', 'p.id', 'r.partner_id')
    .innerJoin('policies as pol', 'pol.id', 'r.policy_id')
    .innerJoin('policy_groups as g', 'g.id', 'pol.policy_group_id')
    .select([
      'p.id as partner_id',
      'p.name as org_name',
      'p.partner_type_code',
      'p.approval_status as partner_approval',
      'p.is_active as partner_active',
      'pol.id as policy_id',
      'pol.name as policy_name',
      'pol.description as policy_description',
      'g.id as group_id',
      'g.name as group_name',
      'g.description as group_description',
      'r.created_at',
    ]);
  return isAdmin(actor) ? q : q.where('p.id', '=', actor.partnerId ?? '');
}

const SHARED_SORT = {
  partnerId: 'p.id',
  orgName: 'p.name',
  policyName: 'pol.name',
  policyGroupName: 'g.name',
  createdDateTime: 'r.created_at',
} as const;

export interface MasterListQuery extends PageV2Query {
  partnerId?: string;
  orgName?: string;
  policyName?: string;
  policyGroupName?: string;
  status?: string;
}

type Filterable = ReturnType<typeof withPartnerAndPolicy>;

function applyShared(q: Filterable, f: MasterListQuery): Filterable {
  let out = q;
  if (f.partnerId) out = out.where('p.id', 'ilike', containsPattern(f.partnerId));
  if (f.orgName) out = out.where('p.name', 'ilike', containsPattern(f.orgName));
  if (f.policyName) out = out.where('pol.name', 'ilike', containsPattern(f.policyName));
  if (f.policyGroupName) out = out.where('g.name', 'ilike', containsPattern(f.policyGroupName));
  return out;
}

/** The partner's state as MOSIP master's request list shows it. */
const partnerStatus = (approval: string, active: boolean) =>
  approval === 'approved' ? (active ? 'activated' : 'deactivated') : approval;

async function page<R>(
  q: Filterable,
  db: Db,
  p: ReturnType<typeof readPageV2<string>>,
  map: (r: never) => R,
) {
  const total = await q.clearSelect().select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await (q as ReturnType<typeof withPartnerAndPolicy>)
    .selectAll('r')
    .orderBy(p.sortColumn as 'r.created_at', p.sortType)
    .orderBy('r.id')
    .offset(p.offset)
    .limit(p.pageSize)
    .execute();
  return pageV2Answer(p, total, rows.map(map as (r: unknown) => R));
}

export interface PolicyRequestQuery extends MasterListQuery {
  partnerTypeCode?: string;
  policyId?: string;
}

/** GET /partner-policy-requests: newest first. */
export async function listPolicyRequestsV2(db: Db, actor: Actor, f: PolicyRequestQuery) {
  const p = readPageV2(
    f,
    { ...SHARED_SORT, partnerType: 'p.partner_type_code', status: 'r.status' },
    { field: 'createdDateTime', type: 'desc' },
  );
  let q = applyShared(withPartnerAndPolicy(db, 'policy_requests', actor), f);
  if (f.partnerTypeCode) q = q.where('p.partner_type_code', 'ilike', containsPattern(f.partnerTypeCode));
  if (f.policyId) q = q.where('pol.id', '=', f.policyId);
  if (f.status) q = q.where('r.status', '=', f.status as never);
  return page(
    q,
    db,
    p,
    (r: Row & { id: string; use_case: string; status: string; decided_at: Date | null }) => ({
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
    }),
  );
}

/** GET /partner-api-keys: newest first; `status` activated (a live key) or deactivated. */
export async function listApiKeysV2(db: Db, actor: Actor, f: MasterListQuery & { apiKeyLabel?: string }) {
  const p = readPageV2(
    f,
    { ...SHARED_SORT, apiKeyLabel: 'r.label', status: 'r.status' },
    { field: 'createdDateTime', type: 'desc' },
  );
  let q = applyShared(withPartnerAndPolicy(db, 'api_keys', actor), f) as unknown as ReturnType<
    typeof keyQuery
  >;
  if (f.apiKeyLabel) q = q.where('r.label', 'ilike', containsPattern(f.apiKeyLabel));
  if (f.status === 'activated') q = q.where('r.status', '=', 'ACTIVE');
  if (f.status === 'deactivated') q = q.where('r.status', '=', 'REVOKED');
  return page(q as unknown as Filterable, db, p, (r: Row & { label: string; status: string }) => ({
    partnerId: r.partner_id,
    apiKeyLabel: r.label,
    orgName: r.org_name,
    ...policyMembers(r),
    status: r.status === 'ACTIVE' ? ('activated' as const) : ('deactivated' as const),
    createdDateTime: r.created_at.toISOString(),
  }));
}

const keyQuery = (db: Db) => db.selectFrom('api_keys as r');

interface Row {
  partner_id: string;
  org_name: string;
  partner_type_code: string;
  partner_approval: string;
  partner_active: boolean;
  policy_id: string;
  policy_name: string;
  policy_description: string;
  group_id: string;
  group_name: string;
  group_description: string;
  created_at: Date;
}

const policyMembers = (r: Row) => ({
  policyId: r.policy_id,
  policyName: r.policy_name,
  policyDescription: r.policy_description,
  policyGroupId: r.group_id,
  policyGroupName: r.group_name,
  policyGroupDescription: r.group_description,
});
