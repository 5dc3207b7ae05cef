import { ApiKeyRequestView, ApikeyRequestSummaryView } from '@mosip-trust/contracts';
import { type Static, Type } from '@sinclair/typebox';
import { KEY_HOLDER_ROLES, ROLES } from '../../auth/roles.ts';
import { roles } from '../../http/access.ts';
import { type EnvelopedBody, envelopeBody, envelopeResponse, ok } from '../../http/envelope.ts';
import { principalOf } from '../../http/guard.ts';
import type { TrustModule } from '../../http/module.ts';
import { PM, Str } from '../route-helpers.ts';
import {
  decidePolicyRequest,
  listAllRequests,
  listPartnerRequests,
  requestPolicy,
} from './policy-requests.ts';
import { generateApiKey, rotateApiKey, setApiKeyStatus } from './service.ts';

const TAGS = ['api keys'];
const KEY_HOLDERS = KEY_HOLDER_ROLES;

const PartnerParams = Type.Object({ partnerId: Str(64) });
const PartnerPolicyParams = Type.Object({ partnerId: Str(64), policyId: Str(64) });
const MappingParams = Type.Object({ mappingkey: Str(64) });
const MapRequest = Type.Object({ policyName: Str(128), useCaseDescription: Str(4000) });
const DecisionRequest = Type.Object({ status: Str(16), reason: Type.Optional(Str(1000)) });
const GenerateRequest = Type.Object({
  policyName: Str(128),
  label: Str(36),
  validityDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
});
const StatusRequest = Type.Object({ label: Str(36), status: Str(16) });
const RotateRequest = Type.Object({
  label: Str(36),
  overlapHours: Type.Optional(Type.Integer({ minimum: 0, maximum: 720 })),
  validityDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
});
const NewKey = {
  apiKey: Type.String(),
  apiKeyId: Type.String(),
  label: Type.String(),
  policyId: Type.String(),
  partnerId: Type.String(),
  validFrom: Type.String(),
  validTo: Type.String(),
};
const AdminListQuery = Type.Object({
  status: Type.Optional(
    Type.Union([Type.Literal('InProgress'), Type.Literal('approved'), Type.Literal('rejected')]),
  ),
});

export const apiKeysModule: TrustModule = {
  name: 'api-keys',
  register(app, deps) {
    app.post<EnvelopedBody<typeof MapRequest> & { Params: Static<typeof PartnerParams> }>(
      `${PM}/partners/:partnerId/policy/map`,
      {
        config: { access: roles(ROLES.PARTNER_ADMIN, ...KEY_HOLDERS) },
        schema: {
          tags: TAGS,
          summary:
            "Request an API key against a published policy of the partner's policy group, with a use-case description",
          params: PartnerParams,
          body: envelopeBody(MapRequest),
          response: {
            200: envelopeResponse(Type.Object({ mappingkey: Type.String(), message: Type.String() })),
          },
        },
      },
      async (request) =>
        ok(
          request,
          await requestPolicy(deps, principalOf(request), request.params.partnerId, request.body.request),
        ),
    );

    app.put<EnvelopedBody<typeof DecisionRequest> & { Params: Static<typeof MappingParams> }>(
      `${PM}/partners/policy/:mappingkey`,
      {
        config: { access: roles(ROLES.PARTNER_ADMIN) },
        schema: {
          tags: TAGS,
          summary:
            'Approve or reject a policy mapping request: status "Approved" or "Rejected" (reason optional: "no reason given" is recorded); exactly one decision wins',
          params: MappingParams,
          body: envelopeBody(DecisionRequest),
          response: { 200: envelopeResponse(Type.String()) },
        },
      },
      async (request) =>
        ok(
          request,
          await decidePolicyRequest(
            deps,
            principalOf(request),
            request.params.mappingkey,
            request.body.request,
          ),
        ),
    );

    app.patch<EnvelopedBody<typeof GenerateRequest> & { Params: Static<typeof PartnerParams> }>(
      `${PM}/partners/:partnerId/generate/apikey`,
      {
        config: { access: roles(...KEY_HOLDERS) },
        schema: {
          tags: TAGS,
          summary:
            'Create a labelled API key for an approved policy; the secret is returned once and stored only as SHA-256',
          params: PartnerParams,
          body: envelopeBody(GenerateRequest),
          response: { 200: envelopeResponse(Type.Object(NewKey)) },
        },
      },
      async (request) =>
        ok(
          request,
          await generateApiKey(deps, principalOf(request), request.params.partnerId, request.body.request),
        ),
    );

    app.post<EnvelopedBody<typeof RotateRequest> & { Params: Static<typeof PartnerPolicyParams> }>(
      `${PM}/partners/:partnerId/policy/:policyId/apiKey/rotate`,
      {
        config: { access: roles(...KEY_HOLDERS) },
        schema: {
          tags: TAGS,
          summary:
            'Rotate a key: a new secret under the same label; the old one stays valid for overlapHours (default 24)',
          params: PartnerPolicyParams,
          body: envelopeBody(RotateRequest),
          response: {
            200: envelopeResponse(
              Type.Object({ ...NewKey, previousApiKeyId: Type.String(), previousValidTo: Type.String() }),
            ),
          },
        },
      },
      async (request) =>
        ok(
          request,
          await rotateApiKey(
            deps,
            principalOf(request),
            request.params.partnerId,
            request.params.policyId,
            request.body.request,
          ),
        ),
    );

    app.patch<EnvelopedBody<typeof StatusRequest> & { Params: Static<typeof PartnerPolicyParams> }>(
      `${PM}/partners/:partnerId/policy/:policyId/apiKey/status`,
      {
        config: { access: roles(ROLES.PARTNER_ADMIN, ...KEY_HOLDERS) },
        schema: {
          tags: TAGS,
          summary: 'status "De-active" revokes the keys of a label (one-way)',
          params: PartnerPolicyParams,
          body: envelopeBody(StatusRequest),
          response: { 200: envelopeResponse(Type.String()) },
        },
      },
      async (request) =>
        ok(
          request,
          await setApiKeyStatus(
            deps,
            principalOf(request),
            request.params.partnerId,
            request.params.policyId,
            request.body.request,
          ),
        ),
    );

    app.get<{ Params: Static<typeof PartnerParams> }>(
      `${PM}/partners/:partnerId/apikey/request`,
      {
        config: { access: roles(ROLES.PARTNER_ADMIN, ...KEY_HOLDERS) },
        schema: {
          tags: TAGS,
          summary:
            "The partner's policy requests, each with its API keys (labels, prefixes, status, validity; never the secrets)",
          params: PartnerParams,
          response: { 200: envelopeResponse(Type.Array(ApiKeyRequestView)) },
        },
      },
      async (request) =>
        ok(request, await listPartnerRequests(deps, principalOf(request), request.params.partnerId)),
    );

    app.get<{ Querystring: Static<typeof AdminListQuery> }>(
      `${PM}/partners/apikey`,
      {
        config: { access: roles(ROLES.PARTNER_ADMIN) },
        schema: {
          tags: TAGS,
          summary: 'Every policy mapping request (admin), optionally of one status',
          querystring: AdminListQuery,
          response: {
            200: envelopeResponse(
              Type.Object({
                apikeyRequests: Type.Array(ApikeyRequestSummaryView),
              }),
            ),
          },
        },
      },
      async (request) => ok(request, await listAllRequests(deps, request.query.status)),
    );
  },
};
