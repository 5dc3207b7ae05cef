import { PGlite } from '@electric-sql/pglite';
import {
  acquireDataDirLock,
  namedStatementPool,
  PGliteDialect,
  pgliteArtifacts,
  pgliteStartParams,
  seedPgliteDataDir,
} from '@mosip-trust/store';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import type pg from 'pg';
import { prepareDataDir } from './data-dir.ts';
import { listMigrations, migrate } from './migrator.ts';
import {
  listenPglite,
  listenPostgres,
  type NotificationHandlers,
  type Notifications,
} from './notifications.ts';
import { type ConnectionErrorSink, handlePoolErrors } from './pool-resilience.ts';
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
  /** Migration versions this open applied. */
  migrated: number[];
  /** Where lost connections are reported (PostgreSQL; the server points it at its logger). */
  onConnectionError: ConnectionErrorSink;
  poolStats(): StorePoolStats;
  close(): Promise<void>;
  /** Subscribes to a NOTIFY channel (cache invalidation across processes; src/store/notifications.ts). */
  listen(channel: string, handlers: NotificationHandlers): Promise<Notifications>;
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
function pgTypes(types: typeof pg.types) {
  return {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === 20) return (v: string) => Number(v);
      return types.getTypeParser(oid, format as 'text');
    },
  };
}

function reportToStderr(error: Error): void {
  process.stderr.write(`store connection lost: ${error.message}\n`);
}

/** A store over a PGlite instance; `close` ends it (the file-backed one also releases its data-directory lock). */
function pgliteStore(pglite: PGlite, close: (db: Kysely<Database>) => Promise<void>): Store {
  const dialect = new PGliteDialect(pglite);
  const db = new Kysely<Database>({ dialect });
  return {
    db,
    kind: 'pglite',
    poolStats: () => dialect.stats(),
    migrated: [],
    onConnectionError: reportToStderr,
    close: () => close(db),
    listen: (channel, handlers) => listenPglite(pglite, channel, handlers),
  };
}

/** Opens the store: a PostgreSQL server when databaseUrl is given, else PGlite on dataDir. */
export async function openStore(options: StoreOptions): Promise<Store> {
  let store: Store;
  // Migrations a fresh PGlite directory received with its template copy: applied by this open too.
  let seeded: number[] = [];
  // The data directory holds the key file and the audit anchor with either store (src/store/data-dir.ts).
  if (!options.dataDir.startsWith('memory://')) prepareDataDir(options.dataDir);
  if (options.databaseUrl) {
    // node-postgres only for PostgreSQL: a start on PGlite does not load it.
    const { default: pgModule } = await import('pg');
    const pool = new pgModule.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      types: pgTypes(pgModule.types),
    });
    // Parameterised queries as named statements, planned once per connection (docs/performance.md, "Round 7").
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: namedStatementPool(pool) }) });
    const url = options.databaseUrl;
    store = {
      db,
      kind: 'postgres',
      migrated: [],
      onConnectionError: reportToStderr,
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
      close: () => db.destroy(),
      listen: (channel, handlers) => listenPostgres(url, channel, handlers),
    };
    const current = store;
    handlePoolErrors(pool, () => current.onConnectionError);
  } else if (options.dataDir.startsWith('memory://')) {
    const pglite = await PGlite.create({ ...(await pgliteArtifacts()) });
    store = pgliteStore(pglite, async () => pglite.close());
  } else {
    const release = acquireDataDirLock(options.dataDir);
    let pglite: PGlite;
    try {
      const migrations = options.migrate === false ? [] : listMigrations();
      seeded = await seedPgliteDataDir(`${options.dataDir}/pgdata`, migrations);
      pglite = await PGlite.create(`${options.dataDir}/pgdata`, {
        ...(await pgliteArtifacts()),
        startParams: pgliteStartParams(),
      });
    } catch (e) {
      release();
      throw e;
    }
    store = pgliteStore(pglite, async (db) => {
      try {
        await db.destroy();
        await pglite.close();
      } finally {
        release();
      }
    });
  }
  if (options.migrate !== false) {
    try {
      store.migrated = [...seeded, ...(await migrate(store.db as unknown as Kysely<unknown>))];
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
