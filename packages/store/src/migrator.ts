import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { StoreError } from './errors.ts';

/** Arbitrary constant for pg_advisory_xact_lock: instances starting together migrate one at a time. */
const MIGRATION_LOCK = 7_310_001;

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

/** The numbered .sql files (NNN_name.sql) of `dir`, in order. */
export function listMigrations(dir: string): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      return {
        version: Number.parseInt(file.slice(0, 3), 10),
        name: file.slice(4, -4),
        sql: text,
        checksum: createHash('sha256').update(text).digest('hex'),
      };
    });
}

/**
 * Applies the migrations not yet applied, all in one transaction, and records each in
 * schema_migrations. Migrations are append-only: an applied one whose text changed is an error.
 * Returns the versions applied now.
 */
export async function migrate(db: Kysely<unknown>, migrations: Migration[]): Promise<number[]> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
    await sql`create table if not exists schema_migrations (
      version integer primary key, name text not null, checksum text not null,
      applied_at timestamptz not null default now())`.execute(trx);
    const applied = await sql<{ version: number; name: string; checksum: string }>`
      select version, name, checksum from schema_migrations`.execute(trx);
    const byVersion = new Map(applied.rows.map((r) => [Number(r.version), r]));
    const done: number[] = [];
    for (const m of migrations) {
      const previous = byVersion.get(m.version);
      if (previous) {
        if (previous.checksum !== m.checksum) {
          throw new StoreError(
            'TS_MIGRATION_CHANGED',
            `migration ${m.version}_${m.name} changed after it was applied`,
          );
        }
        continue;
      }
      await sql.raw(m.sql).execute(trx);
      await sql`insert into schema_migrations (version, name, checksum) values (${m.version}, ${m.name}, ${m.checksum})`.execute(
        trx,
      );
      done.push(m.version);
    }
    return done;
  });
}
