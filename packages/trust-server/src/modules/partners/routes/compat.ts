import { type Static, Type } from '@sinclair/typebox';
import { PARTNER_ROLES, ROLES } from '../../../auth/roles.ts';
import { TrustError } from '../../../errors.ts';
import { AUTHENTICATED, roles } from '../../../http/access.ts';
import { type EnvelopedBody, envelopeBody, envelopeResponse, ok } from '../../../http/envelope.ts';
import { principalOf } from '../../../http/guard.ts';
import type { TrustModule } from '../../../http/module.ts';
import { PM, Str } from '../../route-helpers.ts';
import { addContact, listPartnersV2, listRoles } from '../compat.ts';
import { IdStatus, ProfileRequest, RegisterRequest } from '../routes.ts';
import { registerPartner, updateProfile } from '../service.ts';

const TAGS = ['partners'];
const PartnerIdParams = Type.Object({ partnerId: Str(64) });
const ContactRequest = Type.Object({
  address: Str(2000),
  contactNumber: Str(16),
  emailId: Str(254),
  is_Active: Type.Optional(Type.Boolean()),
});
const ListQuery = Type.Object({ partnerType: Type.Optional(Str(64)) });

/**
 * Literal segments MOSIP has under /partners/ that this server does not serve: they answer 404 rather
 * than being read as a partner id (docs/pms-compatibility.md).
 */
const NOT_PROVIDED_SEGMENTS = ['v3', 'partner-certificates-details'];

/** MOSIP 1.2 partner routes besides the core ones: v2 registration/profile/list, contacts, roles. */
export const partnersCompatModule: TrustModule = {
  name: 'partners-compat',
  register(app, deps) {
    app.post<EnvelopedBody<typeof RegisterRequest>>(
      `${PM}/partners/v2`,
      {
        config: { access: AUTHENTICATED },
        schema: {
          tags: TAGS,
          summary: 'MOSIP POST /partners/v2: registration with logoUrl and additionalInfo',
          body: envelopeBody(RegisterRequest),
          response: { 200: envelopeResponse(IdStatus) },
        },
      },
      async (request) => ok(request, await registerPartner(deps, principalOf(request), request.body.request)),
    );

    app.get<{ Querystring: Static<typeof ListQuery> }>(
      `${PM}/partners/v2`,
      {
        config: { access: roles(ROLES.PARTNER_ADMIN) },
        schema: {
          tags: TAGS,
          summary: 'MOSIP GET /partners/v2?partnerType=: partners with logoUrl and additionalInfo',
          querystring: ListQuery,
          response: {
            200: envelopeResponse(
              Type.Object({ partners: Type.Array(Type.Record(Type.String(), Type.Unknown())) }),
            ),
          },
        },
      },
      async (request) => ok(request, { partners: await listPartnersV2(deps, request.query.partnerType) }),
    );

    app.put<EnvelopedBody<typeof ProfileRequest> & { Params: Static<typeof PartnerIdParams> }>(
      `${PM}/partners/v2/:partnerId`,
      {
        config: { access: roles(ROLES.PARTNER_ADMIN, ...PARTNER_ROLES) },
        schema: {
          tags: TAGS,
          summary: 'MOSIP PUT /partners/v2/{id}: address, contact number, logo, additional info',
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

    app.post<EnvelopedBody<typeof ContactRequest> & { Params: Static<typeof PartnerIdParams> }>(
      `${PM}/partners/:partnerId/contact/add`,
      {
        config: { access: roles(ROLES.PARTNER_ADMIN, ...PARTNER_ROLES) },
        schema: {
          tags: TAGS,
          summary: "Add or update one of the partner's contacts (keyed by e-mail)",
          params: PartnerIdParams,
          body: envelopeBody(ContactRequest),
          response: { 200: envelopeResponse(Type.String()) },
        },
      },
      async (request) =>
        ok(
          request,
          await addContact(deps, principalOf(request), request.params.partnerId, request.body.request),
        ),
    );

    app.get(
      `${PM}/roles`,
      {
        config: { access: AUTHENTICATED },
        schema: {
          tags: TAGS,
          summary: 'The roles the portal works with (MOSIP GET /roles)',
          response: { 200: envelopeResponse(Type.Array(Type.String())) },
        },
      },
      async (request) => ok(request, listRoles()),
    );

    for (const segment of NOT_PROVIDED_SEGMENTS) {
      app.get(
        `${PM}/partners/${segment}`,
        {
          config: { access: AUTHENTICATED },
          schema: { tags: TAGS, summary: `MOSIP master's /partners/${segment}: not provided here (404)` },
        },
        async () => {
          throw new TrustError(
            'TS_NOT_FOUND',
            `/partners/${segment} is not provided (docs/pms-compatibility.md).`,
          );
        },
      );
    }
  },
};
