import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { diffSnapshots, ROLES, STORES, startTestServer, type TestServer } from './support/server.ts';

for (const kind of STORES) {
  describe(`partners (${kind})`, () => {
    let t: TestServer;
    before(
      async () => {
        t = await startTestServer({ store: kind });
      },
      { timeout: 300_000 },
    );
    after(async () => t?.close(), { timeout: 60_000 });

    test('self-registration, approval, profile, deactivation', { timeout: 300_000 }, async () => {
      const p = await t.partner(ROLES.DEVICE_PROVIDER, { approve: false });
      const view = await t.call<{ approvalStatus: string; isActive: boolean; partnerType: string }>(
        'GET',
        `/v1/partnermanager/partners/${p.partnerId}`,
        { token: p.token },
      );
      assert.equal(view.status, 200);
      assert.equal(view.body.response.approvalStatus, 'InProgress');
      assert.equal(view.body.response.isActive, false);
      assert.equal(view.body.response.partnerType, 'Device_Provider');
      assert.deepEqual(view.body.errors, []);

      const approved = await t.call<{ approvalStatus: string; isActive: boolean }>(
        'POST',
        `/v1/partnermanager/partners/${p.partnerId}/approve`,
        { token: t.adminToken },
      );
      assert.equal(approved.status, 200);
      assert.equal(approved.body.response.approvalStatus, 'approved');
      assert.equal(approved.body.response.isActive, true);

      const again = await t.call('POST', `/v1/partnermanager/partners/${p.partnerId}/approve`, {
        token: t.adminToken,
      });
      assert.equal(again.status, 409);
      assert.equal(again.body.errors[0]?.errorCode, 'TS_PARTNER_NOT_PENDING');

      const upd = await t.call<{ partnerId: string; status: string }>(
        'PUT',
        `/v1/partnermanager/partners/${p.partnerId}`,
        {
          token: p.token,
          request: { address: '2 New Road', contactNumber: '+9100000' },
        },
      );
      assert.equal(upd.status, 200);
      assert.deepEqual(upd.body.response, { partnerId: p.partnerId, status: 'approved' });

      const off = await t.call<{ message: string }>('PATCH', `/v1/partnermanager/partners/${p.partnerId}`, {
        token: t.adminToken,
        request: { status: 'De-active' },
      });
      assert.equal(off.body.response.message, 'Partner de-activated successfully');
      const after1 = await t.call<{ isActive: boolean; address: string }>(
        'GET',
        `/v1/partnermanager/partners/${p.partnerId}`,
        { token: t.adminToken },
      );
      assert.equal(after1.body.response.isActive, false);
      assert.equal(after1.body.response.address, '2 New Road');

      const audit = await t.call<{ action: string }[]>(
        'GET',
        `/v1/trust/audit?target=partner:${p.partnerId}`,
        { token: t.adminToken },
      );
      assert.deepEqual(
        audit.body.response.map((e) => e.action),
        ['partner.register', 'partner.approve', 'partner.update', 'partner.deactivate'],
      );
    });

    test('rejection with a reason; a rejected partner cannot be activated', {
      timeout: 300_000,
    }, async () => {
      const p = await t.partner(ROLES.FTM_PROVIDER, { approve: false });
      const rej = await t.call<{ approvalStatus: string; rejectionReason: string }>(
        'POST',
        `/v1/partnermanager/partners/${p.partnerId}/reject`,
        {
          token: t.adminToken,
          request: { reason: 'incomplete documents' },
        },
      );
      assert.equal(rej.status, 200);
      assert.equal(rej.body.response.approvalStatus, 'rejected');
      assert.equal(rej.body.response.rejectionReason, 'incomplete documents');
      const act = await t.call('PATCH', `/v1/partnermanager/partners/${p.partnerId}`, {
        token: t.adminToken,
        request: { status: 'Active' },
      });
      assert.equal(act.status, 409);
      assert.equal(act.body.errors[0]?.errorCode, 'TS_PARTNER_NOT_APPROVED');
    });

    test('concurrent approvals of the same partner: exactly one wins', { timeout: 300_000 }, async () => {
      const p = await t.partner(ROLES.MISP_PARTNER, { approve: false });
      const before = await t.count('audit_log');
      const results = await Promise.all(
        Array.from({ length: 8 }, () =>
          t.call('POST', `/v1/partnermanager/partners/${p.partnerId}/approve`, { token: t.adminToken }),
        ),
      );
      assert.deepEqual(results.map((r) => r.status).sort(), [200, 409, 409, 409, 409, 409, 409, 409]);
      assert.equal(await t.count('audit_log'), before + 1);
    });

    test('MOSIP registration rules', { timeout: 300_000 }, async () => {
      const owner = await t.partner(ROLES.AUTH_PARTNER);
      const noGroup = await t.call('POST', '/v1/trust/accounts/signup', {
        request: { username: `ng${owner.partnerId}`, password: 'a-long-password-1' },
      });
      assert.equal(noGroup.status, 200);
      const token = await t.login(`ng${owner.partnerId}`, 'a-long-password-1');
      const base = {
        partnerId: `X${owner.partnerId}`,
        organizationName: 'X',
        address: 'a',
        contactNumber: '123',
        emailId: `x${owner.partnerId}@example.org`,
      };
      const cases: [Record<string, unknown>, number, string][] = [
        [{ ...base, partnerType: 'Auth_Partner' }, 400, 'PMS_PRT_108'],
        [{ ...base, partnerType: 'Nope' }, 400, 'PMS_PRT_010'],
        [{ ...base, partnerType: 'Device_Provider', emailId: 'not-an-email' }, 400, 'PMS_PRT_012'],
        [{ ...base, partnerType: 'Device_Provider', partnerId: 'has space' }, 400, 'PMS_PRT_066'],
        [{ ...base, partnerType: 'Device_Provider', partnerId: owner.partnerId }, 409, 'PMS_PRT_051'],
        [{ ...base, partnerType: 'Auth_Partner', policyGroup: 'no-such-group' }, 404, 'PMS_PRT_002'],
      ];
      for (const [request, status, code] of cases) {
        const res = await t.call('POST', '/v1/partnermanager/partners', { token, request });
        assert.deepEqual(
          [res.status, res.body.errors[0]?.errorCode],
          [status, code],
          JSON.stringify(request),
        );
      }
      const dupMail = await t.call('PUT', '/v1/partnermanager/partners/email/verify', {
        token,
        request: { emailId: `${owner.partnerId.toLowerCase()}@example.org` },
      });
      assert.equal((dupMail.body.response as { emailExists: boolean }).emailExists, true);
    });

    test('a partner cannot read or change another partner', { timeout: 300_000 }, async () => {
      const a = await t.partner(ROLES.CREDENTIAL_PARTNER);
      const b = await t.partner(ROLES.CREDENTIAL_PARTNER);
      const read = await t.call('GET', `/v1/partnermanager/partners/${a.partnerId}`, { token: b.token });
      assert.equal(read.status, 403);
      assert.equal(read.body.errors[0]?.errorCode, 'PMS_PRT_055');
      const before = await t.snapshot();
      const write = await t.call('PUT', `/v1/partnermanager/partners/${a.partnerId}`, {
        token: b.token,
        request: { address: 'hijack', contactNumber: '1' },
      });
      assert.deepEqual([write.status, write.body.errors[0]?.errorCode], [403, 'PMS_PRT_055']);
      assert.deepEqual(
        diffSnapshots(before, await t.snapshot()),
        [],
        "another partner's PUT changed the store",
      );
      const search = await t.call<{ data: { partnerID: string }[] }>(
        'POST',
        '/v1/partnermanager/partners/search',
        {
          token: b.token,
          request: { partnerType: 'all', filters: [], sort: [], pagination: { pageStart: 0, pageFetch: 50 } },
        },
      );
      assert.deepEqual(
        search.body.response.data.map((d) => d.partnerID),
        [b.partnerId],
      );
      const adminSearch = await t.call<{ totalRecord: number }>(
        'POST',
        '/v1/partnermanager/partners/search',
        {
          token: t.adminToken,
          request: {
            partnerType: 'Credential_Partner',
            filters: [{ columnName: 'id', type: 'in', values: [a.partnerId, b.partnerId] }],
            sort: [{ sortField: 'id', sortType: 'asc' }],
            pagination: { pageStart: 0, pageFetch: 1 },
          },
        },
      );
      assert.equal(adminSearch.body.response.totalRecord, 2);
    });
  });
}
