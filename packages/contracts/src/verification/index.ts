// Capture verification: the decision and its trace (docs/verifier.md), and the registered-device lookup the
// verifier's HTTP registry client expects from the trust server.
import { type Static, Type } from '@sinclair/typebox';

export const CheckOutcome = Type.Union([Type.Literal('pass'), Type.Literal('fail'), Type.Literal('not-run')]);
export type CheckOutcome = Static<typeof CheckOutcome>;

/** One check of the verifier, in the order it ran. Never carries biometric data. */
export const VerificationCheck = Type.Object({
  name: Type.String(),
  outcome: CheckOutcome,
  /** The verifier's error code (its catalogue), on failure. */
  code: Type.Optional(Type.String()),
  /** MOSIP's error code for the same condition, where MOSIP has one (IDA-MPA-001, IDA-MLC-024, ...). */
  mosipCode: Type.Optional(Type.String()),
  reason: Type.String({ maxLength: 500 }),
});
export type VerificationCheck = Static<typeof VerificationCheck>;

export const VerificationDecision = Type.Object({
  decision: Type.Union([Type.Literal('accepted'), Type.Literal('refused')]),
  /** The first failing check's codes and reason (refused only). */
  code: Type.Optional(Type.String()),
  mosipCode: Type.Optional(Type.String()),
  reason: Type.Optional(Type.String()),
  purpose: Type.Optional(Type.Union([Type.Literal('Auth'), Type.Literal('Registration')])),
  transactionId: Type.Optional(Type.String()),
  elements: Type.Integer({ minimum: 0 }),
  checks: Type.Array(VerificationCheck),
});
export type VerificationDecision = Static<typeof VerificationDecision>;

export const RegisteredDeviceStatus = Type.Union([
  Type.Literal('Registered'),
  Type.Literal('Revoked'),
  Type.Literal('Retired'),
]);
export type RegisteredDeviceStatus = Static<typeof RegisteredDeviceStatus>;

/**
 * Answer of `GET /v1/registereddevices/lookup?deviceCode=&serialNo=&deviceProviderId=` (docs/verifier.md):
 * the device as registered, its status, and whether its model and SBI versions are approved.
 */
export const RegisteredDeviceRecord = Type.Object({
  deviceCode: Type.String(),
  serialNo: Type.String(),
  deviceProvider: Type.String(),
  deviceProviderId: Type.String(),
  make: Type.String(),
  model: Type.String(),
  type: Type.String(),
  deviceSubType: Type.String(),
  purpose: Type.Union([Type.Literal('Auth'), Type.Literal('Registration')]),
  status: RegisteredDeviceStatus,
  /** The device detail (make, model, type, sub-type, provider) is approved. */
  modelApproved: Type.Boolean(),
  /** SBI versions approved for this provider and model, compared with `data.deviceServiceVersion`. */
  approvedSbiVersions: Type.Array(Type.String()),
});
export type RegisteredDeviceRecord = Static<typeof RegisteredDeviceRecord>;

export const RegisteredDeviceLookupResponse = Type.Object({
  response: RegisteredDeviceRecord,
});
export type RegisteredDeviceLookupResponse = Static<typeof RegisteredDeviceLookupResponse>;
