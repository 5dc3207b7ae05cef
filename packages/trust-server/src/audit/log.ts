import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { type Clock, systemClock } from '../deps.ts';
import type { Db, Trx } from '../store/db.ts';
import { canonicalJson } from './canonical-json.ts';

/** The hash before the first entry. */
export const GENESIS_HASH = '0'.repeat(64);
/** pg_advisory_xact_lock key: appends take it so the chain has one writer at a time. */
const AUDIT_LOCK = 7_310_002;

export interface AuditInput {
  /** Who did it: a user name, `client:<id>`, `system`, or `anonymous`. */
  actor: string;
  /** What happened, dotted: `partner.approve`, `auth.login.failed`, `certificate.upload`. */
  action: string;
  /** What it was done to, e.g. `partner:P1`. */
  target?: string | null;
  /** Never secrets or biometric data. */
  details?: Record<string, unknown>;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface AuditQuery {
  action?: string;
  actor?: string;
  target?: string;
  fromSeq?: number;
  limit?: number;
}

export type AuditVerification =
  | { ok: true; entries: number; headHash: string }
  | { ok: false; entries: number; brokenAt: number; reason: string };

export function entryHash(prevHash: string, e: Omit<AuditEntry, 'prevHash' | 'hash'>): string {
  const body = canonicalJson({
    seq: e.seq,
    at: e.at,
    actor: e.actor,
    action: e.action,
    target: e.target,
    details: e.details,
  });
  return createHash('sha256').update(`${prevHash}|${body}`).digest('hex');
}

function toEntry(row: {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}): AuditEntry {
  return {
    seq: Number(row.seq),
    at: row.at.toISOString(),
    actor: row.actor,
    action: row.action,
    target: row.target,
    details: row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** The hash-chained audit log. Appends happen inside the caller's transaction. */
export class AuditLog {
  constructor(private readonly clock: Clock = systemClock) {}

  /** Appends one entry in `trx`; it commits (or rolls back) with the state change it records. */
  async append(trx: Trx, input: AuditInput): Promise<AuditEntry> {
    await sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(trx);
    const last = await trx
      .selectFrom('audit_log')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    // Millisecond precision: what a JS Date holds, so the stored value hashes the same when read back.
    const at = new Date(Math.floor(this.clock.now().getTime()));
    const partial = {
      seq: last ? Number(last.seq) + 1 : 1,
      at: at.toISOString(),
      actor: input.actor,
      action: input.action,
      target: input.target ?? null,
      details: input.details ?? {},
    };
    const prevHash = last?.hash ?? GENESIS_HASH;
    const hash = entryHash(prevHash, partial);
    await trx
      .insertInto('audit_log')
      .values({ ...partial, at, details: JSON.stringify(partial.details), prev_hash: prevHash, hash })
      .execute();
    return { ...partial, prevHash, hash };
  }

  /** Appends in a transaction of its own (security events with no other state change). */
  appendNow(db: Db, input: AuditInput): Promise<AuditEntry> {
    return db.transaction().execute((trx) => this.append(trx, input));
  }

  async query(db: Db, q: AuditQuery = {}): Promise<AuditEntry[]> {
    let query = db.selectFrom('audit_log').selectAll();
    if (q.action) query = query.where('action', '=', q.action);
    if (q.actor) query = query.where('actor', '=', q.actor);
    if (q.target) query = query.where('target', '=', q.target);
    if (q.fromSeq !== undefined) query = query.where('seq', '>=', q.fromSeq);
    const rows = await query
      .orderBy('seq', 'asc')
      .limit(q.limit ?? 100)
      .execute();
    return rows.map(toEntry);
  }

  async count(db: Db): Promise<number> {
    const row = await db
      .selectFrom('audit_log')
      .select(db.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Recomputes the whole chain in pages; reports the first entry whose link or content does not match. */
  async verify(db: Db, pageSize = 1000): Promise<AuditVerification> {
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let entries = 0;
    for (;;) {
      const rows = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '>=', expectedSeq)
        .orderBy('seq', 'asc')
        .limit(pageSize)
        .execute();
      for (const row of rows) {
        const e = toEntry(row);
        if (e.seq !== expectedSeq)
          return { ok: false, entries, brokenAt: expectedSeq, reason: `entry ${expectedSeq} is missing` };
        if (e.prevHash !== prevHash)
          return { ok: false, entries, brokenAt: e.seq, reason: 'link to the previous entry does not match' };
        if (entryHash(prevHash, e) !== e.hash)
          return { ok: false, entries, brokenAt: e.seq, reason: 'entry content does not match its hash' };
        prevHash = e.hash;
        expectedSeq++;
        entries++;
      }
      if (rows.length < pageSize) return { ok: true, entries, headHash: prevHash };
    }
  }
}
