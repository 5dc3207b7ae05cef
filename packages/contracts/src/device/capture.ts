/** CAPTURE (Auth) and RCAPTURE (Registration) requests and responses, and the STREAM request. */
import { type Static, Type } from '@sinclair/typebox';
import { EnvSchema, MdsErrorSchema, PurposeSchema } from './common.ts';

/** MOSIP's clients send numbers as numbers or numeric strings. */
const NumberOrText = Type.Union([Type.Number(), Type.String()]);
const TextOrNull = Type.Union([Type.String(), Type.Null()]);

export const BioRequestSchema = Type.Object({
  type: Type.String(),
  count: NumberOrText,
  bioSubType: Type.Optional(Type.Union([Type.Array(TextOrNull), Type.Null()])),
  exception: Type.Optional(Type.Union([Type.Array(Type.String()), Type.Null()])),
  requestedScore: NumberOrText,
  deviceId: Type.String(),
  deviceSubId: NumberOrText,
  previousHash: Type.Optional(TextOrNull),
});
export type BioRequest = Static<typeof BioRequestSchema>;

export const CaptureRequestSchema = Type.Object({
  env: Type.String(),
  purpose: Type.String(),
  specVersion: Type.String(),
  timeout: NumberOrText,
  captureTime: Type.String(),
  /** Auth: the relying party's URI, echoed into the signed data. */
  domainUri: Type.Optional(TextOrNull),
  transactionId: Type.String(),
  bio: Type.Array(BioRequestSchema),
  customOpts: Type.Optional(Type.Unknown()),
});
export type CaptureRequest = Static<typeof CaptureRequestSchema>;

export const StreamRequestSchema = Type.Object({
  deviceId: Type.String(),
  deviceSubId: NumberOrText,
  timeout: Type.Optional(NumberOrText),
});
export type StreamRequest = Static<typeof StreamRequestSchema>;

/**
 * The payload of an element's `data` JWS, in MockMDS's field order. Face elements have no bioSubType;
 * only Auth data carries domainUri. bioValue is base64url of the ISO record (Registration) or of the
 * AES-GCM sealed record (Auth).
 */
export const BiometricDataSchema = Type.Object({
  digitalId: Type.String(),
  deviceCode: Type.String(),
  deviceServiceVersion: Type.String(),
  bioType: Type.String(),
  bioSubType: Type.Optional(Type.String()),
  purpose: PurposeSchema,
  env: EnvSchema,
  domainUri: Type.Optional(Type.String()),
  bioValue: Type.String(),
  transactionId: Type.String(),
  timestamp: Type.String(),
  requestedScore: Type.String(),
  qualityScore: Type.String(),
});
export type BiometricData = Static<typeof BiometricDataSchema>;

/** One element of a capture response: RCAPTURE has no sessionKey/thumbprint; errors carry '' fields. */
export const CaptureElementSchema = Type.Object({
  specVersion: Type.String(),
  data: Type.String(),
  hash: Type.String(),
  sessionKey: Type.Optional(Type.String()),
  thumbprint: Type.Optional(Type.String()),
  error: MdsErrorSchema,
});
export type CaptureElement = Static<typeof CaptureElementSchema>;

export const CaptureResponseSchema = Type.Object({ biometrics: Type.Array(CaptureElementSchema) });
export type CaptureResponse = Static<typeof CaptureResponseSchema>;
