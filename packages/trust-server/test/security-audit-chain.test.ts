import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { entryHash } from '../src/audit/log.ts';
import { loadConfig, openStore, startTrustServer } from '../src/index.ts';
import { listMigrations, migrate } from '../src/store/migrator.ts';
import { freshStore } from './support/databases.ts';
import { STORES, startTestServer, type TestServer } from './support/server.ts';

const CLI = fileURLToPath(new URL('../../cli/bin/mosip-trust.js', import.meta.url));

interface Verification {
  ok: boolean;
  entries: number;
  brokenAt?: number;
  reason?: string;
  findings: { kind: string; message: string; seq?: number }[];
}

type Db = TestServer['server']['deps']['db'];

/** Rewrites entries from `fromSeq` on with plain SHA-256, as someone with write access but no key would. */
async function rechainWithSha256(db: Db, fromSeq: number): Promise<void> {
  const rows = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
  let prev = rows.find((r) => Number(r.seq) === fromSeq - 1)?.hash ?? '0'.repeat(64);
  for (const r of rows.filter((x) => Number(x.seq) >= fromSeq)) {
    const e = {
      seq: Number(r.seq),
      at: r.at.toISOString(),
      actor: r.actor,
      action: r.action,
      target: r.target,
      details: r.details,
    };
    const hash = entryHash(prev, e);
    await db.updateTable('audit_log').set({ prev_hash: prev, hash }).where('seq', '=', e.seq).execute();
    prev = hash;
  }
  await db.updateTable('audit_chain').set({ head_hash: prev }).execute();
}

async function snapshotLog(db: Db) {
  const log = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
  const chain = await db.selectFrom('audit_chain').selectAll().execute();
  return async () => {
    await db.deleteFrom('audit_log').execute();
    await db.deleteFrom('audit_chain').execute();
    for (const r of log)
      await db
        .insertInto('audit_log')
        .values({ ...r, details: JSON.stringify(r.details) })
        .execute();
    for (const c of chain) await db.insertInto('audit_chain').values(c).execute();
  };
}

