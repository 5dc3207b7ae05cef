// Trust-server API view shapes read by the portal and the management server.
export * from './accounts.ts';
export * from './api-keys.ts';
export * from './audit.ts';
export * from './auth.ts';
export * from './common.ts';
export * from './credential-partners.ts';
export * from './device-models.ts';
export * from './envelope.ts';
export * from './ftm-chips.ts';
export * from './misp.ts';
export * from './partners.ts';
export * from './partners-master.ts';
export * from './policies.ts';
export * from './registered-devices.ts';
export * from './search.ts';
export * from './trust-domains.ts';
