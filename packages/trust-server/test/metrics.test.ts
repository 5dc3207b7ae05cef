import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { IDA_ERRORS, ROLES } from '../src/index.ts';
import { STORES, startTestServer, type TestServer } from './support/server.ts';

interface View {
  name: string;
  type: string;
  samples: { labels: Record<string, string>; value?: number; count?: number }[];
}

function atLeast(s: Map<string, number>, key: string, n: number): void {
  const value = s.get(key) ?? 0;
  assert.ok(value >= n, `${key} is ${value}, expected at least ${n}`);
}

/** Parses the sample lines of the Prometheus text format into `name{labels}` → value. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)$/.exec(line);
    if (!m) assert.fail(`not a sample line: ${line}`);
    out.set(`${m[1]}${m[2] ?? ''}`, Number(m[3]));
  }
  return out;
}

for (const kind of STORES) {
  describe(`metrics (${kind})`, () => {
    let t: TestServer;
    before(
      async () => {
        t = await startTestServer({ store: kind });
      },
      { timeout: 300_000 },
    );
    after(async () => t?.close(), { timeout: 60_000 });

    test('GET /metrics counts requests by route pattern and status, never the raw URL', {
      timeout: 120_000,
    }, async () => {
      const secretish = 'alice.personal-id-4711';
      const p = await t.partner(ROLES.AUTH_PARTNER);
      assert.equal(
        (await t.call('GET', `/v1/partnermanager/partners/${p.partnerId}`, { token: p.token })).status,
        200,
      );
      assert.equal((await t.call('GET', `/v1/partnermanager/partners/${secretish}`)).status, 401);
      assert.equal((await t.call('GET', `/no/such/${secretish}.png`)).status, 404);
      t.server.app.trustMetrics.authentication({ ok: true });
      t.server.app.trustMetrics.authentication({ ok: false, errorCode: 'IDA-MPA-008' });

      const res = await fetch(`${t.baseUrl}/metrics`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      const text = await res.text();
      assert.equal(text.includes(secretish), false, 'a raw URL reached a label');
      assert.equal(text.includes(p.partnerId), false, 'a partner id reached a label');
      const s = samples(text);
      const route = '/v1/partnermanager/partners/:partnerId';
      atLeast(s, `mosip_trust_http_requests_total{method="GET",route="${route}",status="200"}`, 1);
      atLeast(s, `mosip_trust_http_requests_total{method="GET",route="${route}",status="401"}`, 1);
      // The portal's wildcard answers the 404 when the portal is built; otherwise no route matched.
      const notFound = ['/*', 'unmatched'].map(
        (r) => s.get(`mosip_trust_http_requests_total{method="GET",route="${r}",status="404"}`) ?? 0,
      );
      assert.ok(notFound.reduce((a, b) => a + b, 0) >= 1, 'the 404 was not counted');
      atLeast(s, `mosip_trust_http_request_duration_seconds_count{method="GET",route="${route}"}`, 2);
      assert.equal(
        s.get(`mosip_trust_http_request_duration_seconds_bucket{method="GET",route="${route}",le="+Inf"}`),
        s.get(`mosip_trust_http_request_duration_seconds_count{method="GET",route="${route}"}`),
      );
      assert.equal(s.get('mosip_trust_authentications_total{result="ok",errorCode=""}'), 1);
      assert.equal(s.get('mosip_trust_authentications_total{result="refused",errorCode="IDA-MPA-008"}'), 1);
      atLeast(s, `mosip_trust_store_connections{store="${kind}",state="total"}`, 1);
      assert.equal(typeof s.get(`mosip_trust_store_waiting{store="${kind}"}`), 'number');
    });

    test('every label value comes from a fixed set', { timeout: 120_000 }, async () => {
      await t.call('PATCH', '/v1/trust/users/%22%7D%0Ainjected?x=1', {
        token: t.adminToken,
        request: { enabled: true },
      });
      await t.call('BREW' as string, '/health');
      const routes = new Set(t.server.app.trustRoutes.map((r) => r.url));
      const allowed: Record<string, (v: string) => boolean> = {
        method: (v) => ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'other'].includes(v),
        route: (v) => routes.has(v) || v === 'unmatched' || v === 'other' || v.startsWith('/docs'),
        status: (v) => /^[1-5]\d\d$/.test(v),
        le: (v) => v === '+Inf' || Number.isFinite(Number(v)),
        result: (v) => v === 'ok' || v === 'refused',
        errorCode: (v) => v === '' || v in IDA_ERRORS,
        store: (v) => v === kind,
        state: (v) => v === 'total' || v === 'idle',
      };
      const res = await t.call<View[]>('GET', '/v1/trust/metrics', { token: t.adminToken });
      assert.equal(res.status, 200);
      let checked = 0;
      for (const m of res.body.response) {
        for (const sample of m.samples) {
          for (const [name, value] of Object.entries(sample.labels)) {
            assert.ok(
              allowed[name]?.(value),
              `${m.name}: label ${name}="${value}" is not from its fixed set`,
            );
            checked += 1;
          }
        }
      }
      assert.ok(checked > 10);
      const requests = res.body.response.find((m) => m.name === 'mosip_trust_http_requests_total');
      assert.ok(requests?.samples.some((x) => x.labels.route === '/v1/trust/users/:userId'));
    });
  });
}
