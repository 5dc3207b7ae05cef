/**
 * Device registration through the device provider's management server: the device sends `deviceData`,
 * a JWS signed by its FTM chip key over a DeviceRegistrationPayload; the answer carries the deviceCode,
 * the env and a device certificate for the public key it sent.
 */
import { type Static, Type } from '@sinclair/typebox';
import { CertificationSchema, EnvSchema, PurposeSchema } from './common.ts';

export const DeviceRegistrationPayloadSchema = Type.Object({
  deviceId: Type.String(),
  purpose: PurposeSchema,
  serialNo: Type.String(),
  make: Type.String(),
  model: Type.String(),
  type: Type.String(),
  deviceSubType: Type.String(),
  deviceProvider: Type.String(),
  deviceProviderId: Type.String(),
  certification: CertificationSchema,
  firmware: Type.String(),
  deviceSubId: Type.Array(Type.String()),
  /** SPKI PEM of the device key to certify. */
  devicePublicKey: Type.String(),
  /** Present when rotating the key of a registered device. */
  deviceCode: Type.Optional(Type.String()),
  /** yyyy-MM-dd'T'HH:mm:ss.SSS'Z' (masterdata/PMS form). */
  timestamp: Type.String(),
});
export type DeviceRegistrationPayload = Static<typeof DeviceRegistrationPayloadSchema>;

/** `POST <management server>/v1/devices/register` body. */
export const DeviceRegistrationRequestSchema = Type.Object({ deviceData: Type.String() });
export type DeviceRegistrationRequest = Static<typeof DeviceRegistrationRequestSchema>;

export const DeviceRegistrationResultSchema = Type.Object({
  deviceCode: Type.String({ minLength: 1 }),
  env: EnvSchema,
  /** PEM: the device certificate first, then optional CA certificates. */
  deviceCertificatePem: Type.String(),
});
export type DeviceRegistrationResult = Static<typeof DeviceRegistrationResultSchema>;
