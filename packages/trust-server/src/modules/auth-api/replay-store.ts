import { InMemoryReplayStore, type ReplayStore } from '@mosip-trust/verifier';
import { sql } from 'kysely';
import type { Clock } from '../../deps.ts';
import type { Db } from '../../store/db.ts';

/** Claims between two sweeps of expired rows. */
const SWEEP_EVERY = 1000;

/**
 * The verifier's replay store over the capture_replay table (migration 053), shared by every server
 * process on one database (docs/trust-server.md, "Scale-out"). `claim` is the shared, atomic check: one
 * indexed insert that loses to a live claim made by any process. `seen` answers from this process's own
 * claims only (no read on the hot path), so a capture replayed to the same process is refused at the
 * verifier's `replay` check and one replayed to another process at `replay.record`, both VER_REPLAY.
 */
export class StoreReplayStore implements ReplayStore {
  private readonly local: InMemoryReplayStore;
  private claims = 0;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.local = new InMemoryReplayStore(() => clock.now());
  }

  seen(transactionId: string): boolean {
    return this.local.seen(transactionId);
  }

  async claim(transactionId: string, expiresAt: Date): Promise<boolean> {
    const now = this.clock.now();
    const { rows } = await sql<{ transaction_id: string }>`
      insert into capture_replay (transaction_id, expires_at) values (${transactionId}, ${expiresAt})
      on conflict (transaction_id) do update set expires_at = excluded.expires_at
        where capture_replay.expires_at < ${now}
      returning transaction_id`.execute(this.db);
    if (rows.length === 0) return false;
    this.local.claim(transactionId, expiresAt);
    this.claims += 1;
    if (this.claims % SWEEP_EVERY === 0) void this.sweep(now);
    return true;
  }

  /** Drops expired claims (off the hot path; a failure only postpones it to the next sweep). */
  private async sweep(now: Date): Promise<void> {
    await this.db
      .deleteFrom('capture_replay')
      .where('expires_at', '<', now)
      .execute()
      .catch(() => undefined);
  }
}
