/** Enumerations and the error object of MDS 0.9.5 (docs/device-service.md). */
import { type Static, Type } from '@sinclair/typebox';

export const BioTypeSchema = Type.Union([Type.Literal('Finger'), Type.Literal('Iris'), Type.Literal('Face')]);
export type BioType = Static<typeof BioTypeSchema>;

export const PurposeSchema = Type.Union([Type.Literal('Auth'), Type.Literal('Registration')]);
export type Purpose = Static<typeof PurposeSchema>;

export const DeviceStatusSchema = Type.Union([
  Type.Literal('Ready'),
  Type.Literal('Busy'),
  Type.Literal('Not Ready'),
  Type.Literal('Not Registered'),
]);
export type DeviceStatus = Static<typeof DeviceStatusSchema>;

export const EnvSchema = Type.Union([
  Type.Literal('Staging'),
  Type.Literal('Developer'),
  Type.Literal('Pre-Production'),
  Type.Literal('Production'),
]);
export type Env = Static<typeof EnvSchema>;

export const CertificationSchema = Type.Union([Type.Literal('L0'), Type.Literal('L1')]);
export type Certification = Static<typeof CertificationSchema>;

/** `{errorCode, errorInfo}`: "0" with "Success" when the operation succeeded. */
export const MdsErrorSchema = Type.Object({ errorCode: Type.String(), errorInfo: Type.String() });
export type MdsError = Static<typeof MdsErrorSchema>;
