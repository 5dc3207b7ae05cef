import { Type } from '@sinclair/typebox';
import { PARTNER_ROLES, ROLES } from '../../../auth/roles.ts';
import { AUTHENTICATED } from '../../../http/access.ts';
import { routeModule } from '../../../http/route.ts';
import { PM, Str } from '../../route-helpers.ts';
import { addContact, listPartnersV2, listRoles } from '../compat.ts';
import { IdStatus, ProfileRequest, RegisterRequest } from '../routes.ts';
import { registerPartner, updateProfile } from '../service.ts';

const V2 = `${PM}/partners/v2`;
const PARTNER_OR_ADMIN = [ROLES.PARTNER_ADMIN, ...PARTNER_ROLES];
const PartnerIdParams = Type.Object({ partnerId: Str(64) });
const ContactRequest = Type.Object({
  address: Str(2000),
  contactNumber: Str(16),
  emailId: Str(254),
  is_Active: Type.Optional(Type.Boolean()),
});
const ListQuery = Type.Object({ partnerType: Type.Optional(Str(64)) });

/** MOSIP 1.2 partner routes besides the core ones: v2 registration/profile/list, contacts, roles. */
export const partnersCompatModule = routeModule('partners-compat', ['partners'], (r, deps) => {
  r.post(V2, AUTHENTICATED, 'MOSIP POST /partners/v2: registration with logoUrl and additionalInfo', { body: RegisterRequest, response: IdStatus }, (c) => registerPartner(deps, c.actor, c.body));
  r.get(
    V2,
    [ROLES.PARTNER_ADMIN],
    'MOSIP GET /partners/v2?partnerType=: partners with logoUrl and additionalInfo',
    {
      query: ListQuery,
      response: Type.Object({ partners: Type.Array(Type.Record(Type.String(), Type.Unknown())) }),
    },
    async ({ query }) => ({ partners: await listPartnersV2(deps, query.partnerType) }),
  );
  r.put(`${V2}/:partnerId`, PARTNER_OR_ADMIN, 'MOSIP PUT /partners/v2/{id}: address, contact number, logo, additional info', { params: PartnerIdParams, body: ProfileRequest, response: IdStatus }, (c) =>
    updateProfile(deps, c.actor, c.params.partnerId, c.body),
  );
  r.post(`${PM}/partners/:partnerId/contact/add`, PARTNER_OR_ADMIN, "Add or update one of the partner's contacts (keyed by e-mail)", { params: PartnerIdParams, body: ContactRequest, response: Type.String() }, (c) =>
    addContact(deps, c.actor, c.params.partnerId, c.body),
  );
  r.get(`${PM}/roles`, AUTHENTICATED, 'The roles the portal works with (MOSIP GET /roles)', { response: Type.Array(Type.String()) }, () => listRoles());
});
