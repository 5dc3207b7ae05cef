import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';

/**
 * A fresh PGlite data directory starts as a copy of one initialised once per installed PGlite version,
 * kept in node_modules/.cache/mosip-trust/ (created by scripts/build.sh at install, else at the first fresh
 * start). PGlite's initdb costs seconds of CPU and ~800 MiB at every fresh directory; a copy of its result
 * is the same database (docs/performance.md, target 1). Our migrations are still applied by the migrator.
 */
function templatePaths(): { dir: string; cache: string } | undefined {
  try {
    // .../node_modules/@electric-sql/pglite/dist/index.js
    const pkgDir = dirname(dirname(fileURLToPath(import.meta.resolve('@electric-sql/pglite'))));
    const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string };
    const cache = join(pkgDir, '..', '..', '.cache', 'mosip-trust');
    return { dir: join(cache, `pglite-${version}-pgdata`), cache };
  } catch {
    return undefined;
  }
}

/** The template's path, creating it once when it is missing; undefined when it cannot be created. */
export async function ensurePgliteTemplate(): Promise<string | undefined> {
  const paths = templatePaths();
  if (!paths) return undefined;
  if (existsSync(join(paths.dir, 'PG_VERSION'))) return paths.dir;
  // Built beside the final path and renamed into place: processes starting together never see half of one.
  const building = join(paths.cache, `building-${process.pid}-${Date.now()}`);
  try {
    mkdirSync(paths.cache, { recursive: true });
    const pglite = await PGlite.create(building);
    await pglite.close();
    try {
      renameSync(building, paths.dir);
    } catch {
      // Another process renamed its copy first: the same initdb result.
    }
  } catch {
    // A read-only install: fresh directories run initdb themselves, as without a template.
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
  return existsSync(join(paths.dir, 'PG_VERSION')) ? paths.dir : undefined;
}

/** Fills an absent or empty PGlite data directory from the template (no-op when it holds a cluster). */
export async function seedPgliteDataDir(pgdata: string): Promise<void> {
  if (existsSync(pgdata) && readdirSync(pgdata).length > 0) return;
  const template = await ensurePgliteTemplate();
  if (!template) return;
  cpSync(template, pgdata, { recursive: true });
}

/**
 * PGlite's start parameters with a smaller shared buffer pool. PostgreSQL's default 128 MB is
 * allocated and touched inside PGlite's WebAssembly memory when it starts: ~100 MiB of resident memory
 * per instance, for stores whose working set is a few MiB (docs/performance.md, start memory).
 */
export function pgliteStartParams(sharedBuffers: '16MB' | '32MB' = '32MB'): string[] {
  return [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffers}`];
}
