import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ROLES } from '../src/index.ts';
import { expectRefused, PM } from './capability-fixtures.ts';
import { newSbi } from './support/sbi.ts';
import { STORES, startTestServer, type TestPartner, type TestServer } from './support/server.ts';

type Row = Record<string, unknown>;

/**
 * MOSIP master's (1.2.2/1.3 portal) device life cycle: devices added to an approved SBI, approved for that
 * SBI by the admin, deactivated for good (a deactivated SBI takes its devices with it), with master's codes.
 */
for (const store of STORES) {
  describe(`MOSIP master device life cycle (${store})`, () => {
    let s: TestServer;
    let provider: TestPartner;
    let other: TestPartner;

    const call = <T>(method: string, path: string, token: string, request?: unknown) =>
      s.call<T>(method, `${PM}${path}`, { token, ...(request === undefined ? {} : { request }) });
    const sbi = (swVersion: string, decision?: 'Activate' | 'De-activate') =>
      newSbi(s, provider, swVersion, decision);
    const addDevice = (sbiId: string, model: string, token = provider.token) =>
      call<{ id: string }>('POST', `/securebiometricinterface/${sbiId}/devices`, token, {
        deviceProviderId: provider.partnerId,
        deviceTypeCode: 'Iris',
        deviceSubTypeCode: 'Double',
        make: 'LifeMake',
        model,
      });

    before(
      async () => {
        s = await startTestServer({ store });
        provider = await s.partner(ROLES.DEVICE_PROVIDER);
        other = await s.partner(ROLES.DEVICE_PROVIDER);
      },
      { timeout: 120_000 },
    );
    after(async () => s?.close(), { timeout: 60_000 });

    test("devices added to an SBI, approved for it, deactivated; the SBI's deactivation takes its devices", {
      timeout: 180_000,
    }, async () => {
      const live = await sbi('2.0.0', 'Activate');
      const otherLive = await sbi('2.0.1', 'Activate');
      const pending = await sbi('2.0.2');
      const rejected = await sbi('2.0.3', 'De-activate');
      await expectRefused(s, () => addDevice(pending, 'M0'), 409, 'PMS_DEVICE_ERROR_009');
      await expectRefused(s, () => addDevice(rejected, 'M0'), 409, 'PMS_DEVICE_ERROR_028');
      await expectRefused(s, () => addDevice('no-such-sbi', 'M0'), 404, 'PMS_DEVICE_ERROR_005');
      // Another provider neither adds to the SBI nor learns that it exists.
      await expectRefused(s, () => addDevice(live, 'M0', other.token), 403, 'PMS_PRT_055');
      await expectRefused(
        s,
        () => call('GET', `/securebiometricinterface/${live}/devices`, other.token),
        404,
        'PMS_DEVICE_ERROR_005',
      );

      const added = await addDevice(live, 'M1');
      assert.equal(added.status, 200, JSON.stringify(added.body.errors));
      const deviceId = added.body.response.id;
      const listed = await call<Row[]>('GET', `/securebiometricinterface/${live}/devices`, provider.token);
      assert.deepEqual(
        listed.body.response.map((d) => [d.id, d.approvalStatus, d.isActive, d.model]),
        [[deviceId, 'pending_approval', false, 'M1']],
      );

      const approve = (sbiId: string, status: string) =>
        call<boolean>('POST', `/devicedetail/${deviceId}/approval`, s.adminToken, {
          partnerId: provider.partnerId,
          sbiId,
          status,
        });
      await expectRefused(s, () => approve(live, 'Activate'), 400, 'PMS_DEVICE_ERROR_027');
      await expectRefused(s, () => approve(otherLive, 'approved'), 404, 'PMS_DEVICE_ERROR_012');
      const ok = await approve(live, 'approved');
      assert.equal(ok.status, 200, JSON.stringify(ok.body.errors));
      assert.equal(ok.body.response, true);
      await expectRefused(s, () => approve(live, 'approved'), 409, 'PMS_DEVICE_ERROR_010');

      const deactivate = (path: string, status = 'De-Activate', token = provider.token) =>
        call<Row>('PATCH', path, token, { status });
      await expectRefused(
        s,
        () => deactivate(`/devicedetail/${deviceId}`, 'De-activate'),
        400,
        'PMS_DEVICE_ERROR_026',
      );
      await expectRefused(
        s,
        () => deactivate(`/devicedetail/${deviceId}`, 'De-Activate', other.token),
        404,
        'PMS_DEVICE_ERROR_006',
      );
      const off = await deactivate(`/devicedetail/${deviceId}`);
      assert.equal(off.status, 200, JSON.stringify(off.body.errors));
      assert.deepEqual(off.body.response, { deviceId, status: 'deactivated', isActive: false });
      await expectRefused(s, () => deactivate(`/devicedetail/${deviceId}`), 409, 'PMS_DEVICE_ERROR_014');

      // A second approved device on the SBI goes inactive with it.
      const second = (await addDevice(live, 'M2')).body.response.id;
      assert.equal((await approveFor(second, live)).status, 200);
      const sbiOff = await deactivate(`/securebiometricinterface/${live}`);
      assert.equal(sbiOff.status, 200, JSON.stringify(sbiOff.body.errors));
      assert.deepEqual(sbiOff.body.response, { sbiId: live, status: 'deactivated', isActive: false });
      const device = await call<Row>('GET', `/devicedetail/${second}`, provider.token);
      assert.deepEqual(
        [device.body.response.approvalStatus, device.body.response.isActive],
        ['approved', false],
      );
      await expectRefused(
        s,
        () => deactivate(`/securebiometricinterface/${live}`),
        409,
        'PMS_DEVICE_ERROR_020',
      );
      await expectRefused(s, () => addDevice(live, 'M3'), 409, 'PMS_DEVICE_ERROR_029');
    });

    function approveFor(deviceId: string, sbiId: string) {
      return call<boolean>('POST', `/devicedetail/${deviceId}/approval`, s.adminToken, {
        partnerId: provider.partnerId,
        sbiId,
        status: 'approved',
      });
    }
  });
}
