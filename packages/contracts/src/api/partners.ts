import { type Static, Type } from '@sinclair/typebox';
import { NullableStr } from './common.ts';

/** A partner as MOSIP's GET /partners/{id} shows it, plus approval fields. */
export const PartnerView = Type.Object({
  partnerID: Type.String(),
  status: Type.String(),
  organizationName: Type.String(),
  contactNumber: Type.String(),
  emailId: Type.String(),
  address: Type.String(),
  partnerType: Type.String(),
  policyGroup: NullableStr,
  policyGroupId: NullableStr,
  isActive: Type.Boolean(),
  approvalStatus: Type.String(),
  rejectionReason: NullableStr,
  logoUrl: NullableStr,
  additionalInfo: Type.Unknown(),
  certificateUploaded: Type.Boolean(),
  createdBy: Type.String(),
  createdDateTime: Type.String(),
  updatedDateTime: NullableStr,
});
export type PartnerView = Static<typeof PartnerView>;
