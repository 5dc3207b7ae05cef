import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ROLES } from '../src/index.ts';
import { codeOf, expectRefused, PM, POL } from './capability-fixtures.ts';
import { STORES, startTestServer, type TestPartner, type TestServer } from './support/server.ts';

/**
 * Search and filter values as MOSIP's 1.2 portal sends them (SearchDto with text page numbers, no sort;
 * FilterValueDto), on every list, with MOSIP's rows, paging and PMS-MSD codes.
 */
interface Page {
  fromRecord: number;
  toRecord: number;
  totalRecord: number;
  data: Record<string, unknown>[] | null;
}

for (const store of STORES) {
  describe(`MOSIP search and filter values (${store})`, () => {
    let s: TestServer;
    let pm: string;
    let auth: TestPartner;
    let otherAuth: TestPartner;
    let device: TestPartner;

    const search = (path: string, token: string, request: Record<string, unknown>) =>
      s.call<Page>('POST', path, { token, request });
    const values = (path: string, token: string, request: Record<string, unknown>) =>
      s.call<{ filters: { fieldID: string; fieldValue: string; fieldCode: string }[] }>('POST', path, {
        token,
        request,
      });

    before(
      async () => {
        s = await startTestServer({ store });
        pm = (await s.staff(ROLES.POLICYMANAGER)).token;
        auth = await s.partner(ROLES.AUTH_PARTNER);
        otherAuth = await s.partner(ROLES.AUTH_PARTNER);
        device = await s.partner(ROLES.DEVICE_PROVIDER);
      },
      { timeout: 120_000 },
    );
    after(async () => s?.close(), { timeout: 60_000 });

    test('partners: text page numbers, default sort, own rows only, unknown type', {
      timeout: 120_000,
    }, async () => {
      const all = await search(`${PM}/partners/search`, s.adminToken, {
        partnerType: 'all',
        filters: [{ columnName: 'partnerTypeCode', type: 'equals', value: 'auth_partner' }],
        pagination: { pageStart: '0', pageFetch: '1' },
      });
      assert.equal(all.status, 200, JSON.stringify(all.body.errors));
      assert.equal(all.body.response.totalRecord, 2);
      assert.deepEqual([all.body.response.fromRecord, all.body.response.toRecord], [1, 1]);
      const second = await search(`${PM}/partners/search`, s.adminToken, {
        partnerType: 'Auth_Partner',
        filters: [],
        sort: [{ sortField: 'id', sortType: 'DESC' }],
        pagination: { pageStart: 1, pageFetch: 1 },
      });
      assert.deepEqual([second.body.response.fromRecord, second.body.response.toRecord], [2, 2]);
      const mine = await search(`${PM}/partners/search`, auth.token, {
        partnerType: 'all',
        filters: [],
        sort: [],
        pagination: { pageStart: 0, pageFetch: 10 },
      });
      assert.deepEqual(
        (mine.body.response.data ?? []).map((r) => r.partnerID),
        [auth.partnerId],
      );
      await expectRefused(
        s,
        () =>
          search(`${PM}/partners/search`, s.adminToken, {
            partnerType: 'Bank_Partner',
            filters: [],
            sort: [],
            pagination: { pageStart: 0, pageFetch: 10 },
          }),
        400,
        'PMS_PRT_010',
      );
    });

    test('PMS-MSD codes in MOSIP order', { timeout: 120_000 }, async () => {
      const base = { filters: [], sort: [], pagination: { pageStart: 0, pageFetch: 10 } };
      const cases: [Record<string, unknown>, string][] = [
        [{ filters: [], sort: [] }, 'PMS-MSD-356'],
        [{ ...base, pagination: { pageStart: -1, pageFetch: 10 } }, 'PMS-MSD-313'],
        [{ ...base, pagination: { pageStart: 'zero', pageFetch: 10 } }, 'PMS-MSD-313'],
        [{ ...base, filters: [{ type: 'equals', value: 'x' }] }, 'PMS-MSD-311'],
        [{ ...base, filters: [{ columnName: 'nope', type: 'equals', value: 'x' }] }, 'PMS-MSD-311'],
        [{ ...base, filters: [{ columnName: 'name', value: 'x' }] }, 'PMS-MSD-312'],
        [{ ...base, filters: [{ columnName: 'name', type: 'like', value: 'x' }] }, 'PMS-MSD-312'],
        [{ ...base, filters: [{ columnName: 'isActive', type: 'equals', value: 'yes' }] }, 'PMS-MSD-390'],
        [{ ...base, filters: [{ columnName: 'name', type: 'in', values: [] }] }, 'PMS-MSD-391'],
        [
          { ...base, filters: [{ columnName: 'name', type: 'in', value: 'a', values: ['b'] }] },
          'PMS-MSD-392',
        ],
        [{ ...base, sort: [{ sortField: 'nope', sortType: 'asc' }] }, 'PMS-MSD-357'],
        [{ ...base, sort: [{ sortField: 'name', sortType: 'up' }] }, 'PMS-MSD-358'],
      ];
      for (const [request, code] of cases) {
        const res = await search(`${POL}/policies/group/search`, s.adminToken, request);
        assert.deepEqual([res.status, codeOf(res)], [400, code], JSON.stringify(request));
      }
    });

    test('policy groups and policies: MOSIP entity rows, policyType required', {
      timeout: 120_000,
    }, async () => {
      const group = await s.call<{ id: string; name: string }>('POST', `${POL}/policies/group/new`, {
        token: pm,
        request: { name: 'search-group', desc: 'for search' },
      });
      assert.equal(group.status, 200, JSON.stringify(group.body.errors));
      const created = await s.call<{ id: string }>('POST', `${POL}/policies`, {
        token: pm,
        request: {
          policyGroupName: 'search-group',
          name: 'search-auth',
          desc: 'auth for search',
          policyType: 'Auth',
          version: '1.0',
          policies: {
            authTokenType: 'partner',
            allowedAuthTypes: [{ authType: 'otp', mandatory: false }],
            allowedKycAttributes: [{ attributeName: 'fullName' }],
          },
        },
      });
      assert.equal(created.status, 200, JSON.stringify(created.body.errors));
      const groups = await search(`${POL}/policies/group/search`, auth.token, {
        filters: [{ columnName: 'name', type: 'startsWith', value: 'search' }],
        pagination: { pageStart: 0, pageFetch: 10 },
      });
      assert.equal(groups.status, 200, JSON.stringify(groups.body.errors));
      const row = groups.body.response.data?.[0] ?? {};
      for (const k of [
        'id',
        'name',
        'desc',
        'isActive',
        'crBy',
        'crDtimes',
        'updBy',
        'updDtimes',
        'isDeleted',
      ])
        assert.ok(k in row, `policy group row has ${k}`);
      assert.equal(row.isActive, true);
      const noType = await search(`${POL}/policies/search`, pm, {
        filters: [],
        pagination: { pageStart: 0, pageFetch: 10 },
      });
      assert.deepEqual([noType.status, codeOf(noType)], [400, 'PMS_COR_001']);
      const auths = await search(`${POL}/policies/search`, pm, {
        policyType: 'Auth',
        filters: [{ columnName: 'policyGroupName', type: 'contains', value: '*search*' }],
        pagination: { pageStart: 0, pageFetch: 10 },
      });
      const policy = auths.body.response.data?.[0] ?? {};
      assert.equal(policy.name, 'search-auth');
      assert.equal(policy.isActive, false, 'a draft is not active');
      assert.equal(typeof policy.policies, 'string', 'MOSIP returns the policy JSON as text');
      const none = await search(`${POL}/policies/search`, pm, {
        policyType: 'DataShare',
        filters: [{ columnName: 'policyGroupName', type: 'equals', value: 'search-group' }],
        pagination: { pageStart: 0, pageFetch: 10 },
      });
      assert.deepEqual(none.body.response, { fromRecord: 0, toRecord: 0, totalRecord: 0, data: null });
      const types = await values(`${POL}/policies/filtervalues`, pm, {
        policyType: 'all',
        filters: [{ columnName: 'policyType', type: 'unique' }],
      });
      assert.deepEqual(
        types.body.response.filters.map((f) => [f.fieldID, f.fieldValue]),
        [['policyType', 'Auth']],
      );
    });

    test('filter values: distinct values, own rows only, text prefix', { timeout: 120_000 }, async () => {
      const asAdmin = await values(`${PM}/partners/filtervalues`, s.adminToken, {
        filters: [{ columnName: 'partnerTypeCode', type: 'unique' }],
        optionalFilters: [],
      });
      assert.equal(asAdmin.status, 200, JSON.stringify(asAdmin.body.errors));
      assert.deepEqual(asAdmin.body.response.filters.map((f) => f.fieldValue).sort(), [
        'Auth_Partner',
        'Device_Provider',
      ]);
      const asPartner = await values(`${PM}/partners/filtervalues`, otherAuth.token, {
        filters: [{ columnName: 'id', type: 'all' }],
      });
      assert.deepEqual(
        asPartner.body.response.filters.map((f) => f.fieldValue),
        [otherAuth.partnerId],
      );
      const prefix = await values(`${PM}/partners/filtervalues`, s.adminToken, {
        filters: [{ columnName: 'partnerTypeCode', type: 'unique', text: 'dev' }],
      });
      assert.deepEqual(
        prefix.body.response.filters.map((f) => f.fieldValue),
        ['Device_Provider'],
      );
      const bad = await values(`${PM}/partners/filtervalues`, s.adminToken, {
        filters: [{ columnName: 'password', type: 'unique' }],
      });
      assert.deepEqual([bad.status, codeOf(bad)], [400, 'PMS-MSD-311']);
    });

    test('partner types, device and other lists answer MOSIP pages', { timeout: 120_000 }, async () => {
      const types = await search(`${PM}/partners/partnertype/search`, device.token, {
        filters: [{ columnName: 'isPolicyRequired', type: 'equals', value: 'true' }],
        sort: [{ sortField: 'code', sortType: 'asc' }],
        pagination: { pageStart: '0', pageFetch: '50' },
      });
      assert.equal(types.status, 200, JSON.stringify(types.body.errors));
      const codes = (types.body.response.data ?? []).map((r) => r.code);
      assert.ok(codes.includes('Online_Verification_Partner'));
      assert.ok(!codes.includes('Device_Provider'));
      const request = { filters: [], sort: [], pagination: { pageStart: 0, pageFetch: 10 } };
      for (const [path, token] of [
        [`${PM}/devicedetail/search`, device.token],
        [`${PM}/securebiometricinterface/search`, device.token],
        [`${PM}/devicedetail/deviceType/search`, device.token],
        [`${PM}/ftpchipdetail/search`, s.adminToken],
        [`${PM}/misps/search`, s.adminToken],
        [`${PM}/partners/apikey/request/search`, auth.token],
        [`${PM}/partners/apikey/search`, auth.token],
      ] as const) {
        const res = await search(path, token, request);
        assert.equal(res.status, 200, `${path} ${JSON.stringify(res.body.errors)}`);
        assert.equal(typeof res.body.response.totalRecord, 'number', path);
      }
      const subTypes = await search(`${PM}/devicedetail/deviceType/search`, device.token, {
        filters: [{ columnName: 'deviceType', type: 'equals', value: 'Finger' }],
        pagination: { pageStart: 0, pageFetch: 10 },
      });
      assert.ok((subTypes.body.response.totalRecord ?? 0) > 0);
      assert.ok('desciption' in (subTypes.body.response.data?.[0] ?? {}), "MOSIP's spelling");
    });

    test("the trust-chain list is MOSIP's paged object", { timeout: 60_000 }, async () => {
      const page = await s.call<{ pageNo: number; pageSize: number; totalResults: number; data: unknown[] }>(
        'GET',
        `${PM}/trust-chain-certificates`,
        { token: s.adminToken },
      );
      assert.equal(page.status, 200, JSON.stringify(page.body.errors));
      assert.equal(page.body.response.pageNo, 0);
      assert.equal(page.body.response.pageSize, 8);
      assert.ok(Array.isArray(page.body.response.data));
      const half = await s.call('GET', `${PM}/trust-chain-certificates?pageNo=1`, { token: s.adminToken });
      assert.deepEqual([half.status, codeOf(half)], [400, 'PMS_PS_ERROR_006']);
    });
  });
}
