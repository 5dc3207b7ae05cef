import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PM } from './capability-fixtures.ts';
import { ROLES, STORES, startTestServer, type TestServer } from './support/server.ts';

for (const kind of STORES) {
  describe(`inactive partners only read their own records (${kind})`, { timeout: 300_000 }, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer({ store: kind });
    });
    after(async () => t?.close());

    test('a partner awaiting approval cannot create credentials, add users or change its policy group', async () => {
      const pending = await t.partner(ROLES.AUTH_PARTNER, { approve: false });
      const group = await t.policyGroup();
      const before = await t.snapshot();
      const refused = [
        await t.call('POST', '/v1/trust/clients', { token: pending.token, request: { name: 'sneaky' } }),
        await t.call('POST', `/v1/trust/partners/${pending.partnerId}/users`, {
          token: pending.token,
          request: { username: 'pending.helper' },
        }),
        await t.call('PUT', `/v1/partnermanager/partners/${pending.partnerId}/policygroup/${group}`, {
          token: pending.token,
        }),
      ];
      for (const r of refused)
        assert.deepEqual([r.status, r.body.errors[0]?.errorCode], [403, 'TS_PARTNER_INACTIVE']);
      assert.deepEqual(await t.snapshot(), before);
      const own = await t.call('GET', `/v1/partnermanager/partners/${pending.partnerId}`, {
        token: pending.token,
      });
      assert.equal(own.status, 200);
      assert.equal((await t.call('GET', '/v1/trust/auth/me', { token: pending.token })).status, 200);
    });

    test('a deactivated partner cannot act, its machine clients neither; reactivated it can', async () => {
      const provider = await t.partner(ROLES.DEVICE_PROVIDER);
      const client = await t.call<{ client: { clientId: string }; secretKey: string }>(
        'POST',
        '/v1/trust/clients',
        {
          token: provider.token,
          request: { name: 'management server' },
        },
      );
      assert.equal(client.status, 200);
      const device = await t.call<{ id: string }>('POST', `${PM}/devicedetail`, {
        token: provider.token,
        request: {
          deviceProviderId: provider.partnerId,
          deviceTypeCode: 'Finger',
          deviceSubTypeCode: 'Slap',
          make: 'Acme',
          model: 'F1',
          partnerOrganizationName: 'Acme',
        },
      });
      assert.equal(device.status, 200, JSON.stringify(device.body.errors));
      const clientLogin = await t.call<{ token: string }>(
        'POST',
        '/v1/authmanager/authenticate/clientidsecretkey',
        {
          request: {
            clientId: client.body.response.client.clientId,
            secretKey: client.body.response.secretKey,
            appId: 'x',
          },
        },
      );
      const machine = clientLogin.body.response.token;
      const setActive = (status: string) =>
        t.call('PATCH', `/v1/partnermanager/partners/${provider.partnerId}`, {
          token: t.adminToken,
          request: { status },
        });
      assert.equal((await setActive('De-active')).status, 200);
      const edit = {
        id: device.body.response.id,
        deviceTypeCode: 'Finger',
        deviceSubTypeCode: 'Slap',
        make: 'Acme',
        model: 'F2',
      };
      for (const token of [provider.token, machine]) {
        const r = await t.call('PUT', `${PM}/devicedetail`, { token, request: edit });
        assert.deepEqual([r.status, r.body.errors[0]?.errorCode], [403, 'TS_PARTNER_INACTIVE']);
      }
      const more = await t.call('POST', '/v1/trust/clients', {
        token: provider.token,
        request: { name: 'another' },
      });
      assert.equal(more.status, 403);
      assert.equal((await t.call('GET', '/v1/trust/clients', { token: provider.token })).status, 200);
      assert.equal((await setActive('Active')).status, 200);
      const again = await t.call('POST', '/v1/trust/clients', {
        token: provider.token,
        request: { name: 'another' },
      });
      assert.equal(again.status, 200);
    });
  });
}
