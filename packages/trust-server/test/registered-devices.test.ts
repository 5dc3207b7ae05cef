import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createRootCa, signJws, verifyJws } from '@mosip-trust/crypto';
import { StoreDeviceRegistry } from '../src/index.ts';
import { expectRefused, orgOf, uploadCa } from './capability-fixtures.ts';
import {
  chipKey,
  type DeviceDataOptions,
  deregistration,
  deviceData,
  onboardRegistry,
  REGISTER,
  type RegistryWorld,
  register,
} from './support/device-registry.ts';
import { STORES, startTestServer, type TestServer } from './support/server.ts';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const MINUTE = 60_000;
let serial = 100_000;
const nextSerial = () => `SN${++serial}`;

/** The payload of a JWS the server signed, after checking it verifies with the platform signing key. */
async function signedPayload(s: TestServer, jws: string): Promise<Record<string, unknown>> {
  const v = await verifyJws(jws);
  assert.ok(
    v.certificateDer.equals(Buffer.from(s.server.deps.keys.signing.certificateDer)),
    'signed by the platform signing key',
  );
  return JSON.parse(v.payload.toString('utf8')) as Record<string, unknown>;
}

for (const store of STORES) {
  describe(`device registry (${store})`, { timeout: 600_000 }, () => {
    let s: TestServer;
    let w: RegistryWorld;

    before(
      async () => {
        s = await startTestServer({ store });
        w = await onboardRegistry(s);
      },
      { timeout: 300_000 },
    );
    after(async () => s?.close(), { timeout: 60_000 });

    async function registered(o: Partial<DeviceDataOptions> = {}, token?: string) {
      const serialNo = o.serialNo ?? nextSerial();
      const data = await deviceData(w, { serialNo, chip: await chipKey(w, serialNo), ...o });
      const res = await register(w, data, token);
      assert.equal(res.status, 200, JSON.stringify(res.body.errors));
      const payload = await signedPayload(s, res.body.response);
      return { serialNo, deviceCode: String(payload.deviceCode), payload, data };
    }

    test('registers an L1 device (spec dialect) for the provider’s machine client: a signed answer with a UUID v4 code', async () => {
      const before = await s.count('audit_log');
      const { payload, data, serialNo, deviceCode } = await registered();
      assert.equal(payload.status, 'Registered');
      assert.match(deviceCode, UUID_V4);
      assert.equal(payload.env, 'Developer');
      assert.equal(payload.timeStamp, undefined);
      const sentInfo = JSON.parse(
        (
          await verifyJws(JSON.parse((await verifyJws(data)).payload.toString()).deviceInfo)
        ).payload.toString(),
      );
      assert.equal(payload.digitalId, sentInfo.digitalId, 'the digital ID as sent');
      assert.ok(Math.abs(Date.parse(String(payload.timestamp)) - Date.now()) < 5 * MINUTE);
      assert.equal(await s.count('audit_log'), before + 1);
      const view = await s.call<{ status: string; serialNo: string; foundationalTrustProviderId: string }>(
        'GET',
        `${REGISTER}/${deviceCode}`,
        { token: w.provider.token },
      );
      assert.equal(view.body.response.status, 'Registered');
      assert.equal(view.body.response.serialNo, serialNo);
      assert.equal(view.body.response.foundationalTrustProviderId, w.ftm.partnerId);
    });

    test('registers an L0 device in masterdata’s dialect (the provider’s user, PMS alias path): timeStamp echoed', async () => {
      const serialNo = nextSerial();
      const data = await deviceData(w, { serialNo, chip: await chipKey(w, serialNo), masterdata: true });
      const res = await s.call<string>('POST', '/v1/partnermanager/registereddevices', {
        token: w.provider.token,
        request: { deviceData: data },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body.errors));
      const payload = await signedPayload(s, res.body.response);
      assert.equal(payload.status, 'Registered');
      assert.equal(payload.timeStamp, payload.timestamp);
      assert.match(String(payload.deviceCode), UUID_V4);
    });

    test('refuses each failed check with its code and writes nothing', async () => {
      const refused = async (o: Partial<DeviceDataOptions>, status: number, code: string, token?: string) => {
        const serialNo = o.serialNo ?? nextSerial();
        const data = await deviceData(w, { serialNo, chip: await chipKey(w, serialNo), ...o });
        await expectRefused(s, () => register(w, data, token), status, code);
      };
      const strangerCa = await createRootCa({
        subject: `CN=Stranger, O=${orgOf(w.provider.partnerId)}, C=IN`,
      });
      const serialNo = nextSerial();
      const genuineChip = await chipKey(w, serialNo);
      // An FTM root the admin uploaded: it chains, but is no approved chip of the FTM provider.
      const looseFtmRoot = await createRootCa({ subject: `CN=Loose FTM, O=Loose FTM, C=IN` });
      await uploadCa(s, looseFtmRoot.certificatePem, 'FTM');
      await refused({ deviceInfo: { firmware: '' } }, 400, 'KER-MSD-999');
      await refused({ digitalId: { serialNo: undefined } }, 400, 'KER-MSD-999');
      await refused({ timestamp: new Date(Date.now() + 10 * MINUTE).toISOString() }, 400, 'MSD-RDS-001');
      await refused({ timestamp: new Date(Date.now() - 10 * MINUTE).toISOString() }, 400, 'MSD-RDS-002');
      await refused({ timestamp: null }, 400, 'PMS_AUT_031');
      await refused({ purpose: 'Other' }, 400, 'ADM-DPM-033');
      await refused({ certification: 'L3' }, 400, 'ADM-DPM-034');
      await refused({ digitalId: { type: 'Palm' } }, 400, 'ADM-DPM-026');
      await refused({ digitalId: { deviceSubType: 'Quad' } }, 400, 'ADM-DPM-027');
      await refused({ digitalId: { deviceProvider: 'Not The Provider' } }, 400, 'ADM-DPM-032');
      await refused({ signer: await chipKey(w, 'x', strangerCa) }, 400, 'PMS_AUT_022');
      await refused({ signer: w.otherSigner }, 400, 'PMS_AUT_022');
      await refused({ chip: await chipKey(w, 'y', strangerCa), serialNo }, 400, 'PMS_AUT_022');
      await refused({ certification: 'L1', ftpId: '' }, 400, 'PMS_AUT_030');
      await refused({ ftpId: 'no-such-ftp' }, 400, 'PMS_AUT_019');
      await refused({ chip: await chipKey(w, 'z', looseFtmRoot) }, 400, 'TS_REG_FTM_CHIP_NOT_APPROVED');
      await refused({ digitalId: { model: 'Unapproved' } }, 400, 'PMS_AUT_018');
      await refused({ deviceInfo: { serviceVersion: '9.9.9' } }, 400, 'TS_REG_SBI_NOT_APPROVED');
      await refused({ deviceInfo: { deviceSubId: ['0'] } }, 400, 'TS_REG_SUB_ID');
      // Another provider cannot register this provider's device, even with its own valid signature.
      await refused({ signer: w.providerSigner }, 403, 'PMS_PRT_055', w.other.token);
      // A tampered deviceInfo signature.
      const good = await deviceData(w, { serialNo, chip: genuineChip });
      const [h, p, sig] = good.split('.') as [string, string, string];
      const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
      const [ih, ip, isig] = String(payload.deviceInfo).split('.');
      payload.deviceInfo = `${ih}.${ip}.${isig?.slice(0, -4)}AAAA`;
      const resigned = await signJws(JSON.stringify(payload), w.providerSigner);
      await expectRefused(s, () => register(w, resigned), 400, 'PMS_AUT_022');
      // deviceData's own signature altered.
      await expectRefused(s, () => register(w, `${h}.${p}.${sig.slice(0, -4)}AAAA`), 400, 'PMS_AUT_022');
      // Bad envelope: the schema's code.
      await expectRefused(
        s,
        () => s.call('POST', REGISTER, { token: w.clientToken, request: { deviceData: 5 } }),
        400,
        'PMS_COR_001',
      );
      // Who may call: not an FTM provider.
      await expectRefused(s, () => register(w, good, w.ftm.token), 403, 'KER-ATH-403');
    });

    test('a live serial number cannot register twice; a Retired device registers again under its code', async () => {
      const { serialNo, deviceCode } = await registered();
      const again = await deviceData(w, { serialNo, chip: await chipKey(w, serialNo) });
      await expectRefused(s, () => register(w, again), 409, 'ADM-DPM-043');
      const d = await s.call<string>('POST', '/v1/masterdata/device/deregister', {
        token: w.clientToken,
        request: { device: await deregistration(w, deviceCode) },
      });
      assert.equal(d.status, 200, JSON.stringify(d.body.errors));
      const answer = await signedPayload(s, d.body.response);
      assert.deepEqual(
        { ...answer, timestamp: undefined },
        { status: 'Success', deviceCode, env: 'Developer', timestamp: undefined },
      );
      const second = await registered({ serialNo });
      assert.equal(second.deviceCode, deviceCode);
    });

    test('de-registration: codes of masterdata, aliases, and the device is Retired', async () => {
      const { deviceCode } = await registered();
      const dereg = async (device: string, token = w.clientToken, url = '/v1/masterdata/device/deregister') =>
        s.call<string>('POST', url, { token, request: { device } });
      await expectRefused(
        s,
        async () => dereg(await deregistration(w, deviceCode, 'Production')),
        400,
        'KER-DPR-004',
      );
      await expectRefused(s, async () => dereg(await deregistration(w, 'x'.repeat(37))), 400, 'KER-DPR-003');
      await expectRefused(
        s,
        async () => dereg(await deregistration(w, 'no-such-device')),
        404,
        'KER-DPR-001',
      );
      await expectRefused(
        s,
        async () => dereg(await deregistration(w, deviceCode), w.other.token),
        404,
        'KER-DPR-001',
      );
      await expectRefused(
        s,
        async () => dereg(await deregistration(w, deviceCode, 'Developer', w.otherSigner)),
        400,
        'PMS_AUT_022',
      );
      const res = await dereg(
        await deregistration(w, deviceCode),
        w.clientToken,
        '/v1/masterdata/registereddevices/deregister',
      );
      assert.equal(res.status, 200, JSON.stringify(res.body.errors));
      await expectRefused(s, async () => dereg(await deregistration(w, deviceCode)), 409, 'KER-DPR-002');
      const view = await s.call<{ status: string }>('GET', `${REGISTER}/${deviceCode}`, {
        token: s.adminToken,
      });
      assert.equal(view.body.response.status, 'Retired');
    });

    test('status: the provider revokes its own device; Revoked is terminal; codes of masterdata', async () => {
      const { deviceCode, serialNo } = await registered();
      const status = (code: string, statusCode: string, token = w.provider.token) =>
        s.call<string>(
          'PUT',
          `/v1/masterdata/registereddevices/update/status?deviceCode=${encodeURIComponent(code)}&statusCode=${encodeURIComponent(statusCode)}`,
          { token },
        );
      await expectRefused(s, () => status(deviceCode, 'Lost'), 400, 'ADM-DPM-037');
      await expectRefused(s, () => status('no-such-device', 'Revoked'), 404, 'ADM-DPM-038');
      await expectRefused(s, () => status(deviceCode, 'Revoked', w.other.token), 404, 'ADM-DPM-038');
      await expectRefused(s, () => status(deviceCode, 'registered'), 409, 'KER-DPM-039');
      const res = await status(deviceCode, 'revoked');
      assert.equal(res.status, 200, JSON.stringify(res.body.errors));
      await expectRefused(s, () => status(deviceCode, 'Revoked'), 409, 'KER-DPM-039');
      await expectRefused(s, () => status(deviceCode, 'Retired', s.adminToken), 409, 'ADM-DPM-059');
      // A revoked serial number cannot register again.
      const again = await deviceData(w, { serialNo, chip: await chipKey(w, serialNo) });
      await expectRefused(s, () => register(w, again), 409, 'ADM-DPM-043');
      const lookup = await new StoreDeviceRegistry(s.server.deps.db, s.server.deps.clock).lookup({
        deviceCode,
        serialNo,
        deviceProviderId: w.provider.partnerId,
      });
      assert.equal(lookup?.status, 'Revoked', 'the store-backed registry sees the revocation at once');
    });

    test('listing and lookup: a provider sees its own devices, another provider’s answer as missing, the admin sees all', async () => {
      const mine = await registered();
      const theirs = await registered({ provider: w.other, signer: w.otherSigner }, w.other.token);
      const list = (token: string, query = '') =>
        s.call<{ totalItems: number; data: { deviceCode: string; deviceProviderId: string }[] }>(
          'GET',
          `${REGISTER}${query}`,
          { token },
        );
      const own = await list(w.provider.token, '?pageSize=500');
      assert.ok(own.body.response.data.some((d) => d.deviceCode === mine.deviceCode));
      assert.ok(own.body.response.data.every((d) => d.deviceProviderId === w.provider.partnerId));
      const all = await list(s.adminToken, '?pageSize=500');
      assert.ok(all.body.response.data.some((d) => d.deviceCode === theirs.deviceCode));
      const bySerial = await list(
        w.provider.token,
        `?serialNo=${mine.serialNo}&status=Registered&type=Finger&model=RegModel`,
      );
      assert.deepEqual(
        bySerial.body.response.data.map((d) => d.deviceCode),
        [mine.deviceCode],
      );
      assert.equal(
        (await list(w.provider.token, `?serialNo=${theirs.serialNo}`)).body.response.totalItems,
        0,
      );
      const paged = await list(s.adminToken, '?pageNo=0&pageSize=1');
      assert.equal(paged.body.response.data.length, 1);
      assert.ok(paged.body.response.totalItems >= 2);
      await expectRefused(s, () => list(w.provider.token, '?pageSize=0'), 400, 'TS_BAD_PAGE');
      await expectRefused(s, () => list(w.provider.token, '?status=Lost'), 400, 'ADM-DPM-037');
      await expectRefused(
        s,
        () => s.call('GET', `${REGISTER}/${theirs.deviceCode}`, { token: w.provider.token }),
        404,
        'ADM-DPM-038',
      );
      const lookup = (token: string, code: string, serialNo: string, dp: string) =>
        s.call<Record<string, unknown>>(
          'GET',
          `/v1/registereddevices/lookup?deviceCode=${code}&serialNo=${serialNo}&deviceProviderId=${dp}`,
          { token },
        );
      const found = await lookup(w.provider.token, mine.deviceCode, mine.serialNo, w.provider.partnerId);
      assert.equal(found.status, 200);
      assert.deepEqual(found.body.response, {
        deviceCode: mine.deviceCode,
        serialNo: mine.serialNo,
        deviceProvider: orgOf(w.provider.partnerId),
        deviceProviderId: w.provider.partnerId,
        make: 'RegMake',
        model: 'RegModel',
        type: 'Finger',
        deviceSubType: 'Slap',
        purpose: 'Auth',
        status: 'Registered',
        modelApproved: true,
        approvedSbiVersions: [w.sbiVersion],
      });
      await expectRefused(
        s,
        () => lookup(w.provider.token, theirs.deviceCode, theirs.serialNo, w.other.partnerId),
        404,
        'ADM-DPM-038',
      );
      await expectRefused(
        s,
        () => lookup(s.adminToken, mine.deviceCode, 'wrong', w.provider.partnerId),
        404,
        'ADM-DPM-038',
      );
    });

    test('encryption certificate: spec path answers a JWS of [{certificate}]; MockMDS’s path answers keymanager’s shape', async () => {
      const enc = Buffer.from(s.server.deps.keys.encryption.certificateDer);
      const data = await signJws(
        JSON.stringify({ env: 'Developer', domainUri: 'https://auth.example.org' }),
        w.providerSigner,
      );
      const res = await s.call<string>('POST', '/v1/masterdata/device/encryptioncertficates', {
        token: w.clientToken,
        request: { data },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body.errors));
      const list = (await signedPayload(s, res.body.response)) as unknown as { certificate: string }[];
      assert.deepEqual(list, [{ certificate: enc.toString('base64') }]);
      const wrongEnv = await signJws(
        JSON.stringify({ env: 'Production', domainUri: 'https://a' }),
        w.providerSigner,
      );
      await expectRefused(
        s,
        () =>
          s.call('POST', '/v1/masterdata/device/encryptioncertficates', {
            token: w.clientToken,
            request: { data: wrongEnv },
          }),
        400,
        'TS_ENC_ENV',
      );
      const foreign = await signJws(
        JSON.stringify({ env: 'Developer', domainUri: 'https://a' }),
        w.otherSigner,
      );
      await expectRefused(
        s,
        () =>
          s.call('POST', '/v1/masterdata/device/encryptioncertficates', {
            token: w.clientToken,
            request: { data: foreign },
          }),
        400,
        'PMS_AUT_022',
      );
      // MockMDS: the token from the authorization header, sent back as a cookie.
      const got = await s.call<{
        certificate: string;
        certSignRequest: null;
        issuedAt: string;
        expiryAt: string;
      }>('GET', '/idauthentication/v1/internal/getCertificate?applicationId=IDA&referenceId=IDA-FIR', {
        headers: { cookie: `Authorization=${w.clientToken}` },
      });
      assert.equal(got.status, 200, JSON.stringify(got.body.errors));
      assert.ok(new X509Certificate(got.body.response.certificate).raw.equals(enc));
      assert.equal(got.body.response.certSignRequest, null);
      assert.equal(got.body.errors, null);
      await expectRefused(
        s,
        () =>
          s.call('GET', '/idauthentication/v1/internal/getCertificate?applicationId=IDA&referenceId=SIGN', {
            token: w.clientToken,
          }),
        404,
        'TS_ENC_CERT_NOT_FOUND',
      );
      await expectRefused(
        s,
        () =>
          s.call('GET', '/idauthentication/v1/internal/getCertificate?applicationId=IDA&referenceId=IDA-FIR'),
        401,
        'KER-ATH-401',
      );
    });
  });
}
