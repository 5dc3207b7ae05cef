import type { FastifyInstance } from 'fastify';
import type { AuditLog } from '../audit/log.ts';
import type { TrustConfig } from '../config.ts';
import type { PlatformKeys } from '../keys/platform-keys.ts';
import type { Db } from '../store/db.ts';

export interface Clock {
  now(): Date;
}

/** What every module's routes get. Nothing here holds per-session state (instances are stateless). */
export interface TrustDeps {
  db: Db;
  audit: AuditLog;
  config: TrustConfig;
  keys: PlatformKeys;
  clock: Clock;
}

/** A group of routes. Listed in src/http/modules.ts. */
export interface TrustModule {
  name: string;
  register(app: FastifyInstance, deps: TrustDeps): void | Promise<void>;
}
