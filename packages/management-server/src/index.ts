// Public API of @mosip-trust/management-server (docs/management-server.md).
export { type ValidatedDevice, validateDevice } from './device-validation.ts';
export { MANAGEMENT_ERRORS, ManagementError, type ManagementErrorCode } from './errors.ts';
export type { FleetDeps, FleetDevice } from './fleet.ts';
export { buildApp } from './http/app.ts';
export { loadOrCreateProviderKeys, type ProviderKeys } from './provider-ca.ts';
export { type ManagementServer, type ManagementServerOptions, startManagementServer } from './server.ts';
export { type FleetStore, openFleetStore } from './store/store.ts';
export { TrustClient } from './trust-client.ts';
