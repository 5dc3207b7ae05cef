// Initialises the PGlite data directory templates once at install (node_modules/.cache/mosip-trust/), so a
// fresh data directory is a copy instead of an initdb and the migrations: initdb's result, and a copy of it
// migrated for each store (trust server, management server) (packages/store/src/pglite-template.ts,
// docs/performance.md). Idempotent: an existing template is kept.
import { ensurePgliteTemplate, listMigrations } from '../packages/store/dist/index.js';

const STORES = ['trust-server/dist/store/migrations', 'management-server/dist/store/migrations'];

const started = performance.now();
const dirs = [await ensurePgliteTemplate()];
for (const store of STORES) {
  dirs.push(
    await ensurePgliteTemplate(listMigrations(new URL(`../packages/${store}/`, import.meta.url).pathname)),
  );
}
const took = ((performance.now() - started) / 1000).toFixed(1);
console.error(
  dirs.every(Boolean)
    ? `pglite templates: ${dirs.join(', ')} (${took} s)`
    : 'pglite templates: not all created (read-only install?)',
);
