// Store plumbing shared by the processes that keep a database (docs/architecture.md).
export { StoreError, type StoreErrorCode } from './errors.ts';
export { acquireDataDirLock } from './lock.ts';
export { listMigrations, type Migration, migrate } from './migrator.ts';
export { namedStatementPool, type PgClient, type PgPool } from './pg-named-statements.ts';
export { type PgliteArtifacts, pgliteArtifacts } from './pglite-artifacts.ts';
export { PGliteDialect } from './pglite-dialect.ts';
export { ensurePgliteTemplate, pgliteStartParams, seedPgliteDataDir } from './pglite-template.ts';
