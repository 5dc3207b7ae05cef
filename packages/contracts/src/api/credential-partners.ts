import { type Static, Type } from '@sinclair/typebox';
import { PolicyFields } from './policies.ts';

/** One biometric extractor of a credential partner's policy (MOSIP ExtractorDto). */
export const ExtractorView = Type.Object({
  attributeName: Type.String({ minLength: 1, maxLength: 128 }),
  /** "<modality>[<sub types>]", e.g. "finger[Left IndexFinger]" or "face". */
  biometric: Type.String({ minLength: 1, maxLength: 140 }),
  extractor: Type.Object({
    provider: Type.String({ minLength: 1, maxLength: 128 }),
    version: Type.Optional(Type.Union([Type.String({ maxLength: 8 }), Type.Null()])),
  }),
});
export type ExtractorView = Static<typeof ExtractorView>;

/** MOSIP ExtractorsDto: the request of POST and the answer of GET /partners/{id}/bioextractors/{policyId}. */
export const ExtractorsView = Type.Object({
  extractors: Type.Array(ExtractorView, { minItems: 1, maxItems: 50 }),
});
export type ExtractorsView = Static<typeof ExtractorsView>;

/** MOSIP PartnerCredentialTypePolicyDto: the policy a partner uses for one credential type. */
export const CredentialTypePolicyView = Type.Object({
  partnerId: Type.String(),
  credentialType: Type.String(),
  ...PolicyFields,
});
export type CredentialTypePolicyView = Static<typeof CredentialTypePolicyView>;
