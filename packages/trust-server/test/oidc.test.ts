import assert from 'node:assert/strict';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { type Flaw, startIssuer, type TestIssuer } from './support/oidc-issuer.ts';
import { diffSnapshots, ROLES, STORES, startTestServer, type TestServer } from './support/server.ts';

/** Starts a login at the trust server and follows the provider's redirect: the callback query and the login cookie. */
async function startLogin(t: TestServer, issuer: string): Promise<{ search: string; cookie: string }> {
  const start = await fetch(`${t.baseUrl}/v1/trust/auth/oidc/login`, { redirect: 'manual' });
  assert.equal(start.status, 302);
  const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const authorize = new URL(start.headers.get('location') ?? '');
  assert.equal(authorize.origin, issuer);
  assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
  const atIssuer = await fetch(authorize, { redirect: 'manual' });
  return { search: new URL(atIssuer.headers.get('location') ?? '').search, cookie };
}

async function callback(t: TestServer, search: string, cookie?: string) {
  const res = await fetch(`${t.baseUrl}/v1/trust/auth/oidc/callback${search}`, {
    ...(cookie ? { headers: { cookie } } : {}),
  });
  const body = (await res.json()) as {
    response: { token: string } | null;
    errors: { errorCode: string; message: string }[];
  };
  return { status: res.status, code: body.errors[0]?.errorCode, body };
}

for (const kind of STORES) {
  describe(`OpenID Connect login (${kind})`, () => {
    let t: TestServer;
    let idp: TestIssuer;
    before(
      async () => {
        idp = await startIssuer({
          sub: 'kc-subject-1',
          preferred_username: 'keycloak.admin',
          roles: ['PARTNER_ADMIN', 'offline_access', 'uma_authorization'],
        });
        t = await startTestServer({
          store: kind,
          env: {
            MOSIP_TRUST_OIDC_ISSUER: idp.issuer,
            MOSIP_TRUST_OIDC_CLIENT_ID: 'trust-server',
            MOSIP_TRUST_OIDC_CLIENT_SECRET: 'client-secret',
            MOSIP_TRUST_OIDC_REDIRECT_URI: 'http://127.0.0.1/v1/trust/auth/oidc/callback',
            MOSIP_TRUST_OIDC_NAME: 'Test Keycloak',
          },
        });
      },
      { timeout: 120_000 },
    );
    after(
      async () => {
        await t?.close();
        await idp?.close();
      },
      { timeout: 60_000 },
    );

    test('code flow with PKCE maps Keycloak realm roles and issues a bearer token', {
      timeout: 60_000,
    }, async () => {
      const { search, cookie } = await startLogin(t, idp.issuer);

      // Without the login cookie (another browser) the callback is refused.
      const stolen = await callback(t, search);
      assert.deepEqual([stolen.status, stolen.code], [401, 'TS_OIDC_FAILED']);

      const done = await callback(t, search, cookie);
      assert.equal(done.status, 200, JSON.stringify(done.body));
      const token = done.body.response?.token ?? '';
      const me = await t.call<{ name: string; roles: string[] }>('GET', '/v1/trust/auth/me', { token });
      assert.equal(me.body.response.name, 'keycloak.admin');
      assert.deepEqual(me.body.response.roles, [ROLES.PARTNER_ADMIN]);
      // The code was single-use.
      const before = await t.snapshot();
      const replay = await callback(t, search, cookie);
      assert.deepEqual([replay.status, replay.code], [401, 'TS_OIDC_FAILED']);
      assert.equal(replay.body.response, null);
      assert.deepEqual(
        diffSnapshots(before, await t.snapshot()),
        ['audit_log'],
        'a replay only adds its audit entry',
      );
      const audit = await t.call<{ actor: string; details: { method?: string } }[]>(
        'GET',
        '/v1/trust/audit?action=auth.login',
        { token },
      );
      assert.ok(audit.body.response.some((e) => e.actor === 'keycloak.admin' && e.details.method === 'oidc'));
    });

    test('the portal learns the provider; a browser arriving from it goes to the portal callback page', {
      timeout: 60_000,
    }, async () => {
      const info = await t.call<{ enabled: boolean; providerName: string }>('GET', '/v1/trust/auth/oidc');
      assert.deepEqual(info.body.response, { enabled: true, providerName: 'Test Keycloak' });
      const { search, cookie } = await startLogin(t, idp.issuer);
      const before = await t.snapshot();
      // node:http, since fetch sets its own Sec-Fetch-Mode.
      const navigated = await new Promise<IncomingMessage>((resolve, reject) =>
        httpGet(
          `${t.baseUrl}/v1/trust/auth/oidc/callback${search}`,
          { headers: { cookie, 'sec-fetch-mode': 'navigate', accept: 'text/html' } },
          (res) => resolve(res.resume()),
        ).on('error', reject),
      );
      assert.equal(navigated.statusCode, 303);
      assert.equal(navigated.headers.location, `/oidc/callback${search}`);
      assert.equal(navigated.headers['set-cookie'], undefined, 'the redirect signs nobody in');
      assert.deepEqual(diffSnapshots(before, await t.snapshot()), [], 'the code is left for the portal');
      // The portal's fetch of the same URL then finishes the login.
      const done = await callback(t, search, cookie);
      assert.equal(done.status, 200, JSON.stringify(done.body));
    });

    // Each flaw in an otherwise valid ID token (signed by the provider's key, for this login's code) is refused.
    const flaws: Flaw[] = ['nonce', 'audience', 'issuer'];
    for (const flaw of flaws) {
      test(`an ID token with a wrong ${flaw} is refused and logs nobody in`, {
        timeout: 60_000,
      }, async () => {
        const { search, cookie } = await startLogin(t, idp.issuer);
        const before = await t.snapshot();
        idp.state.flaw = flaw;
        let res: Awaited<ReturnType<typeof callback>>;
        try {
          res = await callback(t, search, cookie);
        } finally {
          idp.state.flaw = 'none';
        }
        assert.deepEqual([res.status, res.code], [401, 'TS_OIDC_FAILED'], JSON.stringify(res.body));
        assert.equal(res.body.response, null, 'no token for a refused login');
        // Only the refusal's own audit entry is written: no account, no token.
        assert.deepEqual(diffSnapshots(before, await t.snapshot()), ['audit_log']);
        const failed = await t.call<{ target: string; details: { reason: string } }[]>(
          'GET',
          '/v1/trust/audit?action=auth.login.failed',
          { token: t.adminToken },
        );
        const last = failed.body.response.at(-1);
        assert.equal(last?.target, 'oidc');
        assert.ok(last?.details.reason, 'the refusal is audited with its reason');
      });
    }
  });
}
