import { CredentialTypePolicyView, ExtractorsView } from '@mosip-trust/contracts';
import { Type } from '@sinclair/typebox';
import { ROLES } from '../../auth/roles.ts';
import { routeModule } from '../../http/route.ts';
import { PM, Str } from '../route-helpers.ts';
import { addBioExtractors, bioExtractors, credentialTypePolicy, mapCredentialType } from './service.ts';

/** MOSIP's role lists of these routes (postpartnersbioextractors, postpartnerscredentialtypepolicies, …). */
const ALLOWED = [ROLES.PARTNER_ADMIN, ROLES.CREDENTIAL_PARTNER, ROLES.ONLINE_VERIFICATION_PARTNER];
const ExtractorParams = Type.Object({ partnerId: Str(64), policyId: Str(64) });
const TypeParams = Type.Object({ partnerId: Str(64), credentialType: Str(32) });
const TypePolicyParams = Type.Object({ partnerId: Str(64), credentialType: Str(32), policyName: Str(128) });
const EXTRACTORS = `${PM}/partners/:partnerId/bioextractors/:policyId`;
const CREDENTIAL_TYPE = `${PM}/partners/:partnerId/credentialtype/:credentialType/policies`;

/** Credential partners: a policy per credential type and the biometric extractors of a policy. */
export const credentialPartnersModule = routeModule('credential-partners', ['credential partners'], (r, deps) => {
  r.post(EXTRACTORS, ALLOWED, 'Set the biometric extractors of a requested, not yet approved policy (one per attribute; again replaces)', { params: ExtractorParams, body: ExtractorsView, response: Type.String() }, (c) =>
    addBioExtractors(deps, c.actor, c.params.partnerId, c.params.policyId, c.body),
  );
  r.get(EXTRACTORS, ALLOWED, "The biometric extractors of a partner's policy (MOSIP ExtractorsDto)", { params: ExtractorParams, response: ExtractorsView }, (c) => bioExtractors(deps, c.actor, c.params.partnerId, c.params.policyId));
  r.post(`${CREDENTIAL_TYPE}/:policyName`, ALLOWED, 'Map a credential type (pmp.allowed.credential.types) to a published policy of the partner', { params: TypePolicyParams, response: Type.String() }, (c) =>
    mapCredentialType(deps, c.actor, c.params.partnerId, c.params.credentialType, c.params.policyName),
  );
  r.get(CREDENTIAL_TYPE, ALLOWED, 'The policy a partner uses for a credential type', { params: TypeParams, response: CredentialTypePolicyView }, (c) => credentialTypePolicy(deps, c.actor, c.params.partnerId, c.params.credentialType));
});
