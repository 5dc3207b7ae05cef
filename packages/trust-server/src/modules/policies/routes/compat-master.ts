import { type Static, Type } from '@sinclair/typebox';
import { ROLES } from '../../../auth/roles.ts';
import { roles } from '../../../http/access.ts';
import { type EnvelopedBody, envelopeBody, envelopeResponse, ok } from '../../../http/envelope.ts';
import { principalOf } from '../../../http/guard.ts';
import type { TrustModule } from '../../../http/module.ts';
import { POL, Str } from '../../route-helpers.ts';
import { activePolicyGroups, deactivatePolicy, deactivatePolicyGroup } from '../master.ts';

const TAGS = ['policies'];
const MANAGERS = roles(ROLES.PARTNER_ADMIN, ROLES.POLICYMANAGER);
const PolicyParams = Type.Object({ policyId: Str(64) });
const GroupParams = Type.Object({ policyGroupId: Str(64) });
const Deactivation = Type.Object({ status: Str(16) });

/** MOSIP master's (1.2.2/1.3 portal) policy routes: active groups and one-way deactivation. */
export const policyMasterModule: TrustModule = {
  name: 'policy-master',
  register(app, deps) {
    app.get(
      `${POL}/policies/policy-groups`,
      {
        config: {
          access: roles(ROLES.PARTNER_ADMIN, ROLES.POLICYMANAGER, ROLES.AUTH_PARTNER, ROLES.CREDENTIAL_PARTNER, ROLES.ONLINE_VERIFICATION_PARTNER, ROLES.ABIS_PARTNER, ROLES.MANUAL_ADJUDICATION),
        },
        schema: {
          tags: TAGS,
          summary: 'The active policy groups (MOSIP master GET /policies/policy-groups)',
          response: {
            200: envelopeResponse(Type.Array(Type.Object({ id: Type.String(), name: Type.String(), description: Type.String() }))),
          },
        },
      },
      async (request) => ok(request, await activePolicyGroups(deps.db)),
    );

    app.patch<EnvelopedBody<typeof Deactivation> & { Params: Static<typeof GroupParams> }>(
      `${POL}/policies/group/:policyGroupId`,
      {
        config: { access: MANAGERS },
        schema: {
          tags: TAGS,
          summary: 'status "De-Activate": a policy group without published or draft policies, for good',
          params: GroupParams,
          body: envelopeBody(Deactivation),
          response: {
            200: envelopeResponse(
              Type.Object({
                id: Type.String(),
                name: Type.String(),
                description: Type.String(),
                status: Type.String(),
                isActive: Type.Boolean(),
              }),
            ),
          },
        },
      },
      async (request) => ok(request, await deactivatePolicyGroup(deps, principalOf(request), request.params.policyGroupId, request.body.request.status)),
    );

    app.patch<EnvelopedBody<typeof Deactivation> & { Params: Static<typeof PolicyParams> }>(
      `${POL}/policies/:policyId`,
      {
        config: { access: MANAGERS },
        schema: {
          tags: TAGS,
          summary: 'status "De-Activate": a published policy without approved or pending requests, for good',
          params: PolicyParams,
          body: envelopeBody(Deactivation),
          response: {
            200: envelopeResponse(
              Type.Object({
                policyId: Type.String(),
                policyName: Type.String(),
                policyDescription: Type.String(),
                policyGroupId: Type.String(),
                policyGroupName: Type.String(),
                status: Type.String(),
                isActive: Type.Boolean(),
              }),
            ),
          },
        },
      },
      async (request) => ok(request, await deactivatePolicy(deps, principalOf(request), request.params.policyId, request.body.request.status)),
    );
  },
};
