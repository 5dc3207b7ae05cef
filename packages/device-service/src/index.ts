// Public API of @mosip-trust/device-service: the MDS 0.9.5 device service, its devices and a client.
export { ERROR_CODES, MDS_ERRORS, DeviceServiceError, type DeviceServiceErrorCode, mdsErrorInfo } from './errors.ts';
export {
  type BioType,
  type Purpose,
  type DeviceStatus,
  type Env,
  type DeviceKind,
  type Position,
  DEVICE_KINDS,
  FINGERS,
  IRISES,
  SPEC_VERSION,
  subIdsFor,
} from './model.ts';
export { DeviceService, type DeviceServiceOptions, type DeviceSummary, DEFAULT_DEVICE_KINDS } from './service.ts';
export type { DeviceSpec, ProviderInfo } from './provisioning.ts';
export {
  type ManagementClient,
  type DeviceRegistrationPayload,
  type DeviceRegistrationResult,
  HttpManagementClient,
  DevelopmentRegistrar,
} from './management-client.ts';
export { type RecordSource, type PreparedSample, type SampleKey, CachedRecordSource } from './record-source.ts';
export { biometricRecordSource } from './biometric-records.ts';
export { type QualityVariant, QUALITY_VARIANTS, type DeviceControl } from './control.ts';
export { ADMIN_TOKEN_ENV } from './admin.ts';
export { KEK_ENV } from './state-store.ts';
export { mdsCall, mdsJson, decodePayload, readStream, type MdsReply } from './client.ts';
export { startMdsServer, type MdsServer, type MdsHandler } from './http/index.ts';
