// Public API of @mosip-trust/trust-server.

export { type AdminContext, openAdminContext } from './admin-context.ts';
export {
  type AuditEntry,
  type AuditInput,
  AuditLog,
  type AuditQuery,
  type AuditVerification,
  GENESIS_HASH,
} from './audit/log.ts';
export { hashPassword, verifyPassword } from './auth/passwords.ts';
export {
  ALL_ROLES,
  isRole as isRoleName,
  KEY_HOLDER_ROLES,
  PARTNER_ROLES,
  PARTNER_TYPE_ROLE,
  type Principal,
  ROLES,
  type Role,
  STAFF_ROLES,
} from './auth/roles.ts';
export { issueToken, revokeToken, verifyToken } from './auth/tokens.ts';
export { DEFAULTS, loadConfig, type OidcConfig, type TrustConfig } from './config.ts';
export { type Clock, type Deps, type Logger, systemClock, type TrustDeps } from './deps.ts';
export { type Actor, assertOwnPartner, listScope, systemActor } from './domain/actor.ts';
export {
  ERRORS,
  type ErrorCode,
  IDA_ERRORS,
  type IdaErrorCode,
  idaRefusal,
  TrustError,
  wireCode,
} from './errors.ts';
export { type Access, AUTHENTICATED, PUBLIC, roles } from './http/access.ts';
export { type AppOptions, createApp, REDACT_PATHS, type RouteInfo } from './http/app.ts';
export {
  type Envelope,
  type EnvelopedBody,
  envelopeBody,
  envelopeResponse,
  errorEnvelope,
  mosipTimestamp,
  ok,
} from './http/envelope.ts';
export { principalOf } from './http/guard.ts';
export type { TrustModule } from './http/module.ts';
export { TRUST_MODULES } from './http/modules.ts';
export type { PlatformKeys } from './keys/platform-keys.ts';
export { createClient } from './modules/accounts/clients.ts';
export { ensureFirstAdmin } from './modules/accounts/first-admin.ts';
export { adminExists, createUser, listUsers, login } from './modules/accounts/service.ts';
export { generateSecret as generateApiKeySecret } from './modules/api-keys/secret.ts';
export { type ApiKeyValidation, validateApiKey } from './modules/api-keys/validation.ts';
export { type BioMatcher, noMatcher } from './modules/auth-api/matcher.ts';
export { type AuthApiOptions, authApiModule, createAuthApiModule } from './modules/auth-api/routes.ts';
export {
  type CertificateUsage,
  findCurrentCertificate,
  PARTNER_TYPE_DOMAIN,
  type PartnerCertificateRecord,
} from './modules/certificates/service.ts';
export { type LicenseValidation, validateLicenseKey } from './modules/misp/service.ts';
export { type DeviceMakerInput, onboardDeviceMaker } from './modules/onboarding/device-maker.ts';
export {
  approvePartner,
  getPartner,
  listPartners,
  registerPartner,
  rejectPartner,
  setPartnerActive,
} from './modules/partners/service.ts';
export { StoreDeviceRegistry } from './modules/registered-devices/store-registry.ts';
export { uploadCaCertificates } from './modules/trust-domains/service.ts';
export { type AuthTransactionInput, recordAuthTransaction } from './queries/auth-transactions.ts';
export {
  type DomainTrustStore,
  loadTrustStore,
  validateAgainstDomain,
} from './queries/trust-anchors.ts';
export { type StartOptions, startTrustServer, type TrustServer } from './server.ts';
export { type Db, openStore, type Store, type StoreOptions, type Trx, withTransaction } from './store/db.ts';
export { listMigrations, migrate } from './store/migrator.ts';
export type { Database } from './store/schema.ts';
