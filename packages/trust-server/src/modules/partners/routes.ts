import { PartnerView, pageResponse } from '@mosip-trust/contracts';
import { type Static, Type } from '@sinclair/typebox';
import { throttledProbe } from '../../auth/probe-throttle.ts';
import { PARTNER_ROLES, ROLES } from '../../auth/roles.ts';
import { AUTHENTICATED, roles } from '../../http/access.ts';
import { type EnvelopedBody, envelopeBody, envelopeResponse, ok } from '../../http/envelope.ts';
import { principalOf } from '../../http/guard.ts';
import type { TrustModule } from '../../http/module.ts';
import {
  approvePartner,
  listPartners,
  listPartnerTypes,
  registerPartner,
  rejectPartner,
  searchPartners,
  setPartnerActive,
  setPolicyGroup,
  updateProfile,
  verifyEmail,
  viewPartner,
} from './service.ts';

const TAGS = ['partners'];
const PM = '/v1/partnermanager';
const Str = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });
const _NullableStr = Type.Union([Type.String(), Type.Null()]);

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

/** Roles MOSIP lets read and update a partner's own profile. */
const PARTNER_OR_ADMIN = [ROLES.PARTNER_ADMIN, ...PARTNER_ROLES];

export const partnersModule: TrustModule = {
  name: 'partners',
  register(app, deps) {
    app.post<EnvelopedBody<typeof RegisterRequest>>(
      `${PM}/partners`,
      {
        config: { access: AUTHENTICATED },
        schema: {
          tags: TAGS,
          summary:
            'Self-registration of a partner by a logged-in user without one (MOSIP POST /partners); starts InProgress',
          body: envelopeBody(RegisterRequest),
          response: { 200: envelopeResponse(IdStatus) },
        },
      },
      async (request) => ok(request, await registerPartner(deps, principalOf(request), request.body.request)),
    );

    app.put<EnvelopedBody<typeof EmailRequest>>(
      `${PM}/partners/email/verify`,
      {
        config: { access: AUTHENTICATED },
        schema: {
          tags: TAGS,
          summary: 'Whether an e-mail is already registered, and which partner types need a policy group',
          body: envelopeBody(EmailRequest),
          response: {
            200: envelopeResponse(
              Type.Object({
                emailExists: Type.Boolean(),
                policyRequiredPartnerTypes: Type.Array(Type.String()),
              }),
            ),
          },
        },
      },
      async (request) =>
        ok(
          request,
          // Every verification counts against the address's probe limit (src/auth/probe-throttle.ts).
          await throttledProbe(
            deps.db,
            deps.config,
            request.ip,
            deps.clock.now(),
            () => verifyEmail(deps, principalOf(request), request.body.request.emailId),
            () => true,
          ),
        ),
    );

    app.get(
      `${PM}/partners/partnertypes`,
      {
        config: { access: AUTHENTICATED },
        schema: {
          tags: TAGS,
          summary: 'The partner types and their roles',
          response: {
            200: envelopeResponse(
              Type.Array(
                Type.Object({
                  code: Type.String(),
                  partnerDescription: Type.String(),
                  role: Type.String(),
                  isPolicyRequired: Type.Boolean(),
                  isActive: Type.Boolean(),
                }),
              ),
            ),
          },
        },
      },
      async (request) => ok(request, await listPartnerTypes(deps.db)),
    );

    app.get<{ Querystring: Static<typeof ListQuery> }>(
      `${PM}/partners`,
      {
        config: { access: roles(ROLES.PARTNER_ADMIN) },
        schema: {
          tags: TAGS,
          summary: 'All partners, optionally of one type (MOSIP GET /partners?partnerType=)',
          querystring: ListQuery,
          response: { 200: envelopeResponse(Type.Object({ partners: Type.Array(PartnerView) })) },
        },
      },
      async (request) => ok(request, { partners: await listPartners(deps.db, request.query.partnerType) }),
    );

    app.post<EnvelopedBody<typeof PartnerSearch>>(
      `${PM}/partners/search`,
      {
        config: { access: roles(...PARTNER_OR_ADMIN) },
        schema: {
          tags: TAGS,
          summary: 'Search partners (MOSIP SearchDto); a partner sees only itself',
          body: envelopeBody(PartnerSearch),
          response: { 200: envelopeResponse(pageResponse(PartnerView)) },
        },
      },
      async (request) =>
        ok(request, await searchPartners(deps.db, principalOf(request), request.body.request)),
    );

    app.get<{ Params: Static<typeof PartnerIdParams> }>(
      `${PM}/partners/:partnerId`,
      {
        config: { access: roles(...PARTNER_OR_ADMIN) },
        schema: {
          tags: TAGS,
          summary: 'One partner (own, or any for an admin)',
          params: PartnerIdParams,
          response: { 200: envelopeResponse(PartnerView) },
        },
      },
      async (request) => ok(request, await viewPartner(deps, principalOf(request), request.params.partnerId)),
    );

    app.put<EnvelopedBody<typeof ProfileRequest> & { Params: Static<typeof PartnerIdParams> }>(
      `${PM}/partners/:partnerId`,
      {
        config: { access: roles(...PARTNER_OR_ADMIN) },
        schema: {
          tags: TAGS,
          summary: 'Update the own profile: address, contact number, logo, additional info',
          params: PartnerIdParams,
          body: envelopeBody(ProfileRequest),
          response: { 200: envelopeResponse(IdStatus) },
        },
      },
      async (request) =>
        ok(
          request,
          await updateProfile(deps, principalOf(request), request.params.partnerId, request.body.request),
        ),
    );

    app.patch<EnvelopedBody<typeof StatusRequest> & { Params: Static<typeof PartnerIdParams> }>(
      `${PM}/partners/:partnerId`,
      {
        config: { access: roles(ROLES.PARTNER_ADMIN) },
        schema: {
          tags: TAGS,
          summary: 'Activate or deactivate an approved partner: status "Active" or "De-active"',
          params: PartnerIdParams,
          body: envelopeBody(StatusRequest),
          response: { 200: envelopeResponse(Type.Object({ message: Type.String() })) },
        },
      },
      async (request) => {
        const view = await setPartnerActive(
          deps,
          principalOf(request),
          request.params.partnerId,
          request.body.request.status,
        );
        return ok(request, {
          message: view.isActive ? 'Partner activated successfully' : 'Partner de-activated successfully',
        });
      },
    );

    app.post<{ Params: Static<typeof PartnerIdParams> }>(
      `${PM}/partners/:partnerId/approve`,
      {
        config: { access: roles(ROLES.PARTNER_ADMIN) },
        schema: {
          tags: TAGS,
          summary:
            'Approve a registration (InProgress -> approved, active); a second concurrent approval gets 409',
          params: PartnerIdParams,
          response: { 200: envelopeResponse(PartnerView) },
        },
      },
      async (request) =>
        ok(request, await approvePartner(deps, principalOf(request), request.params.partnerId)),
    );

    app.post<EnvelopedBody<typeof RejectRequest> & { Params: Static<typeof PartnerIdParams> }>(
      `${PM}/partners/:partnerId/reject`,
      {
        config: { access: roles(ROLES.PARTNER_ADMIN) },
        schema: {
          tags: TAGS,
          summary: 'Reject a registration with a reason (InProgress -> rejected)',
          params: PartnerIdParams,
          body: envelopeBody(RejectRequest),
          response: { 200: envelopeResponse(PartnerView) },
        },
      },
      async (request) =>
        ok(
          request,
          await rejectPartner(
            deps,
            principalOf(request),
            request.params.partnerId,
            request.body.request.reason,
          ),
        ),
    );

    app.put<{ Params: Static<typeof PolicyGroupParams> }>(
      `${PM}/partners/:partnerId/policygroup/:policygroupName`,
      {
        config: { access: roles(...PARTNER_OR_ADMIN) },
        schema: {
          tags: TAGS,
          summary: 'Choose the policy group while the partner is not active',
          params: PolicyGroupParams,
          response: { 200: envelopeResponse(Type.String()) },
        },
      },
      async (request) => {
        await setPolicyGroup(
          deps,
          principalOf(request),
          request.params.partnerId,
          request.params.policygroupName,
        );
        return ok(request, 'Success');
      },
    );
  },
};
