import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { ROLES, STORES, startTestServer, type TestServer } from './support/server.ts';

const LOGIN = '/v1/authmanager/authenticate/useridPwd';

/** Logs in and returns the session cookie header and the XSRF-TOKEN cookie's value. */
async function cookieLogin(t: TestServer, username: string, password: string) {
  const res = await fetch(`${t.baseUrl}${LOGIN}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      id: 'x',
      version: '1.0',
      requesttime: new Date().toISOString(),
      request: { userName: username, password },
    }),
  });
  assert.equal(res.status, 200);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0] as string);
  const session = cookies.find((c) => c.startsWith('Authorization='));
  const xsrf = cookies.find((c) => c.startsWith('XSRF-TOKEN='));
  assert.ok(session && xsrf);
  return { cookie: session, xsrf: xsrf.slice('XSRF-TOKEN='.length) };
}

async function post(t: TestServer, path: string, headers: Record<string, string>) {
  const res = await fetch(`${t.baseUrl}${path}`, { method: 'POST', headers });
  const body = (await res.json()) as { errors: { errorCode: string }[] };
  return { status: res.status, code: body.errors[0]?.errorCode };
}

describe('cross-site requests authenticated by cookie', { timeout: 300_000 }, () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({
      store: 'pglite',
      env: { MOSIP_TRUST_ALLOWED_ORIGINS: 'https://portal.example.org' },
    });
  });
  after(async () => t?.close());

  test('a foreign Origin or Referer is refused; own or configured origin, a matching CSRF token or a bearer header pass', async () => {
    const pending = await t.partner(ROLES.AUTH_PARTNER, { approve: false });
    const admin = await cookieLogin(t, t.adminUser, t.adminPassword);
    const approve = `/v1/partnermanager/partners/${pending.partnerId}/approve`;
    assert.deepEqual(await post(t, approve, { cookie: admin.cookie, origin: 'https://evil.example' }), {
      status: 403,
      code: 'TS_CROSS_SITE_REFUSED',
    });
    assert.equal(
      (await post(t, approve, { cookie: admin.cookie, referer: 'https://evil.example/x' })).status,
      403,
    );
    assert.equal((await post(t, approve, { cookie: admin.cookie, origin: 'null' })).status, 403);
    assert.equal(
      (
        await post(t, approve, {
          cookie: admin.cookie,
          origin: 'https://evil.example',
          'x-xsrf-token': 'wrong',
        })
      ).status,
      403,
    );
    const partner = await t.call<{ isActive: boolean }>(
      'GET',
      `/v1/partnermanager/partners/${pending.partnerId}`,
      {
        token: t.adminToken,
      },
    );
    assert.equal(partner.body.response.isActive, false);
    // A matching CSRF token passes from anywhere.
    assert.equal(
      (
        await post(t, approve, {
          cookie: admin.cookie,
          origin: 'https://evil.example',
          'x-xsrf-token': admin.xsrf,
        })
      ).status,
      200,
    );
    // The server's own origin and a configured one pass; a bearer header is not affected by Origin.
    const user = await t.staff(ROLES.POLICYMANAGER);
    const s1 = await cookieLogin(t, user.username, user.password);
    assert.equal(
      (await post(t, '/v1/trust/auth/logout', { cookie: s1.cookie, origin: t.baseUrl })).status,
      200,
    );
    const s2 = await cookieLogin(t, user.username, user.password);
    assert.equal(
      (await post(t, '/v1/trust/auth/logout', { cookie: s2.cookie, origin: 'https://portal.example.org' }))
        .status,
      200,
    );
    const s3 = await cookieLogin(t, user.username, user.password);
    assert.equal(
      (await post(t, '/v1/trust/auth/logout', { cookie: s3.cookie, origin: 'https://evil.example' })).status,
      403,
    );
    assert.equal((await t.call('GET', '/v1/trust/auth/me', { headers: { cookie: s3.cookie } })).status, 200);
    const bearer = await t.login(user.username, user.password);
    assert.equal(
      (
        await post(t, '/v1/trust/auth/logout', {
          authorization: `Bearer ${bearer}`,
          origin: 'https://evil.example',
        })
      ).status,
      200,
    );
  });
});

for (const kind of STORES) {
  describe(`bad characters at the edge (${kind})`, { timeout: 300_000 }, () => {
    let t: TestServer;
    let log = '';
    before(async () => {
      const logStream = new Writable({
        write(chunk, _enc, cb) {
          log += chunk.toString();
          cb();
        },
      });
      t = await startTestServer({ store: kind, logStream });
    });
    after(async () => t?.close());

    test('NUL, lone surrogates, deep nesting and 1e309 answer 400 with a code, and touch nothing', async () => {
      const before = await t.snapshot();
      const envelope = (request: string) =>
        `{"id":"x","version":"1.0","requesttime":"${new Date().toISOString()}","request":${request}}`;
      const bodies: [string, string, string][] = [
        [
          'POST',
          '/v1/trust/accounts/signup',
          envelope('{"username":"a\\u0000b","password":"x correct horse"}'),
        ],
        ['POST', LOGIN, envelope('{"userName":"admin\\u0000","password":"x"}')],
        [
          'POST',
          '/v1/trust/accounts/signup',
          envelope('{"username":"abc\\ud800","password":"x correct horse"}'),
        ],
        [
          'POST',
          '/v1/trust/accounts/signup',
          envelope(`{"username":"deep","pad":${'['.repeat(5000)}${']'.repeat(5000)}}`),
        ],
        [
          'POST',
          '/v1/trust/accounts/signup',
          envelope('{"username":"num","password":"x correct horse","n":1e309}'),
        ],
      ];
      for (const [method, path, raw] of bodies) {
        const res = await t.call(method, path, { raw, token: t.adminToken });
        assert.deepEqual(
          [res.status, res.body.errors[0]?.errorCode],
          [400, 'PMS_COR_001'],
          raw.slice(0, 120),
        );
      }
      for (const path of [
        '/v1/trust/audit?action=a%00b',
        '/v1/partnermanager/partners/P%00X',
        '/v1/trust/audit?actor=%ED%A0%80',
      ]) {
        const res = await t.call('GET', path, { token: t.adminToken });
        assert.deepEqual([res.status, res.body.errors[0]?.errorCode], [400, 'PMS_COR_001'], path);
      }
      const after = await t.snapshot();
      assert.deepEqual(after, before);
    });

    test('the error log prints no SQL parameters', async () => {
      const p = await t.partner(ROLES.AUTH_PARTNER);
      // A constraint the insert of a machine client (with its secret hash) fails on: a 500 with parameters.
      await sql`alter table machine_clients add constraint test_fail check (name <> 'fail-me')`.execute(
        t.server.deps.db,
      );
      const res = await t.call('POST', '/v1/trust/clients', { token: p.token, request: { name: 'fail-me' } });
      assert.equal(res.status, 500);
      assert.match(log, /request failed/);
      assert.doesNotMatch(log, /sha256\$/);
      assert.doesNotMatch(log, /"params"|"parameters"/);
    });
  });
}
