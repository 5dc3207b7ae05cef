import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasRole, type Principal } from '../auth/roles.ts';
import { verifyToken } from '../auth/tokens.ts';
import type { Clock } from '../deps.ts';
import { assertOwnPartner } from '../domain/actor.ts';
import { TrustError } from '../errors.ts';
import type { Db } from '../store/db.ts';
import type { Access } from './access.ts';
import { readCookie } from './cookies.ts';
import { assertPartnerMayAct } from './inactive-partner.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the guard for every route that is not public. */
    principal?: Principal;
  }
}

/**
 * The bearer token from `Authorization: Bearer <t>`, a bare `Authorization: <t>` (MOSIP's kernel
 * clients send that), or MOSIP's `Authorization` cookie.
 */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header) return header.replace(/^Bearer\s+/i, '').trim() || undefined;
  return readCookie(request, 'Authorization') || undefined;
}

/** The principal of a route that requires authentication (the guard has set it). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new TrustError('KER_ATH_401');
  return request.principal;
}

/** Path parameters that name a partner, across every route (`/partners/:partnerId/…`, `/misps/:mispId/…`). */
export const PARTNER_PATH_PARAMS = ['partnerId', 'mispId'] as const;

/** Builds the onRequest hook enforcing each route's declared `config.access`. */
export function createGuard(db: Db, clock: Clock) {
  return async function guard(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const access: Access | undefined = request.routeOptions.config.access;
    if (!access) {
      // Routes without a declaration (404 handler, documentation assets) are public by construction.
      return;
    }
    if (access.kind === 'public') return;
    const token = bearerToken(request);
    const principal = token ? await verifyToken(db, token, clock.now()) : undefined;
    if (!principal) throw new TrustError('KER_ATH_401');
    request.principal = principal;
    if (principal.mustChangePassword && !request.routeOptions.config.allowOneTimePassword) {
      throw new TrustError('TS_PASSWORD_CHANGE_REQUIRED');
    }
    if (access.kind === 'roles' && !hasRole(principal, ...access.roles)) throw new TrustError('KER_ATH_403');
    assertPartnerMayAct(request, principal);
    // A path that names a partner is refused to strangers before its body is validated, so they learn
    // nothing about another partner's resources. The rule is the domain's; services apply it again.
    const params = request.params as Record<string, string | undefined>;
    for (const name of PARTNER_PATH_PARAMS) {
      if (params[name] !== undefined) assertOwnPartner(principal, params[name]);
    }
  };
}
