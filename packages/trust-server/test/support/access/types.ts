import type { Role } from '../../../src/index.ts';
import type { TestPartner, TestServer } from '../server.ts';

/** Who calls: nobody (no token), or a user holding one role (partner roles act for their own partner). */
export type Caller = 'anonymous' | Role;

export interface Fixtures {
  server: TestServer;
  /** One approved partner per partner role: the "own" partner of that role's caller. */
  partners: Record<string, TestPartner>;
  /** A second approved partner per partner role: "a partner of another organisation". */
  others: Record<string, TestPartner>;
  /** Ids made by table setups (e.g. a chip model id), by name. */
  extra: Record<string, string>;
}

/**
 * What a route allows. Every caller not in `allow` must be refused (401 anonymous, 403 otherwise)
 * and change nothing.
 */
export interface RouteExpectation {
  allow: readonly Caller[];
  /**
   * The route's parameters name one partner's records: a partner of the same type but another
   * organisation calling with them must be refused (403 or 404) and change nothing.
   */
  ownership?: boolean;
  /** Path parameters for a call as `caller` (default: partnerId = the caller's partner, else AUTH_PARTNER's; others 'x'). */
  params?: (fx: Fixtures, caller: Caller) => Record<string, string>;
  /** Query string (without '?') to send. */
  query?: string;
}

/** Key: 'METHOD /url' exactly as the route is registered (e.g. 'GET /v1/partnermanager/partners/:partnerId'). */
export type AccessTable = Record<string, RouteExpectation>;

export interface AccessModule {
  table: AccessTable;
  /** Creates records the module's routes need (runs once per server, after the partners exist). */
  setup?: (fx: Fixtures) => Promise<void>;
}
