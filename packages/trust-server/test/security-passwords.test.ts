import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ROLES, STORES, startTestServer, type TestServer } from './support/server.ts';

const SIGNUP = '/v1/trust/accounts/signup';

for (const kind of STORES) {
  describe(`passwords and sessions (${kind})`, { timeout: 300_000 }, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer({ store: kind });
    });
    after(async () => t?.close());

    test('trivial passwords are refused at sign-up (identical characters, runs, the user name)', async () => {
      const cases: [string, string][] = [
        ['identical.chars', 'aaaaaaaaaaaa'],
        ['short.pattern', 'abcabcabcabcabc'],
        ['run.of.digits', '123456789012'],
        ['longusername12', 'longusername12'],
        ['name.plus.digits', 'Name.Plus.Digits1'],
        ['common.one', 'Password12345'],
      ];
      for (const [username, password] of cases) {
        const res = await t.call('POST', SIGNUP, { request: { username, password } });
        assert.deepEqual([res.status, res.body.errors[0]?.errorCode], [400, 'TS_WEAK_PASSWORD'], username);
      }
      const good = await t.call('POST', SIGNUP, {
        request: { username: 'good.one', password: 'correct horse battery' },
      });
      assert.equal(good.status, 200);
    });

    test('a one-time password cannot be "changed" to itself', async () => {
      const created = await t.call<{ oneTimePassword: string; user: { username: string } }>(
        'POST',
        '/v1/trust/users',
        { token: t.adminToken, request: { username: 'otp.user', roles: ['POLICYMANAGER'] } },
      );
      assert.equal(created.status, 200);
      const otp = created.body.response.oneTimePassword;
      const token = await t.login('otp.user', otp);
      const same = await t.call('POST', '/v1/trust/auth/password', {
        token,
        request: { currentPassword: otp, newPassword: otp },
      });
      assert.deepEqual([same.status, same.body.errors[0]?.errorCode], [400, 'TS_WEAK_PASSWORD']);
      assert.equal(
        (await t.call('GET', '/v1/trust/users', { token })).body.errors[0]?.errorCode,
        'TS_PASSWORD_CHANGE_REQUIRED',
      );
    });

    test("a password change revokes the user's other tokens; an admin reset revokes all", async () => {
      const user = await t.staff(ROLES.POLICYMANAGER);
      const other = await t.login(user.username, user.password);
      const next = 'a brand new passphrase';
      const changed = await t.call('POST', '/v1/trust/auth/password', {
        token: user.token,
        request: { currentPassword: user.password, newPassword: next },
      });
      assert.equal(changed.status, 200);
      assert.equal((await t.call('GET', '/v1/trust/auth/me', { token: other })).status, 401);
      assert.equal((await t.call('GET', '/v1/trust/auth/me', { token: user.token })).status, 200);

      const me = await t.call<{ id: string }>('GET', '/v1/trust/auth/me', { token: user.token });
      const reset = await t.call<{ oneTimePassword: string; revoked: number }>(
        'POST',
        `/v1/trust/users/${me.body.response.id}/password-reset`,
        { token: t.adminToken },
      );
      assert.equal(reset.status, 200);
      assert.ok(reset.body.response.revoked >= 1);
      assert.equal((await t.call('GET', '/v1/trust/auth/me', { token: user.token })).status, 401);
      const fresh = await t.login(user.username, reset.body.response.oneTimePassword);
      const after = await t.call<{ mustChangePassword: boolean }>('GET', '/v1/trust/auth/me', {
        token: fresh,
      });
      assert.equal(after.body.response.mustChangePassword, true);
      const audited = await t.server.deps.audit.query(t.server.deps.db, { action: 'auth.password.reset' });
      assert.equal(audited.length, 1);
    });
  });
}
