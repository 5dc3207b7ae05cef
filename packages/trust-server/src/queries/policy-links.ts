import type { SelectQueryBuilder } from 'kysely';
import type { Database } from '../store/schema.ts';

/** The columns by which a row linking a partner to a policy (a policy request, an API key) names both. */
export interface PolicyLink {
  partner_id: string;
  policy_id: string;
}

/**
 * The rows of `from` (aliased `r`: policy_requests or api_keys) joined with their partner (`p`), policy (`pol`)
 * and the policy's group (`g`), with the names and states the lists show.
 */
export function withPartnerAndPolicy<R extends PolicyLink>(
  from: SelectQueryBuilder<Database & { r: R }, 'r', object>,
) {
  return from
    .innerJoin('partners as p', 'p.id', 'r.partner_id')
    .innerJoin('policies as pol', 'pol.id', 'r.policy_id')
    .innerJoin('policy_groups as g', 'g.id', 'pol.policy_group_id')
    .select([
      'p.name as org_name',
      'p.partner_type_code',
      'p.approval_status as partner_approval',
      'p.is_active as partner_active',
      'pol.name as policy_name',
      'pol.description as policy_description',
      'g.id as group_id',
      'g.name as group_name',
      'g.description as group_description',
    ]);
}
