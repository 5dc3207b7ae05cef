import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { type Migration, migrate } from './migrator.ts';
import { PGliteDialect } from './pglite-dialect.ts';

/**
 * A fresh PGlite data directory starts as a copy of one initialised once per installed PGlite version,
 * kept in node_modules/.cache/mosip-trust/ (created by scripts/build.sh at install, else at the first fresh
 * start). PGlite's initdb costs seconds of CPU and ~800 MiB at every fresh directory; a copy of its result
 * is the same database (docs/performance.md, target 1). A store that passes its migrations gets a copy of
 * a template they were applied to, built once per set of migrations (applying them costs seconds too).
 */
function templatePaths(): { base: string; cache: string; version: string } | undefined {
  try {
    // .../node_modules/@electric-sql/pglite/dist/index.js
    const pkgDir = dirname(dirname(fileURLToPath(import.meta.resolve('@electric-sql/pglite'))));
    const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string };
    const cache = join(pkgDir, '..', '..', '.cache', 'mosip-trust');
    return { base: join(cache, `pglite-${version}-pgdata`), cache, version };
  } catch {
    return undefined;
  }
}

/** Names a set of migrations by their versions and checksums: a changed or added migration is another set. */
function migrationsTag(migrations: Migration[]): string {
  const hash = createHash('sha256');
  for (const m of migrations) hash.update(`${m.version}:${m.checksum}\n`);
  return hash.digest('hex').slice(0, 16);
}

/**
 * Creates `dir` by `fill`ing a directory beside it and renaming that into place: processes starting together
 * never see half of one. Nothing when it cannot be created (a read-only install).
 */
async function buildOnce(
  dir: string,
  cache: string,
  fill: (building: string) => Promise<void>,
): Promise<void> {
  const building = join(cache, `building-${process.pid}-${Date.now()}`);
  try {
    mkdirSync(cache, { recursive: true });
    await fill(building);
    try {
      renameSync(building, dir);
    } catch {
      // Another process renamed its copy first: the same result.
    }
  } catch {
    // A read-only install: fresh directories do the work themselves, as without a template.
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
}

/**
 * The template's path, with `migrations` applied (none: initdb's result alone), creating it once when it is
 * missing; undefined when it cannot be created.
 */
export async function ensurePgliteTemplate(migrations: Migration[] = []): Promise<string | undefined> {
  const paths = templatePaths();
  if (!paths) return undefined;
  const dir =
    migrations.length === 0
      ? paths.base
      : join(paths.cache, `pglite-${paths.version}-${migrationsTag(migrations)}-pgdata`);
  if (existsSync(join(dir, 'PG_VERSION'))) return dir;
  if (migrations.length === 0) {
    await buildOnce(dir, paths.cache, async (building) => {
      const pglite = await PGlite.create(building);
      await pglite.close();
    });
  } else {
    const base = await ensurePgliteTemplate();
    if (!base) return undefined;
    await buildOnce(dir, paths.cache, async (building) => {
      cpSync(base, building, { recursive: true });
      const pglite = await PGlite.create(building, { startParams: pgliteStartParams() });
      const db = new Kysely<unknown>({ dialect: new PGliteDialect(pglite) });
      try {
        await migrate(db, migrations);
      } finally {
        await db.destroy();
        await pglite.close();
      }
    });
  }
  return existsSync(join(dir, 'PG_VERSION')) ? dir : undefined;
}

/**
 * Fills an absent or empty PGlite data directory from the template for `migrations` (no-op when it holds a
 * cluster). Returns the versions of the migrations the copy already has applied: every one of `migrations`
 * when it came from their template, none otherwise (the migrator then applies them as usual).
 */
export async function seedPgliteDataDir(pgdata: string, migrations: Migration[] = []): Promise<number[]> {
  if (existsSync(pgdata) && readdirSync(pgdata).length > 0) return [];
  const migrated = migrations.length > 0 ? await ensurePgliteTemplate(migrations) : undefined;
  const template = migrated ?? (await ensurePgliteTemplate());
  if (!template) return [];
  cpSync(template, pgdata, { recursive: true });
  return migrated ? migrations.map((m) => m.version) : [];
}

/**
 * PGlite's start parameters with a smaller shared buffer pool. PostgreSQL zero-fills its whole shared
 * memory when it starts, inside PGlite's WebAssembly memory: with the default 128 MB that was ~100 MiB of
 * resident memory per instance, for stores whose working set is a few MiB, and every page it touches
 * first costs a page fault (~11 µs per 4 KiB page on this project's virtual machines: 16 MB less pool
 * is ~45 ms less of a start; docs/performance.md, round 7).
 */
export function pgliteStartParams(): string[] {
  return [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];
}
