import type { Deps } from '../deps.ts';
import type { ErrorCode } from '../errors.ts';
import { type Trx, withTransaction } from '../store/db.ts';
import { uniqueAs } from '../store/unique.ts';

/** What the audit log records about a change, and how a unique violation of it reads. */
export interface ChangeRecord<T> {
  /** Dotted, e.g. `ftm.chip.create`; a function when it depends on what the change returned. */
  action: string | ((result: T) => string);
  /** e.g. `ftm-chip:<id>`. */
  target: string | ((result: T) => string);
  /** Never secrets or biometric data; a function when they depend on what the change returned. */
  details?: Record<string, unknown> | ((result: T) => Record<string, unknown>);
  /** A unique violation of the change answers this catalogued error instead of a 500. */
  unique?: readonly [ErrorCode, string];
}

/**
 * The one way services change rows: `change` and its audit entry in one transaction (both or
 * neither), a unique violation mapped to the record's catalogued error.
 */
export async function auditedChange<T>(
  deps: Pick<Deps, 'db' | 'audit'>,
  actor: { name: string },
  record: ChangeRecord<T>,
  change: (trx: Trx) => Promise<T>,
): Promise<T> {
  const run = withTransaction(deps.db, async (trx) => {
    const result = await change(trx);
    const details = evaluate(record.details, result);
    await deps.audit.append(trx, {
      actor: actor.name,
      action: evaluate(record.action, result),
      target: evaluate(record.target, result),
      ...(details ? { details } : {}),
    });
    return result;
  });
  return record.unique ? run.catch(uniqueAs(...record.unique)) : run;
}

function evaluate<V, T>(v: V | ((result: T) => V), result: T): V {
  return typeof v === 'function' ? (v as (result: T) => V)(result) : v;
}
