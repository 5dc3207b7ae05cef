import { type Static, Type } from '@sinclair/typebox';

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
