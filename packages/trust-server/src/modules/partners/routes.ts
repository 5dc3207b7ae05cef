import { PartnerView, pageResponse } from '@mosip-trust/contracts';
import { Type } from '@sinclair/typebox';
import { throttledProbe } from '../../auth/probe-throttle.ts';
import { PARTNER_ROLES, ROLES } from '../../auth/roles.ts';
import { AUTHENTICATED } from '../../http/access.ts';
import { routeModule } from '../../http/route.ts';
import { approvePartner, listPartners, listPartnerTypes, registerPartner, rejectPartner, searchPartners, setPartnerActive, setPolicyGroup, updateProfile, verifyEmail, viewPartner } from './service.ts';

const PM = '/v1/partnermanager';
const Str = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });

export const RegisterRequest = Type.Object({
  partnerId: Str(64),
  organizationName: Str(128),
  address: Str(2000),
  contactNumber: Str(16),
  emailId: Str(254),
  partnerType: Str(64),
  // MOSIP's clients send "" for partner types that need no policy group.
  policyGroup: Type.Optional(Type.Union([Str(128, 0), Type.Null()])),
  langCode: Type.Optional(Type.Union([Str(3), Type.Null()])),
  logoUrl: Type.Optional(Type.Union([Str(2048), Type.Null()])),
  additionalInfo: Type.Optional(Type.Unknown()),
});

const PartnerIdParams = Type.Object({ partnerId: Str(64) });
export const IdStatus = Type.Object({ partnerId: Type.String(), status: Type.String() });
export const ProfileRequest = Type.Object({
  address: Str(2000),
  contactNumber: Str(16),
  logoUrl: Type.Optional(Str(2048)),
  additionalInfo: Type.Optional(Type.Unknown()),
});
const StatusRequest = Type.Object({ status: Str(16) });
const RejectRequest = Type.Object({ reason: Str(1000) });
/** MOSIP's SearchDto + partnerType, read leniently by the search engine (string numbers, defaults, PMS-MSD codes). */
const PartnerSearch = Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), { maxProperties: 16 });
const ListQuery = Type.Object({ partnerType: Type.Optional(Str(64)) });
const EmailRequest = Type.Object({ emailId: Str(254) });
const PolicyGroupParams = Type.Object({ partnerId: Str(64), policygroupName: Str(128) });
const EmailAnswer = Type.Object({
  emailExists: Type.Boolean(),
  policyRequiredPartnerTypes: Type.Array(Type.String()),
});
const PartnerTypes = Type.Array(
  Type.Object({
    code: Type.String(),
    partnerDescription: Type.String(),
    role: Type.String(),
    isPolicyRequired: Type.Boolean(),
    isActive: Type.Boolean(),
  }),
);
const ONE = `${PM}/partners/:partnerId`;

/** Roles MOSIP lets read and update a partner's own profile. */
const PARTNER_OR_ADMIN = [ROLES.PARTNER_ADMIN, ...PARTNER_ROLES];

export const partnersModule = routeModule('partners', ['partners'], (r, deps) => {
  r.post(`${PM}/partners`, AUTHENTICATED, 'Self-registration of a partner by a logged-in user without one (MOSIP POST /partners); starts InProgress', { body: RegisterRequest, response: IdStatus }, (c) =>
    registerPartner(c.deps, c.actor, c.body),
  );
  r.put(
    `${PM}/partners/email/verify`,
    AUTHENTICATED,
    'Whether an e-mail is already registered, and which partner types need a policy group',
    { body: EmailRequest, response: EmailAnswer },
    // Every verification counts against the address's probe limit (src/auth/probe-throttle.ts).
    ({ body, request, actor }) =>
      throttledProbe(
        deps.db,
        deps.config,
        request.ip,
        deps.clock.now(),
        () => verifyEmail(deps, actor, body.emailId),
        () => true,
      ),
  );
  r.get(`${PM}/partners/partnertypes`, AUTHENTICATED, 'The partner types and their roles', { response: PartnerTypes }, () => listPartnerTypes(deps.db));
  r.get(`${PM}/partners`, [ROLES.PARTNER_ADMIN], 'All partners, optionally of one type (MOSIP GET /partners?partnerType=)', { query: ListQuery, response: Type.Object({ partners: Type.Array(PartnerView) }) }, async ({ query }) => ({
    partners: await listPartners(deps.db, query.partnerType),
  }));
  r.post(`${PM}/partners/search`, PARTNER_OR_ADMIN, 'Search partners (MOSIP SearchDto); a partner sees only itself', { body: PartnerSearch, response: pageResponse(PartnerView) }, (c) => searchPartners(deps.db, c.actor, c.body));
  r.get(ONE, PARTNER_OR_ADMIN, 'One partner (own, or any for an admin)', { params: PartnerIdParams, response: PartnerView }, (c) => viewPartner(deps, c.actor, c.params.partnerId));
  r.put(ONE, PARTNER_OR_ADMIN, 'Update the own profile: address, contact number, logo, additional info', { params: PartnerIdParams, body: ProfileRequest, response: IdStatus }, (c) =>
    updateProfile(deps, c.actor, c.params.partnerId, c.body),
  );
  r.patch(ONE, [ROLES.PARTNER_ADMIN], 'Activate or deactivate an approved partner: status "Active" or "De-active"', { params: PartnerIdParams, body: StatusRequest, response: Type.Object({ message: Type.String() }) }, async (c) => {
    const view = await setPartnerActive(deps, c.actor, c.params.partnerId, c.body.status);
    return {
      message: view.isActive ? 'Partner activated successfully' : 'Partner de-activated successfully',
    };
  });
  r.post(`${ONE}/approve`, [ROLES.PARTNER_ADMIN], 'Approve a registration (InProgress -> approved, active); a second concurrent approval gets 409', { params: PartnerIdParams, response: PartnerView }, (c) =>
    approvePartner(deps, c.actor, c.params.partnerId),
  );
  r.post(`${ONE}/reject`, [ROLES.PARTNER_ADMIN], 'Reject a registration with a reason (InProgress -> rejected)', { params: PartnerIdParams, body: RejectRequest, response: PartnerView }, (c) =>
    rejectPartner(deps, c.actor, c.params.partnerId, c.body.reason),
  );
  r.put(`${ONE}/policygroup/:policygroupName`, PARTNER_OR_ADMIN, 'Choose the policy group while the partner is not active', { params: PolicyGroupParams, response: Type.String() }, async (c) => {
    await setPolicyGroup(deps, c.actor, c.params.partnerId, c.params.policygroupName);
    return 'Success';
  });
});
