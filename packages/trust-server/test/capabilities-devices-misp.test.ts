import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ROLES } from '../src/index.ts';
import { validateLicenseKey } from '../src/modules/misp/service.ts';
import { recordAuthTransaction } from '../src/queries/auth-transactions.ts';
import { withTransaction } from '../src/store/db.ts';
import { codeOf, expectRefused, PM } from './capability-fixtures.ts';
import { STORES, startTestServer, type TestPartner, type TestServer } from './support/server.ts';

const DAY = 86_400_000;
const iso = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString();

for (const store of STORES) {
  describe(`device models, SBI versions, MISP licences and transactions (${store})`, () => {
    let s: TestServer;
    let provider: TestPartner;
    let intruder: TestPartner;

    before(
      async () => {
        s = await startTestServer({ store });
        provider = await s.partner(ROLES.DEVICE_PROVIDER);
        intruder = await s.partner(ROLES.DEVICE_PROVIDER);
      },
      { timeout: 300_000 },
    );
    after(async () => s?.close(), { timeout: 60_000 });

    const device = (request: Record<string, unknown>, token = provider.token) =>
      s.call<{ id: string }>('POST', `${PM}/devicedetail`, { token, request });
    const decide = (kind: 'device' | 'sbi', id: string, approvalStatus: string, recordVersion?: number) =>
      s.call('PATCH', `${PM}/${kind === 'device' ? 'devicedetail' : 'securebiometricinterface'}`, {
        token: s.adminToken,
        request: { id, approvalStatus, ...(recordVersion === undefined ? {} : { recordVersion }) },
      });

    test('device details: register, refuse bad input, one of two concurrent decisions wins, approved is final', {
      timeout: 300_000,
    }, async () => {
      const base = {
        deviceProviderId: provider.partnerId,
        deviceTypeCode: 'Finger',
        deviceSubTypeCode: 'Slap',
        make: 'Acme',
        model: 'F1',
      };
      const created = await device(base);
      assert.equal(created.status, 200, JSON.stringify(created.body.errors));
      const id = created.body.response.id;
      const pending = await s.partner(ROLES.DEVICE_PROVIDER, { approve: false });
      const bad: [() => ReturnType<TestServer['call']>, number, string][] = [
        [() => device({ ...base, make: 'acme', model: 'f1' }), 409, 'PMS_AUT_003'],
        [() => device({ ...base, deviceSubTypeCode: 'Double' }), 400, 'PMS_AUT_001'],
        [() => device({ ...base, deviceTypeCode: 'Palm' }), 400, 'PMS_AUT_001'],
        [() => device({ ...base, make: 5 }), 400, 'PMS_COR_001'],
        [() => device({ ...base, model: undefined }), 400, 'PMS_COR_001'],
        [() => device({ ...base, make: 'x'.repeat(37) }), 400, 'PMS_COR_001'],
        [() => device(base, intruder.token), 403, 'PMS_PRT_055'],
        // A device provider awaiting approval may only read its own records (docs/trust-server.md).
        [
          () => device({ ...base, deviceProviderId: pending.partnerId }, pending.token),
          403,
          'TS_PARTNER_INACTIVE',
        ],
        [() => decide('device', id, 'activate'), 400, 'PMS_AUT_025'],
        [() => decide('device', 'no-such-id', 'Activate'), 404, 'PMS_AUT_005'],
        [
          () =>
            s.call('PUT', `${PM}/devicedetail`, {
              token: intruder.token,
              request: { id, deviceTypeCode: 'Finger', deviceSubTypeCode: 'Single', make: 'A', model: 'B' },
            }),
          // Another provider's record answers as a missing one (docs/trust-server.md).
          404,
          'PMS_AUT_005',
        ],
      ];
      for (const [call, status, code] of bad) await expectRefused(s, call, status, code);
      const updated = await s.call('PUT', `${PM}/devicedetail`, {
        token: provider.token,
        request: { id, deviceTypeCode: 'Finger', deviceSubTypeCode: 'Single', make: 'Acme', model: 'F1s' },
      });
      assert.equal(updated.status, 200, JSON.stringify(updated.body.errors));

      // The update made it version 2: the approval names the version reviewed (security-approval-review.test.ts).
      const [a, b] = await Promise.all([
        decide('device', id, 'Activate', 2),
        decide('device', id, 'De-activate'),
      ]);
      assert.deepEqual([a.status, b.status].sort(), [200, 409]);
      assert.equal(codeOf(a.status === 409 ? a : b), 'TS_NOT_PENDING');
      const view = await s.call<{ approvalStatus: string; isActive: boolean; deviceSubTypeCode: string }>(
        'GET',
        `${PM}/devicedetail/${id}`,
        { token: provider.token },
      );
      assert.equal(view.body.response.approvalStatus, a.status === 200 ? 'approved' : 'rejected');
      assert.equal(view.body.response.isActive, a.status === 200);
      assert.equal(view.body.response.deviceSubTypeCode, 'Single');
      await expectRefused(
        s,
        () =>
          s.call('PUT', `${PM}/devicedetail`, {
            token: provider.token,
            request: { id, deviceTypeCode: 'Iris', deviceSubTypeCode: 'Double', make: 'Acme', model: 'X' },
          }),
        409,
        'TS_APPROVED_IMMUTABLE',
      );
      // Another provider's record answers as a missing one (docs/trust-server.md).
      const foreign = await s.call('GET', `${PM}/devicedetail/${id}`, { token: intruder.token });
      assert.deepEqual([foreign.status, foreign.body.errors[0]?.errorCode], [404, 'PMS_AUT_005']);
      const theirs = await s.call<unknown[]>('GET', `${PM}/devicedetail`, { token: intruder.token });
      assert.deepEqual(theirs.body.response, []);
      const all = await s.call<{ id: string }[]>('GET', `${PM}/devicedetail`, { token: s.adminToken });
      assert.ok(all.body.response.some((d) => d.id === id));
    });

    test('SBI versions: dates and duplicates checked, concurrent approvals resolve to one', {
      timeout: 300_000,
    }, async () => {
      const sbi = (request: Record<string, unknown>) =>
        s.call<{ id: string }>('POST', `${PM}/securebiometricinterface`, { token: provider.token, request });
      const base = {
        providerId: provider.partnerId,
        swBinaryHash: 'sha256:abcd',
        swVersion: '0.9.5-1',
        swCreateDateTime: iso(-1),
        swExpiryDateTime: iso(365),
      };
      const created = await sbi(base);
      assert.equal(created.status, 200, JSON.stringify(created.body.errors));
      const id = created.body.response.id;
      const bad: [Record<string, unknown>, number, string][] = [
        [base, 409, 'PMS_AUT_512'],
        [{ ...base, swVersion: '2', swExpiryDateTime: iso(-2) }, 400, 'PMS_AUT_507'],
        [
          { ...base, swVersion: '3', swCreateDateTime: iso(-30), swExpiryDateTime: iso(-2) },
          400,
          'PMS_AUT_508',
        ],
        [{ ...base, swVersion: '4', swCreateDateTime: 'yesterday-ish' }, 400, 'PMS_COR_002'],
        [{ ...base, swVersion: 4 }, 400, 'PMS_COR_001'],
        [{ ...base, swBinaryHash: undefined }, 400, 'PMS_COR_001'],
      ];
      for (const [request, status, code] of bad) await expectRefused(s, () => sbi(request), status, code);
      await expectRefused(s, () => decide('sbi', id, 'Approve'), 400, 'PMS_AUT_026');
      const [a, b] = await Promise.all([decide('sbi', id, 'Activate'), decide('sbi', id, 'Activate')]);
      assert.deepEqual([a.status, b.status].sort(), [200, 409]);
      const view = await s.call<{ approvalStatus: string; swVersion: string }>(
        'GET',
        `${PM}/securebiometricinterface/${id}`,
        { token: provider.token },
      );
      assert.equal(view.body.response.approvalStatus, 'approved');
      assert.equal(
        (await s.call('GET', `${PM}/securebiometricinterface/${id}`, { token: intruder.token })).status,
        404,
      );
      await expectRefused(
        s,
        () =>
          s.call('PUT', `${PM}/securebiometricinterface`, {
            token: provider.token,
            request: { ...base, id, swVersion: '0.9.5-2', isActive: true },
          }),
        409,
        'TS_APPROVED_IMMUTABLE',
      );
    });

    test('MISP licences: issued once to an approved MISP, key shown once, revocable, concurrent issue resolves to one', {
      timeout: 300_000,
    }, async () => {
      const misp = await s.partner(ROLES.MISP_PARTNER);
      const other = await s.partner(ROLES.MISP_PARTNER);
      const unapproved = await s.partner(ROLES.MISP_PARTNER, { approve: false });
      const auth = await s.partner(ROLES.AUTH_PARTNER);
      const issue = (providerId: unknown, token = s.adminToken) =>
        s.call<{ licenseKey: string; licenseId: string; licenseKeyStatus: string }>('POST', `${PM}/misps`, {
          token,
          request: { providerId },
        });

      await expectRefused(s, () => issue(auth.partnerId), 400, 'PMS_MSP_009');
      await expectRefused(s, () => issue(unapproved.partnerId), 409, 'PMS_MSP_405');
      await expectRefused(s, () => issue('nobody'), 404, 'PMS_MSP_005');
      await expectRefused(s, () => issue(12), 400, 'PMS_COR_001');
      await expectRefused(s, () => issue(misp.partnerId, other.token), 403, 'PMS_PRT_055');

      const [a, b] = await Promise.all([issue(misp.partnerId), issue(misp.partnerId)]);
      assert.deepEqual(
        [a.status, b.status].sort(),
        [200, 409],
        `${JSON.stringify(a.body)} ${JSON.stringify(b.body)}`,
      );
      assert.equal(codeOf(a.status === 409 ? a : b), 'PMS_MSP_416');
      const issued = (a.status === 200 ? a : b).body.response;
      assert.match(issued.licenseKey, /^[0-9A-Za-z]{50}$/);
      assert.equal(issued.licenseKeyStatus, 'Active');
      const db = s.server.deps.db;
      assert.deepEqual(await validateLicenseKey(db, issued.licenseKey), {
        valid: true,
        mispId: misp.partnerId,
        licenseId: issued.licenseId,
      });

      const own = await s.call<{ mispId: string; licenseKeyPrefix: string }[]>('GET', `${PM}/misps`, {
        token: misp.token,
      });
      assert.deepEqual(
        own.body.response.map((l) => l.mispId),
        [misp.partnerId],
      );
      assert.ok(!JSON.stringify(own.body).includes(issued.licenseKey), 'the key is never shown again');
      assert.deepEqual(
        (await s.call<unknown[]>('GET', `${PM}/misps`, { token: other.token })).body.response,
        [],
      );

      const update = (licenseKeyStatus: string, token = misp.token) =>
        s.call<{ licenseKeyStatus: string }>('PUT', `${PM}/misps`, {
          token,
          request: { providerId: misp.partnerId, licenseKey: issued.licenseKey, licenseKeyStatus },
        });
      await expectRefused(s, () => update('Paused'), 400, 'PMS_MSP_407');
      await expectRefused(
        s,
        () =>
          s.call('PUT', `${PM}/misps`, {
            token: misp.token,
            request: { providerId: misp.partnerId, licenseKey: 'wrong', licenseKeyStatus: 'De-active' },
          }),
        404,
        'PMS_MSP_408',
      );
      await expectRefused(s, () => update('De-active', other.token), 403, 'PMS_PRT_055');
      const revoked = await update('De-active');
      assert.equal(revoked.status, 200, JSON.stringify(revoked.body.errors));
      assert.equal(revoked.body.response.licenseKeyStatus, 'de-active');
      assert.equal((await validateLicenseKey(db, issued.licenseKey)).valid, false);
      assert.deepEqual(await validateLicenseKey(db, issued.licenseKey), {
        valid: false,
        errorCode: 'IDA-MPA-017',
        message: 'License key of MISP is blocked',
      });
      await expectRefused(s, () => update('Active'), 409, 'TS_LICENSE_REVOKED');
      const reissued = await issue(misp.partnerId);
      assert.equal(reissued.status, 200, 'after revocation a new licence can be issued');
    });

    test('MISP transaction view: recorded through recordAuthTransaction, filtered, paged, exported as CSV, own only', {
      timeout: 300_000,
    }, async () => {
      const misp = await s.partner(ROLES.MISP_PARTNER);
      const other = await s.partner(ROLES.MISP_PARTNER);
      const db = s.server.deps.db;
      const t0 = Date.parse('2026-03-01T10:00:00.000Z');
      await withTransaction(db, async (trx) => {
        for (let i = 0; i < 25; i++) {
          await recordAuthTransaction(trx, {
            requestTime: new Date(t0 + i * 60_000),
            responseTime: new Date(t0 + i * 60_000 + 250),
            transactionId: `TXN${String(i).padStart(6, '0')}`,
            partnerId: i % 2 === 0 ? 'bank-a' : 'bank-b',
            partnerName: i % 2 === 0 ? 'Bank A, "Main"' : 'Bank B',
            mispId: misp.partnerId,
            mispLicenseId: 'lic-1',
            authTypes: ['bio'],
            success: i % 5 !== 0,
            errorCode: i % 5 === 0 ? 'IDA-BIA-001' : null,
            individualId: '1234567890',
            individualIdType: 'UIN',
          });
        }
        await recordAuthTransaction(trx, {
          requestTime: new Date(t0),
          responseTime: new Date(t0 + 100),
          transactionId: 'OTHER00001',
          partnerId: 'bank-c',
          mispId: other.partnerId,
          authTypes: ['otp'],
          success: true,
        });
      });
      const stored = await db
        .selectFrom('auth_transactions')
        .select(['ref_id_hash'])
        .where('transaction_id', '=', 'TXN000001')
        .executeTakeFirstOrThrow();
      assert.equal(stored.ref_id_hash, 'C775E7B757EDE630CD0AA1113BD102661AB38829CA52A6422AB782862F268646');

      type Page = {
        pageNo: number;
        pageSize: number;
        totalResults: number;
        data: { transactionId: string; partnerId: string; status: string }[];
      };
      const page = (query: string, token = misp.token) =>
        s.call<Page>('GET', `${PM}/misps/${misp.partnerId}/transactions?${query}`, { token });
      const first = await page('pageSize=10');
      assert.equal(first.status, 200, JSON.stringify(first.body.errors));
      assert.equal(first.body.response.totalResults, 25);
      assert.equal(first.body.response.data.length, 10);
      assert.equal(first.body.response.data[0]?.transactionId, 'TXN000024', 'newest first');
      const third = await page('pageSize=10&pageNo=2');
      assert.deepEqual(
        third.body.response.data.map((t) => t.transactionId),
        ['TXN000004', 'TXN000003', 'TXN000002', 'TXN000001', 'TXN000000'],
      );
      const failures = await page('status=N&partnerId=bank-a');
      assert.deepEqual(
        failures.body.response.data.map((t) => t.transactionId),
        ['TXN000020', 'TXN000010', 'TXN000000'],
      );
      const window = await page(
        `from=${new Date(t0 + 5 * 60_000).toISOString()}&to=${new Date(t0 + 8 * 60_000).toISOString()}`,
      );
      assert.deepEqual(
        window.body.response.data.map((t) => t.transactionId),
        ['TXN000007', 'TXN000006', 'TXN000005'],
      );
      const admin = await page('pageSize=1', s.adminToken);
      assert.equal(admin.body.response.totalResults, 25);
      for (const [query, code] of [
        ['pageSize=0', 'PMS_COR_001'],
        ['pageNo=-1', 'PMS_COR_001'],
        ['status=maybe', 'PMS_COR_001'],
        ['from=yesterday', 'PMS_COR_001'],
      ] as const) {
        await expectRefused(s, () => page(query), 400, code);
      }
      await expectRefused(s, () => page('', other.token), 403, 'PMS_PRT_055');
      await expectRefused(s, () => page('', provider.token), 403, 'KER-ATH-403');

      const csv = await fetch(
        `${s.baseUrl}${PM}/misps/${misp.partnerId}/transactions/export?partnerId=bank-a`,
        { headers: { authorization: `Bearer ${misp.token}` } },
      );
      assert.equal(csv.status, 200);
      assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
      const lines = (await csv.text()).trimEnd().split('\r\n');
      assert.equal(
        lines[0],
        'transactionId,requestTime,responseTime,partnerId,partnerName,authType,status,statusComment,errorCode,licenseId',
      );
      assert.equal(lines.length, 1 + 13);
      assert.equal(
        lines[1],
        `TXN000024,${new Date(t0 + 24 * 60_000).toISOString()},${new Date(t0 + 24 * 60_000 + 250).toISOString()},bank-a,"Bank A, ""Main""",bio,success,bio Success,,lic-1`,
      );
      assert.ok(!lines.some((l) => l.includes('OTHER00001')), "another MISP's rows are not exported");
      const denied = await fetch(`${s.baseUrl}${PM}/misps/${misp.partnerId}/transactions/export`, {
        headers: { authorization: `Bearer ${other.token}` },
      });
      assert.equal(denied.status, 403);
      assert.equal(
        ((await denied.json()) as { errors: { errorCode: string }[] }).errors[0]?.errorCode,
        'PMS_PRT_055',
      );
    });
  });
}
