import type { AuditLog } from './audit/log.ts';
import { openAuditLog } from './audit/open.ts';
import type { TrustConfig } from './config.ts';
import type { Clock } from './http/module.ts';
import { loadKek } from './keys/kek.ts';
import { type Db, openStore } from './store/db.ts';

/** The store and audit log without the HTTP server, for command-line admin actions. */
export interface AdminContext {
  db: Db;
  audit: AuditLog;
  clock: Clock;
  config: TrustConfig;
  close(): Promise<void>;
}

/**
 * Opens the configured store directly (migrating it). With PGlite this fails with TS_STORE_LOCKED
 * while a server runs on the same data directory; with PostgreSQL it works alongside servers.
 */
export async function openAdminContext(config: TrustConfig): Promise<AdminContext> {
  const store = await openStore({
    dataDir: config.dataDir,
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    poolSize: 2,
  });
  const clock = { now: () => new Date() };
  try {
    const audit = await openAuditLog(store, loadKek(config), config.dataDir, clock);
    return { db: store.db, audit, clock, config, close: () => store.close() };
  } catch (e) {
    await store.close();
    throw e;
  }
}
