// Initialises the PGlite data directory template once at install (node_modules/.cache/mosip-trust/), so a
// fresh data directory is a copy instead of an initdb (packages/store/src/pglite-template.ts,
// docs/performance.md). Idempotent: an existing template is kept.
import { ensurePgliteTemplate } from '../packages/store/dist/pglite-template.js';

const started = performance.now();
const dir = await ensurePgliteTemplate();
const took = ((performance.now() - started) / 1000).toFixed(1);
console.error(
  dir ? `pglite template: ${dir} (${took} s)` : 'pglite template: not created (read-only install?)',
);
