import { FtmChipView } from '@mosip-trust/contracts';
import { type Static, Type } from '@sinclair/typebox';
import { ROLES } from '../../auth/roles.ts';
import { roles } from '../../http/access.ts';
import { type EnvelopedBody, envelopeBody, envelopeResponse, ok } from '../../http/envelope.ts';
import { principalOf } from '../../http/guard.ts';
import type { TrustModule } from '../../http/module.ts';
import { CertificateText, PM, Str } from '../route-helpers.ts';
import {
  createChip,
  decideChip,
  getChip,
  getChipCertificate,
  listChips,
  updateChip,
  uploadChipCertificate,
} from './service.ts';

const TAGS = ['ftm chips'];
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
const IdResponse = envelopeResponse(Type.Object({ id: Type.String() }));

export const ftmChipsModule: TrustModule = {
  name: 'ftm-chips',
  register(app, deps) {
    app.post<EnvelopedBody<typeof CreateRequest>>(
      `${PM}/ftpchipdetail`,
      {
        config: { access: roles(...PROVIDER_OR_ADMIN) },
        schema: {
          tags: TAGS,
          summary: 'Register a chip make and model (pending_cert_upload)',
          body: envelopeBody(CreateRequest),
          response: { 200: IdResponse },
        },
      },
      async (request) => ok(request, await createChip(deps, principalOf(request), request.body.request)),
    );

    app.put<EnvelopedBody<typeof UpdateRequest>>(
      `${PM}/ftpchipdetail`,
      {
        config: { access: roles(...PROVIDER_OR_ADMIN) },
        schema: {
          tags: TAGS,
          summary: 'Change make and model of a chip that is not approved',
          body: envelopeBody(UpdateRequest),
          response: { 200: IdResponse },
        },
      },
      async (request) => ok(request, await updateChip(deps, principalOf(request), request.body.request)),
    );

    app.patch<EnvelopedBody<typeof DecisionRequest>>(
      `${PM}/ftpchipdetail`,
      {
        config: { access: roles(ROLES.PARTNER_ADMIN) },
        schema: {
          tags: TAGS,
          summary:
            'Approve (true: the chip certificate becomes an FTM trust anchor) or reject (false); exactly one decision wins',
          body: envelopeBody(DecisionRequest),
          response: { 200: envelopeResponse(Type.String()) },
        },
      },
      async (request) => ok(request, await decideChip(deps, principalOf(request), request.body.request)),
    );

    app.post<EnvelopedBody<typeof UploadRequest>>(
      `${PM}/ftpchipdetail/uploadcertificate`,
      {
        config: { access: roles(...PROVIDER_OR_ADMIN) },
        schema: {
          tags: TAGS,
          summary: 'Upload the chip CA certificate (domain FTM); the chip goes to pending_approval',
          body: envelopeBody(UploadRequest),
          response: {
            200: envelopeResponse(
              Type.Object({
                certificateId: Type.String(),
                signedCertificateData: Type.String(),
                timestamp: Type.String(),
              }),
            ),
          },
        },
      },
      async (request) =>
        ok(request, await uploadChipCertificate(deps, principalOf(request), request.body.request)),
    );

    app.get<{ Params: Static<typeof ChipParams> }>(
      `${PM}/ftpchipdetail/getPartnerCertificate/:ftpChipDetailId`,
      {
        config: { access: roles(...PROVIDER_OR_ADMIN) },
        schema: {
          tags: TAGS,
          summary: 'Download the chip certificate (PEM)',
          params: ChipParams,
          response: {
            200: envelopeResponse(Type.Object({ certificateData: Type.String(), timestamp: Type.String() })),
          },
        },
      },
      async (request) =>
        ok(request, await getChipCertificate(deps, principalOf(request), request.params.ftpChipDetailId)),
    );

    app.get(
      `${PM}/ftpchipdetail`,
      {
        config: { access: roles(...PROVIDER_OR_ADMIN) },
        schema: {
          tags: TAGS,
          summary: "The caller's chip models (an admin sees all)",
          response: { 200: envelopeResponse(Type.Array(FtmChipView)) },
        },
      },
      async (request) => ok(request, await listChips(deps, principalOf(request))),
    );

    app.get<{ Params: Static<typeof ChipParams> }>(
      `${PM}/ftpchipdetail/:ftpChipDetailId`,
      {
        config: { access: roles(...PROVIDER_OR_ADMIN) },
        schema: {
          tags: TAGS,
          summary: 'One chip model',
          params: ChipParams,
          response: { 200: envelopeResponse(FtmChipView) },
        },
      },
      async (request) =>
        ok(request, await getChip(deps, principalOf(request), request.params.ftpChipDetailId)),
    );
  },
};
