import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ALL_ROLES, PARTNER_ROLES } from '../src/index.ts';
import { buildFixtures, defaultParams, fillPath, type MatrixSetup } from './support/access/fixtures.ts';
import { ACCESS_MODULES, type Caller, type Fixtures, type RouteExpectation } from './support/access/index.ts';
import { STORES, startTestServer, type TestServer } from './support/server.ts';

/**
 * Calls every route of the app's route table as anonymous, as every role and as a partner of
 * another organisation, and fails when a caller gets past authorization that should not, when a
 * refused call changes anything, or when a route has no expectation (so new routes are covered
 * the moment they are registered).
 */
const CALLERS: Caller[] = ['anonymous', ...ALL_ROLES];
const TABLE: Record<string, RouteExpectation> = Object.assign({}, ...ACCESS_MODULES.map((m) => m.table));

for (const kind of STORES) {
  describe(`authorization matrix (${kind})`, () => {
    let t: TestServer;
    let fx: Fixtures;
    let tokenOf: MatrixSetup['tokenOf'];

    before(async () => {
      t = await startTestServer({ store: kind });
      ({ fx, tokenOf } = await buildFixtures(t));
    });
    after(async () => t?.close());

    test('every route has an expectation, and every expectation a route', () => {
      const routes = t.server.app.trustRoutes.map((r) => `${r.method} ${r.url}`);
      const missing = routes.filter((r) => !TABLE[r]);
      assert.deepEqual(missing, [], `routes without an entry in test/support/access: ${missing.join(', ')}`);
      const stale = Object.keys(TABLE).filter((k) => !routes.includes(k));
      assert.deepEqual(stale, [], `expectations for routes that do not exist: ${stale.join(', ')}`);
    });

    test('no caller gets past authorization unless allowed; refused calls change nothing', async () => {
      const failures: string[] = [];
      for (const route of t.server.app.trustRoutes) {
        const key = `${route.method} ${route.url}`;
        const exp = TABLE[key];
        if (!exp) continue; // reported by the test above
        const query = exp.query ? `?${exp.query}` : '';
        const body = route.hasBody ? { request: {} } : undefined;

        const refused = CALLERS.filter((c) => !exp.allow.includes(c));
        const before = await t.snapshot();
        for (const caller of refused) {
          const params = exp.params?.(fx, caller) ?? defaultParams(fx, caller);
          const res = await t.call(route.method, fillPath(route.url, params) + query, {
            token: await tokenOf(caller),
            ...(body ? { raw: body } : {}),
          });
          const expected = caller === 'anonymous' ? [401] : [403];
          if (!expected.includes(res.status))
            failures.push(`${key} as ${caller}: ${res.status} (expected ${expected})`);
          else if (!res.body.errors?.[0]?.errorCode)
            failures.push(`${key} as ${caller}: refusal without an error code`);
        }
        if (exp.ownership) {
          for (const role of PARTNER_ROLES.filter((r) => exp.allow.includes(r))) {
            const intruder = fx.others[role];
            if (!intruder) continue;
            const params = exp.params?.(fx, role) ?? defaultParams(fx, role);
            const res = await t.call(route.method, fillPath(route.url, params) + query, {
              token: intruder.token,
              ...(body ? { raw: body } : {}),
            });
            if (res.status !== 403 && res.status !== 404)
              failures.push(`${key} as another ${role}: ${res.status} (expected 403/404)`);
          }
        }
        const afterRefusals = await t.snapshot();
        if (JSON.stringify(before) !== JSON.stringify(afterRefusals))
          failures.push(`${key}: a refused call changed the store`);

        for (const caller of exp.allow) {
          const params = exp.params?.(fx, caller) ?? defaultParams(fx, caller);
          const res = await t.call(route.method, fillPath(route.url, params) + query, {
            token: await tokenOf(caller),
            ...(body ? { raw: body } : {}),
          });
          const code = res.body.errors?.[0]?.errorCode;
          if (res.status === 401 || code === 'KER-ATH-403' || code === 'PMS_PRT_055') {
            failures.push(`${key} as ${caller}: refused (${res.status} ${code}) but the role is allowed`);
          }
        }
      }
      assert.deepEqual(failures, []);
    });
  });
}
