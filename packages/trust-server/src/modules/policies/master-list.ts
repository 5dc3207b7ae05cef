import type { Db } from '../../store/db.ts';
import { containsPattern, type PageV2Query, pageV2, readPageV2 } from '../../store/page-v2.ts';

const STATUS = { DRAFT: 'draft', PUBLISHED: 'activated', DEACTIVATED: 'deactivated' } as const;
const STATUS_OF = { draft: 'DRAFT', activated: 'PUBLISHED', deactivated: 'DEACTIVATED' } as const;

const SORT = {
  policyId: 'pol.id',
  policyName: 'pol.name',
  policyDescription: 'pol.description',
  policyType: 'pol.policy_type',
  policyGroupName: 'g.name',
  status: 'pol.status',
  createdDateTime: 'pol.created_at',
} as const;

export interface PolicyListQuery extends PageV2Query {
  policyType?: string;
  policyId?: string;
  policyName?: string;
  policyDescription?: string;
  policyGroupName?: string;
  status?: 'draft' | 'activated' | 'deactivated';
}

/** GET /policies/v2 (MOSIP master): every policy revision as a PageResponseV2Dto, newest first. */
export async function listPoliciesV2(db: Db, f: PolicyListQuery) {
  const p = readPageV2(f, SORT, { field: 'createdDateTime', type: 'desc' });
  let q = db.selectFrom('policies as pol').innerJoin('policy_groups as g', 'g.id', 'pol.policy_group_id');
  if (f.policyType)
    q = q.where((eb) => eb(eb.fn('lower', ['pol.policy_type']), '=', f.policyType?.toLowerCase()));
  if (f.policyId) q = q.where('pol.id', 'ilike', containsPattern(f.policyId));
  if (f.policyName) q = q.where('pol.name', 'ilike', containsPattern(f.policyName));
  if (f.policyDescription) q = q.where('pol.description', 'ilike', containsPattern(f.policyDescription));
  if (f.policyGroupName) q = q.where('g.name', 'ilike', containsPattern(f.policyGroupName));
  if (f.status) q = q.where('pol.status', '=', STATUS_OF[f.status]);
  const selected = q.select([
    'pol.id',
    'pol.name',
    'pol.description',
    'pol.policy_type',
    'pol.status',
    'pol.created_at',
    'g.id as group_id',
    'g.name as group_name',
  ]);
  return pageV2(selected, p, 'pol.id', (r) => ({
    policyId: r.id,
    policyName: r.name,
    policyDescription: r.description,
    policyType: r.policy_type,
    policyGroupId: r.group_id,
    policyGroupName: r.group_name,
    createdDateTime: r.created_at.toISOString(),
    status: STATUS[r.status],
  }));
}
