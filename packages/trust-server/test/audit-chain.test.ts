import assert from 'node:assert/strict';
import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { loadKek } from '../src/keys/kek.ts';
import { ROLES, STORES, startTestServer, type TestServer } from './support/server.ts';

/**
 * The audit log's hash chain (each entry's hash = HMAC-SHA-256 under the audit key of prev_hash | canonical
 * JSON of the entry, the audit key being HKDF-SHA-256 of the KEK, as docs/trust-server.md "Audit log" states)
 * against tampering in the store: an edit, an edit with its own hash recomputed (with the key, and with plain
 * SHA-256 by someone without it), a deletion in the middle, and two kinds of reordering. Each case starts from
 * a chain that verifies (so it can fail) and ends by restoring the saved log.
 */
interface Row {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

interface Verification {
  ok: boolean;
  entries: number;
  brokenAt?: number;
  reason?: string;
}

/** JSON with keys sorted at every level: written here from the documented format, not imported. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

function linkText(r: Row): string {
  const body = canonical({
    seq: Number(r.seq),
    at: r.at.toISOString(),
    actor: r.actor,
    action: r.action,
    target: r.target,
    details: r.details,
  });
  return `${r.prev_hash}|${body}`;
}

/** The audit key of the documented derivation: HKDF-SHA-256 of the KEK, info `mosip-trust audit chain v1`. */
function auditKey(kekHex: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(kekHex, 'hex'), '', 'mosip-trust audit chain v1', 32));
}

/** The keyed hash an entry must carry (someone holding the KEK). */
function ownHash(r: Row, key: Buffer): string {
  return createHmac('sha256', key).update(linkText(r)).digest('hex');
}

/** The plain SHA-256 hash someone with write access to the database but without the KEK can compute. */
function plainHash(r: Row): string {
  return createHash('sha256').update(linkText(r)).digest('hex');
}

