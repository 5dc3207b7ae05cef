import { PARTNER_ROLES, ROLES, type Role, verifyToken } from '../../../src/index.ts';
import type { TestServer } from '../server.ts';
import { ACCESS_MODULES } from './index.ts';
import { partnerOf } from './records.ts';
import type { Caller, Fixtures } from './types.ts';

export interface MatrixSetup {
  fx: Fixtures;
  /** The caller's token (logging in again if an earlier call, e.g. logout, revoked it); undefined for anonymous. */
  tokenOf(caller: Caller): Promise<string | undefined>;
}

/** Staff users, two approved partners per partner role, and every module's setup records. */
export async function buildFixtures(t: TestServer): Promise<MatrixSetup> {
  const fx: Fixtures = { server: t, partners: {}, others: {}, extra: {} };
  const credentials = new Map<Caller, { username: string; password: string; token: string }>();
  for (const role of [ROLES.PARTNER_ADMIN, ROLES.POLICYMANAGER] as Role[])
    credentials.set(role, await t.staff(role));
  for (const role of PARTNER_ROLES) {
    const own = await t.partner(role);
    fx.partners[role] = own;
    fx.others[role] = await t.partner(role);
    credentials.set(role, own);
  }
  for (const m of ACCESS_MODULES) await m.setup?.(fx);
  return {
    fx,
    async tokenOf(caller) {
      const c = credentials.get(caller);
      if (!c) return undefined;
      // In-process check (the guard's own query) instead of an HTTP round trip before every call.
      if (!(await verifyToken(t.server.deps.db, c.token, new Date())))
        c.token = await t.login(c.username, c.password);
      return c.token;
    },
  };
}

/**
 * The path with its parameters filled in. A parameter without a value becomes 'x' (no record): only
 * for routes whose refusals come before any lookup; owned routes name real records (the matrix checks).
 */
export function fillPath(url: string, params: Record<string, string>): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => encodeURIComponent(params[name] ?? 'x'));
}

/** Default path parameters: partnerId = the caller's own partner (AUTH_PARTNER's for staff). */
export function defaultParams(fx: Fixtures, caller: Caller): Record<string, string> {
  return { partnerId: partnerOf(fx, caller, ROLES.AUTH_PARTNER).partnerId };
}
