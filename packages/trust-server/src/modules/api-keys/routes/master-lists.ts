import { ApiKeyRowV2, PolicyRequestRowV2, PolicyRowV2, pageV2Response } from '@mosip-trust/contracts';
import { Type } from '@sinclair/typebox';
import { ROLES } from '../../../auth/roles.ts';
import { routeModule } from '../../../http/route.ts';
import { listPoliciesV2 } from '../../policies/master-list.ts';
import { Paging, PM, POL, Str } from '../../route-helpers.ts';
import { listApiKeysV2, listPolicyRequestsV2 } from '../master-lists.ts';

const R = ROLES;
const Filter = (max: number) => Type.Optional(Str(max));
const Sorting = { ...Paging, sortFieldName: Filter(64), sortType: Filter(8) };
const Shared = { ...Sorting, partnerId: Filter(64), orgName: Filter(128), policyName: Filter(128), policyGroupName: Filter(128) };
const RequestQuery = Type.Object({ ...Shared, partnerTypeCode: Filter(64), policyId: Filter(64), status: Type.Optional(Type.Union([Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('InProgress')])) });
const KeyQuery = Type.Object({ ...Shared, apiKeyLabel: Filter(128), status: Type.Optional(Type.Union([Type.Literal('activated'), Type.Literal('deactivated')])) });
const PolicyQuery = Type.Object({
  ...Sorting,
  policyType: Filter(32),
  policyId: Filter(64),
  policyName: Filter(128),
  policyDescription: Filter(256),
  policyGroupName: Filter(128),
  status: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('activated'), Type.Literal('deactivated')])),
});

/** MOSIP master's (1.2.2/1.3 portal) paged lists of policy requests, API keys and policies. */
export const masterListsModule = routeModule('master-lists', ['api keys'], (r, deps) => {
  r.get(
    `${PM}/partner-policy-requests`,
    [R.PARTNER_ADMIN, R.AUTH_PARTNER, R.ABIS_PARTNER, R.SDK_PARTNER, R.CREDENTIAL_PARTNER, R.ONLINE_VERIFICATION_PARTNER],
    "Policy requests as MOSIP master's paged list (an admin: every partner's; a partner: its own)",
    { query: RequestQuery, response: pageV2Response(PolicyRequestRowV2) },
    (c) => listPolicyRequestsV2(deps.db, c.actor, c.query),
  );
  r.get(
    `${PM}/partner-api-keys`,
    [R.PARTNER_ADMIN, R.AUTH_PARTNER],
    "API keys as MOSIP master's paged list, without their secrets (an admin: every partner's; a partner: its own)",
    { query: KeyQuery, response: pageV2Response(ApiKeyRowV2) },
    (c) => listApiKeysV2(deps.db, c.actor, c.query),
  );
  r.get(`${POL}/policies/v2`, [R.PARTNER_ADMIN, R.POLICYMANAGER], "Policies as MOSIP master's paged list (draft, activated, deactivated)", { query: PolicyQuery, response: pageV2Response(PolicyRowV2) }, (c) =>
    listPoliciesV2(deps.db, c.query),
  );
});
