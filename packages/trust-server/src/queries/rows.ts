import { type Kysely, type Selectable, sql } from 'kysely';
import type { Db, Trx } from '../store/db.ts';
import type { Database } from '../store/schema.ts';

// The one-row lookups most reads are: a whole row by one column's value. Kysely cannot type a query
// over a table named by a type parameter, so the query runs untyped and the signatures carry the types.

type Table = keyof Database;
type Row<T extends Table> = Selectable<Database[T]>;
type Untyped = Kysely<Record<string, Record<string, unknown>>>;

/** The row of `table` whose `column` equals `value`, or undefined. */
export async function rowBy<T extends Table, C extends keyof Row<T> & string>(
  db: Db | Trx,
  table: T,
  column: C,
  value: Row<T>[C],
): Promise<Row<T> | undefined> {
  const found = await (db as unknown as Untyped)
    .selectFrom(table as string)
    .selectAll()
    .where(column, '=', value as never)
    .executeTakeFirst();
  return found as Row<T> | undefined;
}

/** The row of `table` whose text `column` equals `value` ignoring case (names and e-mail addresses), or undefined. */
export async function rowByFolded<T extends Table, C extends keyof Row<T> & string>(
  db: Db | Trx,
  table: T,
  column: C,
  value: string,
): Promise<Row<T> | undefined> {
  const found = await (db as unknown as Untyped)
    .selectFrom(table as string)
    .selectAll()
    .where(sql`lower(${sql.ref(column)})`, '=', value.toLowerCase())
    .executeTakeFirst();
  return found as Row<T> | undefined;
}
