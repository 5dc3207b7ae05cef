import { fileURLToPath } from 'node:url';
import { listMigrations as listIn, type Migration, migrate as migrateWith } from '@mosip-trust/store';
import type { Kysely } from 'kysely';

/** The trust server's numbered migrations; the migrator itself is @mosip-trust/store's. */
const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return listIn(dir);
}

export function migrate(db: Kysely<unknown>, migrations = listMigrations()): Promise<number[]> {
  return migrateWith(db, migrations);
}
