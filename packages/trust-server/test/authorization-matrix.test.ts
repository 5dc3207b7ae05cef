import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ALL_ROLES, PARTNER_ROLES, type RouteInfo } from '../src/index.ts';
import { buildFixtures, defaultParams, fillPath, type MatrixSetup } from './support/access/fixtures.ts';
import {
  ACCESS_MODULES,
  type Caller,
  type Fixtures,
  type Intrusion,
  type RouteExpectation,
} from './support/access/index.ts';
import {
  type CallResult,
  diffSnapshots,
  STORES,
  startTestServer,
  type TestServer,
} from './support/server.ts';

/**
 * Calls every route of the app's route table as anonymous, as every role and as a partner of
 * another organisation, and fails when a caller gets past authorization that should not, when a
 * refusal is not the 401/403 with its catalogued code (the 404 of another provider's record answered as
 * missing, where the route says so), when a refused call changes the content of
 * any table, or when a route has no expectation (so new routes are covered the moment they are
 * registered). Routes that name their record in the body (PUT /ftpchipdetail, PUT
 * /securebiometricinterface, ...) are called with a valid body naming the owner's record.
 */
const CALLERS: Caller[] = ['anonymous', ...ALL_ROLES];
const TABLE: Record<string, RouteExpectation> = Object.assign({}, ...ACCESS_MODULES.map((m) => m.table));
const TIMEOUT = 600_000;

for (const kind of STORES) {
  describe(`authorization matrix (${kind})`, () => {
    let t: TestServer;
    let fx: Fixtures;
    let tokenOf: MatrixSetup['tokenOf'];

    before(
      async () => {
        t = await startTestServer({ store: kind });
        ({ fx, tokenOf } = await buildFixtures(t));
      },
      { timeout: TIMEOUT },
    );
    after(async () => t?.close(), { timeout: 60_000 });

    test('every route has an expectation, and every expectation a route', { timeout: 10_000 }, () => {
      const routes = t.server.app.trustRoutes.map((r) => `${r.method} ${r.url}`);
      const missing = routes.filter((r) => !TABLE[r]);
      assert.deepEqual(missing, [], `routes without an entry in test/support/access: ${missing.join(', ')}`);
      const stale = Object.keys(TABLE).filter((k) => !routes.includes(k));
      assert.deepEqual(stale, [], `expectations for routes that do not exist: ${stale.join(', ')}`);
    });

    test('no caller gets past authorization unless allowed; refusals carry their code and change nothing', {
      timeout: TIMEOUT,
    }, async () => {
      const failures: string[] = [];
      let intrusions = 0;
      const refusal = (what: string, res: CallResult, status: number, code: string) => {
        const got = res.body.errors?.[0];
        if (res.status !== status || got?.errorCode !== code)
          failures.push(`${what}: ${res.status} ${got?.errorCode} (expected ${status} ${code})`);
        else if (!got.message) failures.push(`${what}: refusal without a message`);
      };
      for (const route of t.server.app.trustRoutes) {
        const key = `${route.method} ${route.url}`;
        const exp = TABLE[key];
        if (!exp) continue; // reported by the test above
        const query = exp.query ? `?${exp.query}` : '';
        const send = (caller: Caller, token: string | undefined, over: Partial<Intrusion> = {}) => {
          const params = over.params ?? exp.params?.(fx, caller) ?? defaultParams(fx, caller);
          const body = over.body ?? exp.body?.(fx, caller) ?? {};
          return t.call(route.method, fillPath(route.url, params) + query, {
            token,
            ...(route.hasBody ? { request: body } : {}),
          });
        };
        // Tokens first: a new login (after an allowed logout revoked a token) writes rows, and must
        // not fall between the two snapshots.
        const tokens = new Map<Caller, string | undefined>();
        for (const caller of CALLERS) tokens.set(caller, await tokenOf(caller));

        const before = await t.snapshot();
        for (const caller of CALLERS.filter((c) => !exp.allow.includes(c))) {
          const res = await send(caller, tokens.get(caller));
          if (caller === 'anonymous') refusal(`${key} as anonymous`, res, 401, 'KER-ATH-401');
          else refusal(`${key} as ${caller}`, res, 403, 'KER-ATH-403');
        }
        if (exp.ownership) {
          const owners = PARTNER_ROLES.filter((r) => exp.allow.includes(r));
          if (owners.length === 0) failures.push(`${key}: owned, but no partner role may call it`);
          for (const role of owners) {
            const intruder = fx.others[role];
            if (!intruder) throw new Error(`matrix setup has no second ${role} partner`);
            checkParamsNamed(route, exp.params?.(fx, role) ?? defaultParams(fx, role), failures);
            const calls: Intrusion[] = [
              { name: "the owner's records" },
              ...(exp.intrusions?.(fx, role) ?? []),
            ];
            for (const call of calls) {
              const res = await send(role, intruder.token, call);
              intrusions++;
              const missing = call.code === undefined ? exp.foreignAnsweredAsMissing : undefined;
              refusal(
                `${key} as another ${role} (${call.name})`,
                res,
                missing ? 404 : 403,
                missing ?? call.code ?? 'PMS_PRT_055',
              );
            }
          }
        }
        const changed = diffSnapshots(before, await t.snapshot());
        if (changed.length > 0) failures.push(`${key}: a refused call changed ${changed.join(', ')}`);

        for (const caller of exp.allow) {
          const res = await send(caller, await tokenOf(caller));
          const code = res.body.errors?.[0]?.errorCode;
          if (res.status === 401 || code === 'KER-ATH-403' || code === 'PMS_PRT_055') {
            failures.push(`${key} as ${caller}: refused (${res.status} ${code}) but the role is allowed`);
          }
        }
      }
      assert.deepEqual(failures, []);
      // The body-addressed updates are among the owned routes.
      for (const key of [
        'PUT /v1/partnermanager/ftpchipdetail',
        'PUT /v1/partnermanager/devicedetail',
        'PUT /v1/partnermanager/securebiometricinterface',
        'PUT /v1/partnermanager/misps',
      ])
        assert.equal(TABLE[key]?.ownership, true, `${key} must be marked as owned`);
      assert.ok(intrusions >= 30, `only ${intrusions} calls of another organisation's partner were made`);
    });
  });
}

/** An owned route must name real records: every path parameter gets a value from the setup. */
function checkParamsNamed(route: RouteInfo, params: Record<string, string>, failures: string[]): void {
  for (const [, name] of route.url.matchAll(/:([A-Za-z0-9_]+)/g))
    if (!name || params[name] === undefined)
      failures.push(`${route.method} ${route.url}: owned, but :${name} names no record`);
}
