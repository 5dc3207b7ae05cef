import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { ROLES, STORES, startTestServer, type TestServer } from './support/server.ts';

const LOGIN = '/v1/authmanager/authenticate/useridPwd';
const LIMIT = 3;

/** A login POST from a chosen loopback source address, optionally with an X-Forwarded-For header. */
function loginFrom(
  baseUrl: string,
  localAddress: string,
  userName: string,
  password: string,
  forwardedFor?: string,
): Promise<{ status: number; code: string | undefined }> {
  const body = JSON.stringify({
    id: 'x',
    version: '1.0',
    requesttime: new Date().toISOString(),
    request: { userName, password },
  });
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      new URL(LOGIN, baseUrl),
      {
        method: 'POST',
        localAddress,
        headers: {
          'content-type': 'application/json',
          ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            code: (JSON.parse(text) as { errors: { errorCode: string }[] }).errors[0]?.errorCode,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

for (const kind of STORES) {
  describe(`login throttling (${kind})`, { timeout: 300_000 }, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer({
        store: kind,
        env: { MOSIP_TRUST_LOGIN_MAX_FAILURES: String(LIMIT), MOSIP_TRUST_TRUSTED_PROXIES: '127.0.0.1' },
      });
    });
    after(async () => t?.close());

    test('failures aimed at one account never stop another account from the same address', async () => {
      const target = await t.staff(ROLES.POLICYMANAGER);
      const bystander = await t.staff(ROLES.POLICYMANAGER);
      for (let i = 0; i < LIMIT; i++)
        assert.equal((await loginFrom(t.baseUrl, '127.0.0.21', target.username, `wrong-${i}`)).status, 401);
      assert.equal((await loginFrom(t.baseUrl, '127.0.0.21', target.username, target.password)).status, 429);
      assert.equal(
        (await loginFrom(t.baseUrl, '127.0.0.21', bystander.username, bystander.password)).status,
        200,
      );
      // Spraying many accounts from one address still locks that address.
      for (let i = 0; i < LIMIT; i++)
        assert.equal((await loginFrom(t.baseUrl, '127.0.0.22', `spray${i}`, 'x')).status, 401);
      assert.equal(
        (await loginFrom(t.baseUrl, '127.0.0.22', bystander.username, bystander.password)).status,
        429,
      );
    });

    test('concurrent wrong guesses are counted while in flight and cannot pass the limit', async () => {
      const victim = await t.staff(ROLES.POLICYMANAGER);
      const results = await Promise.all(
        Array.from({ length: LIMIT * 4 }, (_, i) =>
          loginFrom(t.baseUrl, `127.0.1.${i + 1}`, victim.username, `guess-${i}`),
        ),
      );
      const checked = results.filter((r) => r.code === 'TS_LOGIN_FAILED').length;
      const refused = results.filter((r) => r.code === 'KER-ATH-429').length;
      assert.equal(checked, LIMIT);
      assert.equal(refused, LIMIT * 3);
      const audited = await t.server.deps.audit.query(t.server.deps.db, {
        action: 'auth.login.failed',
        target: `user:${victim.username}`,
      });
      assert.equal(audited.length, LIMIT);
    });

    test('X-Forwarded-For is believed from a trusted proxy only', async () => {
      const user = await t.staff(ROLES.POLICYMANAGER);
      // Behind the trusted proxy (127.0.0.1): one client sprays, another client behind the same proxy is not locked.
      for (let i = 0; i < LIMIT; i++)
        assert.equal((await loginFrom(t.baseUrl, '127.0.0.1', `proxied${i}`, 'x', '10.1.1.1')).status, 401);
      assert.equal(
        (await loginFrom(t.baseUrl, '127.0.0.1', user.username, user.password, '10.1.1.1')).status,
        429,
      );
      assert.equal(
        (await loginFrom(t.baseUrl, '127.0.0.1', user.username, user.password, '10.1.1.2')).status,
        200,
      );
      // From an address that is not a trusted proxy the header is ignored: the failure is recorded at the peer.
      assert.equal((await loginFrom(t.baseUrl, '127.0.0.33', 'nobody-here', 'x', '10.9.9.9')).status, 401);
      const [entry] = await t.server.deps.audit.query(t.server.deps.db, {
        action: 'auth.login.failed',
        target: 'user:nobody-here',
      });
      assert.equal(entry?.details.address, '127.0.0.33');
    });
  });
}
