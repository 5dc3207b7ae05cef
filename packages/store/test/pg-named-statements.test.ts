// namedStatementPool against the local PostgreSQL server (trust auth as user postgres), on a fresh database.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { namedStatementPool, STATEMENT_CACHE_SIZE } from '../src/pg-named-statements.ts';

const ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const database = `store_named_${randomBytes(6).toString('hex')}`;

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

// biome-ignore lint/suspicious/noExplicitAny: tables made by the tests themselves.
let db: Kysely<any>;

/** The named statements of the pool's one connection. */
async function prepared(): Promise<{ name: string; statement: string; calls: number }[]> {
  const { rows } = await sql<{ name: string; statement: string; calls: number }>`
    select name, statement, (generic_plans + custom_plans)::int as calls from pg_prepared_statements order by name`.execute(
    db,
  );
  return rows;
}

before(async () => {
  await admin(`create database ${database}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  // One connection, so every query below meets the same session's statements.
  const pool = new pg.Pool({ connectionString: url.toString(), max: 1 });
  db = new Kysely({ dialect: new PostgresDialect({ pool: namedStatementPool(pool) }) });
  await sql`create table t (id int primary key, a text)`.execute(db);
});

after(async () => {
  await db?.destroy();
  await admin(`drop database if exists ${database} with (force)`);
});

test('a parameterised query is prepared once per connection and its SQL text, a query without parameters never', async () => {
  await db.insertInto('t').values({ id: 1, a: 'one' }).execute();
  await db.insertInto('t').values({ id: 2, a: 'two' }).execute();
  for (let i = 0; i < 7; i++) {
    const row = await db
      .selectFrom('t')
      .select('a')
      .where('id', '=', 1 + (i % 2))
      .executeTakeFirstOrThrow();
    assert.equal(row.a, i % 2 === 0 ? 'one' : 'two');
  }
  const statements = await prepared();
  assert.deepEqual(
    statements.map((s) => [s.statement, s.calls]),
    [
      ['insert into "t" ("id", "a") values ($1, $2)', 2],
      ['select "a" from "t" where "id" = $1', 7],
    ],
  );
});

test('transactions run on the named statements, and a rollback undoes them', async () => {
  await assert.rejects(
    db.transaction().execute(async (trx) => {
      await trx.updateTable('t').set({ a: 'changed' }).where('id', '=', 1).execute();
      throw new Error('undo');
    }),
    /undo/,
  );
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('t').set({ a: 'kept' }).where('id', '=', 2).execute();
  });
  const rows = await db.selectFrom('t').select(['id', 'a']).orderBy('id').execute();
  assert.deepEqual(rows, [
    { id: 1, a: 'one' },
    { id: 2, a: 'kept' },
  ]);
});

test(`a connection keeps at most ${STATEMENT_CACHE_SIZE} statements, deallocating the least recently used`, async () => {
  const distinct = STATEMENT_CACHE_SIZE + 20;
  for (let i = 0; i < distinct; i++) {
    const { rows } = await sql<{ n: number }>`select ${i}::int + ${sql.lit(i)} as n`.execute(db);
    assert.equal(rows[0]?.n, 2 * i);
  }
  const statements = await prepared();
  assert.ok(statements.length <= STATEMENT_CACHE_SIZE, `${statements.length} statements kept`);
  // An evicted text is prepared again and answers as before.
  const { rows } = await sql<{ n: number }>`select ${5}::int + ${sql.lit(0)} as n`.execute(db);
  assert.equal(rows[0]?.n, 5);
  assert.ok((await prepared()).some((s) => s.statement === 'select $1::int + 0 as n'));
});

test('a table that changes shape under a statement: prepared anew, at once outside a transaction', async () => {
  const select = () => db.selectFrom('t').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  assert.deepEqual(await select(), { id: 1, a: 'one' });
  // As a migration would (the statement's session is not told).
  await sql`alter table t add column b int default 7`.execute(db);
  assert.deepEqual(await select(), { id: 1, a: 'one', b: 7 });

  await sql`alter table t add column c int default 8`.execute(db);
  // In a transaction the error aborts it; the statement is prepared anew for the next call.
  await assert.rejects(
    db.transaction().execute(async (trx) => {
      await trx.selectFrom('t').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
    }),
    /cached plan must not change result type/,
  );
  assert.deepEqual(await select(), { id: 1, a: 'one', b: 7, c: 8 });
});
