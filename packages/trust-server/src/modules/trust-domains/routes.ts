import { CaCertificateView, pageV2Response } from '@mosip-trust/contracts';
import { Type } from '@sinclair/typebox';
import { ROLES } from '../../auth/roles.ts';
import { routeModule } from '../../http/route.ts';
import { CertificateText, NullableStr, PM, Str } from '../route-helpers.ts';
import { getCaCertificatePem, listCaCertificates, uploadCaCertificates } from './service.ts';

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

export const trustDomainsModule = routeModule('trust-domains', ['trust domains'], (r, deps) => {
  const ADMIN = [ROLES.PARTNER_ADMIN];
  r.post(
    `${PM}/partners/certificate/ca/upload`,
    ADMIN,
    'Upload root or intermediate CA certificates (PEM, or a base64 PKCS#7 chain) into a trust domain: FTM, DEVICE, AUTH, CREDENTIAL, MISP',
    { body: CaUploadRequest, response: CaUploadResponse },
    (c) => uploadCaCertificates(deps, c.actor, c.body),
  );
  r.get(
    `${PM}/trust-chain-certificates`,
    ADMIN,
    "The CA certificates of the trust domains as MOSIP's paged list (pageNo 0, pageSize 8 by default), filtered by domain, type, id, issuer or subject",
    { query: ListQuery, response: pageV2Response(CaCertificateView) },
    ({ query }) =>
      listCaCertificates(deps.db, deps.clock.now(), {
        ...query,
        domain: query.partnerDomain,
        kind: query.caCertificateType,
      }),
  );
  r.get(`${PM}/trust-chain-certificates/:certificateId/certificateFile`, ADMIN, 'Download one CA certificate as PEM', { params: IdParams, response: Type.Object({ certificateData: Type.String() }) }, async ({ params }) => ({
    certificateData: await getCaCertificatePem(deps.db, params.certificateId),
  }));
});