for (const kind of STORES) {
  describe(`audit chain (${kind})`, () => {
    let t: TestServer;
    let saved: Row[] = [];
    /** An entry in the middle of the log. */
    let mid = 0;
    let key: Buffer;

    const rows = async () =>
      (await sql<Row>`select * from audit_log order by seq`.execute(t.server.deps.db)).rows.map((r) => ({
        ...r,
        seq: Number(r.seq),
      }));
    const verify = async (): Promise<Verification> => {
      const res = await t.call<Verification>('GET', '/v1/trust/audit/verify', { token: t.adminToken });
      assert.equal(res.status, 200, JSON.stringify(res.body.errors));
      return res.body.response;
    };
    /** Puts the saved log back (the previous case's tampering undone). */
    const restore = async () => {
      const db = t.server.deps.db;
      await db.transaction().execute(async (trx) => {
        await sql`delete from audit_log`.execute(trx);
        for (const r of saved)
          await sql`insert into audit_log (seq, at, actor, action, target, details, prev_hash, hash)
            values (${r.seq}, ${r.at}, ${r.actor}, ${r.action}, ${r.target}, ${JSON.stringify(r.details)}::jsonb,
              ${r.prev_hash}, ${r.hash})`.execute(trx);
      });
    };
    /** Verifies the intact chain, tampers, verifies, restores. */
    const tampered = async (change: () => Promise<void>): Promise<Verification> => {
      await restore();
      const intact = await verify();
      assert.deepEqual(
        [intact.ok, intact.entries],
        [true, saved.length],
        'the chain verifies before tampering',
      );
      await change();
      try {
        return await verify();
      } finally {
        await restore();
      }
    };

    before(
      async () => {
        t = await startTestServer({ store: kind });
        // Some history: sign-ups, registrations, approvals.
        for (const role of [ROLES.DEVICE_PROVIDER, ROLES.FTM_PROVIDER, ROLES.MISP_PARTNER])
          await t.partner(role);
        saved = await rows();
        mid = Math.floor(saved.length / 2);
        key = auditKey(loadKek(t.server.deps.config));
      },
      { timeout: 120_000 },
    );
    after(async () => t?.close(), { timeout: 60_000 });

    test('the untouched chain verifies, and its hashes follow the documented format', {
      timeout: 60_000,
    }, async () => {
      assert.ok(saved.length >= 10, `only ${saved.length} entries`);
      const result = await verify();
      assert.deepEqual([result.ok, result.entries], [true, saved.length]);
      for (const [i, r] of saved.entries()) {
        assert.equal(r.seq, i + 1);
        assert.equal(r.prev_hash, i === 0 ? '0'.repeat(64) : saved[i - 1]?.hash);
        assert.equal(ownHash(r, key), r.hash, `entry ${r.seq}`);
      }
    });

    test('an edited entry is detected at that entry', { timeout: 60_000 }, async () => {
      const result = await tampered(async () => {
        await sql`update audit_log set details = '{"reason":"edited"}' where seq = ${mid}`.execute(
          t.server.deps.db,
        );
      });
      assert.deepEqual([result.ok, result.brokenAt], [false, mid]);
      assert.match(result.reason ?? '', /content/);
    });

    test("an edited entry with its own hash recomputed breaks the next entry's link", {
      timeout: 60_000,
    }, async () => {
      const result = await tampered(async () => {
        const row = saved[mid - 1];
        assert.ok(row);
        const edited = { ...row, details: { reason: 'edited' } };
        await sql`update audit_log set details = ${JSON.stringify(edited.details)}::jsonb, hash = ${ownHash(edited, key)}
          where seq = ${mid}`.execute(t.server.deps.db);
      });
      assert.deepEqual([result.ok, result.brokenAt], [false, mid + 1]);
      assert.match(result.reason ?? '', /link/);
    });

    test('an edited entry re-hashed with plain SHA-256 (no KEK) is detected at that entry', {
      timeout: 60_000,
    }, async () => {
      const result = await tampered(async () => {
        const row = saved[mid - 1];
        assert.ok(row);
        const edited = { ...row, details: { reason: 'edited' } };
        await sql`update audit_log set details = ${JSON.stringify(edited.details)}::jsonb, hash = ${plainHash(edited)}
          where seq = ${mid}`.execute(t.server.deps.db);
      });
      assert.deepEqual([result.ok, result.brokenAt], [false, mid]);
      assert.match(result.reason ?? '', /content/);
    });

    test('an entry deleted in the middle is detected where it is missing', { timeout: 60_000 }, async () => {
      const result = await tampered(async () => {
        await sql`delete from audit_log where seq = ${mid}`.execute(t.server.deps.db);
      });
      assert.deepEqual([result.ok, result.brokenAt], [false, mid]);
      assert.match(result.reason ?? '', /missing/);
    });

    test('two entries swapped (sequence numbers exchanged) are detected', { timeout: 60_000 }, async () => {
      const result = await tampered(async () => {
        await t.server.deps.db.transaction().execute(async (trx) => {
          await sql`update audit_log set seq = -1 where seq = ${mid}`.execute(trx);
          await sql`update audit_log set seq = ${mid} where seq = ${mid + 1}`.execute(trx);
          await sql`update audit_log set seq = ${mid + 1} where seq = -1`.execute(trx);
        });
      });
      assert.deepEqual([result.ok, result.brokenAt], [false, mid]);
    });

    test('two entries swapped, each with its own hash recomputed, break the chain links', {
      timeout: 60_000,
    }, async () => {
      const result = await tampered(async () => {
        const a = saved[mid - 1];
        const b = saved[mid];
        assert.ok(a && b);
        // Each moved entry keeps its stored prev_hash and gets the hash its new place would give it.
        const movedB = { ...b, seq: a.seq };
        const movedA = { ...a, seq: b.seq };
        await t.server.deps.db.transaction().execute(async (trx) => {
          await sql`delete from audit_log where seq in (${a.seq}, ${b.seq})`.execute(trx);
          for (const r of [movedB, movedA])
            await sql`insert into audit_log (seq, at, actor, action, target, details, prev_hash, hash)
              values (${r.seq}, ${r.at}, ${r.actor}, ${r.action}, ${r.target}, ${JSON.stringify(r.details)}::jsonb,
                ${r.prev_hash}, ${ownHash(r, key)})`.execute(trx);
        });
      });
      assert.deepEqual([result.ok, result.brokenAt], [false, mid]);
      assert.match(result.reason ?? '', /link/);
    });

    test('two entries whose contents are swapped (hashes left in place) are detected', {
      timeout: 60_000,
    }, async () => {
      const a = saved[mid - 1];
      const b = saved[mid];
      assert.ok(a && b);
      assert.notEqual(
        canonical([a.actor, a.action, a.target, a.details]),
        canonical([b.actor, b.action, b.target, b.details]),
      );
      const result = await tampered(async () => {
        await t.server.deps.db.transaction().execute(async (trx) => {
          for (const [target, from] of [
            [a, b],
            [b, a],
          ] as const)
            await sql`update audit_log set at = ${from.at}, actor = ${from.actor}, action = ${from.action},
              target = ${from.target}, details = ${JSON.stringify(from.details)}::jsonb
              where seq = ${target.seq}`.execute(trx);
        });
      });
      assert.deepEqual([result.ok, result.brokenAt], [false, mid]);
      assert.match(result.reason ?? '', /content/);
    });
  });
}
