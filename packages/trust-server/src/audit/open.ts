import { join } from 'node:path';
import type { Store } from '../store/db.ts';
import { deriveAuditKey } from './chain-key.ts';
import { ANCHOR_FILE } from './checkpoint.ts';
import { AuditLog } from './log.ts';

/** Migration that created the signed head (src/store/migrations/030_audit_chain.sql). */
const AUDIT_CHAIN_MIGRATION = 30;

/**
 * The audit log of a store: keyed with the KEK-derived audit key, anchored in `<dataDir>/audit-anchor.json`.
 * Seals the head when this start applied migration 030 (an existing log moves to the keyed chain).
 */
export async function openAuditLog(
  store: Store,
  kekHex: string,
  dataDir: string,
  clock: { now(): Date },
): Promise<AuditLog> {
  const audit = new AuditLog(clock, {
    key: deriveAuditKey(kekHex),
    ...(dataDir.startsWith('memory://') ? {} : { anchorFile: join(dataDir, ANCHOR_FILE) }),
  });
  if (store.migrated.includes(AUDIT_CHAIN_MIGRATION)) await audit.sealAfterMigration(store.db);
  return audit;
}
