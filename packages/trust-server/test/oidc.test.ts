import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { diffSnapshots, ROLES, STORES, startTestServer, type TestServer } from './support/server.ts';

/** What the test provider gets wrong in the ID tokens it issues (none by default). */
type Flaw = 'none' | 'nonce' | 'audience' | 'issuer';

/**
 * A small OpenID provider on loopback (discovery, authorize, token with PKCE, JWKS) standing in
 * for Keycloak: it signs RS256 ID tokens with Keycloak's realm_access.roles claim. Setting `flaw`
 * makes it issue a token with another nonce, another audience or another issuer.
 */
async function startIssuer(user: { sub: string; preferred_username: string; roles: string[] }) {
  const state: { flaw: Flaw } = { flaw: 'none' };
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, { nonce: string; challenge: string; redirect: string }>();
  let issuer = '';
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/auth`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      });
    }
    if (url.pathname === '/jwks') return json(200, { keys: [jwk] });
    if (url.pathname === '/auth') {
      const code = randomBytes(16).toString('hex');
      const redirect = url.searchParams.get('redirect_uri') ?? '';
      codes.set(code, {
        nonce: url.searchParams.get('nonce') ?? '',
        challenge: url.searchParams.get('code_challenge') ?? '',
        redirect,
      });
      const target = new URL(redirect);
      target.searchParams.set('code', code);
      target.searchParams.set('state', url.searchParams.get('state') ?? '');
      res.writeHead(302, { location: target.href });
      return res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const form = new URLSearchParams(body);
      const entry = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      if (!entry || createHash('sha256').update(verifier).digest('base64url') !== entry.challenge)
        return json(400, { error: 'invalid_grant' });
      const idToken = await new SignJWT({
        nonce: state.flaw === 'nonce' ? randomBytes(16).toString('base64url') : entry.nonce,
        preferred_username: user.preferred_username,
        realm_access: { roles: user.roles },
      })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(state.flaw === 'issuer' ? `${issuer}/other-realm` : issuer)
        .setAudience(state.flaw === 'audience' ? 'another-client' : 'trust-server')
        .setSubject(user.sub)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
      return json(200, { access_token: 'opaque', token_type: 'Bearer', expires_in: 300, id_token: idToken });
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    state,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

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
    let idp: Awaited<ReturnType<typeof startIssuer>>;
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
