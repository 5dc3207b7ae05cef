import { timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Db, Trx } from '../store/db.ts';
import { hmacHex } from './chain-key.ts';

/**
 * The signed head of the audit chain, kept in two places outside `audit_log`:
 * - the `audit_chain` row (migration 030), moved by every append in its transaction: truncating the log
 *   leaves it naming an entry that is gone;
 * - an anchor file in the data directory (`audit-anchor.json`, 0600), advanced from the committed row by
 *   the server: someone who can write only the database cannot roll it back.
 * Both carry an HMAC under the audit key (src/audit/chain-key.ts), so they cannot be forged without the KEK.
 */
export interface ChainHead {
  keyedFrom: number;
  seq: number;
  hash: string;
}

export interface Anchor {
  seq: number;
  hash: string;
}

export const ANCHOR_FILE = 'audit-anchor.json';

export function headMac(key: Buffer, head: ChainHead): string {
  return hmacHex(key, `audit-checkpoint|${head.keyedFrom}|${head.seq}|${head.hash}`);
}

function anchorMac(key: Buffer, anchor: Anchor): string {
  return hmacHex(key, `audit-anchor|${anchor.seq}|${anchor.hash}`);
}

export function macEquals(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export type HeadRow =
  | { state: 'missing' }
  | { state: 'unsealed'; head: ChainHead }
  | { state: 'forged'; head: ChainHead }
  | { state: 'valid'; head: ChainHead };

/** The signed head; `forUpdate` (in a transaction) locks its row until commit and reads its latest version. */
export async function readHead(db: Db | Trx, key: Buffer, forUpdate = false): Promise<HeadRow> {
  const query = db.selectFrom('audit_chain').selectAll().where('id', '=', 1);
  const row = await (forUpdate ? query.forUpdate() : query).executeTakeFirst();
  if (!row) return { state: 'missing' };
  const head = { keyedFrom: Number(row.keyed_from), seq: Number(row.head_seq), hash: row.head_hash };
  if (row.mac === null) return { state: 'unsealed', head };
  return { state: macEquals(row.mac, headMac(key, head)) ? 'valid' : 'forged', head };
}

/** The `audit_chain` columns of a signed head. */
export function headValues(key: Buffer, head: ChainHead) {
  return { keyed_from: head.keyedFrom, head_seq: head.seq, head_hash: head.hash, mac: headMac(key, head) };
}

export async function writeHead(trx: Trx, key: Buffer, head: ChainHead): Promise<void> {
  await trx.updateTable('audit_chain').set(headValues(key, head)).where('id', '=', 1).execute();
}

export type AnchorRead = { state: 'none' } | { state: 'forged' } | { state: 'valid'; anchor: Anchor };

export function readAnchor(path: string | undefined, key: Buffer): AnchorRead {
  if (!path || !existsSync(path)) return { state: 'none' };
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { seq: number; hash: string; mac: string };
    const anchor = { seq: Number(parsed.seq), hash: String(parsed.hash) };
    if (typeof parsed.mac !== 'string' || !macEquals(parsed.mac, anchorMac(key, anchor)))
      return { state: 'forged' };
    return { state: 'valid', anchor };
  } catch {
    return { state: 'forged' };
  }
}

/**
 * Advances the anchor file to the committed, validly signed head; never moves it back (a head behind the
 * anchor is what verification reports as truncation).
 */
export async function advanceAnchor(db: Db, key: Buffer, path: string | undefined): Promise<void> {
  if (!path) return;
  const head = await readHead(db, key);
  if (head.state !== 'valid') return;
  const current = readAnchor(path, key);
  if (current.state === 'forged') return;
  if (current.state === 'valid' && current.anchor.seq >= head.head.seq) return;
  const anchor = { seq: head.head.seq, hash: head.head.hash };
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ ...anchor, mac: anchorMac(key, anchor) })}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}
