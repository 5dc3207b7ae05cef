import { FtmChipRowV2, FtmChipView, pageV2Response } from '@mosip-trust/contracts';
import { Type } from '@sinclair/typebox';
import { ROLES } from '../../auth/roles.ts';
import { routeModule } from '../../http/route.ts';
import { CertificateText, Paging, PM, Str } from '../route-helpers.ts';
import { chipCertificateData, deactivateChip, listChipsV2 } from './master.ts';
import { createChip, decideChip, getChip, getChipCertificate, listChips, updateChip, uploadChipCertificate } from './service.ts';

const PROVIDER_OR_ADMIN = [ROLES.PARTNER_ADMIN, ROLES.FTM_PROVIDER];

const CreateRequest = Type.Object({ ftpProviderId: Str(64), make: Str(36), model: Str(36) });
const UpdateRequest = Type.Object({ ftpChipDetailId: Str(64), make: Str(36), model: Str(36) });
const DecisionRequest = Type.Object({
  ftpChipDetailId: Str(64),
  approvalStatus: Type.Boolean(),
  // What the admin reviewed (src/modules/ftm-chips/reviewed-certificate.ts); optional for MOSIP's clients.
  certificateThumbprint: Type.Optional(Type.String({ pattern: '^[0-9A-Fa-f:]{64,95}$' })),
});
const UploadRequest = Type.Object({
  ftpProviderId: Str(64),
  ftpChipDeatilId: Str(64),
  isItForRegistrationDevice: Type.Optional(Type.Boolean()),
  certificateData: CertificateText,
  organizationName: Str(128),
  partnerDomain: Str(16),
});
const ChipParams = Type.Object({ ftpChipDetailId: Str(64) });
const Id = Type.Object({ id: Type.String() });
const Uploaded = Type.Object({
  certificateId: Type.String(),
  signedCertificateData: Type.String(),
  timestamp: Type.String(),
});
const CHIPS = `${PM}/ftpchipdetail`;
const Filter = (max: number) => Type.Optional(Str(max));
const ChipStatus = ['approved', 'rejected', 'pending_cert_upload', 'pending_approval', 'deactivated'] as const;
const ChipListQuery = Type.Object({
  ...Paging,
  sortFieldName: Filter(64),
  sortType: Filter(8),
  partnerId: Filter(64),
  orgName: Filter(128),
  ftmId: Filter(64),
  make: Filter(36),
  model: Filter(36),
  status: Type.Optional(Type.Union(ChipStatus.map((s) => Type.Literal(s)))),
});
const Deactivated = Type.Object({ ftmId: Type.String(), status: Type.String(), isActive: Type.Boolean() });
const CertificateData = Type.Object({
  caSignedCertificateData: Type.String(),
  caSignedCertUploadDateTime: Type.String(),
  caSignedCertExpiryDateTime: Type.String(),
  isCaSignedCertificateExpired: Type.Boolean(),
  mosipSignedCertificateData: Type.String(),
  mosipSignedCertUploadDateTime: Type.String(),
  mosipSignedCertExpiryDateTime: Type.String(),
  isMosipSignedCertificateExpired: Type.Boolean(),
});

export const ftmChipsModule = routeModule('ftm-chips', ['ftm chips'], (r, deps) => {
  r.post(CHIPS, PROVIDER_OR_ADMIN, 'Register a chip make and model (pending_cert_upload)', { body: CreateRequest, response: Id }, (c) => createChip(deps, c.actor, c.body));
  r.put(CHIPS, PROVIDER_OR_ADMIN, 'Change make and model of a chip that is not approved', { body: UpdateRequest, response: Id }, (c) => updateChip(deps, c.actor, c.body));
  r.patch(CHIPS, [ROLES.PARTNER_ADMIN], 'Approve (true: the chip certificate becomes an FTM trust anchor) or reject (false); exactly one decision wins', { body: DecisionRequest, response: Type.String() }, (c) =>
    decideChip(deps, c.actor, c.body),
  );
  r.post(`${CHIPS}/uploadcertificate`, PROVIDER_OR_ADMIN, 'Upload the chip CA certificate (domain FTM); the chip goes to pending_approval', { body: UploadRequest, response: Uploaded }, (c) => uploadChipCertificate(deps, c.actor, c.body));
  r.get(
    `${CHIPS}/getPartnerCertificate/:ftpChipDetailId`,
    PROVIDER_OR_ADMIN,
    'Download the chip certificate (PEM)',
    {
      params: ChipParams,
      response: Type.Object({ certificateData: Type.String(), timestamp: Type.String() }),
    },
    (c) => getChipCertificate(deps, c.actor, c.params.ftpChipDetailId),
  );
  // MOSIP master's (1.2.2/1.3 portal) forms.
  r.get(`${CHIPS}/v2`, [ROLES.PARTNER_ADMIN], "Every provider's chip models as MOSIP master's paged list", { query: ChipListQuery, response: pageV2Response(FtmChipRowV2) }, (c) => listChipsV2(deps.db, c.actor, c.query));
  r.patch(`${CHIPS}/:ftpChipDetailId`, PROVIDER_OR_ADMIN, 'status "De-Activate": the approved chip model stops being active, for good', { params: ChipParams, body: Type.Object({ status: Str(16) }), response: Deactivated }, (c) =>
    deactivateChip(deps, c.actor, c.params.ftpChipDetailId, c.body.status),
  );
  r.get(
    `${CHIPS}/:ftpChipDetailId/certificate-data`,
    PROVIDER_OR_ADMIN,
    "The uploaded chip certificate and the platform's copy (not re-signed for FTM, as keymanager), with dates and expiry",
    { params: ChipParams, response: CertificateData },
    (c) => chipCertificateData(deps, c.actor, c.params.ftpChipDetailId),
  );
  r.get(CHIPS, PROVIDER_OR_ADMIN, "The caller's chip models (an admin sees all)", { response: Type.Array(FtmChipView) }, (c) => listChips(deps, c.actor));
  r.get(`${CHIPS}/:ftpChipDetailId`, PROVIDER_OR_ADMIN, 'One chip model', { params: ChipParams, response: FtmChipView }, (c) => getChip(deps, c.actor, c.params.ftpChipDetailId));
});
