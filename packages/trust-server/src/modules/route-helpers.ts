import { type TSchema, Type } from '@sinclair/typebox';

/** Schema shorthands shared by the capability modules' routes. */
export const PM = '/v1/partnermanager';
export const POL = '/v1/policymanager';
export const Str = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });
export const NullableStr = Type.Union([Type.String(), Type.Null()]);
/** PEM or base64 certificate text (a bundle of a few certificates fits easily). */
export const CertificateText = Type.String({ minLength: 1, maxLength: 65_536 });
/** Paging of the trust server's own lists (pageNo from 0). */
export const Paging = {
  pageNo: Type.Optional(Type.Integer({ minimum: 0 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
};
/** A page of one of the trust server's own lists. */
export const NumberedPage = (item: TSchema) =>
  Type.Object({
    pageNo: Type.Integer(),
    pageSize: Type.Integer(),
    totalResults: Type.Integer(),
    data: Type.Array(item),
  });
