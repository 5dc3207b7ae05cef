import { AuthTransactionTrace } from '@mosip-trust/contracts';
import { Type } from '@sinclair/typebox';
import { ROLES } from '../../auth/roles.ts';
import { routeModule } from '../../http/route.ts';
import { NumberedPage, Paging, Str } from '../route-helpers.ts';
import { getTransactionTrace, listOwnTransactions } from './service.ts';

export const transactionsModule = routeModule('transactions', ['transactions'], (r, deps) => {
  r.get(
    '/v1/trust/auth-transactions/:transactionId',
    [ROLES.AUTH_PARTNER, ROLES.MISP_PARTNER],
    'The decision trace of an authentication: for its partner, and for the MISP whose licence it used',
    { params: Type.Object({ transactionId: Str(64) }), response: Type.Array(AuthTransactionTrace) },
    (c) => getTransactionTrace(deps, c.actor, c.params.transactionId),
  );
  r.get(
    '/v1/trust/partners/:partnerId/auth-transactions',
    [ROLES.AUTH_PARTNER],
    "The partner's own authentications with their decision traces, newest first",
    { params: Type.Object({ partnerId: Str(64) }), query: Type.Object(Paging), response: NumberedPage(AuthTransactionTrace) },
    (c) => listOwnTransactions(deps, c.actor, c.params.partnerId, c.query),
  );
});
