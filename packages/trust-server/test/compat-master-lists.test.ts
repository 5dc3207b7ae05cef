import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ROLES } from '../src/index.ts';
import { expectRefused, orgOf, PM, POL } from './capability-fixtures.ts';
import { approvedKey, FINGER_ONLY, publishPolicy } from './support/auth-fixture.ts';
import { STORES, startTestServer, type TestPartner, type TestServer } from './support/server.ts';

type Row = Record<string, unknown>;
type Page = { pageNo: number; pageSize: number; totalResults: number; data: Row[] };

/** MOSIP master's (1.2.2/1.3 portal) paged lists of policy requests, API keys and policies. */
for (const store of STORES) {
  describe(`MOSIP master paged lists (${store})`, () => {
    let s: TestServer;
    let pm: string;
    let group: { id: string; name: string; description: string };
    let policyId: string;
    let a: TestPartner;
    let b: TestPartner;
    const list = (path: string, token: string) => s.call<Page>('GET', path, { token });

    before(
      async () => {
        s = await startTestServer({ store });
        pm = (await s.staff(ROLES.POLICYMANAGER)).token;
        const name = await s.policyGroup(`lists-${store}`);
        group = await s.server.deps.db
          .selectFrom('policy_groups')
          .select(['id', 'name', 'description'])
          .where('name', '=', name)
          .executeTakeFirstOrThrow();
        policyId = await publishPolicy({ s, pm, group }, 'counter', FINGER_ONLY);
        a = await s.partner(ROLES.AUTH_PARTNER, { policyGroup: name });
        b = await s.partner(ROLES.AUTH_PARTNER, { policyGroup: name });
        await approvedKey({ s, partner: a }, 'counter', 'a-key');
        const asked = await s.call('POST', `${PM}/partners/${b.partnerId}/policy/map`, {
          token: b.token,
          request: { policyName: 'counter', useCaseDescription: 'b at the counter' },
        });
        assert.equal(asked.status, 200, JSON.stringify(asked.body.errors));
      },
      { timeout: 180_000 },
    );
    after(async () => s?.close(), { timeout: 60_000 });

    const policyMembers = () => ({
      policyId,
      policyName: 'counter',
      policyDescription: 'counter policy',
      policyGroupId: group.id,
      policyGroupName: group.name,
      policyGroupDescription: group.description,
    });

    test('GET /partner-policy-requests: a partner sees its own, the admin filters all', {
      timeout: 60_000,
    }, async () => {
      const mine = await list(`${PM}/partner-policy-requests`, a.token);
      assert.equal(mine.status, 200, JSON.stringify(mine.body.errors));
      assert.equal(mine.body.response.totalResults, 1);
      const row = mine.body.response.data[0] as Row;
      assert.deepEqual(
        {
          ...row,
          id: typeof row.id,
          createdDateTime: typeof row.createdDateTime,
          updatedDateTime: typeof row.updatedDateTime,
        },
        {
          id: 'string',
          partnerId: a.partnerId,
          partnerStatus: 'activated',
          orgName: orgOf(a.partnerId),
          partnerType: 'Auth_Partner',
          ...policyMembers(),
          partnerComment: 'authenticate customers at the counter',
          status: 'approved',
          createdDateTime: 'string',
          updatedDateTime: 'string',
        },
      );
      const theirs = await list(`${PM}/partner-policy-requests`, b.token);
      assert.deepEqual(
        theirs.body.response.data.map((r) => [r.partnerId, r.status, r.partnerComment, r.updatedDateTime]),
        [[b.partnerId, 'InProgress', 'b at the counter', null]],
      );
      const pending = await list(
        `${PM}/partner-policy-requests?status=InProgress&policyGroupName=${group.name}`,
        s.adminToken,
      );
      assert.deepEqual(
        pending.body.response.data.map((r) => r.partnerId),
        [b.partnerId],
      );
      const both = await list(
        `${PM}/partner-policy-requests?policyId=${policyId}&sortFieldName=partnerId&sortType=asc`,
        s.adminToken,
      );
      assert.deepEqual(
        both.body.response.data.map((r) => r.partnerId),
        [a.partnerId, b.partnerId].sort(),
      );
      await expectRefused(
        s,
        () => list(`${PM}/partner-policy-requests?pageSize=2`, a.token),
        400,
        'PMS_PS_ERROR_006',
      );
      await expectRefused(
        s,
        () => list(`${PM}/partner-policy-requests?sortFieldName=use_case`, s.adminToken),
        400,
        'PMS_PS_ERROR_007',
      );
    });

    test('GET /partner-api-keys: own keys without secrets; another partner sees none of them', {
      timeout: 60_000,
    }, async () => {
      const mine = await list(`${PM}/partner-api-keys`, a.token);
      assert.equal(mine.status, 200, JSON.stringify(mine.body.errors));
      assert.deepEqual(
        mine.body.response.data.map((r) => ({ ...r, createdDateTime: typeof r.createdDateTime })),
        [
          {
            partnerId: a.partnerId,
            apiKeyLabel: 'a-key',
            orgName: orgOf(a.partnerId),
            ...policyMembers(),
            status: 'activated',
            createdDateTime: 'string',
          },
        ],
      );
      const theirs = await list(`${PM}/partner-api-keys`, b.token);
      assert.deepEqual([theirs.body.response.totalResults, theirs.body.response.data], [0, []]);
      const byLabel = await list(`${PM}/partner-api-keys?apiKeyLabel=a-key&status=activated`, s.adminToken);
      assert.deepEqual(
        byLabel.body.response.data.map((r) => r.partnerId),
        [a.partnerId],
      );
      const off = await list(
        `${PM}/partner-api-keys?partnerId=${a.partnerId}&status=deactivated`,
        s.adminToken,
      );
      assert.equal(off.body.response.totalResults, 0);
      await expectRefused(s, () => list(`${PM}/partner-api-keys`, pm), 403, 'KER-ATH-403');
    });

    test('GET /policies/v2: paged policies with MOSIP status names', { timeout: 60_000 }, async () => {
      const page = await list(`${POL}/policies/v2?policyGroupName=${group.name}`, pm);
      assert.equal(page.status, 200, JSON.stringify(page.body.errors));
      assert.deepEqual(
        {
          ...page.body.response,
          data: page.body.response.data.map((r) => ({ ...r, createdDateTime: typeof r.createdDateTime })),
        },
        {
          pageNo: 0,
          pageSize: 8,
          totalResults: 1,
          data: [
            {
              policyId,
              policyName: 'counter',
              policyDescription: 'counter policy',
              policyType: 'Auth',
              policyGroupId: group.id,
              policyGroupName: group.name,
              createdDateTime: 'string',
              status: 'activated',
            },
          ],
        },
      );
      const drafts = await list(
        `${POL}/policies/v2?policyGroupName=${group.name}&status=draft`,
        s.adminToken,
      );
      assert.equal(drafts.body.response.totalResults, 0);
      await expectRefused(s, () => list(`${POL}/policies/v2?pageNo=0`, pm), 400, 'PMS_PS_ERROR_006');
      await expectRefused(s, () => list(`${POL}/policies/v2?sortType=up`, pm), 400, 'PMS_PS_ERROR_007');
      await expectRefused(s, () => list(`${POL}/policies/v2`, a.token), 403, 'KER-ATH-403');
    });
  });
}
