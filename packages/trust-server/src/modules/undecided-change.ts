import type { Updateable } from 'kysely';
import { auditedChange, type ChangeRecord } from '../audit/audited-change.ts';
import type { Deps } from '../deps.ts';
import { type ApprovableTable, updateUndecided } from '../queries/approvals.ts';
import type { Database } from '../store/schema.ts';

/**
 * An edit of a device detail, SBI or FTM chip that is only allowed before its approval: the update
 * (refused with TS_APPROVED_IMMUTABLE once decided, `updateUndecided`) and its audit entry in one
 * transaction.
 */
export async function changeUndecided<T extends ApprovableTable>(
  deps: Pick<Deps, 'db' | 'audit'>,
  actor: { name: string },
  record: ChangeRecord<void>,
  update: {
    table: T;
    id: string;
    set: Updateable<Database[T]>;
    editable: 'not_approved' | 'pending';
    refused: string;
  },
): Promise<void> {
  await auditedChange(deps, actor, record, (trx) =>
    updateUndecided(trx, update.table, update.id, update.set, update.editable, update.refused),
  );
}
