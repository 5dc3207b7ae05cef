import { ApikeyRequestSummaryView } from '@mosip-trust/contracts';
import { Type } from '@sinclair/typebox';
import { KEY_HOLDER_ROLES, ROLES } from '../../../auth/roles.ts';
import { routeModule } from '../../../http/route.ts';
import { PM, Str } from '../../route-helpers.ts';
import { keyPolicyMapping, keyRequestDetails, updateKeyPolicy } from '../compat.ts';
import { requestPolicy } from '../policy-requests.ts';

const ADMIN = [ROLES.PARTNER_ADMIN];
const RequestParams = Type.Object({ apikey: Str(64) });
const PartnerKeyParams = Type.Object({ partnerId: Str(64), apikey: Str(64) });
const PartnerParams = Type.Object({ partnerId: Str(64) });
const PolicyChange = Type.Object({ oldPolicyID: Str(64), newPolicyID: Str(64) });
const KeyRequest = Type.Object({ policyName: Str(128), useCaseDescription: Str(4000) });
const PARTNER_KEY = `${PM}/partners/:partnerId/apikey/:apikey`;

/** MOSIP 1.2's partner-manager API-key routes besides the core ones (docs/pms-compatibility.md). */
export const apiKeysCompatModule = routeModule('api-keys-compat', ['api keys'], (r, deps) => {
  r.get(`${PM}/partners/apikey/:apikey`, ADMIN, 'One policy mapping request (MOSIP GET /partners/apikey/{apikey}: the path value is the request id)', { params: RequestParams, response: ApikeyRequestSummaryView }, (c) =>
    keyRequestDetails(deps, c.params.apikey),
  );
  r.get(PARTNER_KEY, ADMIN, 'The policy an API key is bound to; the key is named by its id (apiKeyId), never its secret', { params: PartnerKeyParams, response: Type.Object({ partnerID: Type.String(), policyId: Type.String() }) }, (c) =>
    keyPolicyMapping(deps, c.params.partnerId, c.params.apikey),
  );
  r.put(
    `${PARTNER_KEY}/policies`,
    ADMIN,
    "Bind a live API key (named by its id) to another published policy of the partner's group",
    { params: PartnerKeyParams, body: PolicyChange, response: Type.Object({ message: Type.String() }) },
    (c) => updateKeyPolicy(deps, c.actor, c.params.partnerId, c.params.apikey, c.body),
  );
  r.patch(
    `${PM}/partners/:partnerId/apikey/request`,
    [ROLES.PARTNER_ADMIN, ...KEY_HOLDER_ROLES],
    'MOSIP PATCH /partners/{id}/apikey/request: the older form of POST …/policy/map (answers apiRequestId)',
    { params: PartnerParams, body: KeyRequest, response: Type.Object({ apiRequestId: Type.String(), message: Type.String() }) },
    async (c) => {
      const submitted = await requestPolicy(deps, c.actor, c.params.partnerId, c.body);
      return { apiRequestId: submitted.mappingkey, message: submitted.message };
    },
  );
});
