import { type Static, Type } from '@sinclair/typebox';
import { NullableStr } from './common.ts';

/** A partner's policy mapping request with its API keys (never their secrets). */
export const ApiKeyRequestView = Type.Object({
  apiKeyReqID: Type.String(),
  apiKeyRequestStatus: Type.String(),
  partnerApiKey: Type.Null(),
  apikeyStatus: Type.Boolean(),
  validityTill: NullableStr,
  policyId: Type.String(),
  policyName: Type.String(),
  policyRevision: Type.Integer(),
  useCaseDescription: Type.String(),
  reason: NullableStr,
  requestedAt: Type.String(),
  decidedAt: NullableStr,
  apiKeys: Type.Array(
    Type.Object({
      apiKeyId: Type.String(),
      label: Type.String(),
      keyPrefix: Type.String(),
      status: Type.String(),
      validFrom: Type.String(),
      validTo: Type.String(),
      supersededBy: NullableStr,
    }),
  ),
});
export type ApiKeyRequestView = Static<typeof ApiKeyRequestView>;

/** One policy mapping request as the partner manager lists it (MOSIP ApikeyRequests, plus requestedAt). */
export const ApikeyRequestSummaryView = Type.Object({
  partnerID: Type.String(),
  status: Type.String(),
  organizationName: Type.String(),
  policyId: Type.String(),
  policyName: Type.String(),
  policyDesc: Type.String(),
  apiKeyReqNo: Type.String(),
  requestedAt: Type.String(),
});
export type ApikeyRequestSummaryView = Static<typeof ApikeyRequestSummaryView>;
