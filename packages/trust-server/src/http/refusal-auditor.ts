import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { TrustDeps } from '../deps.ts';
import { TrustError } from '../errors.ts';

/**
 * Security refusals go to the audit log (docs/trust-server.md, "Audit log"): a token that is not valid, a
 * missing role, another partner's record, an inactive partner acting, a cross-site request, an approval of a
 * record changed since its review (a swap, or a race with the provider's edit). So that an
 * attacker cannot flood the log, each client address gets at most PER_ADDRESS entries per window (then one
 * `security.refused.suppressed` entry), and the instance at most PER_INSTANCE; the counters are in memory,
 * per instance, and reset every window.
 */
const AUDITED = new Set([
  'KER_ATH_401',
  'KER_ATH_403',
  'PMS_PRT_055',
  'TS_PARTNER_INACTIVE',
  'TS_CROSS_SITE_REFUSED',
  'TS_CHANGED_SINCE_REVIEW',
]);
export const REFUSAL_WINDOW_MS = 60_000;
export const PER_ADDRESS = 20;
const PER_INSTANCE = 500;

export function createRefusalAuditor(deps: Pick<TrustDeps, 'db' | 'audit' | 'clock'>) {
  let windowStart = 0;
  let total = 0;
  const byAddress = new Map<string, number>();

  return async function auditRefusal(
    request: FastifyRequest,
    _reply: FastifyReply,
    error: FastifyError,
  ): Promise<void> {
    if (!(error instanceof TrustError)) return;
    // Another partner's record answered as missing (src/auth/own-record.ts) is still a refusal.
    const foreign = (error.details as { securityRefusal?: string } | undefined)?.securityRefusal;
    if (!AUDITED.has(error.code) && !foreign) return;
    // A missing token is not an attempt; a token that does not verify is.
    if (error.code === 'KER_ATH_401' && !request.headers.authorization && !request.headers.cookie) return;
    const now = deps.clock.now().getTime();
    if (now - windowStart >= REFUSAL_WINDOW_MS) {
      windowStart = now;
      total = 0;
      byAddress.clear();
    }
    const seen = (byAddress.get(request.ip) ?? 0) + 1;
    byAddress.set(request.ip, seen);
    if (seen > PER_ADDRESS + 1 || total >= PER_INSTANCE) return;
    total++;
    const params = request.params as Record<string, unknown> | undefined;
    const partnerId = typeof params?.partnerId === 'string' ? params.partnerId.slice(0, 64) : undefined;
    try {
      await deps.audit.appendNow(deps.db, {
        actor: request.principal?.name ?? 'anonymous',
        action: seen > PER_ADDRESS ? 'security.refused.suppressed' : 'security.refused',
        target: `${request.method} ${request.routeOptions.url ?? 'unknown route'}`.slice(0, 200),
        details: {
          code: foreign ?? error.code,
          address: request.ip,
          ...(partnerId ? { partnerId } : {}),
          ...(seen > PER_ADDRESS
            ? { note: `more refusals from this address are not audited for this window` }
            : {}),
        },
      });
    } catch (e) {
      request.log.warn({ err: { message: (e as Error).message } }, 'security refusal not audited');
    }
  };
}
