// Public API of @mosip-trust/device-service: the MDS 0.9.5 device service, its devices and a client.

export { biometricRecordSource } from './capture/biometric-records.ts';
export {
  CachedRecordSource,
  type PreparedSample,
  type RecordSource,
  type SampleKey,
} from './capture/record-source.ts';
export { ADMIN_TOKEN_ENV } from './control/admin.ts';
export { type DeviceControl, QUALITY_VARIANTS, type QualityVariant } from './control/control.ts';
export {
  DeviceServiceError,
  type DeviceServiceErrorCode,
  ERROR_CODES,
  isMdsCode,
  MDS_ERRORS,
  type MdsCode,
  mdsErrorInfo,
} from './errors.ts';
export { DEFAULT_PORT_RANGE, type MdsHandler, type MdsServer, startMdsServer } from './http/index.ts';
export { DevelopmentRegistrar } from './identity/development-registrar.ts';
export { DeviceIdentity } from './identity/identity.ts';
export {
  type DeviceRegistrationPayload,
  type DeviceRegistrationResult,
  HttpManagementClient,
  type ManagementClient,
} from './identity/management-client.ts';
export type { DeviceSpec, ProviderInfo } from './identity/provisioning.ts';
export { KEK_ENV, StateStore } from './identity/state-store.ts';
export {
  DEFAULT_DEVICE_KINDS,
  DEFAULT_PROVIDER,
  DeviceService,
  type DeviceServiceOptions,
  type DeviceSummary,
} from './service.ts';
export { decodePayload, type MdsReply, mdsCall, mdsJson, readStream } from './wire/client.ts';
export {
  type BioType,
  DEVICE_KINDS,
  type DeviceKind,
  type DeviceStatus,
  type Env,
  FINGERS,
  IRISES,
  KIND_FACTS,
  type Position,
  type Purpose,
  SERVICE_VERSION,
  SPEC_VERSION,
  subIdsFor,
} from './wire/model.ts';
export { ALLOWED_ORIGINS_ENV, parseAllowedOrigins } from './wire/origins.ts';
