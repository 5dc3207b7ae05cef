import { AuditEntryView } from '@mosip-trust/contracts';
import { type Static, Type } from '@sinclair/typebox';
import { ROLES } from '../../auth/roles.ts';
import { roles } from '../../http/access.ts';
import { envelopeResponse, ok } from '../../http/envelope.ts';
import type { TrustModule } from '../../http/module.ts';

const TAGS = ['audit'];

const Query = Type.Object({
  action: Type.Optional(Type.String({ maxLength: 128 })),
  actor: Type.Optional(Type.String({ maxLength: 128 })),
  target: Type.Optional(Type.String({ maxLength: 256 })),
  fromSeq: Type.Optional(Type.Integer({ minimum: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
});

const Verification = Type.Object({
  ok: Type.Boolean(),
  entries: Type.Integer(),
  headHash: Type.Optional(Type.String()),
  brokenAt: Type.Optional(Type.Integer()),
  reason: Type.Optional(Type.String()),
  findings: Type.Array(
    Type.Object({ kind: Type.String(), message: Type.String(), seq: Type.Optional(Type.Integer()) }),
  ),
});

export const auditModule: TrustModule = {
  name: 'audit',
  register(app, deps) {
    app.get<{ Querystring: Static<typeof Query> }>(
      '/v1/trust/audit',
      {
        config: { access: roles(ROLES.PARTNER_ADMIN) },
        schema: {
          tags: TAGS,
          summary: 'Query the audit log (oldest first from fromSeq)',
          querystring: Query,
          response: { 200: envelopeResponse(Type.Array(AuditEntryView)) },
        },
      },
      async (request) => ok(request, await deps.audit.query(deps.db, request.query)),
    );

    app.get(
      '/v1/trust/audit/verify',
      {
        config: { access: roles(ROLES.PARTNER_ADMIN) },
        schema: {
          tags: TAGS,
          summary:
            'Recompute the keyed hash chain and check it against its signed head and anchor; reports what was found',
          response: { 200: envelopeResponse(Verification) },
        },
      },
      async (request) => ok(request, await deps.audit.verify(deps.db)),
    );
  },
};
