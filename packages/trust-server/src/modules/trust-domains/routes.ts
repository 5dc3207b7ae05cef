import { CaCertificateView, pageV2Response } from '@mosip-trust/contracts';
import { type Static, Type } from '@sinclair/typebox';
import { ROLES } from '../../auth/roles.ts';
import { roles } from '../../http/access.ts';
import { type EnvelopedBody, envelopeBody, envelopeResponse, ok } from '../../http/envelope.ts';
import { principalOf } from '../../http/guard.ts';
import type { TrustModule } from '../../http/module.ts';
import { CertificateText, NullableStr, PM, Str } from '../route-helpers.ts';
import { getCaCertificatePem, listCaCertificates, uploadCaCertificates } from './service.ts';

const TAGS = ['trust domains'];

const CaUploadRequest = Type.Object({ certificateData: CertificateText, partnerDomain: Str(16) });
const CaUploadResponse = Type.Object({
  status: Type.String(),
  timestamp: Type.String(),
  certificates: Type.Array(
    Type.Object({
      certificateId: NullableStr,
      subject: Type.String(),
      thumbprint: Type.String(),
      errorCode: NullableStr,
      message: NullableStr,
    }),
  ),
});
const ListQuery = Type.Object({
  partnerDomain: Type.Optional(Str(16)),
  caCertificateType: Type.Optional(Type.Union([Type.Literal('ROOT'), Type.Literal('INTERMEDIATE')])),
  certificateId: Type.Optional(Str(64)),
  issuedTo: Type.Optional(Str(256)),
  issuedBy: Type.Optional(Str(256)),
  sortFieldName: Type.Optional(Str(32)),
  sortType: Type.Optional(Str(8)),
  pageNo: Type.Optional(Type.Integer({ minimum: 0 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});
const IdParams = Type.Object({ certificateId: Str(64) });

export const trustDomainsModule: TrustModule = {
  name: 'trust-domains',
  register(app, deps) {
    app.post<EnvelopedBody<typeof CaUploadRequest>>(
      `${PM}/partners/certificate/ca/upload`,
      {
        config: { access: roles(ROLES.PARTNER_ADMIN) },
        schema: {
          tags: TAGS,
          summary:
            'Upload root or intermediate CA certificates (PEM, or a base64 PKCS#7 chain) into a trust domain: FTM, DEVICE, AUTH, CREDENTIAL, MISP',
          body: envelopeBody(CaUploadRequest),
          response: { 200: envelopeResponse(CaUploadResponse) },
        },
      },
      async (request) =>
        ok(request, await uploadCaCertificates(deps, principalOf(request), request.body.request)),
    );

    app.get<{ Querystring: Static<typeof ListQuery> }>(
      `${PM}/trust-chain-certificates`,
      {
        config: { access: roles(ROLES.PARTNER_ADMIN) },
        schema: {
          tags: TAGS,
          summary:
            "The CA certificates of the trust domains as MOSIP's paged list (pageNo 0, pageSize 8 by default), filtered by domain, type, id, issuer or subject",
          querystring: ListQuery,
          response: { 200: envelopeResponse(pageV2Response(CaCertificateView)) },
        },
      },
      async (request) =>
        ok(
          request,
          await listCaCertificates(deps.db, deps.clock.now(), {
            ...request.query,
            domain: request.query.partnerDomain,
            kind: request.query.caCertificateType,
          }),
        ),
    );

    app.get<{ Params: Static<typeof IdParams> }>(
      `${PM}/trust-chain-certificates/:certificateId/certificateFile`,
      {
        config: { access: roles(ROLES.PARTNER_ADMIN) },
        schema: {
          tags: TAGS,
          summary: 'Download one CA certificate as PEM',
          params: IdParams,
          response: { 200: envelopeResponse(Type.Object({ certificateData: Type.String() })) },
        },
      },
      async (request) =>
        ok(request, { certificateData: await getCaCertificatePem(deps.db, request.params.certificateId) }),
    );
  },
};
