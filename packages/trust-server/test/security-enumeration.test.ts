import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { STORES, startTestServer, type TestServer } from './support/server.ts';

const LIMIT = 3;

for (const kind of STORES) {
  describe(`sign-up and e-mail verification cannot be used to enumerate accounts at will (${kind})`, {
    timeout: 300_000,
  }, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer({ store: kind, env: { MOSIP_TRUST_LOGIN_MAX_FAILURES: String(LIMIT) } });
    });
    after(async () => t?.close());

    const signup = (username: string) =>
      t.call('POST', '/v1/trust/accounts/signup', {
        request: { username, password: 'correct horse battery' },
      });

    test('successful sign-ups do not count; taken names and e-mail checks do, then 429', async () => {
      for (let i = 0; i < LIMIT + 1; i++) assert.equal((await signup(`fresh${i}`)).status, 200);
      for (let i = 0; i < LIMIT; i++) {
        const taken = await signup(`fresh${i}`);
        assert.deepEqual([taken.status, taken.body.errors[0]?.errorCode], [409, 'TS_USER_EXISTS']);
      }
      const probe = await signup('fresh0');
      assert.deepEqual([probe.status, probe.body.errors[0]?.errorCode], [429, 'KER-ATH-429']);
      const token = await t.login('fresh1', 'correct horse battery');
      const verify = await t.call('PUT', '/v1/partnermanager/partners/email/verify', {
        token,
        request: { emailId: 'someone@example.org' },
      });
      assert.equal(verify.status, 429);
    });
  });
}