for (const kind of STORES) {
  describe(`audit chain keyed and anchored (${kind})`, { timeout: 300_000 }, () => {
    test('truncation, wiping and a SHA-256 re-chain are each reported by the API and the CLI', async () => {
      const t = await startTestServer({ store: kind });
      let closed = false;
      try {
        for (let i = 0; i < 3; i++) await t.staff('POLICYMANAGER');
        const verify = async () =>
          (await t.call<Verification>('GET', '/v1/trust/audit/verify', { token: t.adminToken })).body
            .response;
        const clean = await verify();
        assert.equal(clean.ok, true, clean.reason);
        assert.deepEqual(clean.findings, []);
        const db = t.server.deps.db;
        const restore = await snapshotLog(db);
        const n = clean.entries;

        // Edit entry 3 and recompute every later hash with plain SHA-256, head included.
        await sql`update audit_log set details = '{"reason":"edited"}' where seq = 3`.execute(db);
        await rechainWithSha256(db, 3);
        const rechained = await verify();
        assert.equal(rechained.ok, false);
        assert.deepEqual(
          rechained.findings.map((f) => f.kind),
          ['head-forged', 'content-changed'],
        );
        assert.equal(rechained.brokenAt, 3);
        assert.match(rechained.reason ?? '', /keyed hash/);
        await restore();
        assert.equal((await verify()).ok, true);

        // Delete the last entries.
        await db
          .deleteFrom('audit_log')
          .where('seq', '>', n - 3)
          .execute();
        const truncated = await verify();
        assert.equal(truncated.ok, false);
        assert.ok(truncated.findings.some((f) => f.kind === 'truncated'));
        assert.match(truncated.reason ?? '', new RegExp(`ends at entry ${n - 3} .*names entry ${n}`));
        await restore();

        // Delete everything, the signed head included: the anchor file outside the database still names the head.
        await db.deleteFrom('audit_log').execute();
        await db.deleteFrom('audit_chain').execute();
        const wiped = await verify();
        assert.equal(wiped.ok, false);
        assert.deepEqual(
          wiped.findings.map((f) => f.kind),
          ['head-missing', 'wiped'],
        );
        assert.match(wiped.reason ?? '', /empty but the anchor file outside the database names entry/);
        await restore();
        assert.equal((await verify()).ok, true);

        // The CLI reports the same with a non-zero exit (PGlite: the server must let go of the directory).
        await db
          .deleteFrom('audit_log')
          .where('seq', '>', n - 2)
          .execute();
        if (kind === 'pglite') {
          await t.server.close();
          closed = true;
        }
        const env = {
          ...process.env,
          ...(t.config.databaseUrl ? { DATABASE_URL: t.config.databaseUrl } : {}),
        };
        const cli = spawnSync(
          process.execPath,
          [CLI, 'admin', 'audit', 'verify', '--json', '--data', t.config.dataDir],
          { env, encoding: 'utf8', timeout: 120_000 },
        );
        assert.equal(cli.status, 1, cli.stderr);
        const out = JSON.parse(cli.stdout) as Verification;
        assert.equal(out.ok, false);
        assert.ok(out.findings.some((f) => f.kind === 'truncated'));
      } finally {
        if (closed) rmSync(t.config.dataDir, { recursive: true, force: true });
        else await t.close();
      }
    });

    test('an existing plain SHA-256 log is sealed under the key; rewriting it afterwards is detected', async () => {
      const store = await freshStore(kind);
      try {
        const pre = await openStore({
          dataDir: store.dataDir,
          ...(store.databaseUrl ? { databaseUrl: store.databaseUrl } : {}),
          migrate: false,
        });
        await migrate(
          pre.db as never,
          listMigrations().filter((m) => m.version < 30),
        );
        let prev = '0'.repeat(64);
        for (let seq = 1; seq <= 3; seq++) {
          const e = {
            seq,
            at: new Date(1_700_000_000_000 + seq).toISOString(),
            actor: 'old',
            action: 'legacy',
            target: null,
            details: { n: seq },
          };
          const hash = entryHash(prev, e);
          await pre.db
            .insertInto('audit_log')
            .values({ ...e, details: JSON.stringify(e.details), prev_hash: prev, hash })
            .execute();
          prev = hash;
        }
        await pre.close();
        const config = loadConfig({
          env: {
            MOSIP_TRUST_DATA_DIR: store.dataDir,
            MOSIP_TRUST_TEST_SCRYPT_COST: '1024',
            ...(store.databaseUrl ? { DATABASE_URL: store.databaseUrl } : {}),
          },
        });
        const server = await startTrustServer(config, { logger: false, listen: false });
        try {
          const { db, audit } = server.deps;
          await audit.appendNow(db, { actor: 'test', action: 'after.upgrade' });
          const sealed = await audit.verify(db);
          assert.equal(sealed.ok, true);
          assert.ok(sealed.entries >= 4);
          // Rewrite a legacy entry and re-chain the legacy part with SHA-256: the first keyed entry no longer links.
          await sql`update audit_log set details = '{"n":99}' where seq = 2`.execute(db);
          let p = (
            await db.selectFrom('audit_log').select('hash').where('seq', '=', 1).executeTakeFirstOrThrow()
          ).hash;
          for (const seq of [2, 3]) {
            const r = await db
              .selectFrom('audit_log')
              .selectAll()
              .where('seq', '=', seq)
              .executeTakeFirstOrThrow();
            const h = entryHash(p, {
              seq,
              at: r.at.toISOString(),
              actor: r.actor,
              action: r.action,
              target: r.target,
              details: r.details,
            });
            await db.updateTable('audit_log').set({ prev_hash: p, hash: h }).where('seq', '=', seq).execute();
            p = h;
          }
          await db.updateTable('audit_log').set({ prev_hash: p }).where('seq', '=', 4).execute();
          const broken = await audit.verify(db);
          assert.equal(broken.ok, false);
          assert.equal(broken.brokenAt, 4);
          // An unsigned head (someone nulled the signature to have it re-sealed) is reported, not re-sealed.
          await db.updateTable('audit_chain').set({ mac: null }).execute();
          const unsigned = await audit.verify(db);
          assert.ok(unsigned.findings.some((f) => f.kind === 'head-unsigned'));
        } finally {
          await server.close();
        }
      } finally {
        await store.drop();
      }
    });
  });
}
