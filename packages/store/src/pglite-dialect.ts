import { type PGlite, parse, protocol, type Results } from '@electric-sql/pglite';
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

/** Named statements kept per connection; the least recently used beyond this is closed. */
const STATEMENT_CACHE_SIZE = 256;

interface Prepared {
  name: string;
  /** The parameters' type OIDs, as PostgreSQL inferred them: which of PGlite's serializers each takes. */
  paramTypes: number[];
}

const EMPTY: Results = { rows: [], fields: [], affectedRows: 0 };

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

class PGliteConnection implements DatabaseConnection {
  /** By SQL text, in least-recently-used order. */
  readonly #statements = new Map<string, Prepared>();
  #next = 0;
  constructor(private readonly pglite: PGlite) {}
  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    // Like node-postgres: a query without parameters goes through the simple protocol, so a
    // migration script of several statements runs as one call.
    const result =
      compiledQuery.parameters.length === 0
        ? ((await this.pglite.exec(compiledQuery.sql)).at(-1) ?? { rows: [], affectedRows: 0 })
        : await this.pglite.runExclusive(() =>
            this.#executePrepared(compiledQuery.sql, compiledQuery.parameters),
          );
    const command = (result as { command?: string }).command;
    const affected =
      command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE';
    return affected
      ? { rows: result.rows as R[], numAffectedRows: BigInt(result.affectedRows ?? 0) }
      : { rows: result.rows as R[] };
  }

  /**
   * A parameterised query as a named statement, parsed, analysed and described once per SQL text (Kysely's
   * SQL for a query is the same text each call): each later call is one exchange with PGlite (bind,
   * describe, execute, sync) instead of PGlite's `query`, which parses anew and makes six (docs/performance.md,
   * "Round 6c"). Values are serialised as PGlite's `query` does, by the parameter's type.
   */
  async #executePrepared(sql: string, parameters: readonly unknown[], retried = false): Promise<Results> {
    let statement: Prepared | undefined;
    try {
      statement = this.#statements.get(sql) ?? (await this.#prepare(sql));
      this.#statements.delete(sql);
      this.#statements.set(sql, statement);
      const types = statement.paramTypes;
      const values = parameters.map((v, i) => {
        if (v === null || v === undefined) return null;
        const serialize = this.pglite.serializers[types[i] as number];
        return serialize ? serialize(v) : String(v);
      });
      const { messages } = await this.pglite.execProtocol(
        concat([
          protocol.serialize.bind({ statement: statement.name, values }),
          protocol.serialize.describe({ type: 'P' }),
          protocol.serialize.execute({}),
          protocol.serialize.sync(),
        ]),
      );
      return parse.parseResults(messages, this.pglite.parsers, { rowMode: 'object' })[0] ?? EMPTY;
    } catch (e) {
      // A table changed shape under a statement that returns its rows ("cached plan must not change
      // result type"): prepare it again; once more at once when no transaction was aborted by it.
      if (statement && (e as Error).message === 'cached plan must not change result type') {
        this.#statements.delete(sql);
        await this.#close(statement.name);
        if (!retried && !this.pglite.isInTransaction()) return this.#executePrepared(sql, parameters, true);
      }
      // As PGlite's `query` reports a failed statement.
      if (e instanceof Error) Object.assign(e, { query: sql, params: parameters });
      throw e;
    }
  }

  async #close(name: string): Promise<void> {
    await this.pglite.execProtocol(
      concat([protocol.serialize.close({ type: 'S', name }), protocol.serialize.sync()]),
      { syncToFs: false },
    );
  }

  async #prepare(sql: string): Promise<Prepared> {
    const name = `kysely_${this.#next++}`;
    const { messages } = await this.pglite.execProtocol(
      concat([
        protocol.serialize.parse({ name, text: sql }),
        protocol.serialize.describe({ type: 'S', name }),
        protocol.serialize.sync(),
      ]),
      { syncToFs: false },
    );
    const prepared = { name, paramTypes: parse.parseDescribeStatementResults(messages) };
    if (this.#statements.size >= STATEMENT_CACHE_SIZE) {
      const [oldest, evicted] = this.#statements.entries().next().value as [string, Prepared];
      this.#statements.delete(oldest);
      await this.#close(evicted.name);
    }
    return prepared;
  }
  // biome-ignore lint/correctness/useYield: streaming is not supported by PGlite; callers get a clear error.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGliteDialect does not support streaming queries');
  }
}
