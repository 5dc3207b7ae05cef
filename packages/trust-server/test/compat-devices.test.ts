import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createRootCa } from '@mosip-trust/crypto';
import { ROLES } from '../src/index.ts';
import { expectRefused, orgOf, PM } from './capability-fixtures.ts';
import { chipKey, deviceData, onboardRegistry, register } from './support/device-registry.ts';
import { newSbi } from './support/sbi.ts';
import { STORES, startTestServer, type TestPartner, type TestServer } from './support/server.ts';

type Row = Record<string, unknown>;
const page = { pageStart: '0', pageFetch: '10' };

/**
 * MOSIP 1.2's chip, device, SBI and MISP flows as its partner portal drives them: register, approve with
 * MOSIP's words, map SBI versions to device models, search the mappings, look a MISP's licence up.
 */
for (const store of STORES) {
  describe(`MOSIP chips, devices, SBI and MISP (${store})`, () => {
    let s: TestServer;
    let provider: TestPartner;
    let otherProvider: TestPartner;

    const call = <T>(method: string, path: string, token: string, request?: unknown) =>
      s.call<T>(method, `${PM}${path}`, { token, ...(request === undefined ? {} : { request }) });
    const created = async (path: string, token: string, request: unknown): Promise<string> => {
      const res = await call<{ id: string }>('POST', path, token, request);
      assert.equal(res.status, 200, JSON.stringify(res.body.errors));
      return res.body.response.id;
    };
    const device = (p: TestPartner, model: string) =>
      created('/devicedetail', p.token, {
        deviceProviderId: p.partnerId,
        deviceTypeCode: 'Finger',
        deviceSubTypeCode: 'Slap',
        make: 'CompatMake',
        model,
      });
    const sbi = (p: TestPartner, swVersion: string) => newSbi(s, p, swVersion);
    const decide = async (path: string, id: string, approvalStatus: string, expected: string) => {
      const res = await call<string>('PATCH', path, s.adminToken, { id, approvalStatus });
      assert.equal(res.status, 200, JSON.stringify(res.body.errors));
      assert.equal(res.body.response, expected);
    };

    before(
      async () => {
        s = await startTestServer({ store });
        provider = await s.partner(ROLES.DEVICE_PROVIDER);
        otherProvider = await s.partner(ROLES.DEVICE_PROVIDER);
      },
      { timeout: 120_000 },
    );
    after(async () => s?.close(), { timeout: 60_000 });

    test('devices and SBI: approved with "Activate", mapped, searched, unmapped, in MOSIP\'s check order', {
      timeout: 180_000,
    }, async () => {
      const approved = await device(provider, 'D-approved');
      const pending = await device(provider, 'D-pending');
      const rejected = await device(provider, 'D-rejected');
      await decide('/devicedetail', approved, 'Activate', 'Device details approved successfully.');
      await decide('/devicedetail', rejected, 'De-activate', 'Device details rejected successfully.');
      const active = await sbi(provider, '1.0.0');
      const inactive = await sbi(provider, '1.0.1');
      await decide(
        '/securebiometricinterface',
        active,
        'Activate',
        'Secure biometric details approved successfully.',
      );
      const foreignSbi = await sbi(otherProvider, '9.0.0');
      await decide(
        '/securebiometricinterface',
        foreignSbi,
        'Activate',
        'Secure biometric details approved successfully.',
      );

      const map = (deviceDetailId: string, sbiId: string, token = provider.token) =>
        call<string>('PUT', '/securebiometricinterface/devicedetails/map', token, { deviceDetailId, sbiId });
      await expectRefused(s, () => map('no-such-device', active), 404, 'PMS_AUT_005');
      await expectRefused(s, () => map(rejected, active), 409, 'PMS_AUT_028');
      await expectRefused(s, () => map(pending, active), 409, 'PMS_AUT_027');
      await expectRefused(s, () => map(approved, 'no-such-sbi'), 404, 'PMS_AUT_007');
      await expectRefused(s, () => map(approved, inactive), 409, 'PMS_AUT_511');
      // The provider's own device with another provider's SBI: the SBI answers as missing to the provider,
      // and the admin (who sees both) gets MOSIP's "different providers".
      await expectRefused(s, () => map(approved, foreignSbi), 404, 'PMS_AUT_007');
      await expectRefused(s, () => map(approved, foreignSbi, s.adminToken), 400, 'PMS_AUT_509');
      // Another provider cannot learn that the device exists.
      await expectRefused(s, () => map(approved, active, otherProvider.token), 404, 'PMS_AUT_005');

      const first = await map(approved, active);
      assert.equal(first.status, 200, JSON.stringify(first.body.errors));
      assert.equal(first.body.response, 'Success');
      const again = await map(approved, active);
      assert.equal(again.body.response, 'Mapping already exists');

      const search = (token: string, filters: unknown[] = []) =>
        call<{ data: Row[] | null; totalRecord: number }>(
          'POST',
          '/securebiometricinterface/devicedetails/map/search',
          token,
          {
            filters,
            sort: [],
            pagination: page,
          },
        );
      const mine = await search(provider.token, [{ columnName: 'sbiId', type: 'equals', value: active }]);
      assert.equal(mine.status, 200, JSON.stringify(mine.body.errors));
      assert.equal(mine.body.response.totalRecord, 1);
      const row = mine.body.response.data?.[0] ?? {};
      assert.deepEqual(
        [
          row.deviceDetailId,
          row.sbiId,
          row.providerId,
          row.make,
          row.model,
          row.deviceTypeCode,
          row.deviceSubTypeCode,
        ],
        [approved, active, provider.partnerId, 'CompatMake', 'D-approved', 'Finger', 'Slap'],
      );
      assert.deepEqual(
        [row.swVersion, row.swBinaryHash, row.providerName],
        ['1.0.0', 'hash-1.0.0', orgOf(provider.partnerId)],
      );
      for (const field of ['crBy', 'crDtimes']) assert.ok(field in row, `missing ${field}`);
      // A provider sees only its own mappings, as MOSIP's SearchHelper.
      assert.equal((await search(otherProvider.token)).body.response.totalRecord, 0);
      await expectRefused(
        s,
        () => search(provider.token, [{ columnName: 'nope', type: 'equals', value: 'x' }]),
        400,
        'PMS-MSD-311',
      );

      const remove = () =>
        call<string>('PUT', '/securebiometricinterface/devicedetails/map/remove', provider.token, {
          deviceDetailId: approved,
          sbiId: active,
        });
      const removed = await remove();
      assert.equal(removed.body.response, 'Success');
      await expectRefused(s, remove, 404, 'PMS_AUT_510');
      assert.equal((await search(provider.token)).body.response.totalRecord, 0);
    });

    test('FTM chip: registered, chip CA uploaded, approved with a boolean, its certificate read back', {
      timeout: 180_000,
    }, async () => {
      const ftm = await s.partner(ROLES.FTM_PROVIDER);
      const org = orgOf(ftm.partnerId);
      const chipId = await created('/ftpchipdetail', ftm.token, {
        ftpProviderId: ftm.partnerId,
        make: 'ChipCo',
        model: 'C9',
      });
      await expectRefused(
        s,
        () => call('GET', `/ftpchipdetail/getPartnerCertificate/${chipId}`, ftm.token),
        409,
        'PMP_AUT_033',
      );
      const chipCa = await createRootCa({ subject: `CN=Chip CA, O=${org}, C=IN`, validityDays: 2000 });
      const upload = await call<Row>('POST', '/ftpchipdetail/uploadcertificate', ftm.token, {
        ftpProviderId: ftm.partnerId,
        ftpChipDeatilId: chipId,
        isItForRegistrationDevice: false,
        certificateData: chipCa.certificatePem,
        organizationName: org,
        partnerDomain: 'FTM',
      });
      assert.equal(upload.status, 200, JSON.stringify(upload.body.errors));
      for (const field of ['certificateId', 'signedCertificateData', 'timestamp'])
        assert.ok(field in upload.body.response, `missing ${field}`);
      const approve = await call<string>('PATCH', '/ftpchipdetail', s.adminToken, {
        ftpChipDetailId: chipId,
        approvalStatus: true,
      });
      assert.equal(approve.status, 200, JSON.stringify(approve.body.errors));
      assert.equal(approve.body.response, 'Status updated successfully.');
      const cert = await call<{ certificateData: string; timestamp: string }>(
        'GET',
        `/ftpchipdetail/getPartnerCertificate/${chipId}`,
        ftm.token,
      );
      assert.equal(cert.status, 200, JSON.stringify(cert.body.errors));
      assert.match(cert.body.response.certificateData, /^-----BEGIN CERTIFICATE-----/);
      const found = await call<{ data: Row[] }>('POST', '/ftpchipdetail/search', ftm.token, {
        filters: [{ columnName: 'ftpChipDetailId', type: 'equals', value: chipId }],
        pagination: page,
      });
      assert.deepEqual(
        [found.body.response.data[0]?.approvalStatus, found.body.response.data[0]?.active],
        ['approved', true],
      );
    });

    test('MISP licence lookup: the live licence by its prefix, a new one (shown once) when none is live', {
      timeout: 120_000,
    }, async () => {
      const misp = await s.partner(ROLES.MISP_PARTNER);
      const lookup = () => call<Row>('GET', `/misps/${misp.partnerId}/licenseKey`, s.adminToken);
      const issued = await lookup();
      assert.equal(issued.status, 200, JSON.stringify(issued.body.errors));
      const key = issued.body.response.licenseKey;
      assert.equal(typeof key, 'string');
      assert.deepEqual(
        [
          issued.body.response.providerId,
          issued.body.response.licenseKeyStatus,
          issued.body.response.licenseKeyPrefix,
        ],
        [misp.partnerId, 'Active', String(key).slice(0, 8)],
      );
      const live = await lookup();
      assert.equal(live.status, 200);
      assert.equal(live.body.response.licenseId, issued.body.response.licenseId);
      assert.equal(live.body.response.licenseKey, undefined, 'a stored licence key is never shown again');
      assert.equal(live.body.response.licenseKeyExpiry, issued.body.response.licenseKeyExpiry);
      // De-activated: the next lookup issues a new licence, as MOSIP's.
      const off = await call('PUT', '/misps', misp.token, {
        providerId: misp.partnerId,
        licenseKey: key,
        licenseKeyStatus: 'De-active',
      });
      assert.equal(off.status, 200, JSON.stringify(off.body.errors));
      const renewed = await lookup();
      assert.notEqual(renewed.body.response.licenseId, issued.body.response.licenseId);
      assert.equal(typeof renewed.body.response.licenseKey, 'string');
      await expectRefused(
        s,
        () => call('GET', '/misps/no-such-misp/licenseKey', s.adminToken),
        404,
        'PMS_MSP_005',
      );
      await expectRefused(
        s,
        () => call('GET', `/misps/${provider.partnerId}/licenseKey`, s.adminToken),
        400,
        'PMS_MSP_009',
      );
      await expectRefused(
        s,
        () => call('GET', `/misps/${misp.partnerId}/licenseKey`, misp.token),
        403,
        'KER-ATH-403',
      );
    });

    test("registered devices: searched with MOSIP masterdata's SearchDto on both paths, a provider sees its own", {
      timeout: 300_000,
    }, async () => {
      const w = await onboardRegistry(s);
      const serialNo = `compat-${store}`;
      const registered = await register(
        w,
        await deviceData(w, { serialNo, chip: await chipKey(w, serialNo) }),
      );
      assert.equal(registered.status, 200, JSON.stringify(registered.body.errors));
      const search = (base: string, token: string) =>
        s.call<{ data: Row[] | null; totalRecord: number }>('POST', `${base}/registereddevices/search`, {
          token,
          request: {
            filters: [{ columnName: 'serialNumber', type: 'equals', value: serialNo }],
            sort: [{ sortField: 'crDtimes', sortType: 'desc' }],
            pagination: page,
          },
        });
      for (const base of ['/v1/masterdata', PM]) {
        const found = await search(base, w.provider.token);
        assert.equal(found.status, 200, JSON.stringify(found.body.errors));
        const row = found.body.response.data?.[0] ?? {};
        assert.deepEqual(
          [
            row.serialNumber,
            row.statusCode,
            row.isActive,
            row.providerId,
            row.purpose,
            row.deviceTypeCode,
            row.deviceSTypeCode,
          ],
          [serialNo, 'Registered', true, w.provider.partnerId, 'Auth', 'Finger', 'Slap'],
        );
        for (const field of ['code', 'deviceId', 'digitalId', 'make', 'model', 'deviceDetailId', 'crDtimes'])
          assert.ok(field in row, `missing ${field}`);
        assert.equal((await search(base, w.other.token)).body.response.totalRecord, 0);
        assert.equal((await search(base, s.adminToken)).body.response.totalRecord, 1);
      }
    });
  });
}
