import type { Db } from '../store/db.ts';
import { readAnchor, readHead } from './checkpoint.ts';
import { entryHash, GENESIS_HASH, keyedEntryHash, toEntry } from './log.ts';

/** What verification found; `seq` is the entry concerned, when there is one. */
export interface AuditFinding {
  kind:
    | 'missing-entry'
    | 'broken-link'
    | 'content-changed'
    | 'truncated'
    | 'wiped'
    | 'unanchored-entries'
    | 'head-mismatch'
    | 'head-missing'
    | 'head-unsigned'
    | 'head-forged'
    | 'anchor-forged'
    | 'anchor-mismatch';
  message: string;
  seq?: number;
}

export type AuditVerification =
  | { ok: true; entries: number; headHash: string; findings: AuditFinding[] }
  | { ok: false; entries: number; brokenAt?: number; reason: string; findings: AuditFinding[] };

/**
 * Walks the chain (plain SHA-256 before `keyed_from`, HMAC under the audit key after), then compares its
 * end with the signed head in `audit_chain` and with the anchor file outside the database.
 */
export async function verifyChain(
  db: Db,
  key: Buffer,
  anchorFile: string | undefined,
  pageSize = 1000,
): Promise<AuditVerification> {
  const findings: AuditFinding[] = [];
  const head = await readHead(db, key);
  if (head.state === 'missing')
    findings.push({
      kind: 'head-missing',
      message: "the audit chain's signed head (audit_chain) is missing",
    });
  else if (head.state === 'unsealed')
    findings.push({ kind: 'head-unsigned', message: "the audit chain's head carries no signature" });
  else if (head.state === 'forged')
    findings.push({
      kind: 'head-forged',
      message: `the audit chain's head (entry ${head.head.seq}) does not carry a valid signature`,
    });
  // Without a trustworthy head every entry is checked with the key: a forged keyed_from cannot downgrade any.
  const keyedFrom = head.state === 'valid' ? head.head.keyedFrom : 1;
  const anchor = readAnchor(anchorFile, key);
  if (anchor.state === 'forged')
    findings.push({
      kind: 'anchor-forged',
      message: `the anchor file ${anchorFile} does not carry a valid signature`,
    });

  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let entries = 0;
  let anchorHash: string | undefined;
  let walkBroken = false;
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
      if (e.seq !== expectedSeq) {
        findings.push({
          kind: 'missing-entry',
          seq: expectedSeq,
          message: `entry ${expectedSeq} is missing`,
        });
        walkBroken = true;
        break;
      }
      if (e.prevHash !== prevHash) {
        findings.push({
          kind: 'broken-link',
          seq: e.seq,
          message: 'link to the previous entry does not match',
        });
        walkBroken = true;
        break;
      }
      const expected = e.seq >= keyedFrom ? keyedEntryHash(key, prevHash, e) : entryHash(prevHash, e);
      if (expected !== e.hash) {
        findings.push({
          kind: 'content-changed',
          seq: e.seq,
          message:
            e.seq >= keyedFrom
              ? `entry ${e.seq}: entry content does not match its keyed hash (edited, or re-chained without the audit key)`
              : `entry ${e.seq}: entry content does not match its hash`,
        });
        walkBroken = true;
        break;
      }
      if (anchor.state === 'valid' && e.seq === anchor.anchor.seq) anchorHash = e.hash;
      prevHash = e.hash;
      expectedSeq++;
      entries++;
    }
    if (walkBroken || rows.length < pageSize) break;
  }

  if (!walkBroken) {
    const last = entries;
    if (head.state === 'valid') {
      if (last < head.head.seq) {
        findings.push(
          last === 0
            ? {
                kind: 'wiped',
                seq: head.head.seq,
                message: `the log is empty but its signed head names entry ${head.head.seq}`,
              }
            : {
                kind: 'truncated',
                seq: last + 1,
                message: `the log ends at entry ${last} but its signed head names entry ${head.head.seq}`,
              },
        );
      } else if (last > head.head.seq) {
        findings.push({
          kind: 'unanchored-entries',
          seq: head.head.seq + 1,
          message: `entries ${head.head.seq + 1}-${last} follow the signed head (entry ${head.head.seq})`,
        });
      } else if (prevHash !== head.head.hash) {
        findings.push({
          kind: 'head-mismatch',
          seq: last,
          message: `entry ${last} is not the entry its signed head names`,
        });
      }
    }
    if (anchor.state === 'valid') {
      const a = anchor.anchor;
      if (last < a.seq) {
        findings.push({
          kind: last === 0 ? 'wiped' : 'truncated',
          seq: last + 1,
          message: `the log ${last === 0 ? 'is empty' : `ends at entry ${last}`} but the anchor file outside the database names entry ${a.seq}`,
        });
      } else if (anchorHash !== a.hash) {
        findings.push({
          kind: 'anchor-mismatch',
          seq: a.seq,
          message: `entry ${a.seq} is not the entry the anchor file outside the database names`,
        });
      }
    }
  }
  if (findings.length === 0) return { ok: true, entries, headHash: prevHash, findings };
  const brokenAt = findings.find((f) => f.seq !== undefined)?.seq;
  return {
    ok: false,
    entries,
    ...(brokenAt !== undefined ? { brokenAt } : {}),
    reason: findings.map((f) => f.message).join('; '),
    findings,
  };
}
