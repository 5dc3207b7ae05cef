import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { deriveAuditKey } from '../src/audit/chain-key.ts';
import { AuditLog } from '../src/audit/log.ts';
import { loadKek } from '../src/keys/kek.ts';
import { withTransaction } from '../src/store/db.ts';
import { STORES, startTestServer, type TestServer } from './support/server.ts';

/**
 * Appends that continue from a head the appending process did not predict (src/audit/log.ts, `append`):
 * another instance's appends in between, an append whose transaction rolled back, concurrent appends of
 * one process. Every case must leave a chain without gaps that verifies.
 */
for (const kind of STORES) {
  describe(`audit append (${kind})`, () => {
    let t: TestServer;
    let other: AuditLog;
    before(async () => {
      t = await startTestServer({ store: kind });
      // A second instance on the same store: the same key, its own prediction.
      other = new AuditLog(t.server.deps.clock, { key: deriveAuditKey(loadKek(t.config)) });
    });
    after(() => t?.close());

    async function seqs(): Promise<number[]> {
      const rows = await t.server.deps.db.selectFrom('audit_log').select('seq').orderBy('seq').execute();
      return rows.map((r) => Number(r.seq));
    }

    async function assertWhole(): Promise<void> {
      const all = await seqs();
      assert.deepEqual(
        all,
        all.map((_, i) => (all[0] ?? 0) + i),
        'no gaps',
      );
      const verification = await t.server.deps.audit.verify(t.server.deps.db);
      assert.equal(verification.ok, true, JSON.stringify(verification));
    }

    test('appends of two instances interleaved continue from each other', async () => {
      const { db, audit } = t.server.deps;
      for (let i = 0; i < 4; i++) {
        await audit.appendNow(db, { actor: 'a', action: 'test.first', target: `n:${i}` });
        await other.appendNow(db, { actor: 'b', action: 'test.second', target: `n:${i}` });
      }
      await assertWhole();
    });

    test('an append after one that rolled back continues from the committed head', async () => {
      const { db, audit } = t.server.deps;
      await audit.appendNow(db, { actor: 'a', action: 'test.before' });
      await assert.rejects(
        withTransaction(db, async (trx) => {
          await audit.append(trx, { actor: 'a', action: 'test.rolled-back' });
          throw new Error('roll back');
        }),
        /roll back/,
      );
      const entry = await audit.appendNow(db, { actor: 'a', action: 'test.after' });
      const actions = (await audit.query(db, { fromSeq: entry.seq - 1 })).map((e) => e.action);
      assert.deepEqual(actions, ['test.before', 'test.after']);
      await assertWhole();
    });

    test('concurrent appends of one process, some rolled back, leave no gap', async () => {
      const { db, audit } = t.server.deps;
      const results = await Promise.allSettled(
        Array.from({ length: 12 }, (_, i) =>
          withTransaction(db, async (trx) => {
            await audit.append(trx, { actor: 'a', action: 'test.concurrent', target: `n:${i}` });
            if (i % 4 === 1) throw new Error('roll back');
          }),
        ),
      );
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 9);
      assert.equal((await audit.query(db, { action: 'test.concurrent' })).length, 9);
      await other.appendNow(db, { actor: 'b', action: 'test.other' });
      await audit.appendNow(db, { actor: 'a', action: 'test.last' });
      await assertWhole();
    });
  });
}
