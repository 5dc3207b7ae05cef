import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Clock } from '../deps.ts';
import { TrustError } from '../errors.ts';
import type { Db, Trx } from '../store/db.ts';
import type { AuditLogTable } from '../store/schema.ts';
import { canonicalJson } from './canonical-json.ts';
import { hmacHex } from './chain-key.ts';
import { advanceAnchor, headValues, readHead, writeHead } from './checkpoint.ts';
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
   * Appends one entry in `trx`; it commits (or rolls back) with the state change it records. The head row,
   * locked FOR UPDATE, gives the chain one writer at a time (a waiting append then reads the head the one
   * before it committed). Appends are serialised from here to commit, so this holds two round trips:
   * the locking read, then the entry and the new head in one statement.
   */
  async append(trx: Trx, input: AuditInput): Promise<AuditEntry> {
    // The chain continues from its signed head, not from whatever the table's last row is now.
    const head = await readHead(trx, this.key, true);
    if (head.state !== 'valid')
      throw new TrustError('TS_AUDIT_CHAIN_BROKEN', `the audit chain's signed head is ${head.state}`);
    // Millisecond precision: what a JS Date holds, so the stored value hashes the same when read back.
    const at = new Date(Math.floor(this.clock.now().getTime()));
    const partial = {
      seq: head.head.seq + 1,
      at: at.toISOString(),
      actor: input.actor,
      action: input.action,
      target: input.target ?? null,
      details: input.details ?? {},
    };
    const prevHash = head.head.hash;
    const hash = keyedEntryHash(this.key, prevHash, partial);
    await trx
      .with('entry', (db) =>
        db
          .insertInto('audit_log')
          .values({ ...partial, at, details: JSON.stringify(partial.details), prev_hash: prevHash, hash }),
      )
      .updateTable('audit_chain')
      .set(headValues(this.key, { keyedFrom: head.head.keyedFrom, seq: partial.seq, hash }))
      .where('id', '=', 1)
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
