import { Type } from '@sinclair/typebox';
import { ROLES } from '../../../auth/roles.ts';
import { routeModule } from '../../../http/route.ts';
import { POL, Str } from '../../route-helpers.ts';
import { activePolicyGroups, deactivatePolicy, deactivatePolicyGroup } from '../master.ts';

const MANAGERS = [ROLES.PARTNER_ADMIN, ROLES.POLICYMANAGER];
const READERS = [ROLES.PARTNER_ADMIN, ROLES.POLICYMANAGER, ROLES.AUTH_PARTNER, ROLES.CREDENTIAL_PARTNER, ROLES.ONLINE_VERIFICATION_PARTNER, ROLES.ABIS_PARTNER, ROLES.MANUAL_ADJUDICATION];
const PolicyParams = Type.Object({ policyId: Str(64) });
const GroupParams = Type.Object({ policyGroupId: Str(64) });
const Deactivation = Type.Object({ status: Str(16) });
const Group = { id: Type.String(), name: Type.String(), description: Type.String() };
const DeactivatedGroup = Type.Object({ ...Group, status: Type.String(), isActive: Type.Boolean() });
const DeactivatedPolicy = Type.Object({
  policyId: Type.String(),
  policyName: Type.String(),
  policyDescription: Type.String(),
  policyGroupId: Type.String(),
  policyGroupName: Type.String(),
  status: Type.String(),
  isActive: Type.Boolean(),
});

/** MOSIP master's (1.2.2/1.3 portal) policy routes: active groups and one-way deactivation. */
export const policyMasterModule = routeModule('policy-master', ['policies'], (r, deps) => {
  r.get(`${POL}/policies/policy-groups`, READERS, 'The active policy groups (MOSIP master GET /policies/policy-groups)', { response: Type.Array(Type.Object(Group)) }, () => activePolicyGroups(deps.db));
  r.patch(`${POL}/policies/group/:policyGroupId`, MANAGERS, 'status "De-Activate": a policy group without published or draft policies, for good', { params: GroupParams, body: Deactivation, response: DeactivatedGroup }, (c) =>
    deactivatePolicyGroup(deps, c.actor, c.params.policyGroupId, c.body.status),
  );
  r.patch(`${POL}/policies/:policyId`, MANAGERS, 'status "De-Activate": a published policy without approved or pending requests, for good', { params: PolicyParams, body: Deactivation, response: DeactivatedPolicy }, (c) =>
    deactivatePolicy(deps, c.actor, c.params.policyId, c.body.status),
  );
});
