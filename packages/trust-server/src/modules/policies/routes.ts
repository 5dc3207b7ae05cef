import {
  PolicyGroupEntityView,
  PolicyGroupView,
  PolicyResponseView,
  PolicyView,
} from '@mosip-trust/contracts';
import { type Static, Type } from '@sinclair/typebox';
import { KEY_HOLDER_ROLES, ROLES } from '../../auth/roles.ts';
import { roles } from '../../http/access.ts';
import { type EnvelopedBody, envelopeBody, envelopeResponse, ok } from '../../http/envelope.ts';
import { principalOf } from '../../http/guard.ts';
import type { TrustModule } from '../../http/module.ts';
import { NullableStr, POL, Str } from '../route-helpers.ts';
import {
  activePoliciesOfGroup,
  createPolicy,
  createPolicyGroup,
  getPartnerPolicy,
  getPolicy,
  getPolicyGroup,
  listPolicies,
  listPolicyGroups,
  publishPolicy,
  setPolicyStatus,
  updatePolicy,
  updatePolicyGroup,
} from './service.ts';

const TAGS = ['policies'];
const MANAGERS = [ROLES.PARTNER_ADMIN, ROLES.POLICYMANAGER];

const GroupRequest = Type.Object({ name: Str(128), desc: Str(256) });
const GroupUpdateRequest = Type.Object({
  name: Str(128),
  desc: Str(256),
  isActive: Type.Optional(Type.Boolean()),
});
const GroupWithPolicies = Type.Object({
  policyGroup: PolicyGroupEntityView,
  policies: Type.Array(PolicyView),
});
const PolicyCreated = Type.Object({
  id: Type.String(),
  policyGroupName: Type.String(),
  name: Type.String(),
  desc: Type.String(),
  is_Active: Type.Boolean(),
  status: Type.String(),
  version: Type.String(),
  revision: Type.Integer(),
  lineageId: Type.String(),
  cr_by: Type.String(),
  cr_dtimes: Type.String(),
  up_by: NullableStr,
  upd_dtimes: NullableStr,
});
const PolicyUpdateRequest = Type.Object({
  policyGroupName: Str(128),
  name: Str(128),
  desc: Str(256),
  version: Str(8),
  policies: Type.Record(Type.String(), Type.Unknown()),
});
const PolicyCreateRequest = Type.Object({
  ...PolicyUpdateRequest.properties,
  policyType: Str(36),
  policyId: Type.Optional(Type.String({ minLength: 1, maxLength: 36, pattern: '^[A-Za-z0-9._-]+$' })),
});
const StatusRequest = Type.Object({ status: Str(16) });
const GroupIdParams = Type.Object({ policygroupId: Str(64) });
const GroupNameParams = Type.Object({ groupName: Str(128) });
const PolicyIdParams = Type.Object({ policyId: Str(64) });
const PolicyGroupParams = Type.Object({ policyId: Str(64), policygroupId: Str(64) });
const PolicyPartnerParams = Type.Object({ policyId: Str(64), partnerId: Str(64) });
const ActivePolicy = Type.Object({
  policyGroupId: Type.String(),
  policyGroupName: Type.String(),
  id: Type.String(),
  name: Type.String(),
  descr: Type.String(),
  policyType: Type.String(),
  version: Type.String(),
  revision: Type.Integer(),
});

