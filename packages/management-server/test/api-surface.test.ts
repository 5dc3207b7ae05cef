/**
 * MDS 0.9.5: the management server must expose no API that captures and must never see biometric data.
 * The route table is pinned (a new route must be added here deliberately), no route is named after a
 * capture, MDS capture methods get the 404 of a missing route, and no source file but the trust-server
 * client opens a connection, so nothing can forward a request to a device service.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/http/app.ts';
import { loadOrCreateProviderKeys } from '../src/provider-ca.ts';
import { type FleetStore, openFleetStore } from '../src/store/store.ts';
import { TrustClient } from '../src/trust-client.ts';

const ROUTES = [
  'GET /metrics',
  'GET /v1/fleet',
  'GET /v1/fleet/:deviceCode',
  'GET /v1/provider-ca',
  'GET /v1/time',
  'POST /v1/devices/commands',
  'POST /v1/devices/register',
  'POST /v1/fleet/:deviceCode/deregister',
  'POST /v1/fleet/:deviceCode/rotate-key',
  'POST /v1/fleet/sbi-update',
];

describe('management server API surface', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mgmt-surface-'));
  let store: FleetStore;
  let app: FastifyInstance;
  const routes: string[] = [];

  before(
    async () => {
      store = await openFleetStore({ dataDir: join(dir, 'data') });
      const keys = await loadOrCreateProviderKeys(join(dir, 'data'), 'Surface Org', {
        MOSIP_MGMT_KEK: 'k'.repeat(32),
      });
      app = await buildApp({
        deps: {
          db: store.db,
          keys,
          // Never reached: no request below gets past routing or validation.
          trust: new TrustClient({ baseUrl: 'http://127.0.0.1:9', clientId: 'c', clientSecret: 's' }),
          provider: { id: 'P1', organization: 'Surface Org' },
          ftmAnchors: [keys.ca.certificateDer],
          domainUri: 'http://127.0.0.1:9',
          clock: () => new Date(),
        },
        operatorToken: 'o'.repeat(24),
      });
      await app.ready();
      // printRoutes draws a tree: each level indents by 4 characters and adds its segment to its parent's.
      const stack: string[] = [];
      for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
        const m = /^(.*?)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
        if (!m?.[2]) continue;
        const depth = (m[1] ?? '').length / 4;
        stack.length = depth;
        stack.push(m[2]);
        const path = stack.join('');
        for (const method of m[3]?.split(', ') ?? []) if (method !== 'HEAD') routes.push(`${method} ${path}`);
      }
    },
    { timeout: 120_000 },
  );
  after(
    async () => {
      await app?.close();
      await store?.close();
      rmSync(dir, { recursive: true, force: true });
    },
    { timeout: 60_000 },
  );

  test('the route table is exactly the documented one, and nothing in it captures or streams', {
    timeout: 30_000,
  }, () => {
    assert.deepEqual([...routes].sort(), ROUTES);
    for (const r of routes) assert.doesNotMatch(r, /capture|stream|bio|rcapture|mosip(disc|dinfo)/i);
  });

  test('MDS capture methods and paths are not routes', { timeout: 30_000 }, async () => {
    const attempts: [string, string][] = [
      ['POST', '/capture'],
      ['POST', '/v1/devices/capture'],
      ['POST', '/v1/fleet/abc/capture'],
      ['POST', '/v1/fleet/abc/rcapture'],
      ['GET', '/stream'],
      ['POST', '/v1/devices/stream'],
    ];
    for (const [method, url] of attempts) {
      const res = await app.inject({
        method: method as 'POST',
        url,
        headers: { authorization: `Bearer ${'o'.repeat(24)}` },
        payload: method === 'POST' ? { deviceId: '1', bio: [] } : undefined,
      });
      assert.equal(res.statusCode, 404, `${method} ${url}`);
      assert.equal(res.json().errors[0].errorCode, 'MGMT_NOT_FOUND');
    }
  });

  test('GET /metrics counts requests by route pattern and status and registrations by outcome, with no ids', {
    timeout: 30_000,
  }, async () => {
    const register = (deviceData: string) =>
      app.inject({ method: 'POST', url: '/v1/devices/register', payload: { deviceData } });
    const refused = await register('not-a-jws.SERIAL-4711.x');
    assert.equal(refused.statusCode >= 400 && refused.statusCode < 500, true, refused.body);
    const code = refused.json().errors[0].errorCode as string;
    assert.match(code, /^MGMT_/);
    await app.inject({ method: 'GET', url: '/v1/fleet/DEVICE-CODE-4711' });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    const text = res.body;
    assert.match(
      text,
      new RegExp(
        `^mosip_mgmt_http_requests_total\\{method="POST",route="/v1/devices/register",status="${refused.statusCode}"\\} 1$`,
        'm',
      ),
    );
    assert.match(
      text,
      /^mosip_mgmt_http_requests_total\{method="GET",route="\/v1\/fleet\/:deviceCode",status="401"\} 1$/m,
    );
    assert.match(text, new RegExp(`^mosip_mgmt_device_registrations_total\\{outcome="${code}"\\} 1$`, 'm'));
    assert.match(
      text,
      /^mosip_mgmt_http_request_duration_seconds_bucket\{method="POST",route="\/v1\/devices\/register",le="\+Inf"\} 1$/m,
    );
    assert.doesNotMatch(text, /4711/, 'no serial number or device code in a label');
  });

  test('only the trust-server client opens connections: nothing can forward a request to a device', {
    timeout: 30_000,
  }, () => {
    const src = fileURLToPath(new URL('../src/', import.meta.url));
    const files = (readdirSync(src, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
    assert.ok(files.length > 5);
    const networking = /\bfetch\(|from 'node:(http|https|net|tls|dgram)'|from 'undici'/;
    const opening = files.filter((f) => networking.test(readFileSync(join(src, f), 'utf8')));
    assert.deepEqual(opening, ['trust-client.ts']);
  });
});
