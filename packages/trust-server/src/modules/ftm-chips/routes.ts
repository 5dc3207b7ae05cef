import { FtmChipView } from '@mosip-trust/contracts';
import { Type } from '@sinclair/typebox';
import { ROLES } from '../../auth/roles.ts';
import { routeModule } from '../../http/route.ts';
import { CertificateText, PM, Str } from '../route-helpers.ts';
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
  r.get(CHIPS, PROVIDER_OR_ADMIN, "The caller's chip models (an admin sees all)", { response: Type.Array(FtmChipView) }, (c) => listChips(deps, c.actor));
  r.get(`${CHIPS}/:ftpChipDetailId`, PROVIDER_OR_ADMIN, 'One chip model', { params: ChipParams, response: FtmChipView }, (c) => getChip(deps, c.actor, c.params.ftpChipDetailId));
});
