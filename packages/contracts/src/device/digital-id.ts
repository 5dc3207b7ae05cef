/** The digital ID: the device's identity, signed by the FTM chip key (L1) or the device key (L0). */
import { type Static, Type } from '@sinclair/typebox';

/** Payload of the digital ID JWS, fields in MockMDS's order. `dateTime` is `yyyy-MM-dd'T'HH:mm:ss'Z'`. */
export const DigitalIdSchema = Type.Object({
  serialNo: Type.String(),
  make: Type.String(),
  model: Type.String(),
  type: Type.String(),
  deviceSubType: Type.String(),
  deviceProviderId: Type.String(),
  deviceProvider: Type.String(),
  dateTime: Type.String(),
});
export type DigitalId = Static<typeof DigitalIdSchema>;

/** The digital ID's identity fields (all but `dateTime`): what must agree wherever the identity is repeated. */
export const DIGITAL_ID_IDENTITY_FIELDS = [
  'serialNo',
  'make',
  'model',
  'type',
  'deviceSubType',
  'deviceProvider',
  'deviceProviderId',
] as const;
