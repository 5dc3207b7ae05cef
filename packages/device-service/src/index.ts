// Public API of @mosip-trust/device-service: the MDS 0.9.5 device service, its devices and a client.

export { ADMIN_TOKEN_ENV } from './admin.ts';
export { biometricRecordSource } from './biometric-records.ts';
export { decodePayload, type MdsReply, mdsCall, mdsJson, readStream } from './client.ts';
export { type DeviceControl, QUALITY_VARIANTS, type QualityVariant } from './control.ts';
export {
  DeviceServiceError,
  type DeviceServiceErrorCode,
  ERROR_CODES,
  MDS_ERRORS,
  mdsErrorInfo,
} from './errors.ts';
export { type MdsHandler, type MdsServer, startMdsServer } from './http/index.ts';
export {
  DevelopmentRegistrar,
  type DeviceRegistrationPayload,
  type DeviceRegistrationResult,
  HttpManagementClient,
  type ManagementClient,
} from './management-client.ts';
export {
  type BioType,
  DEVICE_KINDS,
  type DeviceKind,
  type DeviceStatus,
  type Env,
  FINGERS,
  IRISES,
  type Position,
  type Purpose,
  SPEC_VERSION,
  subIdsFor,
} from './model.ts';
export type { DeviceSpec, ProviderInfo } from './provisioning.ts';
export {
  CachedRecordSource,
  type PreparedSample,
  type RecordSource,
  type SampleKey,
} from './record-source.ts';
export {
  DEFAULT_DEVICE_KINDS,
  DeviceService,
  type DeviceServiceOptions,
  type DeviceSummary,
} from './service.ts';
export { KEK_ENV } from './state-store.ts';
