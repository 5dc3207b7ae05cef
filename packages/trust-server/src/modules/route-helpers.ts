import { Type } from '@sinclair/typebox';

/** Schema shorthands shared by the capability modules' routes. */
export const PM = '/v1/partnermanager';
export const POL = '/v1/policymanager';
export const Str = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });
export const NullableStr = Type.Union([Type.String(), Type.Null()]);
/** PEM or base64 certificate text (a bundle of a few certificates fits easily). */
export const CertificateText = Type.String({ minLength: 1, maxLength: 65_536 });
