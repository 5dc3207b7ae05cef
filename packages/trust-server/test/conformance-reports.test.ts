/**
 * SBI conformance reports attached to device details and SBI versions (docs/conformance.md), over real
 * HTTP on both stores: validation (schema, counts, digest, the model it is about), ownership, pending
 * only, and the admin's view of the item with its report. MOSIP's own paths are unchanged.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildReport, type ConformanceReport, type RunSummary, reportDigest } from '@mosip-trust/conformance';
import { ROLES } from '../src/index.ts';
import { expectRefused, PM } from './capability-fixtures.ts';
import { STORES, startTestServer, type TestPartner, type TestServer } from './support/server.ts';

const DAY = 86_400_000;
const iso = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString();

/** A report as `mosip-trust conformance --report` writes it, for a slap device of make Acme, model F1. */
function report(model = 'F1'): ConformanceReport {
  const device = {
    deviceId: '1',
    purpose: 'Registration',
    type: 'Finger',
    deviceSubType: 'Slap',
    deviceStatus: 'Ready',
    make: 'Acme',
    model,
    serialNo: 'SN-1',
    deviceProvider: 'Acme Devices',
    deviceProviderId: 'acme',
    serviceVersion: '0.9.5',
    firmware: '1.0',
  };
  const run: RunSummary = {
    ctkDir: '/ctk',
    devices: [device],
    results: [
      {
        testId: 'SBI1000',
        testName: 'Discover device',
        method: 'device',
        status: 'pass',
        reasons: [],
        notes: [],
      },
      {
        testId: 'SBI1014',
        testName: 'Auth capture - Face',
        method: 'capture',
        status: 'not-run',
        reasons: ['no device of this purpose, type and sub-type on the service'],
        notes: [],
      },
    ],
    counts: { total: 2, passed: 1, failed: 0, notRun: 1 },
  };
  return buildReport(run, { url: 'http://127.0.0.1:4501', toolVersion: '0.1.0', at: new Date() });
}

