import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PER_ADDRESS } from '../src/http/refusal-auditor.ts';
import { ROLES, STORES, startTestServer, type TestServer } from './support/server.ts';

for (const kind of STORES) {
  describe(`security refusals are audited (${kind})`, { timeout: 300_000 }, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer({ store: kind });
    });
    after(async () => t?.close());

    const refusals = () =>
      t.server.deps.audit.query(t.server.deps.db, { action: 'security.refused', limit: 1000 });

    test('a cross-partner read, a partner on an admin route and a forged token each leave an entry', async () => {
      const a = await t.partner(ROLES.AUTH_PARTNER);
      const b = await t.partner(ROLES.AUTH_PARTNER);
      const cross = await t.call('GET', `/v1/partnermanager/partners/${b.partnerId}`, { token: a.token });
      assert.equal(cross.status, 403);
      const admin = await t.call('GET', '/v1/trust/users', { token: a.token });
      assert.equal(admin.status, 403);
      const forged = await t.call('GET', '/v1/trust/auth/me', { token: 'mtt_forged-token-value' });
      assert.equal(forged.status, 401);
      const entries = await refusals();
      const find = (code: string) => entries.find((e) => e.details.code === code);
      assert.deepEqual(
        [find('PMS_PRT_055')?.actor, find('PMS_PRT_055')?.details.partnerId, find('PMS_PRT_055')?.target],
        [a.username, b.partnerId, 'GET /v1/partnermanager/partners/:partnerId'],
      );
      assert.equal(find('KER_ATH_403')?.target, 'GET /v1/trust/users');
      assert.equal(find('KER_ATH_401')?.actor, 'anonymous');
      // No token at all is not an attempt and is not audited.
      const before = (await refusals()).length;
      assert.equal((await t.call('GET', '/v1/trust/auth/me')).status, 401);
      assert.equal((await refusals()).length, before);
    });

    test('a flood of refusals from one address is capped, with one note that more were suppressed', async () => {
      const before = (await refusals()).filter((e) => e.details.address === '127.0.0.1').length;
      for (let i = 0; i < PER_ADDRESS * 3; i++)
        assert.equal((await t.call('GET', '/v1/trust/auth/me', { token: `mtt_flood${i}` })).status, 401);
      const after = (await refusals()).filter((e) => e.details.address === '127.0.0.1').length;
      assert.ok(after - before <= PER_ADDRESS, `${after - before} entries`);
      const suppressed = await t.server.deps.audit.query(t.server.deps.db, {
        action: 'security.refused.suppressed',
      });
      assert.equal(suppressed.length, 1);
    });
  });
}
