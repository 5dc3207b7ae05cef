import type { PGlite } from '@electric-sql/pglite';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/**
 * A Kysely dialect for PGlite. PGlite is one connection, so the driver hands it out to one
 * user at a time: a transaction holds it from BEGIN to COMMIT/ROLLBACK and every other query
 * waits. (kysely-pglite interleaved concurrent transactions on the one connection and lost a
 * rollback; serialising here is what makes "each state change one transaction" true.)
 */
export class PGliteDialect implements Dialect {
  #driver: PGliteDriver | undefined;
  constructor(private readonly pglite: PGlite) {}
  /** The one connection (idle or not) and the callers queued for it, for /metrics. */
  stats(): { total: number; idle: number; waiting: number } {
    return this.#driver?.stats() ?? { total: 1, idle: 1, waiting: 0 };
  }
  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    this.#driver = new PGliteDriver(this.pglite);
    return this.#driver;
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }
}

/** A FIFO mutex: `acquire()` resolves with the function that releases it. */
class Mutex {
  #tail: Promise<void> = Promise.resolve();
  /** Callers holding or waiting for the lock. */
  pending = 0;
  acquire(): Promise<() => void> {
    let release!: () => void;
    this.pending += 1;
    const next = new Promise<void>((r) => {
      release = () => {
        this.pending -= 1;
        r();
      };
    });
    const ready = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => next);
    return ready;
  }
}

class PGliteDriver implements Driver {
  readonly #mutex = new Mutex();
  readonly #connection: PGliteConnection;
  #release: (() => void) | undefined;

  constructor(pglite: PGlite) {
    this.#connection = new PGliteConnection(pglite);
  }
  async init(): Promise<void> {}
  stats(): { total: number; idle: number; waiting: number } {
    const pending = this.#mutex.pending;
    return { total: 1, idle: pending === 0 ? 1 : 0, waiting: Math.max(0, pending - 1) };
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    this.#release = await this.#mutex.acquire();
    return this.#connection;
  }
  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const level = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
    await connection.executeQuery({ sql: `begin${level}`, parameters: [] } as unknown as CompiledQuery);
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery({ sql: 'commit', parameters: [] } as unknown as CompiledQuery);
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery({ sql: 'rollback', parameters: [] } as unknown as CompiledQuery);
  }
  async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }
  async destroy(): Promise<void> {
    // The PGlite instance is owned (and closed) by the store.
  }
}

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly pglite: PGlite) {}
  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    // Like node-postgres: a query without parameters goes through the simple protocol, so a
    // migration script of several statements runs as one call.
    const result =
      compiledQuery.parameters.length === 0
        ? ((await this.pglite.exec(compiledQuery.sql)).at(-1) ?? { rows: [], affectedRows: 0 })
        : await this.pglite.query<R>(compiledQuery.sql, compiledQuery.parameters as unknown[], {
            rowMode: 'object',
          });
    const command = (result as { command?: string }).command;
    const affected =
      command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE';
    return affected
      ? { rows: result.rows as R[], numAffectedRows: BigInt(result.affectedRows ?? 0) }
      : { rows: result.rows as R[] };
  }
  // biome-ignore lint/correctness/useYield: streaming is not supported by PGlite; callers get a clear error.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGliteDialect does not support streaming queries');
  }
}
