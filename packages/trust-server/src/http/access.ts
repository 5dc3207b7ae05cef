import type { Role } from '../auth/roles.ts';

/**
 * Who may call a route, declared on every route as `config: { access }` (the app refuses to start
 * with a route that has none, and the authorization-matrix test reads it).
 * - `public`: no token needed.
 * - `authenticated`: any valid token.
 * - `roles`: a token holding one of the roles.
 * Which partner's data a caller may touch is not declared per route: the services apply the one
 * ownership rule (src/domain/actor.ts), and the guard applies it early to any path parameter that
 * names a partner (`partnerId`, `mispId`).
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'authenticated' }
  | { kind: 'roles'; roles: readonly Role[] };

export const PUBLIC: Access = { kind: 'public' };
export const AUTHENTICATED: Access = { kind: 'authenticated' };

export function roles(...allowed: Role[]): Access {
  return { kind: 'roles', roles: allowed };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** Callable with a one-time password not yet changed (password change, who-am-I). */
    allowOneTimePassword?: boolean;
  }
}
