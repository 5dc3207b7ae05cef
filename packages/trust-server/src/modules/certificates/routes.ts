import { type Static, Type } from '@sinclair/typebox';
import { PARTNER_ROLES, ROLES } from '../../auth/roles.ts';
import { roles } from '../../http/access.ts';
import { type EnvelopedBody, envelopeBody, envelopeResponse, ok } from '../../http/envelope.ts';
import { principalOf } from '../../http/guard.ts';
import type { TrustModule } from '../../http/module.ts';
import { CertificateText, PM, Str } from '../route-helpers.ts';
import { getPartnerCertificate, getPartnerCertificateData, uploadPartnerCertificate } from './service.ts';

const TAGS = ['certificates'];
const PARTNER_OR_ADMIN = [ROLES.PARTNER_ADMIN, ...PARTNER_ROLES];

const UploadRequest = Type.Object({
  partnerId: Str(64),
  certificateData: CertificateText,
  partnerDomain: Str(16),
  /** Project extension: SIGNATURE (default, MOSIP's only kind) or ENCRYPTION (authentication and credential partners). */
  certificateUsage: Type.Optional(Type.Union([Type.Literal('SIGNATURE'), Type.Literal('ENCRYPTION')])),
});
const UploadResponse = Type.Object({
  certificateId: Type.String(),
  signedCertificateData: Type.String(),
  timestamp: Type.String(),
});
const PartnerParams = Type.Object({ partnerId: Str(64) });
const UsageQuery = Type.Object({
  usage: Type.Optional(Type.Union([Type.Literal('SIGNATURE'), Type.Literal('ENCRYPTION')])),
});

export const certificatesModule: TrustModule = {
  name: 'certificates',
  register(app, deps) {
    app.post<EnvelopedBody<typeof UploadRequest>>(
      `${PM}/partners/certificate/upload`,
      {
        config: { access: roles(...PARTNER_OR_ADMIN) },
        schema: {
          tags: TAGS,
          summary:
            "Upload the partner's signature (or encryption) certificate; validated against its domain and re-signed by the platform partner CA",
          body: envelopeBody(UploadRequest),
          response: { 200: envelopeResponse(UploadResponse) },
        },
      },
      async (request) =>
        ok(request, await uploadPartnerCertificate(deps, principalOf(request), request.body.request)),
    );

    app.get<{ Params: Static<typeof PartnerParams>; Querystring: Static<typeof UsageQuery> }>(
      `${PM}/partners/:partnerId/certificate`,
      {
        config: { access: roles(...PARTNER_OR_ADMIN) },
        schema: {
          tags: TAGS,
          summary:
            "The partner's platform-signed certificate (PEM); ?usage=ENCRYPTION for the encryption certificate",
          params: PartnerParams,
          querystring: UsageQuery,
          response: {
            200: envelopeResponse(Type.Object({ certificateData: Type.String(), timestamp: Type.String() })),
          },
        },
      },
      async (request) =>
        ok(
          request,
          await getPartnerCertificate(
            deps,
            principalOf(request),
            request.params.partnerId,
            request.query.usage,
          ),
        ),
    );

    app.get<{ Params: Static<typeof PartnerParams>; Querystring: Static<typeof UsageQuery> }>(
      `${PM}/partners/:partnerId/certificate-data`,
      {
        config: { access: roles(...PARTNER_OR_ADMIN) },
        schema: {
          tags: TAGS,
          summary:
            'Both the uploaded (CA-signed) and the platform-signed certificate with their expiry flags',
          params: PartnerParams,
          querystring: UsageQuery,
          response: {
            200: envelopeResponse(
              Type.Object({
                certificateId: Type.String(),
                certificateUsage: Type.String(),
                partnerDomain: Type.String(),
                certThumbprint: Type.String(),
                caSignedCertificateData: Type.String(),
                isCaSignedCertificateExpired: Type.Boolean(),
                mosipSignedCertificateData: Type.String(),
                isMosipSignedCertificateExpired: Type.Boolean(),
                uploadedAt: Type.String(),
              }),
            ),
          },
        },
      },
      async (request) =>
        ok(
          request,
          await getPartnerCertificateData(
            deps,
            principalOf(request),
            request.params.partnerId,
            request.query.usage,
          ),
        ),
    );
  },
};
