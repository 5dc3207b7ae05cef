import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { acquireDataDirLock } from './lock.ts';
import { migrate } from './migrator.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;

/** Connection figures for /metrics: the pg pool's, or PGlite's one connection and its queue. */
export interface StorePoolStats {
  total: number;
  idle: number;
  waiting: number;
}

export interface Store {
  db: Db;
  kind: 'pglite' | 'postgres';
  poolStats(): StorePoolStats;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** PGlite data directory; ignored when databaseUrl is set. `memory://` for an in-memory PGlite. */
  dataDir: string;
  databaseUrl?: string;
  poolSize?: number;
  /** Apply pending migrations (default true). */
  migrate?: boolean;
}

/** int8 (bigint, count(*)) as a JS number like PGlite does, instead of node-postgres' string. */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

/** Opens the store: a PostgreSQL server when databaseUrl is given, else PGlite on dataDir. */
export async function openStore(options: StoreOptions): Promise<Store> {
  let store: Store;
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      types: pgTypes,
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const poolStats = () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount });
    store = { db, kind: 'postgres', poolStats, close: () => db.destroy() };
  } else if (options.dataDir.startsWith('memory://')) {
    const pglite = await PGlite.create();
    const dialect = new PGliteDialect(pglite);
    const db = new Kysely<Database>({ dialect });
    store = { db, kind: 'pglite', poolStats: () => dialect.stats(), close: async () => pglite.close() };
  } else {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    const release = acquireDataDirLock(options.dataDir);
    let pglite: PGlite;
    try {
      pglite = await PGlite.create(`${options.dataDir}/pgdata`);
    } catch (e) {
      release();
      throw e;
    }
    const dialect = new PGliteDialect(pglite);
    const db = new Kysely<Database>({ dialect });
    store = {
      db,
      kind: 'pglite',
      poolStats: () => dialect.stats(),
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
  if (options.migrate !== false) {
    try {
      await migrate(store.db as unknown as Kysely<unknown>);
    } catch (e) {
      await store.close();
      throw e;
    }
  }
  return store;
}

/** Runs `fn` in one transaction: every state change and its audit entry commit together or not at all. */
export function withTransaction<T>(db: Db, fn: (trx: Trx) => Promise<T>): Promise<T> {
  return db.transaction().execute(fn);
}
