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
  /** Ids made by table setups (e.g. a chip model id), by name; read them with `need`. */
  extra: Record<string, string>;
}

/** A call a partner of another organisation makes against the owner's records, and the code that refuses it. */
export interface Intrusion {
  name: string;
  params?: Record<string, string>;
  body?: Record<string, unknown>;
  /** The catalogued code of the 403 (default PMS_PRT_055). */
  code?: string;
}

/**
 * What a route allows. Every caller not in `allow` must be refused (401 KER-ATH-401 anonymous,
 * 403 KER-ATH-403 otherwise) and change nothing.
 */
export interface RouteExpectation {
  allow: readonly Caller[];
  /**
   * The route's parameters or body name one partner's records (which the setup created, so they
   * exist): a partner of the same type but another organisation calling with them must be refused
   * with 403 PMS_PRT_055 (a 404 is not a refusal: the record exists) and change nothing.
   */
  ownership?: boolean;
  /**
   * For a record found by its own id (device detail, SBI, FTM chip): another organisation's partner is refused
   * with 404 and this code, exactly as for an id that does not exist, so the answer never confirms that
   * someone else's id exists (docs/trust-server.md); it still changes nothing and is audited as a refusal.
   */
  foreignAnsweredAsMissing?: string;
  /** Path parameters for a call as `caller` (default: partnerId = the caller's partner, else AUTH_PARTNER's). */
  params?: (fx: Fixtures, caller: Caller) => Record<string, string>;
  /**
   * The request payload of a call as `caller`, valid against the route's schema and naming the
   * records of `caller`'s own partner (AUTH_PARTNER's or the route's owner role for staff): a
   * body-addressed route then reaches its ownership check. Default for routes with a body: {}.
   */
  body?: (fx: Fixtures, caller: Caller) => Record<string, unknown>;
  /** Further calls of another organisation's partner of `role` against `role`'s records (ownership routes). */
  intrusions?: (fx: Fixtures, role: Caller) => Intrusion[];
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
