import type { FastifyReply, FastifyRequest } from 'fastify';
import { TrustError } from '../errors.ts';
import type { Access } from '../http/access.ts';
import type { Clock } from '../http/module.ts';
import type { Db } from '../store/db.ts';
import { assertPartnerMayAct } from './inactive-partner.ts';
import { hasRole, isAdmin, type Principal } from './roles.ts';
import { verifyToken } from './tokens.ts';

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
  const cookie = request.headers.cookie;
  if (!cookie) return undefined;
  for (const part of cookie.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === 'Authorization') return decodeURIComponent(value.join('=')) || undefined;
  }
  return undefined;
}

/** The principal of a route that requires authentication (the guard has set it). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new TrustError('KER_ATH_401');
  return request.principal;
}

/** Throws PMS_PRT_055 unless the caller is an admin or acts for `partnerId`. */
export function assertOwnPartner(principal: Principal, partnerId: string | null | undefined): void {
  if (isAdmin(principal)) return;
  if (!partnerId || principal.partnerId !== partnerId) throw new TrustError('PMS_PRT_055');
}

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
    if (access.ownPartnerParam) {
      const params = request.params as Record<string, string | undefined>;
      assertOwnPartner(principal, params[access.ownPartnerParam]);
    }
  };
}
