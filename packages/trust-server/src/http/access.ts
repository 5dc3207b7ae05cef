import type { Role } from '../auth/roles.ts';

/**
 * Who may call a route, declared on every route as `config: { access }` (the app refuses to start
 * with a route that has none, and the authorization-matrix test reads it).
 * - `public`: no token needed.
 * - `authenticated`: any valid token.
 * - `roles`: a token holding one of the roles.
 * `ownPartnerParam` names the path parameter holding a partner id: a caller without PARTNER_ADMIN
 * must act for that partner (MOSIP PMS_PRT_055 otherwise).
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'authenticated'; ownPartnerParam?: string }
  | { kind: 'roles'; roles: readonly Role[]; ownPartnerParam?: string };

export const PUBLIC: Access = { kind: 'public' };
export const AUTHENTICATED: Access = { kind: 'authenticated' };

export function roles(...allowed: Role[]): Access {
  return { kind: 'roles', roles: allowed };
}

/** `roles(...)` plus the ownership rule on a path parameter. */
export function ownPartner(param: string, ...allowed: Role[]): Access {
  return { kind: 'roles', roles: allowed, ownPartnerParam: param };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** Callable with a one-time password not yet changed (password change, who-am-I). */
    allowOneTimePassword?: boolean;
  }
}