for (const store of STORES) {
  describe(`conformance reports on device details and SBI versions (${store})`, () => {
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

    const attach = (kind: string, id: string, request: unknown, token = provider.token) =>
      s.call<{ id: string; digest: string; summary: unknown }>(
        'POST',
        `/v1/trust/${kind}/${id}/conformance-report`,
        { token, request },
      );
    const read = (kind: string, id: string, token: string) =>
      s.call<{
        item: { id: string; approvalStatus: string };
        conformance: null | { attachedBy: string; report: ConformanceReport };
      }>('GET', `/v1/trust/${kind}/${id}/conformance-report`, { token });

    test('device detail: attach, validated, owned, shown to the admin, pending only', {
      timeout: 300_000,
    }, async () => {
      const created = await s.call<{ id: string }>('POST', `${PM}/devicedetail`, {
        token: provider.token,
        request: {
          deviceProviderId: provider.partnerId,
          deviceTypeCode: 'Finger',
          deviceSubTypeCode: 'Slap',
          make: 'Acme',
          model: 'F1',
        },
      });
      assert.equal(created.status, 200, JSON.stringify(created.body.errors));
      const id = created.body.response.id;

      const none = await read('device-details', id, s.adminToken);
      assert.equal(none.status, 200);
      assert.equal(none.body.response.conformance, null);

      const good = report();
      const tamperedStatus = structuredClone(good);
      (tamperedStatus.body.cases[1] as { status: string }).status = 'pass';
      tamperedStatus.body.summary = { total: 2, passed: 2, failed: 0, notRun: 0 };
      const badCounts = structuredClone(good);
      badCounts.body.summary.passed = 2;
      badCounts.digest.value = reportDigest(badCounts.body);
      const extra = { ...structuredClone(good), signedBy: 'me' };
      const otherModel = report('F2');
      await expectRefused(
        s,
        () => attach('device-details', id, tamperedStatus),
        400,
        'TS_CONFORMANCE_REPORT_INVALID',
      );
      await expectRefused(
        s,
        () => attach('device-details', id, badCounts),
        400,
        'TS_CONFORMANCE_REPORT_INVALID',
      );
      await expectRefused(s, () => attach('device-details', id, extra), 400, 'PMS_COR_001');
      await expectRefused(
        s,
        () => attach('device-details', id, { ...good, format: 'v0' }),
        400,
        'PMS_COR_001',
      );
      await expectRefused(s, () => attach('device-details', id, 'report'), 400, 'PMS_COR_001');
      await expectRefused(
        s,
        () => attach('device-details', id, otherModel),
        400,
        'TS_CONFORMANCE_REPORT_MISMATCH',
      );
      await expectRefused(s, () => attach('device-details', 'no-such-id', good), 404, 'PMS_AUT_005');
      await expectRefused(s, () => attach('device-details', id, good, intruder.token), 403, 'PMS_PRT_055');

      const attached = await attach('device-details', id, good);
      assert.equal(attached.status, 200, JSON.stringify(attached.body.errors));
      assert.deepEqual(attached.body.response, { id, digest: good.digest.value, summary: good.body.summary });

      const theirs = await read('device-details', id, intruder.token);
      assert.equal(theirs.status, 403);
      assert.equal(theirs.body.errors[0]?.errorCode, 'PMS_PRT_055');
      for (const token of [provider.token, s.adminToken]) {
        const seen = await read('device-details', id, token);
        assert.equal(seen.status, 200, JSON.stringify(seen.body.errors));
        assert.equal(seen.body.response.item.id, id);
        assert.equal(seen.body.response.item.approvalStatus, 'pending_approval');
        assert.deepEqual(seen.body.response.conformance?.report, good);
        assert.equal(seen.body.response.conformance?.attachedBy, provider.username);
      }
      // A newer report replaces the earlier one.
      const newer = report();
      assert.equal((await attach('device-details', id, newer)).status, 200);
      assert.equal(
        (await read('device-details', id, s.adminToken)).body.response.conformance?.report.digest.value,
        newer.digest.value,
      );
      // MOSIP's path answers as before (no conformance field).
      const mosip = await s.call<Record<string, unknown>>('GET', `${PM}/devicedetail/${id}`, {
        token: provider.token,
      });
      assert.equal(mosip.status, 200);
      assert.equal('conformance' in mosip.body.response, false);

      const approved = await s.call('PATCH', `${PM}/devicedetail`, {
        token: s.adminToken,
        request: { id, approvalStatus: 'Activate' },
      });
      assert.equal(approved.status, 200, JSON.stringify(approved.body.errors));
      await expectRefused(s, () => attach('device-details', id, report()), 409, 'TS_NOT_PENDING');
      const kept = await read('device-details', id, s.adminToken);
      assert.equal(kept.body.response.item.approvalStatus, 'approved');
      assert.equal(kept.body.response.conformance?.report.digest.value, newer.digest.value);
    });

    test('SBI version: attach, owned, shown to the admin', { timeout: 300_000 }, async () => {
      const created = await s.call<{ id: string }>('POST', `${PM}/securebiometricinterface`, {
        token: provider.token,
        request: {
          providerId: provider.partnerId,
          swBinaryHash: 'sha256:abcd',
          swVersion: '0.9.5-conf',
          swCreateDateTime: iso(-1),
          swExpiryDateTime: iso(365),
        },
      });
      assert.equal(created.status, 200, JSON.stringify(created.body.errors));
      const id = created.body.response.id;
      const good = report();
      await expectRefused(s, () => attach('sbi-versions', id, good, intruder.token), 403, 'PMS_PRT_055');
      const broken = structuredClone(good);
      broken.digest.value = '0'.repeat(64);
      await expectRefused(s, () => attach('sbi-versions', id, broken), 400, 'TS_CONFORMANCE_REPORT_INVALID');
      assert.equal((await attach('sbi-versions', id, good)).status, 200);
      assert.equal((await read('sbi-versions', id, intruder.token)).status, 403);
      const seen = await read('sbi-versions', id, s.adminToken);
      assert.equal(seen.status, 200, JSON.stringify(seen.body.errors));
      assert.equal(seen.body.response.item.id, id);
      assert.deepEqual(seen.body.response.conformance?.report, good);
    });
  });
}
