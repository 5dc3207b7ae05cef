import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ROLES } from '../src/index.ts';
import {
  type CallResult,
  diffSnapshots,
  STORES,
  startTestServer,
  type TestServer,
} from './support/server.ts';

const LIMIT = 6;

/** What an outsider sees of an answer: status, members and errors; the name it sent is put back as `NAME`. */
function seen(res: CallResult, username: string) {
  const text = JSON.stringify({ status: res.status, response: res.body.response, errors: res.body.errors });
  return JSON.parse(text.replaceAll(JSON.stringify(username).slice(1, -1), 'NAME'));
}

for (const kind of STORES) {
  describe(`sign-up and e-mail verification do not tell an outsider who exists (${kind})`, {
    timeout: 300_000,
  }, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer({ store: kind, env: { MOSIP_TRUST_LOGIN_MAX_FAILURES: String(LIMIT) } });
    });
    after(async () => t?.close());

    const signup = (username: string, password: string) =>
      t.call('POST', '/v1/trust/accounts/signup', { request: { username, password } });

    test('a taken user name answers exactly as a free one; the account is untouched and the attempt audited', async () => {
      const free = await signup('alice.enum', 'first horse battery');
      assert.equal(free.status, 200, JSON.stringify(free.body.errors));
      const before = await t.snapshot();
      // Probes 1 and 2 of the address: the name as given, and in other letter case.
      const taken = await signup('alice.enum', 'second horse battery');
      const otherCase = await signup('ALICE.ENUM', 'second horse battery');
      const fresh = await signup('bob.enum', 'third horse battery');
      assert.deepEqual(seen(taken, 'alice.enum'), seen(free, 'alice.enum'));
      assert.deepEqual(seen(otherCase, 'ALICE.ENUM'), seen(free, 'alice.enum'));
      assert.deepEqual(seen(fresh, 'bob.enum'), seen(free, 'alice.enum'));
      assert.deepEqual(Object.keys(taken.body.response as object).sort(), ['message', 'username']);
      // Only bob's account, the audit log and the probe counter changed; alice keeps her password.
      assert.deepEqual(diffSnapshots(before, await t.snapshot()), ['audit_log', 'failed_logins', 'users']);
      const users = await t.server.deps.db.selectFrom('users').select('username').execute();
      assert.equal(users.filter((u) => u.username.toLowerCase() === 'alice.enum').length, 1);
      await t.login('alice.enum', 'first horse battery');
      const wrong = await t.call('POST', '/v1/authmanager/authenticate/useridPwd', {
        request: { userName: 'alice.enum', password: 'second horse battery', appId: 'partner' },
      });
      assert.notEqual(wrong.status, 200);
      const audited = await t.server.deps.db
        .selectFrom('audit_log')
        .select(['actor', 'target'])
        .where('action', '=', 'user.signup.taken')
        .execute();
      assert.deepEqual(
        audited.map((a) => [a.actor, a.target]),
        [
          ['anonymous', 'user:alice.enum'],
          ['anonymous', 'user:ALICE.ENUM'],
        ],
      );
    });

    test('e-mail verification answers only a signed-in user about to register a partner', async () => {
      const anonymous = await t.call('PUT', '/v1/partnermanager/partners/email/verify', {
        request: { emailId: 'someone@example.org' },
      });
      assert.equal(anonymous.status, 401);
      // Probes 3 and 4: a partner's user (who has nothing to register) is refused, a user without one answered.
      const partner = await t.partner(ROLES.DEVICE_PROVIDER);
      const asPartner = await t.call('PUT', '/v1/partnermanager/partners/email/verify', {
        token: partner.token,
        request: { emailId: 'someone@example.org' },
      });
      assert.deepEqual(
        [asPartner.status, asPartner.body.errors[0]?.errorCode],
        [409, 'TS_PARTNER_USER_EXISTS'],
      );
      const token = await t.login('bob.enum', 'third horse battery');
      const asNewUser = await t.call<{ emailExists: boolean }>(
        'PUT',
        '/v1/partnermanager/partners/email/verify',
        {
          token,
          request: { emailId: 'someone@example.org' },
        },
      );
      assert.deepEqual([asNewUser.status, asNewUser.body.response.emailExists], [200, false]);
    });

    test('taken names and e-mail checks count against the address, free sign-ups do not; then 429 for any name', async () => {
      for (let i = 0; i < LIMIT + 1; i++)
        assert.equal((await signup(`fresh${i}`, 'correct horse battery')).status, 200);
      // Probes 5 and 6 reach the limit and still answer as a free name does.
      for (let i = 0; i < 2; i++) {
        const free = await signup(`new${i}`, 'correct horse battery');
        const taken = await signup(`fresh${i}`, 'another horse battery');
        assert.deepEqual(seen(taken, `fresh${i}`), seen(free, `new${i}`));
      }
      // Past the limit the address is refused, whether the name is taken or free.
      for (const name of ['fresh0', 'never.seen']) {
        const res = await signup(name, 'correct horse battery');
        assert.deepEqual([res.status, res.body.errors[0]?.errorCode], [429, 'KER-ATH-429'], name);
      }
      const token = await t.login('fresh1', 'correct horse battery');
      const verify = await t.call('PUT', '/v1/partnermanager/partners/email/verify', {
        token,
        request: { emailId: 'someone@example.org' },
      });
      assert.equal(verify.status, 429);
    });
  });
}
