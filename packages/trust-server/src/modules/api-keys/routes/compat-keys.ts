import { ApikeyRequestSummaryView } from '@mosip-trust/contracts';
import { type Static, Type } from '@sinclair/typebox';
import { KEY_HOLDER_ROLES, ROLES } from '../../../auth/roles.ts';
import { roles } from '../../../http/access.ts';
import { type EnvelopedBody, envelopeBody, envelopeResponse, ok } from '../../../http/envelope.ts';
import { principalOf } from '../../../http/guard.ts';
import type { TrustModule } from '../../../http/module.ts';
import { PM, Str } from '../../route-helpers.ts';
import { keyPolicyMapping, keyRequestDetails, updateKeyPolicy } from '../compat.ts';
import { requestPolicy } from '../policy-requests.ts';

const TAGS = ['api keys'];
const RequestParams = Type.Object({ apikey: Str(64) });
const PartnerKeyParams = Type.Object({ partnerId: Str(64), apikey: Str(64) });
const PartnerParams = Type.Object({ partnerId: Str(64) });
const PolicyChange = Type.Object({ oldPolicyID: Str(64), newPolicyID: Str(64) });
const KeyRequest = Type.Object({ policyName: Str(128), useCaseDescription: Str(4000) });

/** MOSIP 1.2's partner-manager API-key routes besides the core ones (docs/pms-compatibility.md). */
export const apiKeysCompatModule: TrustModule = {
  name: 'api-keys-compat',
  register(app, deps) {
    app.get<{ Params: Static<typeof RequestParams> }>(
      `${PM}/partners/apikey/:apikey`,
      {
        config: { access: roles(ROLES.PARTNER_ADMIN) },
        schema: {
          tags: TAGS,
          summary: 'One policy mapping request (MOSIP GET /partners/apikey/{apikey}: the path value is the request id)',
          params: RequestParams,
          response: {
            200: envelopeResponse(ApikeyRequestSummaryView),
          },
        },
      },
      async (request) => ok(request, await keyRequestDetails(deps, request.params.apikey)),
    );

    app.get<{ Params: Static<typeof PartnerKeyParams> }>(
      `${PM}/partners/:partnerId/apikey/:apikey`,
      {
        config: { access: roles(ROLES.PARTNER_ADMIN) },
        schema: {
          tags: TAGS,
          summary: 'The policy an API key is bound to; the key is named by its id (apiKeyId), never its secret',
          params: PartnerKeyParams,
          response: {
            200: envelopeResponse(Type.Object({ partnerID: Type.String(), policyId: Type.String() })),
          },
        },
      },
      async (request) => ok(request, await keyPolicyMapping(deps, request.params.partnerId, request.params.apikey)),
    );

    app.put<EnvelopedBody<typeof PolicyChange> & { Params: Static<typeof PartnerKeyParams> }>(
      `${PM}/partners/:partnerId/apikey/:apikey/policies`,
      {
        config: { access: roles(ROLES.PARTNER_ADMIN) },
        schema: {
          tags: TAGS,
          summary: "Bind a live API key (named by its id) to another published policy of the partner's group",
          params: PartnerKeyParams,
          body: envelopeBody(PolicyChange),
          response: { 200: envelopeResponse(Type.Object({ message: Type.String() })) },
        },
      },
      async (request) => ok(request, await updateKeyPolicy(deps, principalOf(request), request.params.partnerId, request.params.apikey, request.body.request)),
    );

    app.patch<EnvelopedBody<typeof KeyRequest> & { Params: Static<typeof PartnerParams> }>(
      `${PM}/partners/:partnerId/apikey/request`,
      {
        config: { access: roles(ROLES.PARTNER_ADMIN, ...KEY_HOLDER_ROLES) },
        schema: {
          tags: TAGS,
          summary: 'MOSIP PATCH /partners/{id}/apikey/request: the older form of POST …/policy/map (answers apiRequestId)',
          params: PartnerParams,
          body: envelopeBody(KeyRequest),
          response: {
            200: envelopeResponse(Type.Object({ apiRequestId: Type.String(), message: Type.String() })),
          },
        },
      },
      async (request) => {
        const submitted = await requestPolicy(deps, principalOf(request), request.params.partnerId, request.body.request);
        return ok(request, { apiRequestId: submitted.mappingkey, message: submitted.message });
      },
    );
  },
};
