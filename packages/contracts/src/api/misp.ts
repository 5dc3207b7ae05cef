import { type Static, Type } from '@sinclair/typebox';
import { NullableStr } from './common.ts';

/** A MISP licence (the key is shown once, at issue). */
export const MispLicenseView = Type.Object({
  mispId: Type.String(),
  licenseId: Type.String(),
  licenseKeyPrefix: Type.String(),
  status: Type.String(),
  isActive: Type.Boolean(),
  validFromDate: Type.String(),
  validToDate: Type.String(),
  createdBy: Type.String(),
  createdDateTime: Type.String(),
});
export type MispLicenseView = Static<typeof MispLicenseView>;

/** One authentication made through a MISP's licence. */
export const AuthTransactionView = Type.Object({
  transactionId: Type.String(),
  requestTime: Type.String(),
  responseTime: Type.String(),
  partnerId: Type.String(),
  partnerName: NullableStr,
  authType: Type.String(),
  status: Type.String(),
  statusComment: Type.String(),
  errorCode: NullableStr,
  licenseId: NullableStr,
});
export type AuthTransactionView = Static<typeof AuthTransactionView>;
