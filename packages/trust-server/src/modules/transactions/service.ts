import type { Deps } from '../../deps.ts';
import type { Actor } from '../../domain/actor.ts';
import { TrustError } from '../../errors.ts';
import { findTracesFor, listPartnerTransactions } from '../../queries/auth-transactions.ts';

// The authentication transaction log, read back (docs/trust-server.md, "Authentication API"): a partner
// sees its own calls, a MISP the calls made through its licences, each with its decision trace; nobody
// else (administrators included) reads a trace.

function partyOf(actor: Actor): string {
  if (!actor.partnerId)
    throw new TrustError('PMS_PRT_055', 'User not authorized: the caller acts for no partner.');
  return actor.partnerId;
}

/** The calls with this transactionID that the actor made (partner) or that went through its licence (MISP). */
export async function getTransactionTrace(deps: Deps, actor: Actor, transactionId: string) {
  const rows = await findTracesFor(deps.db, transactionId, partyOf(actor));
  if (rows.length === 0)
    throw new TrustError(
      'TS_TRANSACTION_NOT_FOUND',
      `No authentication ${transactionId} of partner ${actor.partnerId}.`,
    );
  return rows;
}

/** A partner's own authentications with their traces, newest first. */
export async function listOwnTransactions(
  deps: Deps,
  actor: Actor,
  partnerId: string,
  page: { pageNo?: number | undefined; pageSize?: number | undefined },
) {
  if (partyOf(actor) !== partnerId) throw new TrustError('PMS_PRT_055');
  const pageNo = page.pageNo ?? 0;
  const pageSize = page.pageSize ?? 20;
  const result = await listPartnerTransactions(deps.db, partnerId, { pageNo, pageSize });
  return { pageNo, pageSize, ...result };
}
