import { ApiKeyRequestView, ApikeyRequestSummaryView } from '@mosip-trust/contracts';
import { Type } from '@sinclair/typebox';
import { KEY_HOLDER_ROLES, ROLES } from '../../auth/roles.ts';
import { routeModule } from '../../http/route.ts';
import { PM, Str } from '../route-helpers.ts';
import { decidePolicyRequest, listAllRequests, listPartnerRequests, requestPolicy } from './policy-requests.ts';
import { generateApiKey, rotateApiKey, setApiKeyStatus } from './service.ts';
import { setApiKeyValidity } from './validity.ts';

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
const ValidityRequest = Type.Object({
  label: Str(36),
  validFrom: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
  validTo: Type.String({ format: 'date-time', maxLength: 40 }),
});
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
const Mapped = Type.Object({ mappingkey: Type.String(), message: Type.String() });
const Rotated = Type.Object({ ...NewKey, previousApiKeyId: Type.String(), previousValidTo: Type.String() });
const AdminList = Type.Object({ apikeyRequests: Type.Array(ApikeyRequestSummaryView) });
const PARTNER = `${PM}/partners/:partnerId`;
const KEY_OF_POLICY = `${PARTNER}/policy/:policyId/apiKey`;
const AdminListQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal('InProgress'), Type.Literal('approved'), Type.Literal('rejected')])),
});

export const apiKeysModule = routeModule('api-keys', ['api keys'], (r, deps) => {
  r.post(
    `${PARTNER}/policy/map`,
    [ROLES.PARTNER_ADMIN, ...KEY_HOLDERS],
    "Request an API key against a published policy of the partner's policy group, with a use-case description",
    { params: PartnerParams, body: MapRequest, response: Mapped },
    (c) => requestPolicy(deps, c.actor, c.params.partnerId, c.body),
  );
  r.put(
    `${PM}/partners/policy/:mappingkey`,
    [ROLES.PARTNER_ADMIN],
    'Approve or reject a policy mapping request: status "Approved" or "Rejected" (reason optional: "no reason given" is recorded); exactly one decision wins',
    { params: MappingParams, body: DecisionRequest, response: Type.String() },
    (c) => decidePolicyRequest(deps, c.actor, c.params.mappingkey, c.body),
  );
  r.patch(
    `${PARTNER}/generate/apikey`,
    KEY_HOLDERS,
    'Create a labelled API key for an approved policy; the secret is returned once and stored only as SHA-256',
    { params: PartnerParams, body: GenerateRequest, response: Type.Object(NewKey) },
    (c) => generateApiKey(deps, c.actor, c.params.partnerId, c.body),
  );
  r.post(`${KEY_OF_POLICY}/rotate`, KEY_HOLDERS, 'Rotate a key: a new secret under the same label; the old one stays valid for overlapHours (default 24)', { params: PartnerPolicyParams, body: RotateRequest, response: Rotated }, (c) =>
    rotateApiKey(deps, c.actor, c.params.partnerId, c.params.policyId, c.body),
  );
  r.patch(`${KEY_OF_POLICY}/status`, [ROLES.PARTNER_ADMIN, ...KEY_HOLDERS], 'status "De-active" revokes the keys of a label (one-way)', { params: PartnerPolicyParams, body: StatusRequest, response: Type.String() }, (c) =>
    setApiKeyStatus(deps, c.actor, c.params.partnerId, c.params.policyId, c.body),
  );
  r.patch(
    `${KEY_OF_POLICY}/validity`,
    [ROLES.PARTNER_ADMIN, ...KEY_HOLDERS],
    'Set the validity window of the current key of a label (validFrom optional, kept when absent); it must end after it starts and not beyond the policy; a revoked key stays revoked',
    {
      params: PartnerPolicyParams,
      body: ValidityRequest,
      response: Type.Object({ apiKeyId: Type.String(), validFrom: Type.String(), validTo: Type.String() }),
    },
    (c) => setApiKeyValidity(deps, c.actor, c.params.partnerId, c.params.policyId, c.body),
  );
  r.get(
    `${PARTNER}/apikey/request`,
    [ROLES.PARTNER_ADMIN, ...KEY_HOLDERS],
    "The partner's policy requests, each with its API keys (labels, prefixes, status, validity; never the secrets)",
    { params: PartnerParams, response: Type.Array(ApiKeyRequestView) },
    (c) => listPartnerRequests(deps, c.actor, c.params.partnerId),
  );
  r.get(`${PM}/partners/apikey`, [ROLES.PARTNER_ADMIN], 'Every policy mapping request (admin), optionally of one status', { query: AdminListQuery, response: AdminList }, ({ query }) => listAllRequests(deps, query.status));
});
