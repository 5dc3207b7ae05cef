import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { NullableStr } from './common.ts';

/** MOSIP's trust domains (partner domains). */
export const TrustDomainName = Type.Union([
  Type.Literal('FTM'),
  Type.Literal('DEVICE'),
  Type.Literal('AUTH'),
  Type.Literal('CREDENTIAL'),
  Type.Literal('MISP'),
]);

/** A CA certificate of a trust domain. */
export const CaCertificateView = Type.Object({
  certId: Type.String(),
  partnerDomain: TrustDomainName,
  caCertificateType: Type.Union([Type.Literal('ROOT'), Type.Literal('INTERMEDIATE')]),
  issuedTo: Type.String(),
  issuedBy: Type.String(),
  issuerId: NullableStr,
  certThumbprint: Type.String(),
  serialNumber: Type.String(),
  validFromDate: Type.String(),
  validTillDate: Type.String(),
  uploadTime: Type.String(),
  source: Type.String(),
  status: Type.Union([Type.Literal('valid'), Type.Literal('expired')]),
});
export type CaCertificateView = Static<typeof CaCertificateView>;

/** MOSIP master's PageResponseV2Dto (the newer portal's list endpoints). */
export function pageV2Response<T extends TSchema>(item: T) {
  return Type.Object({
    pageNo: Type.Integer(),
    pageSize: Type.Integer(),
    totalResults: Type.Integer(),
    data: Type.Array(item),
  });
}
