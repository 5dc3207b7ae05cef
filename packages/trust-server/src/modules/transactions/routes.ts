import { AuthTransactionTrace } from '@mosip-trust/contracts';
import { Type } from '@sinclair/typebox';
import { ROLES } from '../../auth/roles.ts';
import { roles } from '../../http/access.ts';
import { envelopeResponse, ok } from '../../http/envelope.ts';
import { principalOf } from '../../http/guard.ts';
import type { TrustModule } from '../../http/module.ts';
import { Str } from '../route-helpers.ts';
import { getTransactionTrace, listOwnTransactions } from './service.ts';

const TAGS = ['transactions'];

export const transactionsModule: TrustModule = {
  name: 'transactions',
  register(app, deps) {
    app.get<{ Params: { transactionId: string } }>(
      '/v1/trust/auth-transactions/:transactionId',
      {
        config: { access: roles(ROLES.AUTH_PARTNER, ROLES.MISP_PARTNER) },
        schema: {
          tags: TAGS,
          summary:
            'The decision trace of an authentication: for its partner, and for the MISP whose licence it used',
          params: Type.Object({ transactionId: Str(64) }),
          response: { 200: envelopeResponse(Type.Array(AuthTransactionTrace)) },
        },
      },
      async (request) =>
        ok(request, await getTransactionTrace(deps, principalOf(request), request.params.transactionId)),
    );
    app.get<{ Params: { partnerId: string }; Querystring: { pageNo?: number; pageSize?: number } }>(
      '/v1/trust/partners/:partnerId/auth-transactions',
      {
        config: { access: roles(ROLES.AUTH_PARTNER) },
        schema: {
          tags: TAGS,
          summary: "The partner's own authentications with their decision traces, newest first",
          params: Type.Object({ partnerId: Str(64) }),
          querystring: Type.Object({
            pageNo: Type.Optional(Type.Integer({ minimum: 0 })),
            pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          }),
          response: {
            200: envelopeResponse(
              Type.Object({
                pageNo: Type.Integer(),
                pageSize: Type.Integer(),
                totalResults: Type.Integer(),
                data: Type.Array(AuthTransactionTrace),
              }),
            ),
          },
        },
      },
      async (request) =>
        ok(
          request,
          await listOwnTransactions(deps, principalOf(request), request.params.partnerId, request.query),
        ),
    );
  },
};
