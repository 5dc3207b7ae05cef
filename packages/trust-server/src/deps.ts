import type { AuditLog } from './audit/log.ts';
import type { TrustConfig } from './config.ts';
import type { PlatformKeys } from './keys/platform-keys.ts';
import type { Db, Store } from './store/db.ts';

/** Where services read the time: injected so tests and replays drive it. */
export interface Clock {
  now(): Date;
}

/** The wall clock: the one place the trust server reads `new Date()`. */
export const systemClock: Clock = { now: () => new Date() };

/** What services log through (pino's logger satisfies it). Secrets and biometric data are never passed. */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * What every service gets: the store, the audit log, the configuration, the clock and a logger.
 * Nothing here is HTTP; the command-line admin context provides the same (see docs/architecture.md).
 */
export interface Deps {
  db: Db;
  audit: AuditLog;
  config: TrustConfig;
  clock: Clock;
  logger: Logger;
}

/** The server's deps: `Deps` plus the platform keys (only certificate re-signing needs them). */
export interface TrustDeps extends Deps {
  keys: PlatformKeys;
  /** NOTIFY subscriptions on the store (hot-cache invalidation across processes); absent without a store. */
  listen?: Store['listen'];
}
