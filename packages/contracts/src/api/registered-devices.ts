import { type Static, Type } from '@sinclair/typebox';
import { RegisteredDeviceStatus } from '../verification/index.ts';

/** A registered device as its provider (or an admin) lists it (docs/trust-server-capabilities.md, "Device registry"). */
export const RegisteredDeviceView = Type.Object({
  deviceCode: Type.String(),
  deviceId: Type.String(),
  deviceProviderId: Type.String(),
  deviceProvider: Type.String(),
  purpose: Type.Union([Type.Literal('Auth'), Type.Literal('Registration')]),
  serialNo: Type.String(),
  make: Type.String(),
  model: Type.String(),
  type: Type.String(),
  deviceSubType: Type.String(),
  deviceDetailId: Type.String(),
  certification: Type.String(),
  firmware: Type.String(),
  deviceSubId: Type.Array(Type.String()),
  deviceExpiry: Type.Union([Type.String(), Type.Null()]),
  foundationalTrustProviderId: Type.Union([Type.String(), Type.Null()]),
  env: Type.String(),
  status: RegisteredDeviceStatus,
  crBy: Type.String(),
  crDtimes: Type.String(),
  updBy: Type.Union([Type.String(), Type.Null()]),
  updDtimes: Type.Union([Type.String(), Type.Null()]),
});
export type RegisteredDeviceView = Static<typeof RegisteredDeviceView>;

/** One page of registered devices. */
export const RegisteredDevicePage = Type.Object({
  pageNo: Type.Integer(),
  pageSize: Type.Integer(),
  totalItems: Type.Integer(),
  data: Type.Array(RegisteredDeviceView),
});
export type RegisteredDevicePage = Static<typeof RegisteredDevicePage>;
