import { type Static, Type } from '@sinclair/typebox';
import { NullableStr } from './common.ts';

/** A device model (MOSIP device detail). */
export const DeviceDetailView = Type.Object({
  id: Type.String(),
  deviceProviderId: Type.String(),
  deviceTypeCode: Type.String(),
  deviceSubTypeCode: Type.String(),
  make: Type.String(),
  model: Type.String(),
  partnerOrganizationName: Type.String(),
  approvalStatus: Type.String(),
  isActive: Type.Boolean(),
  /** Incremented by every edit; an approval names the version that was reviewed (docs/trust-server.md). */
  recordVersion: Type.Integer(),
  crBy: Type.String(),
  crDtimes: Type.String(),
});
export type DeviceDetailView = Static<typeof DeviceDetailView>;

/** A secure biometric interface (device service) version. */
export const SbiVersionView = Type.Object({
  id: Type.String(),
  providerId: Type.String(),
  swVersion: Type.String(),
  swBinaryHash: Type.String(),
  swCreateDateTime: Type.String(),
  swExpiryDateTime: Type.String(),
  partnerOrganizationName: Type.String(),
  approvalStatus: Type.String(),
  isActive: Type.Boolean(),
  /** Incremented by every edit; an approval names the version that was reviewed (docs/trust-server.md). */
  recordVersion: Type.Integer(),
  crBy: Type.String(),
  crDtimes: Type.String(),
});
export type SbiVersionView = Static<typeof SbiVersionView>;

/** MOSIP master's status of a listed SBI or device: an approved one no longer active is `deactivated`. */
const ListedStatus = Type.Union([
  Type.Literal('approved'),
  Type.Literal('rejected'),
  Type.Literal('pending_approval'),
  Type.Literal('deactivated'),
]);

/** MOSIP master's paged GET /securebiometricinterface row (SbiSummaryDto). */
export const SbiRowV2 = Type.Object({
  partnerId: Type.String(),
  orgName: Type.String(),
  sbiId: Type.String(),
  sbiVersion: Type.String(),
  status: ListedStatus,
  isActive: Type.Boolean(),
  sbiCreatedDateTime: Type.String(),
  sbiExpiryDateTime: Type.String(),
  createdDateTime: Type.String(),
  countOfAssociatedDevices: Type.Integer(),
  countOfApprovedDevices: Type.Integer(),
  countOfPendingDevices: Type.Integer(),
  sbiExpiryStatus: Type.Union([Type.Literal('expired'), Type.Literal('valid')]),
});

/** MOSIP master's paged GET /devicedetail row (DeviceDetailSummaryDto): one per device and linked SBI. */
export const DeviceRowV2 = Type.Object({
  deviceId: Type.String(),
  partnerId: Type.String(),
  orgName: Type.String(),
  deviceType: Type.String(),
  deviceSubType: Type.String(),
  status: ListedStatus,
  make: Type.String(),
  model: Type.String(),
  createdDateTime: Type.String(),
  sbiId: NullableStr,
  sbiVersion: NullableStr,
});
