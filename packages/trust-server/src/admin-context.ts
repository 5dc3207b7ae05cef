import pino from 'pino';
import { openAuditLog } from './audit/open.ts';
import type { TrustConfig } from './config.ts';
import { type Deps, systemClock } from './deps.ts';
import { createKek, readKek } from './keys/kek.ts';
import { openStore } from './store/db.ts';

/** The services' deps without the HTTP server, for command-line admin actions. */
export interface AdminContext extends Deps {
  close(): Promise<void>;
}

/**
 * Opens the configured store directly (migrating it). With PGlite this fails with TS_STORE_LOCKED
 * while a server runs on the same data directory; with PostgreSQL it works alongside servers.
 */
export async function openAdminContext(config: TrustConfig): Promise<AdminContext> {
  const givenKek = readKek(config);
  const store = await openStore({
    dataDir: config.dataDir,
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    poolSize: 2,
  });
  const clock = systemClock;
  // Warnings and errors go to stderr; standard output stays the command's answer.
  const logger = pino({ level: 'warn' }, pino.destination(2));
  try {
    const audit = await openAuditLog(store, givenKek ?? createKek(config), config.dataDir, clock);
    return { db: store.db, audit, clock, config, logger, close: () => store.close() };
  } catch (e) {
    await store.close();
    throw e;
  }
}
