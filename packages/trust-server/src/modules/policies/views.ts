import type {
  PolicyGroupEntityView,
  PolicyGroupView,
  PolicyResponseView,
  PolicyView,
} from '@mosip-trust/contracts';
import type { GroupRow, PolicyRow } from '../../queries/policies.ts';

/** Displayed status, MOSIP 1.2 spelling for the first two. */
const DISPLAY_STATUS = { DRAFT: 'DRAFTED', PUBLISHED: 'PUBLISHED', DEACTIVATED: 'DEACTIVATED' } as const;
/** MOSIP sets policy_schema to this URL at publication. */
export const POLICY_SCHEMA_URL = 'https://schemas.mosip.io/v1/auth-policy';

export function groupView(g: GroupRow): PolicyGroupView {
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

/** The PolicyGroup entity, as MOSIP's group reads and searches answer it. */
export function groupEntityView(g: GroupRow): PolicyGroupEntityView {
  return {
    id: g.id,
    name: g.name,
    desc: g.description,
    userId: g.created_by,
    isActive: g.is_active,
    isDeleted: false,
    crBy: g.created_by,
    crDtimes: g.created_at.toISOString(),
    updBy: g.updated_by,
    updDtimes: g.updated_at?.toISOString() ?? null,
    delDtimes: null,
  };
}

/** MOSIP's PolicyDto plus the version lineage (revision, lineageId) this project adds. */
export function policyView(p: PolicyRow): PolicyView {
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
export function policyResponseView(p: PolicyRow, g: GroupRow): PolicyResponseView {
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

export function createdView(p: PolicyRow, groupName: string) {
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
