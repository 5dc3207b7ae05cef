import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/** What this needs of a node-postgres pool client (pg.PoolClient). */
export interface PgClient {
  query(config: { name?: string; text: string; values?: unknown[] }): Promise<unknown>;
  release(destroy?: boolean): void;
  /** From the last ReadyForQuery: 'I' idle, 'T' in a transaction, 'E' in a failed one. */
  getTransactionStatus(): string | null;
  readonly connection: object;
}

/** What this needs of a node-postgres pool (pg.Pool). */
export interface PgPool {
  connect(): Promise<PgClient>;
  end(): Promise<void>;
}

/** Named statements kept per connection; the least recently used beyond this is deallocated. */
export const STATEMENT_CACHE_SIZE = 256;

const CHANGED_RESULT_TYPE = 'cached plan must not change result type';

/**
 * `pool` for Kysely's PostgresDialect that sends every parameterised query as a named (prepared)
 * statement, so PostgreSQL parses, analyses and plans it once per connection and SQL text (Kysely's SQL
 * for a query is the same text each call) instead of on every call (docs/performance.md, "Round 7").
 * node-postgres parses a named statement once per client and skips the Parse on later calls; it never
 * deallocates one, so each client keeps at most STATEMENT_CACHE_SIZE and deallocates the least recently
 * used. Queries without parameters (BEGIN/COMMIT, migration scripts) still go through the simple
 * protocol, and a cursor is passed through as it is.
 */
export function namedStatementPool(pool: PgPool): PostgresPool {
  const clients = new WeakMap<PgClient, NamedStatementClient>();
  return {
    async connect() {
      const client = await pool.connect();
      // The same wrapper for the same connection: Kysely keeps its connection object per client.
      let named = clients.get(client);
      if (!named) {
        named = new NamedStatementClient(client);
        clients.set(client, named);
      }
      return named;
    },
    end: () => pool.end(),
  };
}

class NamedStatementClient implements PostgresPoolClient {
  /** Statement names by SQL text, in least-recently-used order. */
  readonly #statements = new Map<string, string>();
  /** Statements dropped from the cache, still to be deallocated on the server. */
  #stale: string[] = [];
  #next = 0;
  constructor(private readonly client: PgClient) {}

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(
    sqlOrCursor: string | PostgresCursor<R>,
    parameters?: ReadonlyArray<unknown>,
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof sqlOrCursor !== 'string') return this.client.query(sqlOrCursor as never) as never;
    const values = parameters as unknown[];
    if (values.length === 0) return this.client.query({ text: sqlOrCursor, values }) as never;
    return this.#named<R>(sqlOrCursor, values);
  }

  release(destroy?: boolean): void {
    this.client.release(destroy);
  }

  async #named<R>(text: string, values: unknown[], retried = false): Promise<PostgresQueryResult<R>> {
    let name = this.#statements.get(text);
    if (name === undefined) {
      if (this.#statements.size >= STATEMENT_CACHE_SIZE) {
        const [oldest, evicted] = this.#statements.entries().next().value as [string, string];
        this.#forget(oldest, evicted);
      }
      name = `k${this.#next++}`;
    } else {
      this.#statements.delete(text);
    }
    this.#statements.set(text, name);
    // A failed transaction refuses DEALLOCATE too: then they wait for a later query.
    if (this.#stale.length > 0 && this.client.getTransactionStatus() !== 'E') await this.#deallocateStale();
    try {
      return (await this.client.query({ name, text, values })) as PostgresQueryResult<R>;
    } catch (e) {
      // A table changed shape under a statement that returns its rows (a migration by another process):
      // prepare it anew; at once when no transaction was aborted by the error.
      if ((e as Error).message === CHANGED_RESULT_TYPE) {
        this.#forget(text, name);
        if (!retried && this.client.getTransactionStatus() === 'I') return this.#named(text, values, true);
      }
      throw e;
    }
  }

  /**
   * Drops a statement from the cache and from node-postgres' record of parsed statements (name to text),
   * which has no public API (Connection#parsedStatements); names are never reused.
   */
  #forget(text: string, name: string): void {
    this.#statements.delete(text);
    delete (this.client.connection as { parsedStatements?: Record<string, string> }).parsedStatements?.[name];
    this.#stale.push(name);
  }

  async #deallocateStale(): Promise<void> {
    const names = this.#stale;
    this.#stale = [];
    await this.client.query({ text: names.map((n) => `deallocate ${n}`).join(';') });
  }
}
