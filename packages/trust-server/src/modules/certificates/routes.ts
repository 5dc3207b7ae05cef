import { Type } from '@sinclair/typebox';
import { PARTNER_ROLES, ROLES } from '../../auth/roles.ts';
import { routeModule } from '../../http/route.ts';
import { CertificateText, PM, Str } from '../route-helpers.ts';
import { getPartnerCertificate, getPartnerCertificateData, uploadPartnerCertificate } from './service.ts';

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
const CERTIFICATE = `${PM}/partners/:partnerId/certificate`;
const CertificatePem = Type.Object({ certificateData: Type.String(), timestamp: Type.String() });
const CertificateData = Type.Object({
  certificateId: Type.String(),
  certificateUsage: Type.String(),
  partnerDomain: Type.String(),
  certThumbprint: Type.String(),
  caSignedCertificateData: Type.String(),
  isCaSignedCertificateExpired: Type.Boolean(),
  mosipSignedCertificateData: Type.String(),
  isMosipSignedCertificateExpired: Type.Boolean(),
  uploadedAt: Type.String(),
});
const UsageQuery = Type.Object({
  usage: Type.Optional(Type.Union([Type.Literal('SIGNATURE'), Type.Literal('ENCRYPTION')])),
});

export const certificatesModule = routeModule('certificates', ['certificates'], (r, deps) => {
  r.post(
    `${PM}/partners/certificate/upload`,
    PARTNER_OR_ADMIN,
    "Upload the partner's signature (or encryption) certificate; validated against its domain and re-signed by the platform partner CA",
    { body: UploadRequest, response: UploadResponse },
    (c) => uploadPartnerCertificate(deps, c.actor, c.body),
  );
  r.get(`${CERTIFICATE}`, PARTNER_OR_ADMIN, "The partner's platform-signed certificate (PEM); ?usage=ENCRYPTION for the encryption certificate", { params: PartnerParams, query: UsageQuery, response: CertificatePem }, (c) =>
    getPartnerCertificate(deps, c.actor, c.params.partnerId, c.query.usage),
  );
  r.get(`${CERTIFICATE}-data`, PARTNER_OR_ADMIN, 'Both the uploaded (CA-signed) and the platform-signed certificate with their expiry flags', { params: PartnerParams, query: UsageQuery, response: CertificateData }, (c) =>
    getPartnerCertificateData(deps, c.actor, c.params.partnerId, c.query.usage),
  );
});
