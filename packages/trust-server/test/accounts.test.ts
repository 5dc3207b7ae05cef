import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { ROLES, STORES, startTestServer, type TestServer } from './support/server.ts';

const LOGIN = '/v1/authmanager/authenticate/useridPwd';
const CLIENT_LOGIN = '/v1/authmanager/authenticate/clientidsecretkey';

/**
 * POSTs an envelope from a chosen loopback source address (127.0.0.0/8 is all loopback on Linux), so one
 * test can act as several clients: the server sees each as a different `request.ip`.
 */
function postFrom(
  baseUrl: string,
  localAddress: string,
  path: string,
  request: unknown,
): Promise<{ status: number; code: string | undefined; retryAfter: string | undefined }> {
  const body = JSON.stringify({
    id: 'mosip.test',
    version: '1.0',
    requesttime: new Date().toISOString(),
    request,
  });
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      new URL(path, baseUrl),
      { method: 'POST', localAddress, headers: { 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () => {
          const parsed = JSON.parse(text) as { errors: { errorCode: string }[] };
          resolve({
            status: res.statusCode ?? 0,
            code: parsed.errors[0]?.errorCode,
            retryAfter: res.headers['retry-after'],
          });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

for (const kind of STORES) {
  describe(`accounts and audit (${kind})`, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer({ store: kind });
    });
    after(async () => t?.close());

    test('login issues a token in body, header and cookie; failures are audited; logout revokes', async () => {
      const ok = await t.call<{ token: string; status: string }>('POST', LOGIN, {
        request: { userName: t.adminUser, password: t.adminPassword },
      });
      assert.equal(ok.status, 200);
      assert.equal(ok.body.response.status, 'success');
      assert.match(ok.body.response.token, /^mtt_/);
      assert.equal(ok.headers.get('authorization'), ok.body.response.token);
      assert.match(ok.headers.get('set-cookie') ?? '', /^Authorization=mtt_[^;]+; Path=\/; HttpOnly/);
      const token = ok.body.response.token;
      // MOSIP clients send the token as a cookie or a bare header.
      const variants: Record<string, string>[] = [
        { cookie: `Authorization=${token}` },
        { authorization: token },
      ];
      for (const headers of variants) {
        const me = await t.call<{ name: string; roles: string[] }>('GET', '/v1/trust/auth/me', { headers });
        assert.equal(me.body.response.name, t.adminUser);
        assert.deepEqual(me.body.response.roles, ['PARTNER_ADMIN']);
      }

      const bad = await t.call('POST', LOGIN, {
        request: { userName: t.adminUser, password: 'wrong-password' },
      });
      assert.equal(bad.status, 401);
      assert.equal(bad.body.errors[0]?.errorCode, 'TS_LOGIN_FAILED');
      const unknown = await t.call('POST', LOGIN, {
        request: { userName: 'nobody-here', password: 'whatever-password' },
      });
      assert.equal(unknown.body.errors[0]?.errorCode, 'TS_LOGIN_FAILED');
      const failures = await t.call<{ target: string; details: { reason: string } }[]>(
        'GET',
        '/v1/trust/audit?action=auth.login.failed',
        { token },
      );
      assert.deepEqual(
        failures.body.response.map((e) => [e.target, e.details.reason]),
        [
          [`user:${t.adminUser}`, 'wrong password'],
          ['user:nobody-here', 'unknown user'],
        ],
      );

      const out = await t.call<{ revoked: boolean }>('POST', '/v1/trust/auth/logout', { token });
      assert.equal(out.body.response.revoked, true);
      const after = await t.call('GET', '/v1/trust/auth/me', { token });
      assert.equal(after.status, 401);
      assert.equal(after.body.errors[0]?.errorCode, 'KER-ATH-401');
    });

    test('expired tokens are refused; only hashes of tokens are stored', async () => {
      const token = await t.login(t.adminUser, t.adminPassword);
      const stored = await sql<{
        n: number;
      }>`select count(*)::int as n from auth_tokens where token_hash = ${token} or token_hash like 'mtt_%'`.execute(
        t.server.deps.db,
      );
      assert.equal(stored.rows[0]?.n, 0);
      await sql`update auth_tokens set expires_at = now() - interval '1 second'`.execute(t.server.deps.db);
      const res = await t.call('GET', '/v1/trust/auth/me', { token });
      assert.equal(res.status, 401);
      t.adminToken = await t.login(t.adminUser, t.adminPassword);
    });

    test('admin-created account: one-time password must be changed before anything else', async () => {
      const created = await t.call<{ user: { id: string }; oneTimePassword: string }>(
        'POST',
        '/v1/trust/users',
        {
          token: t.adminToken,
          request: { username: 'policy.boss', roles: [ROLES.POLICYMANAGER] },
        },
      );
      assert.equal(created.status, 200);
      const otp = created.body.response.oneTimePassword;
      assert.ok(otp.length >= 20);
      const token = await t.login('policy.boss', otp);
      const blocked = await t.call('GET', '/v1/partnermanager/partners/partnertypes', { token });
      assert.equal(blocked.status, 403);
      assert.equal(blocked.body.errors[0]?.errorCode, 'TS_PASSWORD_CHANGE_REQUIRED');
      const weak = await t.call('POST', '/v1/trust/auth/password', {
        token,
        request: { currentPassword: otp, newPassword: 'short' },
      });
      assert.equal(weak.body.errors[0]?.errorCode, 'TS_WEAK_PASSWORD');
      const changed = await t.call('POST', '/v1/trust/auth/password', {
        token,
        request: { currentPassword: otp, newPassword: 'a-much-better-password' },
      });
      assert.equal(changed.status, 200);
      const allowed = await t.call('GET', '/v1/partnermanager/partners/partnertypes', { token });
      assert.equal(allowed.status, 200);
      assert.equal(
        (await t.call('POST', LOGIN, { request: { userName: 'policy.boss', password: otp } })).status,
        401,
      );

      const disabled = await t.call<{ status: string }>(
        'PATCH',
        `/v1/trust/users/${created.body.response.user.id}`,
        {
          token: t.adminToken,
          request: { status: 'DISABLED' },
        },
      );
      assert.equal(disabled.body.response.status, 'DISABLED');
      assert.equal((await t.call('GET', '/v1/trust/auth/me', { token })).status, 401);
      assert.equal(
        (
          await t.call('POST', LOGIN, {
            request: { userName: 'policy.boss', password: 'a-much-better-password' },
          })
        ).status,
        401,
      );
    });

    test('machine credentials: a partner creates a client for its management server; it acts with the partner role', async () => {
      const provider = await t.partner(ROLES.DEVICE_PROVIDER);
      const made = await t.call<{ client: { clientId: string }; secretKey: string }>(
        'POST',
        '/v1/trust/clients',
        {
          token: provider.token,
          request: { name: 'management server' },
        },
      );
      assert.equal(made.status, 200);
      const { clientId } = made.body.response.client;
      const login = await t.call<{ token: string }>('POST', CLIENT_LOGIN, {
        request: { clientId, secretKey: made.body.response.secretKey, appId: 'partner' },
      });
      assert.equal(login.status, 200);
      const me = await t.call<{ kind: string; partnerId: string; roles: string[] }>(
        'GET',
        '/v1/trust/auth/me',
        { token: login.body.response.token },
      );
      assert.deepEqual(me.body.response, {
        ...me.body.response,
        kind: 'client',
        partnerId: provider.partnerId,
        roles: ['DEVICE_PROVIDER'],
      });
      const own = await t.call('GET', `/v1/partnermanager/partners/${provider.partnerId}`, {
        token: login.body.response.token,
      });
      assert.equal(own.status, 200);
      // A partner may not give its clients extra roles.
      const escalate = await t.call('POST', '/v1/trust/clients', {
        token: provider.token,
        request: { name: 'x', roles: ['PARTNER_ADMIN'] },
      });
      assert.equal(escalate.status, 403);
      const wrong = await t.call('POST', CLIENT_LOGIN, {
        request: { clientId, secretKey: 'not-the-secret' },
      });
      assert.equal(wrong.status, 401);
      const off = await t.call('DELETE', `/v1/trust/clients/${clientId}`, { token: provider.token });
      assert.equal(off.status, 200);
      assert.equal(
        (await t.call('GET', '/v1/trust/auth/me', { token: login.body.response.token })).status,
        401,
      );
    });

    test('revoking all tokens of a user', async () => {
      const p = await t.partner(ROLES.AUTH_PARTNER);
      const users = await t.call<{ id: string; username: string }[]>(
        'GET',
        `/v1/trust/partners/${p.partnerId}/users`,
        { token: p.token },
      );
      const me = users.body.response.find((u) => u.username === p.username);
      assert.ok(me);
      const res = await t.call<{ revoked: number }>('POST', `/v1/trust/users/${me.id}/revoke-tokens`, {
        token: t.adminToken,
      });
      assert.ok(res.body.response.revoked >= 1);
      assert.equal((await t.call('GET', '/v1/trust/auth/me', { token: p.token })).status, 401);
    });

    test('failed logins are limited per user name and per client address, counted in the store', async () => {
      const limit = t.config.loginMaxFailures;
      const user = await t.staff(ROLES.POLICYMANAGER);
      // Per user name: failures from one address lock the name out from every address, even with the right password.
      for (let i = 0; i < limit; i++) {
        const r = await postFrom(t.baseUrl, '127.0.0.2', LOGIN, {
          userName: user.username,
          password: `wrong-${i}`,
        });
        assert.equal(r.code, 'TS_LOGIN_FAILED');
      }
      const locked = await postFrom(t.baseUrl, '127.0.0.3', LOGIN, {
        userName: user.username.toUpperCase(),
        password: user.password,
      });
      assert.deepEqual([locked.status, locked.code], [429, 'KER-ATH-429']);
      assert.ok(
        Number(locked.retryAfter) > 0 && Number(locked.retryAfter) <= t.config.loginFailureWindowSeconds,
      );
      const other = await t.staff(ROLES.POLICYMANAGER);
      assert.equal(
        (
          await postFrom(t.baseUrl, '127.0.0.3', LOGIN, {
            userName: other.username,
            password: other.password,
          })
        ).status,
        200,
      );

      // Per address: failures for many names from one address lock that address out, not others.
      for (let i = 0; i < limit; i++) {
        const r = await postFrom(t.baseUrl, '127.0.0.4', LOGIN, { userName: `guess${i}`, password: 'x' });
        assert.equal(r.status, 401);
      }
      const fromBusy = await postFrom(t.baseUrl, '127.0.0.4', LOGIN, {
        userName: other.username,
        password: other.password,
      });
      assert.deepEqual([fromBusy.status, fromBusy.code], [429, 'KER-ATH-429']);
      const clientFromBusy = await postFrom(t.baseUrl, '127.0.0.4', CLIENT_LOGIN, {
        clientId: 'c1',
        secretKey: 'x',
      });
      assert.equal(clientFromBusy.code, 'KER-ATH-429');
      assert.equal(
        (
          await postFrom(t.baseUrl, '127.0.0.5', LOGIN, {
            userName: other.username,
            password: other.password,
          })
        ).status,
        200,
      );

      // The count lives in the store (what other instances recorded counts too), and ages out with the window.
      const db = t.server.deps.db;
      const now = new Date();
      await db
        .insertInto('failed_logins')
        .values(
          Array.from({ length: limit }, () => ({
            at: now,
            kind: 'client' as const,
            principal: 'elsewhere-client',
            address: '10.9.9.9',
          })),
        )
        .execute();
      const client = await postFrom(t.baseUrl, '127.0.0.6', CLIENT_LOGIN, {
        clientId: 'Elsewhere-Client',
        secretKey: 'x',
      });
      assert.equal(client.code, 'KER-ATH-429');
      const old = new Date(now.getTime() - (t.config.loginFailureWindowSeconds + 1) * 1000);
      await db.updateTable('failed_logins').set({ at: old }).execute();
      const lifted = await postFrom(t.baseUrl, '127.0.0.3', LOGIN, {
        userName: user.username,
        password: user.password,
      });
      assert.equal(lifted.status, 200);
      assert.equal(
        (
          await postFrom(t.baseUrl, '127.0.0.6', CLIENT_LOGIN, {
            clientId: 'elsewhere-client',
            secretKey: 'x',
          })
        ).code,
        'TS_CLIENT_AUTH_FAILED',
      );
      // A refused (429) attempt was not counted, and every failure was audited with its address.
      const audited = await t.server.deps.audit.query(db, { action: 'auth.login.failed', limit: 1000 });
      assert.equal(audited.filter((e) => e.target === `user:${user.username}`).length, limit);
      assert.ok(audited.filter((e) => e.details.address === '127.0.0.4').length === limit);
    });

    test('the audit chain verifies, and any edit, deletion or reordering is detected', async () => {
      const ok = await t.call<{ ok: boolean; entries: number }>('GET', '/v1/trust/audit/verify', {
        token: t.adminToken,
      });
      assert.equal(ok.body.response.ok, true);
      assert.ok(ok.body.response.entries > 10);
      const db = t.server.deps.db;
      await sql`update audit_log set details = '{"reason":"edited"}' where seq = 3`.execute(db);
      const edited = await t.call<{ ok: boolean; brokenAt: number; reason: string }>(
        'GET',
        '/v1/trust/audit/verify',
        { token: t.adminToken },
      );
      assert.deepEqual([edited.body.response.ok, edited.body.response.brokenAt], [false, 3]);
      assert.match(edited.body.response.reason, /content/);
      // Recomputing the edited entry's own hash with plain SHA-256 does not help: the chain is keyed
      // (docs/trust-server.md), so the entry itself still fails, and so would the next entry's link.
      const row = (await t.server.deps.audit.query(db, { fromSeq: 3, limit: 1 }))[0];
      assert.ok(row);
      const { entryHash } = await import('../src/audit/log.ts');
      await sql`update audit_log set hash = ${entryHash(row.prevHash, row)} where seq = 3`.execute(db);
      const relinked = await t.call<{ ok: boolean; brokenAt: number }>('GET', '/v1/trust/audit/verify', {
        token: t.adminToken,
      });
      assert.deepEqual([relinked.body.response.ok, relinked.body.response.brokenAt], [false, 3]);
      await sql`delete from audit_log where seq = 6`.execute(db);
      const deleted = await t.server.deps.audit.verify(db);
      assert.equal(deleted.ok, false);
    });
  });
}
