import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export type StoreKind = 'pglite' | 'postgres';
export const STORES: StoreKind[] = ['pglite', 'postgres'];

/** The PostgreSQL server the tests use (trust auth as user postgres). */
export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A store location for one test run: a fresh temp directory, or a fresh database dropped at the end. */
export interface TestStore {
  kind: StoreKind;
  dataDir: string;
  databaseUrl?: string;
  drop(): Promise<void>;
}

/**
 * An empty PGlite cluster (initdb only, no migrations), made once per machine and PGlite version and copied
 * into each fresh data directory: PGlite's initdb costs seconds per store (15-20 s on a loaded 2-core
 * machine), a copy well under one. Built in a temporary directory and renamed into place, so concurrent
 * test processes never see a half-made template.
 */
async function pgliteTemplate(): Promise<string> {
  const packageJson = new URL('../package.json', import.meta.resolve('@electric-sql/pglite'));
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  const template = join(tmpdir(), `mosip-trust-pglite-template-${version}`);
  if (existsSync(join(template, 'PG_VERSION'))) return template;
  const building = mkdtempSync(join(tmpdir(), 'mosip-trust-pglite-building-'));
  const pglite = await PGlite.create(join(building, 'pgdata'));
  await pglite.close();
  try {
    renameSync(join(building, 'pgdata'), template);
  } catch {
    // Another process put its template in place first.
  }
  rmSync(building, { recursive: true, force: true });
  return template;
}

/**
 * A fresh store. PGlite data directories start from a copy of the empty template cluster unless
 * `initdb` is set (a first start exactly as a user's, which runs initdb itself).
 */
export async function freshStore(kind: StoreKind, options: { initdb?: boolean } = {}): Promise<TestStore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'trust-test-'));
  if (kind === 'pglite') {
    if (!options.initdb) cpSync(await pgliteTemplate(), join(dataDir, 'pgdata'), { recursive: true });
    return { kind, dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `trust_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    kind,
    dataDir,
    databaseUrl: url.toString(),
    drop: async () => {
      await adminQuery(`drop database if exists ${name} with (force)`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
