import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ROLES } from '../src/index.ts';
import { codeOf, expectRefused, PM, POL } from './capability-fixtures.ts';
import { STORES, startTestServer, type TestPartner, type TestServer } from './support/server.ts';

/** MOSIP 1.2 partner routes the portal calls besides the core: v2, contacts, roles, policy config, literals. */
for (const store of STORES) {
  describe(`MOSIP partner routes (${store})`, () => {
    let s: TestServer;
    let partner: TestPartner;
    let pending: TestPartner;

    before(
      async () => {
        s = await startTestServer({ store });
        partner = await s.partner(ROLES.DEVICE_PROVIDER);
        pending = await s.partner(ROLES.FTM_PROVIDER, { approve: false });
      },
      { timeout: 120_000 },
    );
    after(async () => s?.close(), { timeout: 60_000 });

    test('contact/add: added, then updated; a new contact needs an active partner', {
      timeout: 60_000,
    }, async () => {
      const add = (p: TestPartner, emailId: string, address = '2 Contact Road') =>
        s.call<string>('POST', `${PM}/partners/${p.partnerId}/contact/add`, {
          token: p.token,
          request: { address, contactNumber: '9876543210', emailId, is_Active: true },
        });
      const first = await add(partner, 'ops@example.org');
      assert.equal(first.status, 200, JSON.stringify(first.body.errors));
      assert.equal(first.body.response, 'Contacts details added successfully.');
      const again = await add(partner, 'OPS@example.org', '3 Contact Road');
      assert.equal(again.body.response, 'Contacts details updated successfully.');
      const rows = await s.server.deps.db
        .selectFrom('partner_contacts')
        .select(['address'])
        .where('partner_id', '=', partner.partnerId)
        .execute();
      assert.deepEqual(rows, [{ address: '3 Contact Road' }]);
      // An inactive partner's writes are refused at the edge (docs/pms-compatibility.md; MOSIP: PMS_PMP_016).
      await expectRefused(s, () => add(pending, 'new@example.org'), 403, 'TS_PARTNER_INACTIVE');
      await expectRefused(s, () => add(partner, 'not-an-email'), 400, 'PMS_PRT_012');
    });

    test('partners/v2: register with additionalInfo, list it, update the profile', {
      timeout: 60_000,
    }, async () => {
      const id = `v2-${Date.now().toString(36)}`;
      const reg = await s.call<{ partnerId: string; status: string }>('POST', `${PM}/partners/v2`, {
        token: s.adminToken,
        request: {
          partnerId: id,
          organizationName: `Org ${id}`,
          address: '1 V2 Street',
          contactNumber: '9876543210',
          emailId: `${id}@example.org`,
          partnerType: 'SDK_Partner',
          policyGroup: '',
          logoUrl: 'https://example.org/logo.png',
          additionalInfo: [{ sdk: 'face' }],
        },
      });
      assert.equal(reg.status, 200, JSON.stringify(reg.body.errors));
      assert.deepEqual(reg.body.response, { partnerId: id, status: 'InProgress' });
      const list = await s.call<{ partners: Record<string, unknown>[] }>(
        'GET',
        `${PM}/partners/v2?partnerType=SDK_Partner`,
        { token: s.adminToken },
      );
      const mine = list.body.response.partners.find((p) => p.partnerID === id);
      assert.equal(mine?.logoUrl, 'https://example.org/logo.png');
      assert.deepEqual(mine?.additionalInfo, [{ sdk: 'face' }]);
      assert.equal(mine?.status, 'De-active');
      const put = await s.call<{ partnerId: string; status: string }>('PUT', `${PM}/partners/v2/${id}`, {
        token: s.adminToken,
        request: { address: '9 New Street', contactNumber: '1234567890', additionalInfo: { v: 2 } },
      });
      assert.deepEqual(put.body.response, { partnerId: id, status: 'InProgress' });
    });

    test('roles, policy configuration by key', {
      timeout: 60_000,
    }, async () => {
      const roles = await s.call<string[]>('GET', `${PM}/roles`, { token: partner.token });
      assert.ok(roles.body.response.includes('PARTNER_ADMIN'));
      assert.ok(roles.body.response.includes('ONLINE_VERIFICATION_PARTNER'));
      const cfg = await s.call<{ key: string; value: unknown }>(
        'GET',
        `${POL}/policies/config/policy.auth.allowed.token.types`,
        { token: s.adminToken },
      );
      assert.deepEqual(cfg.body.response, {
        key: 'policy.auth.allowed.token.types',
        value: 'random,partner,policy',
      });
      const secret = await s.call('GET', `${POL}/policies/config/spring.datasource.password`, {
        token: s.adminToken,
      });
      assert.deepEqual([secret.status, codeOf(secret)], [404, 'TS_NOT_FOUND']);
    });
  });
}
