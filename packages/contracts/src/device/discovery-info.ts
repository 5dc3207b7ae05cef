/** Device discovery (MOSIPDISC) and device info (MOSIPDINFO) responses. */
import { type Static, Type } from '@sinclair/typebox';
import {
  CertificationSchema,
  DeviceStatusSchema,
  EnvSchema,
  MdsErrorSchema,
  PurposeSchema,
} from './common.ts';

/** An unregistered device shows '' as deviceId, deviceCode and purpose, and env "None". */
const PurposeOrEmpty = Type.Union([PurposeSchema, Type.Literal('')]);

/** One element of the discovery response; `digitalId` is the unsigned (base64url) form. */
export const DiscoveryItemSchema = Type.Object({
  deviceId: Type.String(),
  deviceStatus: DeviceStatusSchema,
  certification: CertificationSchema,
  serviceVersion: Type.String(),
  callbackId: Type.String(),
  digitalId: Type.String(),
  deviceCode: Type.String(),
  purpose: PurposeOrEmpty,
  error: MdsErrorSchema,
  specVersion: Type.Array(Type.String()),
  deviceSubId: Type.Array(Type.String()),
});
export type DiscoveryItem = Static<typeof DiscoveryItemSchema>;

export const DiscoveryResponseSchema = Type.Array(DiscoveryItemSchema);
export type DiscoveryResponse = Static<typeof DiscoveryResponseSchema>;

/** The device info payload: signed by the device key when registered, unsigned base64url otherwise. */
export const DeviceInfoSchema = Type.Object({
  specVersion: Type.Array(Type.String()),
  env: Type.Union([EnvSchema, Type.Literal('None')]),
  digitalId: Type.String(),
  deviceId: Type.String(),
  deviceCode: Type.String(),
  purpose: PurposeOrEmpty,
  serviceVersion: Type.String(),
  deviceStatus: DeviceStatusSchema,
  firmware: Type.String(),
  certification: CertificationSchema,
  deviceSubId: Type.Array(Type.String()),
  callbackId: Type.String(),
});
export type DeviceInfo = Static<typeof DeviceInfoSchema>;

/** One element of the info response; an error-only element when no device answers. */
export const InfoItemSchema = Type.Object({ deviceInfo: Type.String(), error: MdsErrorSchema });
export type InfoItem = Static<typeof InfoItemSchema>;

export const MdsErrorItemSchema = Type.Object({ error: MdsErrorSchema });
export type MdsErrorItem = Static<typeof MdsErrorItemSchema>;

export const InfoResponseSchema = Type.Array(Type.Union([InfoItemSchema, MdsErrorItemSchema]));
export type InfoResponse = Static<typeof InfoResponseSchema>;
