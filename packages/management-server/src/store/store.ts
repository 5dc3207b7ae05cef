/**
 * The management server's own store: embedded PGlite in the data directory by default, PostgreSQL
 * when DATABASE_URL is set; numbered append-only migrations from ./migrations (docs/management-server.md).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import {
  acquireDataDirLock,
  listMigrations,
  migrate,
  namedStatementPool,
  PGliteDialect,
  pgliteArtifacts,
  pgliteStartParams,
  seedPgliteDataDir,
} from '@mosip-trust/store';
import { Kysely, PostgresDialect } from 'kysely';
import type { FleetDatabase } from './schema.ts';

export type FleetDb = Kysely<FleetDatabase>;

export interface FleetStore {
  db: FleetDb;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export async function openFleetStore(opts: { dataDir: string; databaseUrl?: string }): Promise<FleetStore> {
  let store: FleetStore;
  if (opts.databaseUrl) {
    // node-postgres only for PostgreSQL: a start on PGlite does not load it.
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 5 });
    const db = new Kysely<FleetDatabase>({
      dialect: new PostgresDialect({ pool: namedStatementPool(pool) }),
    });
    store = { db, kind: 'postgres', close: () => db.destroy() };
  } else {
    mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
    const release = acquireDataDirLock(opts.dataDir);
    let pglite: PGlite;
    try {
      // A copy of the installed template, migrated, instead of an initdb and the migrations (docs/performance.md).
      await seedPgliteDataDir(join(opts.dataDir, 'pgdata'), listMigrations(MIGRATIONS_DIR));
      // Its fleet is small: a small buffer pool, as the trust server's (docs/performance.md).
      pglite = await PGlite.create(join(opts.dataDir, 'pgdata'), {
        ...(await pgliteArtifacts()),
        startParams: pgliteStartParams(),
      });
    } catch (e) {
      release();
      throw e;
    }
    const db = new Kysely<FleetDatabase>({ dialect: new PGliteDialect(pglite) });
    store = {
      db,
      kind: 'pglite',
      close: async () => {
        try {
          await db.destroy();
          await pglite.close();
        } finally {
          release();
        }
      },
    };
  }
  try {
    await migrate(store.db as unknown as Kysely<unknown>, listMigrations(MIGRATIONS_DIR));
  } catch (e) {
    await store.close();
    throw e;
  }
  return store;
}