export const policiesModule: TrustModule = {
  name: 'policies',
  register(app, deps) {
    app.post<EnvelopedBody<typeof GroupRequest>>(
      `${POL}/policies/group/new`,
      {
        config: { access: roles(...MANAGERS) },
        schema: {
          tags: TAGS,
          summary: 'Create a policy group',
          body: envelopeBody(GroupRequest),
          response: { 200: envelopeResponse(PolicyGroupView) },
        },
      },
      async (request) =>
        ok(request, await createPolicyGroup(deps, principalOf(request), request.body.request)),
    );

    app.put<EnvelopedBody<typeof GroupUpdateRequest> & { Params: Static<typeof GroupIdParams> }>(
      `${POL}/policies/group/:policygroupId`,
      {
        config: { access: roles(...MANAGERS) },
        schema: {
          tags: TAGS,
          summary:
            'Rename or (de)activate a policy group; deactivation needs no published or draft policy in it',
          params: GroupIdParams,
          body: envelopeBody(GroupUpdateRequest),
          response: { 200: envelopeResponse(PolicyGroupView) },
        },
      },
      async (request) =>
        ok(
          request,
          await updatePolicyGroup(
            deps,
            principalOf(request),
            request.params.policygroupId,
            request.body.request,
          ),
        ),
    );

    app.get(
      `${POL}/policies/group/all`,
      {
        config: { access: roles(...MANAGERS) },
        schema: {
          tags: TAGS,
          summary: 'Every policy group with its policies (all versions)',
          response: { 200: envelopeResponse(Type.Array(GroupWithPolicies)) },
        },
      },
      async (request) => ok(request, await listPolicyGroups(deps.db)),
    );

    app.get<{ Params: Static<typeof GroupIdParams> }>(
      `${POL}/policies/group/:policygroupId`,
      {
        config: { access: roles(...MANAGERS) },
        schema: {
          tags: TAGS,
          summary: 'One policy group with its policies',
          params: GroupIdParams,
          response: { 200: envelopeResponse(GroupWithPolicies) },
        },
      },
      async (request) => ok(request, await getPolicyGroup(deps.db, request.params.policygroupId)),
    );

    app.get<{ Params: Static<typeof GroupNameParams> }>(
      `${POL}/policies/active/group/:groupName`,
      {
        config: {
          access: roles(
            ROLES.PARTNER_ADMIN,
            ROLES.POLICYMANAGER,
            ...KEY_HOLDER_ROLES,
            ROLES.MANUAL_ADJUDICATION,
          ),
        },
        schema: {
          tags: TAGS,
          summary:
            'The published policies of an active group (newest version of each): what a partner can request',
          params: GroupNameParams,
          response: { 200: envelopeResponse(Type.Array(ActivePolicy)) },
        },
      },
      async (request) => ok(request, await activePoliciesOfGroup(deps.db, request.params.groupName)),
    );

    app.post<EnvelopedBody<typeof PolicyCreateRequest>>(
      `${POL}/policies`,
      {
        config: { access: roles(...MANAGERS) },
        schema: {
          tags: TAGS,
          summary:
            'Create a draft policy (Auth, DataShare, CredentialIssuance, MISP), validated against its type schema',
          body: envelopeBody(PolicyCreateRequest),
          response: { 200: envelopeResponse(PolicyCreated) },
        },
      },
      async (request) => ok(request, await createPolicy(deps, principalOf(request), request.body.request)),
    );

    app.put<EnvelopedBody<typeof PolicyUpdateRequest> & { Params: Static<typeof PolicyIdParams> }>(
      `${POL}/policies/:policyId`,
      {
        config: { access: roles(...MANAGERS) },
        schema: {
          tags: TAGS,
          summary:
            'Edit a draft in place; editing a published version creates the next version as a new draft (new id)',
          params: PolicyIdParams,
          body: envelopeBody(PolicyUpdateRequest),
          response: { 200: envelopeResponse(PolicyCreated) },
        },
      },
      async (request) =>
        ok(
          request,
          await updatePolicy(deps, principalOf(request), request.params.policyId, request.body.request),
        ),
    );

    app.post<{ Params: Static<typeof PolicyGroupParams> }>(
      `${POL}/policies/:policyId/group/:policygroupId/publish`,
      {
        config: { access: roles(...MANAGERS) },
        schema: {
          tags: TAGS,
          summary: 'Publish a draft (it becomes immutable)',
          params: PolicyGroupParams,
          response: { 200: envelopeResponse(PolicyResponseView) },
        },
      },
      async (request) =>
        ok(
          request,
          await publishPolicy(
            deps,
            principalOf(request),
            request.params.policyId,
            request.params.policygroupId,
          ),
        ),
    );

    app.patch<EnvelopedBody<typeof StatusRequest> & { Params: Static<typeof PolicyGroupParams> }>(
      `${POL}/policies/:policyId/group/:policygroupId`,
      {
        config: { access: roles(...MANAGERS) },
        schema: {
          tags: TAGS,
          summary:
            'status "De-active" deactivates a published version (refused while active API keys use it)',
          params: PolicyGroupParams,
          body: envelopeBody(StatusRequest),
          response: { 200: envelopeResponse(Type.Object({ message: Type.String() })) },
        },
      },
      async (request) =>
        ok(
          request,
          await setPolicyStatus(
            deps,
            principalOf(request),
            request.params.policyId,
            request.params.policygroupId,
            request.body.request.status,
          ),
        ),
    );

    app.get(
      `${POL}/policies`,
      {
        config: { access: roles(...MANAGERS) },
        schema: {
          tags: TAGS,
          summary: 'Every policy version',
          response: { 200: envelopeResponse(Type.Array(PolicyResponseView)) },
        },
      },
      async (request) => ok(request, await listPolicies(deps.db)),
    );

    app.get<{ Params: Static<typeof PolicyIdParams> }>(
      `${POL}/policies/:policyId`,
      {
        config: { access: roles(...MANAGERS) },
        schema: {
          tags: TAGS,
          summary: 'One policy version',
          params: PolicyIdParams,
          response: { 200: envelopeResponse(PolicyResponseView) },
        },
      },
      async (request) => ok(request, await getPolicy(deps.db, request.params.policyId)),
    );

    app.get<{ Params: Static<typeof PolicyPartnerParams> }>(
      `${POL}/policies/:policyId/partner/:partnerId`,
      {
        config: {
          access: roles(ROLES.PARTNER_ADMIN, ...KEY_HOLDER_ROLES),
        },
        schema: {
          tags: TAGS,
          summary:
            'The policy version a partner holds an active API key for (as IDA and the credential service fetch it)',
          params: PolicyPartnerParams,
          response: { 200: envelopeResponse(PolicyResponseView) },
        },
      },
      async (request) =>
        ok(
          request,
          await getPartnerPolicy(
            deps,
            principalOf(request),
            request.params.policyId,
            request.params.partnerId,
          ),
        ),
    );
  },
};
