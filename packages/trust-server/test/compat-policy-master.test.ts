import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ROLES } from '../src/index.ts';
import { expectRefused, POL } from './capability-fixtures.ts';
import { FINGER_ONLY, publishPolicy } from './support/auth-fixture.ts';
import { STORES, startTestServer, type TestServer } from './support/server.ts';

/** MOSIP master's (1.2.2/1.3 portal) policy routes: active groups and one-way deactivation, with its codes. */
for (const store of STORES) {
  describe(`MOSIP master policy routes (${store})`, () => {
    let s: TestServer;
    let pm: string;

    before(
      async () => {
        s = await startTestServer({ store });
        pm = (await s.staff(ROLES.POLICYMANAGER)).token;
      },
      { timeout: 120_000 },
    );
    after(async () => s?.close(), { timeout: 60_000 });

    test('policy-groups lists active groups; a policy and then its group are deactivated for good', {
      timeout: 120_000,
    }, async () => {
      const name = await s.policyGroup(`master-${store}`);
      const group = await s.server.deps.db
        .selectFrom('policy_groups')
        .select('id')
        .where('name', '=', name)
        .executeTakeFirstOrThrow();
      const partner = await s.partner(ROLES.AUTH_PARTNER, { policyGroup: name });
      const groups = await s.call<{ id: string; name: string; description: string }[]>(
        'GET',
        `${POL}/policies/policy-groups`,
        { token: partner.token },
      );
      assert.equal(groups.status, 200, JSON.stringify(groups.body.errors));
      assert.deepEqual(
        groups.body.response.find((g) => g.id === group.id),
        { id: group.id, name, description: 'test group' },
      );

      const w = { s, pm, group: { id: group.id, name } };
      const used = await publishPolicy(w, 'used', FINGER_ONLY);
      const unused = await publishPolicy(w, 'unused', FINGER_ONLY);
      const deactivate = (path: string, status = 'De-Activate') =>
        s.call<Record<string, unknown>>('PATCH', `${POL}${path}`, { token: pm, request: { status } });
      await expectRefused(s, () => deactivate(`/policies/${unused}`, 'De-active'), 400, 'PMS_POL_073');
      await expectRefused(s, () => deactivate('/policies/no-such-policy'), 404, 'PMS_POL_065');
      const asked = await s.call('POST', `/v1/partnermanager/partners/${partner.partnerId}/policy/map`, {
        token: partner.token,
        request: { policyName: 'used', useCaseDescription: 'counter' },
      });
      assert.equal(asked.status, 200, JSON.stringify(asked.body.errors));
      await expectRefused(s, () => deactivate(`/policies/${used}`), 409, 'PMS_POL_064');
      const mappingkey = (asked.body.response as { mappingkey: string }).mappingkey;
      const approved = await s.call('PUT', `/v1/partnermanager/partners/policy/${mappingkey}`, {
        token: s.adminToken,
        request: { status: 'Approved' },
      });
      assert.equal(approved.status, 200, JSON.stringify(approved.body.errors));
      await expectRefused(s, () => deactivate(`/policies/${used}`), 409, 'PMS_POL_063');
      await expectRefused(s, () => deactivate(`/policies/group/${group.id}`), 409, 'PMS_POL_069');

      const off = await deactivate(`/policies/${unused}`);
      assert.equal(off.status, 200, JSON.stringify(off.body.errors));
      assert.deepEqual(off.body.response, {
        policyId: unused,
        policyName: 'unused',
        policyDescription: 'unused policy',
        policyGroupId: group.id,
        policyGroupName: name,
        status: 'deactivated',
        isActive: false,
      });
      await expectRefused(s, () => deactivate(`/policies/${unused}`), 409, 'PMS_POL_062');
      const draft = await s.call<{ id: string }>('POST', `${POL}/policies`, {
        token: pm,
        request: {
          policyGroupName: name,
          name: 'draft',
          desc: 'draft',
          version: '1.0',
          policyType: 'Auth',
          policies: FINGER_ONLY,
        },
      });
      await expectRefused(s, () => deactivate(`/policies/${draft.body.response.id}`), 409, 'PMS_POL_072');

      // A group with no live policies left (a fresh one) is deactivated, then refused again.
      const empty = await s.policyGroup(`master-empty-${store}`);
      const emptyId = (
        await s.server.deps.db
          .selectFrom('policy_groups')
          .select('id')
          .where('name', '=', empty)
          .executeTakeFirstOrThrow()
      ).id;
      const groupOff = await deactivate(`/policies/group/${emptyId}`);
      assert.equal(groupOff.status, 200, JSON.stringify(groupOff.body.errors));
      assert.deepEqual(
        [groupOff.body.response.status, groupOff.body.response.isActive],
        ['deactivated', false],
      );
      await expectRefused(s, () => deactivate(`/policies/group/${emptyId}`), 409, 'PMS_POL_067');
      await expectRefused(s, () => deactivate('/policies/group/no-such-group'), 404, 'PMS_POL_068');
      const after = await s.call<{ id: string }[]>('GET', `${POL}/policies/policy-groups`, { token: pm });
      assert.equal(
        after.body.response.some((g) => g.id === emptyId),
        false,
      );
    });
  });
}
