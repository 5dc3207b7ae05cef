import type pg from 'pg';

/**
 * Connection loss to PostgreSQL (docs/trust-server.md, "Store"): a restart, a failover,
 * pg_terminate_backend or a proxy's idle timeout ends connections. The pool's `error` event (an idle client
 * lost) and each client's own (a client lost while checked out) are handled here: logged, and the client is dropped by the pool, which opens new connections on demand;
 * without a listener Node would end the process. A request that meets a lost or refused connection answers
 * 503 TS_STORE_UNAVAILABLE, and the next one succeeds once the server is back.
 */
export type ConnectionErrorSink = (error: Error) => void;

export function handlePoolErrors(pool: pg.Pool, sink: () => ConnectionErrorSink): void {
  pool.on('error', (error) => sink()(error));
  // A client checked out between two queries (inside a transaction) has no pool listener: its own listener
  // keeps the error from ending the process; the client is then not queryable and the pool drops it at release.
  pool.on('connect', (client) => {
    client.on('error', (error) => sink()(error));
  });
}

/** SQLSTATEs of a connection ended or refused by the server: admin_shutdown, crash_shutdown, cannot_connect_now, connection_exception class. */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);
const UNAVAILABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);
const UNAVAILABLE_MESSAGE =
  /Connection terminated|connection error and is not queryable|Client was closed|timeout exceeded when trying to connect/i;

/** Whether `error` (or its cause) means the database is away rather than that the request is wrong. */
export function isStoreUnavailable(error: unknown): boolean {
  for (
    let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    depth++
  ) {
    if (typeof e.code === 'string' && (UNAVAILABLE_STATES.has(e.code) || UNAVAILABLE_ERRNO.has(e.code)))
      return true;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
    if (error instanceof AggregateError && depth === 0 && error.errors.some((x) => isStoreUnavailable(x)))
      return true;
    e = e.cause as typeof e;
  }
  return false;
}
