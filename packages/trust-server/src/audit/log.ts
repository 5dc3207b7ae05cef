import { createHash } from 'node:crypto';
import { type Selectable, sql } from 'kysely';
import type { Clock } from '../deps.ts';
import { TrustError } from '../errors.ts';
import type { Db, Trx } from '../store/db.ts';
import type { AuditLogTable } from '../store/schema.ts';
import { canonicalJson } from './canonical-json.ts';
import { hmacHex } from './chain-key.ts';
import { advanceAnchor, type ChainHead, headMac, headValues, readHead, writeHead } from './checkpoint.ts';
import { type AuditVerification, verifyChain } from './verify.ts';

/** The hash before the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

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

export type { AuditFinding, AuditVerification } from './verify.ts';

function entryBody(e: Omit<AuditEntry, 'prevHash' | 'hash'>): string {
  return canonicalJson({
    seq: e.seq,
    at: e.at,
    actor: e.actor,
    action: e.action,
    target: e.target,
    details: e.details,
  });
}

/** The plain SHA-256 link of entries written before the chain was keyed (migration 030). */
export function entryHash(prevHash: string, e: Omit<AuditEntry, 'prevHash' | 'hash'>): string {
  return createHash('sha256')
    .update(`${prevHash}|${entryBody(e)}`)
    .digest('hex');
}

/** The keyed link (HMAC-SHA-256 under the audit key) of every entry from `keyed_from` on. */
export function keyedEntryHash(
  key: Buffer,
  prevHash: string,
  e: Omit<AuditEntry, 'prevHash' | 'hash'>,
): string {
  return hmacHex(key, `${prevHash}|${entryBody(e)}`);
}

/** The `audit_log` row of an entry. */
function entryRow(e: AuditEntry) {
  return {
    seq: e.seq,
    at: new Date(e.at),
    actor: e.actor,
    action: e.action,
    target: e.target,
    details: JSON.stringify(e.details),
    prev_hash: e.prevHash,
    hash: e.hash,
  };
}

export function toEntry(row: Selectable<AuditLogTable>): AuditEntry {
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

export interface AuditLogOptions {
  /** The audit key (src/audit/chain-key.ts, derived from the KEK). */
  key: Buffer;
  /** The anchor file outside the database (src/audit/checkpoint.ts); none for an in-memory store. */
  anchorFile?: string;
}

/** The keyed hash-chained audit log with a signed head. Appends happen inside the caller's transaction. */
export class AuditLog {
  private readonly key: Buffer;
  private readonly anchorFile: string | undefined;
  /**
   * The head the last append issued by this process left (committed or not yet): the next append writes
   * conditionally on it (see `append`). Undefined until the first append, or when that append failed.
   */
  private predicted: ChainHead | undefined;

  constructor(
    private readonly clock: Clock,
    options: AuditLogOptions,
  ) {
    this.key = options.key;
    this.anchorFile = options.anchorFile;
  }

  /**
   * Signs the head left unsigned by migration 030 (an existing log: its plain SHA-256 entries are then
   * anchored by the first keyed entry). Only the start that applied migration 030 may do this: an unsigned
   * head found later was made so by someone else, and verification reports it.
   */
  async sealAfterMigration(db: Db): Promise<void> {
    await db.transaction().execute(async (trx) => {
      const head = await readHead(trx, this.key, true);
      if (head.state === 'unsealed') await writeHead(trx, this.key, head.head);
    });
  }

  /** Moves the anchor file up to the committed signed head (called on a timer and at close). */
  advanceAnchor(db: Db): Promise<void> {
    return advanceAnchor(db, this.key, this.anchorFile);
  }

  /**
   * Appends one entry in `trx`; it commits (or rolls back) with the state change it records. The chain has
   * one writer at a time: an append holds the head row's lock from its write to its commit, and the next
   * one continues from the head the one before it committed.
   *
   * One round trip when the head is what this process predicts (the head its own last append left): the
   * entry and the new head are written in one statement, conditional on the head row being exactly the
   * predicted signed head, MAC included. While an earlier append holds the row, the statement waits for
   * its commit and then checks the committed head. Anything else (the first append, an earlier append
   * rolled back, another instance appended, a forged head) writes nothing, and the append falls back to
   * reading the head FOR UPDATE (the lock and its latest version) and checking its MAC, then writing.
   */
  async append(trx: Trx, input: AuditInput): Promise<AuditEntry> {
    const predicted = this.predicted;
    if (predicted) {
      const entry = this.entryAfter(predicted, input);
      this.predicted = this.headAfter(predicted, entry);
      if (await this.writeIfHead(trx, predicted, entry)) return entry;
    }
    this.predicted = undefined;
    // The chain continues from its signed head, not from whatever the table's last row is now.
    const head = await readHead(trx, this.key, true);
    if (head.state !== 'valid')
      throw new TrustError('TS_AUDIT_CHAIN_BROKEN', `the audit chain's signed head is ${head.state}`);
    const entry = this.entryAfter(head.head, input);
    const next = this.headAfter(head.head, entry);
    await trx
      .with('entry', (db) => db.insertInto('audit_log').values(entryRow(entry)))
      .updateTable('audit_chain')
      .set(headValues(this.key, next))
      .where('id', '=', 1)
      .execute();
    this.predicted = next;
    return entry;
  }

  private entryAfter(head: ChainHead, input: AuditInput): AuditEntry {
    // Millisecond precision: what a JS Date holds, so the stored value hashes the same when read back.
    const at = new Date(Math.floor(this.clock.now().getTime()));
    const partial = {
      seq: head.seq + 1,
      at: at.toISOString(),
      actor: input.actor,
      action: input.action,
      target: input.target ?? null,
      details: input.details ?? {},
    };
    return { ...partial, prevHash: head.hash, hash: keyedEntryHash(this.key, head.hash, partial) };
  }

  private headAfter(head: ChainHead, entry: AuditEntry): ChainHead {
    return { keyedFrom: head.keyedFrom, seq: entry.seq, hash: entry.hash };
  }

  /** Writes `entry` and its head only if the head row is exactly `head`, signed; true when written. */
  private async writeIfHead(trx: Trx, head: ChainHead, entry: AuditEntry): Promise<boolean> {
    const next = headValues(this.key, this.headAfter(head, entry));
    const row = entryRow(entry);
    const result = await sql`
      with head as (
        update audit_chain
        set keyed_from = ${next.keyed_from}, head_seq = ${next.head_seq}, head_hash = ${next.head_hash}, mac = ${next.mac}
        where id = 1 and keyed_from = ${head.keyedFrom} and head_seq = ${head.seq} and head_hash = ${head.hash}
          and mac = ${headMac(this.key, head)}
        returning 1
      )
      insert into audit_log (seq, at, actor, action, target, details, prev_hash, hash)
      select ${row.seq}::bigint, ${row.at}::timestamptz, ${row.actor}, ${row.action}, ${row.target}::text,
        ${row.details}::jsonb, ${row.prev_hash}, ${row.hash}
      from head`.execute(trx);
    return Number(result.numAffectedRows ?? 0) === 1;
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

  /**
   * Recomputes the whole chain and checks it against its signed head and the anchor file; reports every
   * finding (an edited, missing or re-chained entry, truncation, wiping, a forged or missing head).
   * A clean result advances the anchor file.
   */
  async verify(db: Db): Promise<AuditVerification> {
    const result = await verifyChain(db, this.key, this.anchorFile);
    if (result.ok) await this.advanceAnchor(db);
    return result;
  }
}
