import { type Static, Type } from '@sinclair/typebox';
import { NullableStr } from './common.ts';

/** MOSIP master's GET /partners/v3 row: one of the caller's partners with its policy group. */
export const PartnerV3View = Type.Object({
  partnerId: Type.String(),
  partnerType: Type.String(),
  policyGroupId: NullableStr,
  policyGroupName: NullableStr,
  policyGroupDescription: NullableStr,
});
export type PartnerV3View = Static<typeof PartnerV3View>;

/** MOSIP master's GET /partners/partner-certificates-details row. */
export const PartnerCertificateDetailsView = Type.Object({
  partnerId: Type.String(),
  partnerType: Type.String(),
  isPartnerActive: Type.Boolean(),
  isCertificateAvailable: Type.Boolean(),
  certificateIssuedTo: NullableStr,
  certificateUploadDateTime: NullableStr,
  certificateExpiryDateTime: NullableStr,
});
export type PartnerCertificateDetailsView = Static<typeof PartnerCertificateDetailsView>;

/** MOSIP master's GET /admin-partners row. */
export const AdminPartnerRow = Type.Object({
  partnerId: Type.String(),
  partnerType: Type.String(),
  orgName: Type.String(),
  policyGroupId: NullableStr,
  policyGroupName: NullableStr,
  emailAddress: Type.String(),
  certificateUploadStatus: Type.Union([Type.Literal('uploaded'), Type.Literal('not_uploaded')]),
  status: Type.String(),
  isActive: Type.Boolean(),
  createdDateTime: Type.String(),
});
export type AdminPartnerRow = Static<typeof AdminPartnerRow>;

/** MOSIP master's GET /admin-partners/{partnerId}. */
export const AdminPartnerView = Type.Object({
  partnerId: Type.String(),
  firstName: NullableStr,
  lastName: NullableStr,
  approvalStatus: Type.String(),
  createdDateTime: Type.String(),
  partnerType: Type.String(),
  organizationName: Type.String(),
  contactNumber: Type.String(),
  policyGroupName: NullableStr,
  policyGroupDescription: NullableStr,
  emailId: Type.String(),
  certificateUploadDateTime: NullableStr,
  certificateExpiryDateTime: NullableStr,
  isCertificateAvailable: Type.Boolean(),
  isActive: Type.Boolean(),
});
export type AdminPartnerView = Static<typeof AdminPartnerView>;

/** The policy and its group, as MOSIP master's request and key lists name them. */
const PolicyMembers = {
  policyId: Type.String(),
  policyName: Type.String(),
  policyDescription: Type.String(),
  policyGroupId: Type.String(),
  policyGroupName: Type.String(),
  policyGroupDescription: Type.String(),
};

/** MOSIP master's GET /partner-policy-requests row. */
export const PolicyRequestRowV2 = Type.Object({
  id: Type.String(),
  partnerId: Type.String(),
  partnerStatus: Type.String(),
  orgName: Type.String(),
  partnerType: Type.String(),
  ...PolicyMembers,
  partnerComment: Type.String(),
  status: Type.String(),
  createdDateTime: Type.String(),
  updatedDateTime: NullableStr,
});

/** MOSIP master's GET /partner-api-keys row (the key's secret is never part of it). */
export const ApiKeyRowV2 = Type.Object({
  partnerId: Type.String(),
  apiKeyLabel: Type.String(),
  orgName: Type.String(),
  ...PolicyMembers,
  status: Type.Union([Type.Literal('activated'), Type.Literal('deactivated')]),
  createdDateTime: Type.String(),
});

/** MOSIP master's GET /policies/v2 row. */
export const PolicyRowV2 = Type.Object({
  policyId: Type.String(),
  policyName: Type.String(),
  policyDescription: Type.String(),
  policyType: Type.String(),
  policyGroupId: Type.String(),
  policyGroupName: Type.String(),
  createdDateTime: Type.String(),
  status: Type.Union([Type.Literal('draft'), Type.Literal('activated'), Type.Literal('deactivated')]),
});
