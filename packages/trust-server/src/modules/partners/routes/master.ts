import { AdminPartnerRow, AdminPartnerView, PartnerCertificateDetailsView, PartnerV3View, pageV2Response } from '@mosip-trust/contracts';
import { Type } from '@sinclair/typebox';
import { PARTNER_ROLES, ROLES } from '../../../auth/roles.ts';
import { routeModule } from '../../../http/route.ts';
import { Paging, PM, Str } from '../../route-helpers.ts';
import { listAdminPartners, listOwnCertificateDetails, listOwnPartnersV3, viewAdminPartner } from '../master.ts';

const PARTNER_OR_ADMIN = [ROLES.PARTNER_ADMIN, ...PARTNER_ROLES];
const ADMIN = [ROLES.PARTNER_ADMIN];
const V3Query = Type.Object({
  status: Str(32),
  policyGroupAvailable: Type.Optional(Type.Boolean()),
  partnerType: Type.Optional(Str(64)),
});
const AdminQuery = Type.Object({
  ...Paging,
  sortFieldName: Type.Optional(Str(64)),
  sortType: Type.Optional(Str(8)),
  partnerId: Type.Optional(Str(64)),
  partnerTypeCode: Type.Optional(Str(64)),
  organizationName: Type.Optional(Str(128)),
  policyGroupName: Type.Optional(Str(128)),
  emailAddress: Type.Optional(Str(254)),
  certificateUploadStatus: Type.Optional(Type.Union([Type.Literal('uploaded'), Type.Literal('not_uploaded')])),
  isActive: Type.Optional(Type.Boolean()),
});

/** MOSIP master's (1.2.2/1.3) partner lists for the newer portal. */
export const partnersMasterModule = routeModule('partners-master', ['partners'], (r, deps) => {
  r.get(`${PM}/partners/v3`, PARTNER_OR_ADMIN, "The caller's partners of an approval status, with their policy group (MOSIP master GET /partners/v3)", { query: V3Query, response: Type.Array(PartnerV3View) }, (c) =>
    listOwnPartnersV3(deps.db, c.actor, c.query),
  );
  r.get(`${PM}/partners/partner-certificates-details`, PARTNER_OR_ADMIN, "The caller's partners and their certificate's subject, upload and expiry (MOSIP master)", { response: Type.Array(PartnerCertificateDetailsView) }, (c) =>
    listOwnCertificateDetails(deps.db, c.actor),
  );
  r.get(`${PM}/admin-partners`, ADMIN, "Every partner as MOSIP master's paged list (page 0 of 8, newest first), filtered and sorted", { query: AdminQuery, response: pageV2Response(AdminPartnerRow) }, (c) =>
    listAdminPartners(deps.db, c.query),
  );
  r.get(`${PM}/admin-partners/:partnerId`, ADMIN, "One partner as MOSIP master's admin portal shows it", { params: Type.Object({ partnerId: Str(64) }), response: AdminPartnerView }, (c) => viewAdminPartner(deps.db, c.params.partnerId));
});
