import { AuditEntryView } from '@mosip-trust/contracts';
import { Type } from '@sinclair/typebox';
import { ROLES } from '../../auth/roles.ts';
import { routeModule } from '../../http/route.ts';

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
  findings: Type.Array(Type.Object({ kind: Type.String(), message: Type.String(), seq: Type.Optional(Type.Integer()) })),
});

export const auditModule = routeModule('audit', ['audit'], (r, deps) => {
  r.get('/v1/trust/audit', [ROLES.PARTNER_ADMIN], 'Query the audit log (oldest first from fromSeq)', { query: Query, response: Type.Array(AuditEntryView) }, ({ query }) => deps.audit.query(deps.db, query));
  r.get('/v1/trust/audit/verify', [ROLES.PARTNER_ADMIN], 'Recompute the keyed hash chain and check it against its signed head and anchor; reports what was found', { response: Verification }, () => deps.audit.verify(deps.db));
});
