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
  /**
   * The device's MOSIP deviceInfo, a JWS by the chip key over {deviceSubId, certification, digitalId (a
   * JWS by the chip key), firmware, deviceExpiry, timestamp}; the management server forwards it to the
   * trust server's registered-device API unchanged.
   */
  deviceInfo: Type.Optional(Type.String()),
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
  /** PEM: the certificate Auth captures are encrypted to, when the trust server gave one. */
  encryptionCertificatePem: Type.Optional(Type.String()),
  /**
   * A JWS by the management server's signing key (x5c: its certificate, then the CA that issued the
   * device certificate) over the JSON of the other fields, so the device knows who answered.
   */
  signature: Type.Optional(Type.String()),
});
export type DeviceRegistrationResult = Static<typeof DeviceRegistrationResultSchema>;

/** `POST <management server>/v1/devices/commands` body: a JWS by the device key over {deviceCode, timestamp}. */
export const DeviceCommandsRequestSchema = Type.Object({ request: Type.String() });
export type DeviceCommandsRequest = Static<typeof DeviceCommandsRequestSchema>;

/** A command the device provider triggered; a device never receives a capture command. */
export const DeviceCommandSchema = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('rotate-key'), Type.Literal('deregister'), Type.Literal('sbi-update')]),
  /** sbi-update: {swVersion, swBinaryHash}, the hash of an approved SBI version. */
  details: Type.Record(Type.String(), Type.String()),
});
export type DeviceCommand = Static<typeof DeviceCommandSchema>;

/** `GET <management server>/v1/time`: trusted time, signed by the management server. */
export const TrustedTimeSchema = Type.Object({
  /** yyyy-MM-dd'T'HH:mm:ss.SSS'Z' */
  time: Type.String(),
  /** JWS over {"time"} by the management server's signing key. */
  signature: Type.String(),
});
export type TrustedTime = Static<typeof TrustedTimeSchema>;
