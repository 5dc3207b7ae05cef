import assert from 'node:assert/strict';
import { randomBytes, X509Certificate } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createRootCa } from '@mosip-trust/crypto';
import { ROLES } from '../src/index.ts';
import { codeOf, expectRefused, orgOf, PM } from './capability-fixtures.ts';
import { newSbi } from './support/sbi.ts';
import { STORES, startTestServer, type TestPartner, type TestServer } from './support/server.ts';

type Row = Record<string, unknown>;
type Page = { pageNo: number; pageSize: number; totalResults: number; data: Row[] };
type Consent = { userId: string; consentGiven: boolean; consentGivenDateTime: string | null };

/**
 * MOSIP master's (1.2.2/1.3 portal) user consent, system configuration, FTM chip routes (deactivation,
 * certificate data, the admin's paged list) and the paged SBI and device lists, called as the newer portal calls them.
 */
for (const store of STORES) {
  describe(`MOSIP master portal routes (${store})`, () => {
    let s: TestServer;
    let ftm: TestPartner;
    let otherFtm: TestPartner;

    const call = <T>(method: string, path: string, token: string, request?: unknown) =>
      s.call<T>(method, `${PM}${path}`, { token, ...(request === undefined ? {} : { request }) });

    before(
      async () => {
        s = await startTestServer({ store });
        ftm = await s.partner(ROLES.FTM_PROVIDER);
        otherFtm = await s.partner(ROLES.FTM_PROVIDER);
      },
      { timeout: 120_000 },
    );
    after(async () => s?.close(), { timeout: 60_000 });

    test("user consent: asked once, recorded per user, never another user's", {
      timeout: 120_000,
    }, async () => {
      const a = await s.partner(ROLES.AUTH_PARTNER);
      const pending = await s.partner(ROLES.DEVICE_PROVIDER, { approve: false });
      const before = await call<Consent>('GET', '/users/user-consent', a.token);
      assert.equal(before.status, 200, JSON.stringify(before.body.errors));
      assert.equal(before.body.response.consentGiven, false);
      assert.equal(before.body.response.consentGivenDateTime, null);
      const userId = before.body.response.userId;

      // The portal posts without a body, as MOSIP's controller takes none.
      const given = await call<Consent>('POST', '/users/user-consent', a.token);
      assert.equal(given.status, 200, JSON.stringify(given.body.errors));
      assert.equal(given.body.response.userId, userId);
      assert.equal(given.body.response.consentGiven, true);
      const at = given.body.response.consentGivenDateTime as string;
      assert.ok(!Number.isNaN(Date.parse(at)), at);
      const audit = await s.server.deps.db
        .selectFrom('audit_log')
        .select('action')
        .where('target', '=', `user:${userId}`)
        .execute();
      assert.deepEqual(
        audit.map((r) => r.action),
        ['user.consent.give'],
      );
      const after = await call<Consent>('GET', '/users/user-consent', a.token);
      assert.deepEqual(after.body.response, { userId, consentGiven: true, consentGivenDateTime: at });

      // Another partner's user: its own answer, not a's.
      const other = await call<Consent>('GET', '/users/user-consent', ftm.token);
      assert.equal(other.body.response.consentGiven, false);
      assert.notEqual(other.body.response.userId, userId);

      // A partner awaiting approval is asked at its first sign-in too (the consent is its user's).
      const pendingGiven = await call<Consent>('POST', '/users/user-consent', pending.token);
      assert.equal(pendingGiven.status, 200, JSON.stringify(pendingGiven.body.errors));
      assert.equal(pendingGiven.body.response.consentGiven, true);

      // Staff are no partners here, and record their own consent.
      const admin = await call<Consent>('POST', '/users/user-consent', s.adminToken, {});
      assert.equal(admin.status, 200, JSON.stringify(admin.body.errors));
      assert.equal(admin.body.response.consentGiven, true);

      // A partner role without a partner: MOSIP's "User Id does not exists."
      const username = `nopartner${randomBytes(3).toString('hex')}`;
      const made = await s.call<{ oneTimePassword: string }>('POST', '/v1/trust/users', {
        token: s.adminToken,
        request: { username, roles: [ROLES.AUTH_PARTNER] },
      });
      assert.equal(made.status, 200, JSON.stringify(made.body.errors));
      const otp = made.body.response.oneTimePassword;
      const lone = await s.login(username, otp);
      const changed = await s.call('POST', '/v1/trust/auth/password', {
        token: lone,
        request: { currentPassword: otp, newPassword: `Np-${randomBytes(12).toString('base64url')}` },
      });
      assert.equal(changed.status, 200, JSON.stringify(changed.body.errors));
      await expectRefused(
        s,
        () => call('POST', '/users/user-consent', lone),
        403,
        'PMS_CERTIFICATE_ERROR_002',
      );
      await expectRefused(
        s,
        () => call('GET', '/users/user-consent', lone),
        403,
        'PMS_CERTIFICATE_ERROR_002',
      );

      // MOSIP's role list: a MISP partner is not asked.
      const misp = await s.partner(ROLES.MISP_PARTNER);
      await expectRefused(s, () => call('GET', '/users/user-consent', misp.token), 403, 'KER-ATH-403');
    });

    test("system configuration: MOSIP's keys, as strings, for any signed-in user", {
      timeout: 60_000,
    }, async () => {
      const res = await call<Record<string, string>>('GET', '/system-config', ftm.token);
      assert.equal(res.status, 200, JSON.stringify(res.body.errors));
      const minutes = String(Math.floor(s.config.tokenTtlSeconds / 60));
      assert.deepEqual(res.body.response, {
        grantTypes: 'authorization_code',
        clientAuthMethods: 'private_key_jwt',
        inActivityTimer: minutes,
        inActivityPromptTimer: '5',
        axiosTimeout: '3',
        maxAllowedExpiryYear: '10',
        maxAllowedCreatedYear: '10',
        itemsPerPage: '8',
        isCaSignedPartnerCertificateAvailable: 'true',
        isOidcClientAvailable: 'false',
        isRootIntermediateCertAvailable: 'true',
        refreshNotificationsTime: '300',
      });
      const anonymous = await s.call('GET', `${PM}/system-config`);
      assert.equal(anonymous.status, 401);
      assert.equal(codeOf(anonymous), 'KER-ATH-401');
    });

    test('FTM chips: certificate data, deactivation and the paged admin list, with master codes', {
      timeout: 240_000,
    }, async () => {
      const org = orgOf(ftm.partnerId);
      const newChip = async (model: string, owner = ftm) => {
        const res = await call<{ id: string }>('POST', '/ftpchipdetail', owner.token, {
          ftpProviderId: owner.partnerId,
          make: 'MasterChip',
          model,
        });
        assert.equal(res.status, 200, JSON.stringify(res.body.errors));
        return res.body.response.id;
      };
      const uploadCertificate = async (chipId: string, name: string) => {
        const ca = await createRootCa({ subject: `CN=${name}, O=${org}, C=IN`, validityDays: 2000 });
        const res = await call('POST', '/ftpchipdetail/uploadcertificate', ftm.token, {
          ftpProviderId: ftm.partnerId,
          ftpChipDeatilId: chipId,
          isItForRegistrationDevice: false,
          certificateData: ca.certificatePem,
          organizationName: org,
          partnerDomain: 'FTM',
        });
        assert.equal(res.status, 200, JSON.stringify(res.body.errors));
        return ca.certificatePem;
      };
      const decide = async (chipId: string, approvalStatus: boolean) => {
        const res = await call('PATCH', '/ftpchipdetail', s.adminToken, {
          ftpChipDetailId: chipId,
          approvalStatus,
        });
        assert.equal(res.status, 200, JSON.stringify(res.body.errors));
      };
      const deactivate = (chipId: string, token = ftm.token, status = 'De-Activate') =>
        call<Row>('PATCH', `/ftpchipdetail/${chipId}`, token, { status });
      const certificateData = (chipId: string, token = ftm.token) =>
        call<Row>('GET', `/ftpchipdetail/${chipId}/certificate-data`, token);

      const live = await newChip('L1');
      const refused = await newChip('R1');
      const foreign = await newChip('F1', otherFtm);

      // Awaiting its certificate: nothing to download, nothing to deactivate.
      await expectRefused(s, () => certificateData(live), 404, 'PMS_FTM_ERROR_011');
      await expectRefused(s, () => deactivate(live, ftm.token, 'Deactivate'), 400, 'PMS_DEVICE_ERROR_026');
      await expectRefused(s, () => deactivate(live), 409, 'PMS_FTM_ERROR_010');
      await expectRefused(s, () => deactivate('no-such-chip'), 404, 'PMS_FTM_ERROR_005');

      const pem = await uploadCertificate(live, 'Live Chip CA');
      const x509 = new X509Certificate(pem);
      const pendingData = await certificateData(live);
      assert.equal(pendingData.status, 200, JSON.stringify(pendingData.body.errors));
      const data = pendingData.body.response;
      assert.equal(
        new X509Certificate(data.caSignedCertificateData as string).fingerprint256,
        x509.fingerprint256,
      );
      // keymanager keeps FTM certificates as uploaded: the "MOSIP-signed" half is the same certificate.
      assert.equal(data.mosipSignedCertificateData, data.caSignedCertificateData);
      const from = new Date(x509.validFrom).toISOString();
      const till = new Date(x509.validTo).toISOString();
      assert.deepEqual(
        { ...data, caSignedCertificateData: 'pem', mosipSignedCertificateData: 'pem' },
        {
          caSignedCertificateData: 'pem',
          caSignedCertUploadDateTime: from,
          caSignedCertExpiryDateTime: till,
          isCaSignedCertificateExpired: false,
          mosipSignedCertificateData: 'pem',
          mosipSignedCertUploadDateTime: from,
          mosipSignedCertExpiryDateTime: till,
          isMosipSignedCertificateExpired: false,
        },
      );
      // The admin reads any provider's; another provider learns nothing, not even that the chip exists.
      const byAdmin = await certificateData(live, s.adminToken);
      assert.equal(byAdmin.status, 200, JSON.stringify(byAdmin.body.errors));
      await expectRefused(s, () => certificateData(live, otherFtm.token), 404, 'PMS_FTM_ERROR_005');
      await expectRefused(s, () => deactivate(live, otherFtm.token), 404, 'PMS_FTM_ERROR_005');
      await expectRefused(s, () => certificateData(foreign), 404, 'PMS_FTM_ERROR_005');

      await uploadCertificate(refused, 'Refused Chip CA');
      await decide(refused, false);
      await expectRefused(s, () => certificateData(refused), 409, 'PMS_FTM_ERROR_008');
      await decide(live, true);

      // The paged admin list: page 0 of 8, newest first; MOSIP's filters, sort and codes.
      const list = (query: string, token = s.adminToken) =>
        call<Page>('GET', `/ftpchipdetail/v2${query}`, token);
      const all = await list(`?partnerId=${ftm.partnerId}`);
      assert.equal(all.status, 200, JSON.stringify(all.body.errors));
      assert.deepEqual(
        { ...all.body.response, data: all.body.response.data.map((r) => r.ftmId) },
        { pageNo: 0, pageSize: 8, totalResults: 2, data: [refused, live] },
      );
      const row = all.body.response.data[1] as Row;
      assert.deepEqual(
        { ...row, createdDateTime: typeof row.createdDateTime },
        {
          ftmId: live,
          partnerId: ftm.partnerId,
          orgName: org,
          make: 'MasterChip',
          model: 'L1',
          status: 'approved',
          isActive: true,
          isCertificateAvailable: true,
          createdDateTime: 'string',
        },
      );
      const everyone = await list('?make=masterchip&sortFieldName=model&sortType=asc&pageNo=0&pageSize=2');
      assert.deepEqual(
        { ...everyone.body.response, data: everyone.body.response.data.map((r) => r.model) },
        { pageNo: 0, pageSize: 2, totalResults: 3, data: ['F1', 'L1'] },
      );
      const rejected = await list('?status=rejected');
      assert.deepEqual(
        rejected.body.response.data.map((r) => [r.ftmId, r.status]),
        [[refused, 'rejected']],
      );
      await expectRefused(s, () => list('?pageNo=1'), 400, 'PMS_PS_ERROR_006');
      await expectRefused(
        s,
        () => list('?sortFieldName=secret&sortType=asc&pageNo=0&pageSize=8'),
        400,
        'PMS_PS_ERROR_007',
      );
      await expectRefused(s, () => list('', ftm.token), 403, 'KER-ATH-403');

      // Deactivation: for good, once; the chip's certificate is no longer handed out.
      const done = await deactivate(live);
      assert.equal(done.status, 200, JSON.stringify(done.body.errors));
      assert.deepEqual(done.body.response, { ftmId: live, status: 'approved', isActive: false });
      await expectRefused(s, () => deactivate(live, s.adminToken), 409, 'PMS_FTM_ERROR_007');
      await expectRefused(s, () => certificateData(live), 409, 'PMS_FTM_ERROR_009');
      const deactivated = await list('?status=deactivated');
      assert.deepEqual(
        deactivated.body.response.data.map((r) => [r.ftmId, r.status, r.isActive]),
        [[live, 'deactivated', false]],
      );
    });

    test('SBI and device lists: the paged master form when the portal pages, the 1.2 array otherwise', {
      timeout: 240_000,
    }, async () => {
      const provider = await s.partner(ROLES.DEVICE_PROVIDER);
      const rival = await s.partner(ROLES.DEVICE_PROVIDER);
      const live = await newSbi(s, provider, '3.0.0', 'Activate');
      const pending = await newSbi(s, provider, '3.0.1');
      const rivalSbi = await newSbi(s, rival, '3.0.2', 'Activate');
      const addDevice = async (owner: TestPartner, sbiId: string, model: string) => {
        const res = await call<{ id: string }>(
          'POST',
          `/securebiometricinterface/${sbiId}/devices`,
          owner.token,
          {
            deviceProviderId: owner.partnerId,
            deviceTypeCode: 'Finger',
            deviceSubTypeCode: 'Slap',
            make: 'PagedMake',
            model,
          },
        );
        assert.equal(res.status, 200, JSON.stringify(res.body.errors));
        return res.body.response.id;
      };
      const approved = await addDevice(provider, live, 'P1');
      const decided = await call('POST', `/devicedetail/${approved}/approval`, s.adminToken, {
        partnerId: provider.partnerId,
        sbiId: live,
        status: 'approved',
      });
      assert.equal(decided.status, 200, JSON.stringify(decided.body.errors));
      const waiting = await addDevice(provider, live, 'P2');
      await addDevice(rival, rivalSbi, 'R1');

      // As the portal asks: sort, page size and page number always, filters when set.
      const portal = '?sortFieldName=createdDateTime&sortType=desc&pageSize=8&pageNo=0';
      const sbis = (token: string, filters = '') =>
        call<Page>('GET', `/securebiometricinterface${portal}${filters}`, token);
      const own = await sbis(provider.token);
      assert.equal(own.status, 200, JSON.stringify(own.body.errors));
      assert.deepEqual(
        { ...own.body.response, data: own.body.response.data.map((r) => r.sbiId) },
        { pageNo: 0, pageSize: 8, totalResults: 2, data: [pending, live] },
      );
      const row = own.body.response.data[1] as Row;
      assert.deepEqual(
        {
          ...row,
          sbiCreatedDateTime: typeof row.sbiCreatedDateTime,
          sbiExpiryDateTime: typeof row.sbiExpiryDateTime,
          createdDateTime: typeof row.createdDateTime,
        },
        {
          partnerId: provider.partnerId,
          orgName: orgOf(provider.partnerId),
          sbiId: live,
          sbiVersion: '3.0.0',
          status: 'approved',
          isActive: true,
          sbiCreatedDateTime: 'string',
          sbiExpiryDateTime: 'string',
          createdDateTime: 'string',
          countOfAssociatedDevices: 2,
          countOfApprovedDevices: 1,
          countOfPendingDevices: 1,
          sbiExpiryStatus: 'valid',
        },
      );
      // A provider never sees another's, whatever it filters; the admin sees every provider's.
      const snooping = await sbis(provider.token, `&partnerId=${rival.partnerId}`);
      assert.equal(snooping.body.response.totalResults, 0);
      const byAdmin = await sbis(s.adminToken, `&partnerId=${rival.partnerId}`);
      assert.deepEqual(
        byAdmin.body.response.data.map((r) => r.sbiId),
        [rivalSbi],
      );
      const pendingOnly = await sbis(
        s.adminToken,
        `&partnerId=${provider.partnerId}&status=pending_approval`,
      );
      assert.deepEqual(
        pendingOnly.body.response.data.map((r) => r.sbiId),
        [pending],
      );
      const expiring = await call<Page>(
        'GET',
        `/securebiometricinterface?expiryPeriod=30&partnerId=${provider.partnerId}`,
        s.adminToken,
      );
      assert.equal(expiring.body.response.totalResults, 0);
      await expectRefused(
        s,
        () =>
          call(
            'GET',
            '/securebiometricinterface?sortFieldName=secret&sortType=asc&pageNo=0&pageSize=8',
            s.adminToken,
          ),
        400,
        'PMS_PS_ERROR_007',
      );
      await expectRefused(
        s,
        () => call('GET', '/securebiometricinterface?pageNo=0', s.adminToken),
        400,
        'PMS_PS_ERROR_006',
      );
      // MOSIP's 1.2 clients send no query and keep the array of the 1.2 view.
      const plain = await call<Row[]>('GET', '/securebiometricinterface', provider.token);
      assert.deepEqual(plain.body.response.map((r) => r.id).sort(), [live, pending].sort());

      const devices = (token: string, filters = '') =>
        call<Page>('GET', `/devicedetail${portal}${filters}`, token);
      const listed = await devices(s.adminToken, `&partnerId=${provider.partnerId}`);
      assert.equal(listed.status, 200, JSON.stringify(listed.body.errors));
      assert.deepEqual(
        listed.body.response.data.map((r) => ({ ...r, createdDateTime: typeof r.createdDateTime })),
        [waiting, approved].map((deviceId, i) => ({
          deviceId,
          partnerId: provider.partnerId,
          orgName: orgOf(provider.partnerId),
          deviceType: 'Finger',
          deviceSubType: 'Slap',
          status: i === 0 ? 'pending_approval' : 'approved',
          make: 'PagedMake',
          model: i === 0 ? 'P2' : 'P1',
          createdDateTime: 'string',
          sbiId: live,
          sbiVersion: '3.0.0',
        })),
      );
      const mine = await devices(provider.token, '&make=pagedmake');
      assert.deepEqual(mine.body.response.data.map((r) => r.deviceId).sort(), [approved, waiting].sort());
      const byStatus = await devices(
        s.adminToken,
        `&partnerId=${provider.partnerId}&status=approved&sbiVersion=3.0.0`,
      );
      assert.deepEqual(
        byStatus.body.response.data.map((r) => r.deviceId),
        [approved],
      );

      // Deactivated: master's own status in both lists.
      const off = await call('PATCH', `/securebiometricinterface/${live}`, provider.token, {
        status: 'De-Activate',
      });
      assert.equal(off.status, 200, JSON.stringify(off.body.errors));
      const gone = await sbis(provider.token, '&status=deactivated');
      assert.deepEqual(
        gone.body.response.data.map((r) => [r.sbiId, r.status, r.isActive]),
        [[live, 'deactivated', false]],
      );
      const goneDevices = await devices(provider.token, '&status=deactivated');
      assert.deepEqual(
        goneDevices.body.response.data.map((r) => r.deviceId),
        [approved],
      );
    });
  });
}
