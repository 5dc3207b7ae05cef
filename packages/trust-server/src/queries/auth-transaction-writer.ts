import type { Db } from '../store/db.ts';
import { newId } from '../store/ids.ts';
import { type AuthTransactionInput, authTransactionRow } from './auth-transactions.ts';

/**
 * Group commit of the authentication API's transaction rows (docs/trust-server.md, "Authentication API"):
 * the rows of the calls that finish in one turn of the event loop go out together in one multi-row INSERT
 * at the end of that turn (setImmediate), and while an INSERT is in flight the rows of the calls that
 * finish meanwhile wait for the next one. No timer: a lone call is written in the turn it finishes, and
 * under load one statement (one round trip, one commit) carries many rows. Deferring to the end of the
 * turn is what lets PGlite batch at all: it runs in this thread, so its INSERT completes before any other
 * request is read, and a flush started at once would carry one row. Every caller is answered only after
 * the statement carrying its row has committed, so a response is never sent for a row that is not durable.
 */
export class AuthTransactionWriter {
  private queue: { row: ReturnType<typeof authTransactionRow>; done: (e?: unknown) => void }[] = [];
  /** A flush is scheduled or running: rows queued meanwhile go out with its next statement. */
  private flushing = false;

  constructor(
    private readonly db: Db,
    private readonly maxBatch = 200,
  ) {}

  /** Writes the row of one call; resolves with its id once committed. */
  record(input: AuthTransactionInput): Promise<string> {
    const id = newId();
    const row = authTransactionRow(id, input);
    return new Promise((resolve, reject) => {
      this.queue.push({ row, done: (e) => (e === undefined ? resolve(id) : reject(e)) });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          await this.db
            .insertInto('auth_transactions')
            .values(batch.map((b) => b.row))
            .execute();
          for (const b of batch) b.done();
        } catch {
          // One bad row must not cost the others theirs: write them one by one, each with its own answer.
          for (const b of batch)
            await this.db
              .insertInto('auth_transactions')
              .values(b.row)
              .execute()
              .then(
                () => b.done(),
                (e: unknown) => b.done(e),
              );
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}
