import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Runs one statement against the local PostgreSQL server's `database`. */
export async function query<R extends pg.QueryResultRow>(
  database: string,
  q: string,
  values: unknown[] = [],
): Promise<R[]> {
  const c = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database });
  await c.connect();
  try {
    return (await c.query<R>(q, values)).rows;
  } finally {
    await c.end();
  }
}

/** A fresh database on the local PostgreSQL server, dropped by `drop()`. */
export async function postgresDatabase(
  prefix: string,
): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await query('postgres', `create database ${name}`);
  return {
    name,
    url: `postgres://postgres@127.0.0.1:5432/${name}`,
    drop: async () => {
      await query('postgres', `drop database if exists ${name} with (force)`);
    },
  };
}
