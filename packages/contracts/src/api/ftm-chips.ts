import { type Static, Type } from '@sinclair/typebox';
import { NullableStr } from './common.ts';

/** An FTM chip model and its CA certificate status. */
export const FtmChipView = Type.Object({
  ftpChipDetailId: Type.String(),
  ftpProviderId: Type.String(),
  make: Type.String(),
  model: Type.String(),
  partnerOrganizationName: Type.String(),
  approvalStatus: Type.String(),
  isActive: Type.Boolean(),
  certificateUploaded: Type.Boolean(),
  certificateExpiry: NullableStr,
  trustAnchorId: NullableStr,
  /** Incremented by every edit, the certificate upload included (docs/trust-server.md). */
  recordVersion: Type.Integer(),
  crBy: Type.String(),
  crDtimes: Type.String(),
  updBy: NullableStr,
  updDtimes: NullableStr,
});
export type FtmChipView = Static<typeof FtmChipView>;

/** MOSIP master's GET /ftpchipdetail/v2 row (FtmDetailSummaryDto); `status` adds `deactivated` for an approved chip no longer active. */
export const FtmChipRowV2 = Type.Object({
  ftmId: Type.String(),
  partnerId: Type.String(),
  orgName: Type.String(),
  make: Type.String(),
  model: Type.String(),
  status: Type.String(),
  isActive: Type.Boolean(),
  isCertificateAvailable: Type.Boolean(),
  createdDateTime: Type.String(),
});
