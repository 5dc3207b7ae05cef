import { PolicyGroupEntityView, PolicyGroupView, PolicyResponseView, PolicyView } from '@mosip-trust/contracts';
import { Type } from '@sinclair/typebox';
import { KEY_HOLDER_ROLES, ROLES } from '../../auth/roles.ts';
import { routeModule } from '../../http/route.ts';
import { NullableStr, POL, Str } from '../route-helpers.ts';
import { activePoliciesOfGroup, createPolicy, createPolicyGroup, getPartnerPolicy, getPolicy, getPolicyGroup, listPolicies, listPolicyGroups, publishPolicy, setPolicyStatus, updatePolicy, updatePolicyGroup } from './service.ts';

const MANAGERS = [ROLES.PARTNER_ADMIN, ROLES.POLICYMANAGER];
const POLICIES = `${POL}/policies`;
const GROUPS = `${POLICIES}/group`;
const IN_GROUP = `${POLICIES}/:policyId/group/:policygroupId`;

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

export const policiesModule = routeModule('policies', ['policies'], (r, deps) => {
  r.post(`${GROUPS}/new`, MANAGERS, 'Create a policy group', { body: GroupRequest, response: PolicyGroupView }, (c) => createPolicyGroup(deps, c.actor, c.body));
  r.put(`${GROUPS}/:policygroupId`, MANAGERS, 'Rename or (de)activate a policy group; deactivation needs no published or draft policy in it', { params: GroupIdParams, body: GroupUpdateRequest, response: PolicyGroupView }, (c) =>
    updatePolicyGroup(deps, c.actor, c.params.policygroupId, c.body),
  );
  r.get(`${GROUPS}/all`, MANAGERS, 'Every policy group with its policies (all versions)', { response: Type.Array(GroupWithPolicies) }, () => listPolicyGroups(deps.db));
  r.get(`${GROUPS}/:policygroupId`, MANAGERS, 'One policy group with its policies', { params: GroupIdParams, response: GroupWithPolicies }, ({ params }) => getPolicyGroup(deps.db, params.policygroupId));
  r.get(
    `${POLICIES}/active/group/:groupName`,
    [ROLES.PARTNER_ADMIN, ROLES.POLICYMANAGER, ...KEY_HOLDER_ROLES, ROLES.MANUAL_ADJUDICATION],
    'The published policies of an active group (newest version of each): what a partner can request',
    { params: GroupNameParams, response: Type.Array(ActivePolicy) },
    ({ params }) => activePoliciesOfGroup(deps.db, params.groupName),
  );
  r.post(POLICIES, MANAGERS, 'Create a draft policy (Auth, DataShare, CredentialIssuance, MISP), validated against its type schema', { body: PolicyCreateRequest, response: PolicyCreated }, (c) => createPolicy(deps, c.actor, c.body));
  r.put(`${POLICIES}/:policyId`, MANAGERS, 'Edit a draft in place; editing a published version creates the next version as a new draft (new id)', { params: PolicyIdParams, body: PolicyUpdateRequest, response: PolicyCreated }, (c) =>
    updatePolicy(deps, c.actor, c.params.policyId, c.body),
  );
  r.post(`${IN_GROUP}/publish`, MANAGERS, 'Publish a draft (it becomes immutable)', { params: PolicyGroupParams, response: PolicyResponseView }, (c) => publishPolicy(deps, c.actor, c.params.policyId, c.params.policygroupId));
  r.patch(IN_GROUP, MANAGERS, 'status "De-active" deactivates a published version (refused while active API keys use it)', { params: PolicyGroupParams, body: StatusRequest, response: Type.Object({ message: Type.String() }) }, (c) =>
    setPolicyStatus(deps, c.actor, c.params.policyId, c.params.policygroupId, c.body.status),
  );
  r.get(POLICIES, MANAGERS, 'Every policy version', { response: Type.Array(PolicyResponseView) }, () => listPolicies(deps.db));
  r.get(`${POLICIES}/:policyId`, MANAGERS, 'One policy version', { params: PolicyIdParams, response: PolicyResponseView }, ({ params }) => getPolicy(deps.db, params.policyId));
  r.get(
    `${POLICIES}/:policyId/partner/:partnerId`,
    [ROLES.PARTNER_ADMIN, ...KEY_HOLDER_ROLES],
    'The policy version a partner holds an active API key for (as IDA and the credential service fetch it)',
    { params: PolicyPartnerParams, response: PolicyResponseView },
    (c) => getPartnerPolicy(deps, c.actor, c.params.policyId, c.params.partnerId),
  );
});
