import { type Static, Type } from '@sinclair/typebox';
import { NullableStr } from './common.ts';

/** A policy group. */
export const PolicyGroupView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  desc: Type.String(),
  is_Active: Type.Boolean(),
  cr_by: Type.String(),
  cr_dtimes: Type.String(),
  up_by: NullableStr,
  upd_dtimes: NullableStr,
});
export type PolicyGroupView = Static<typeof PolicyGroupView>;

/**
 * The PolicyGroup entity as MOSIP's reads (GET /policies/group/{id}, group/all, group/search) answer it:
 * camelCase, unlike the create/update answers above.
 */
export const PolicyGroupEntityView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  desc: Type.String(),
  userId: Type.String(),
  isActive: Type.Boolean(),
  isDeleted: Type.Boolean(),
  crBy: Type.String(),
  crDtimes: Type.String(),
  updBy: NullableStr,
  updDtimes: NullableStr,
  delDtimes: NullableStr,
});
export type PolicyGroupEntityView = Static<typeof PolicyGroupEntityView>;

/** The fields of a policy version (MOSIP's PolicyDto names). */
export const PolicyFields = {
  policyId: Type.String(),
  policyName: Type.String(),
  policyDesc: Type.String(),
  policyType: Type.String(),
  publishDate: NullableStr,
  validTill: Type.String(),
  status: Type.String(),
  version: Type.String(),
  revision: Type.Integer(),
  lineageId: Type.String(),
  schema: NullableStr,
  is_Active: Type.Boolean(),
  cr_by: Type.String(),
  cr_dtimes: Type.String(),
  up_by: NullableStr,
  upd_dtimes: NullableStr,
  policies: Type.Unknown(),
};

/** MOSIP's PolicyDto plus the version lineage (revision, lineageId). */
export const PolicyView = Type.Object(PolicyFields);
export type PolicyView = Static<typeof PolicyView>;

/** MOSIP's PolicyResponseDto: the policy with its group. */
export const PolicyResponseView = Type.Object({
  policyGroupId: Type.String(),
  policyGroupName: Type.String(),
  policyGroupDesc: Type.String(),
  policyGroupStatus: Type.Boolean(),
  policyGroup_cr_by: Type.String(),
  policyGroup_cr_dtimes: Type.String(),
  policyGroup_up_by: NullableStr,
  policyGroup_upd_dtimes: NullableStr,
  ...PolicyFields,
});
export type PolicyResponseView = Static<typeof PolicyResponseView>;
