import { CredentialTypePolicyView, ExtractorsView } from '@mosip-trust/contracts';
import { type Static, Type } from '@sinclair/typebox';
import { ROLES } from '../../auth/roles.ts';
import { roles } from '../../http/access.ts';
import { type EnvelopedBody, envelopeBody, envelopeResponse, ok } from '../../http/envelope.ts';
import { principalOf } from '../../http/guard.ts';
import type { TrustModule } from '../../http/module.ts';
import { PM, Str } from '../route-helpers.ts';
import { addBioExtractors, bioExtractors, credentialTypePolicy, mapCredentialType } from './service.ts';

const TAGS = ['credential partners'];
/** MOSIP's role lists of these routes (postpartnersbioextractors, postpartnerscredentialtypepolicies, …). */
const ALLOWED = roles(ROLES.PARTNER_ADMIN, ROLES.CREDENTIAL_PARTNER, ROLES.ONLINE_VERIFICATION_PARTNER);
const ExtractorParams = Type.Object({ partnerId: Str(64), policyId: Str(64) });
const TypeParams = Type.Object({ partnerId: Str(64), credentialType: Str(32) });
const TypePolicyParams = Type.Object({ partnerId: Str(64), credentialType: Str(32), policyName: Str(128) });

/** Credential partners: a policy per credential type and the biometric extractors of a policy. */
export const credentialPartnersModule: TrustModule = {
  name: 'credential-partners',
  register(app, deps) {
    app.post<EnvelopedBody<typeof ExtractorsView> & { Params: Static<typeof ExtractorParams> }>(
      `${PM}/partners/:partnerId/bioextractors/:policyId`,
      {
        config: { access: ALLOWED },
        schema: {
          tags: TAGS,
          summary: 'Set the biometric extractors of a requested, not yet approved policy (one per attribute; again replaces)',
          params: ExtractorParams,
          body: envelopeBody(ExtractorsView),
          response: { 200: envelopeResponse(Type.String()) },
        },
      },
      async (request) => ok(request, await addBioExtractors(deps, principalOf(request), request.params.partnerId, request.params.policyId, request.body.request)),
    );

    app.get<{ Params: Static<typeof ExtractorParams> }>(
      `${PM}/partners/:partnerId/bioextractors/:policyId`,
      {
        config: { access: ALLOWED },
        schema: {
          tags: TAGS,
          summary: "The biometric extractors of a partner's policy (MOSIP ExtractorsDto)",
          params: ExtractorParams,
          response: { 200: envelopeResponse(ExtractorsView) },
        },
      },
      async (request) => ok(request, await bioExtractors(deps, principalOf(request), request.params.partnerId, request.params.policyId)),
    );

    app.post<{ Params: Static<typeof TypePolicyParams> }>(
      `${PM}/partners/:partnerId/credentialtype/:credentialType/policies/:policyName`,
      {
        config: { access: ALLOWED },
        schema: {
          tags: TAGS,
          summary: 'Map a credential type (pmp.allowed.credential.types) to a published policy of the partner',
          params: TypePolicyParams,
          response: { 200: envelopeResponse(Type.String()) },
        },
      },
      async (request) => ok(request, await mapCredentialType(deps, principalOf(request), request.params.partnerId, request.params.credentialType, request.params.policyName)),
    );

    app.get<{ Params: Static<typeof TypeParams> }>(
      `${PM}/partners/:partnerId/credentialtype/:credentialType/policies`,
      {
        config: { access: ALLOWED },
        schema: {
          tags: TAGS,
          summary: 'The policy a partner uses for a credential type',
          params: TypeParams,
          response: { 200: envelopeResponse(CredentialTypePolicyView) },
        },
      },
      async (request) => ok(request, await credentialTypePolicy(deps, principalOf(request), request.params.partnerId, request.params.credentialType)),
    );
  },
};
