import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { type CertifiedKey, createRootCa, issueCertificate, parseCertificate } from '@mosip-trust/crypto';
import { ROLES } from '../src/index.ts';
import {
  codeOf,
  expectRefused,
  opensslCertificate,
  orgOf,
  PM,
  partnerLeaf,
  uploadCa,
} from './capability-fixtures.ts';
import { STORES, startTestServer, type TestServer } from './support/server.ts';

/** FTM chip models: registration, the chip CA certificate, one approval decision, the FTM trust anchor. */
for (const store of STORES) {
  describe(`FTM chips (${store})`, () => {
    let s: TestServer;

    before(
      async () => {
        s = await startTestServer({ store });
      },
      { timeout: 120_000 },
    );
    after(async () => s?.close(), { timeout: 60_000 });

    test('FTM chip: register, upload chip CA, approve once (concurrent approvals: one wins), becomes an FTM anchor', {
      timeout: 300_000,
    }, async () => {
      const ftm = await s.partner(ROLES.FTM_PROVIDER);
      const org = orgOf(ftm.partnerId);
      const created = await s.call<{ id: string }>('POST', `${PM}/ftpchipdetail`, {
        token: ftm.token,
        request: { ftpProviderId: ftm.partnerId, make: 'ChipCo', model: 'C1' },
      });
      assert.equal(created.status, 200, JSON.stringify(created.body.errors));
      const chipId = created.body.response.id;
      await expectRefused(
        s,
        () =>
          s.call('POST', `${PM}/ftpchipdetail`, {
            token: ftm.token,
            request: { ftpProviderId: ftm.partnerId, make: 'chipco', model: 'c1' },
          }),
        409,
        'PMP_AUT_032',
      );
      await expectRefused(
        s,
        () =>
          s.call('PATCH', `${PM}/ftpchipdetail`, {
            token: s.adminToken,
            request: { ftpChipDetailId: chipId, approvalStatus: true },
          }),
        409,
        'PMP_AUT_033',
      );
      const updated = await s.call('PUT', `${PM}/ftpchipdetail`, {
        token: ftm.token,
        request: { ftpChipDetailId: chipId, make: 'ChipCo', model: 'C1-rev2' },
      });
      assert.equal(updated.status, 200);

      const chipCa = await createRootCa({ subject: `CN=Chip CA, O=${org}, C=IN`, validityDays: 2000 });
      const upload =
        (certificateData: string, organizationName = org, partnerDomain = 'FTM', token = ftm.token) =>
        () =>
          s.call('POST', `${PM}/ftpchipdetail/uploadcertificate`, {
            token,
            request: {
              ftpProviderId: ftm.partnerId,
              ftpChipDeatilId: chipId,
              isItForRegistrationDevice: false,
              certificateData,
              organizationName,
              partnerDomain,
            },
          });
      await expectRefused(
        s,
        upload(
          (await createRootCa({ subject: 'CN=Chip CA, O=Elsewhere', validityDays: 2000 })).certificatePem,
          'Elsewhere',
        ),
        400,
        'KER-PCM-008',
      );
      await expectRefused(s, upload(chipCa.certificatePem, org, 'DEVICE'), 400, 'KER-PCM-011');
      await expectRefused(s, upload((await partnerLeaf(chipCa, org)).certificatePem), 400, 'KER-PCM-018');
      await expectRefused(
        s,
        upload(
          opensslCertificate({
            subject: `/CN=chip/O=${org}`,
            bits: 1024,
            digest: 'sha256',
            ca: true,
            days: 1000,
          }),
        ),
        400,
        'KER-PCM-013',
      );
      const intruder = await s.partner(ROLES.FTM_PROVIDER);
      await expectRefused(s, upload(chipCa.certificatePem, org, 'FTM', intruder.token), 403, 'PMS_PRT_055');
      const ok = await upload(chipCa.certificatePem)();
      assert.equal(ok.status, 200, JSON.stringify(ok.body.errors));

      const chip = await s.call<{ approvalStatus: string }>('GET', `${PM}/ftpchipdetail/${chipId}`, {
        token: ftm.token,
      });
      assert.equal(chip.body.response.approvalStatus, 'pending_approval');
      assert.equal(
        // Another provider's chip answers as a missing one (docs/trust-server.md).
        (await s.call('GET', `${PM}/ftpchipdetail/${chipId}`, { token: intruder.token })).status,
        404,
      );

      const decide = (approvalStatus: boolean) =>
        s.call('PATCH', `${PM}/ftpchipdetail`, {
          token: s.adminToken,
          request: { ftpChipDetailId: chipId, approvalStatus },
        });
      const [a, b] = await Promise.all([decide(true), decide(false)]);
      const statuses = [a.status, b.status].sort();
      assert.deepEqual(statuses, [200, 409], `${JSON.stringify(a.body)} ${JSON.stringify(b.body)}`);
      const loser = a.status === 409 ? a : b;
      assert.equal(codeOf(loser), 'TS_NOT_PENDING');
      const winnerApproved = a.status === 200;
      const after = await s.call<{ approvalStatus: string; trustAnchorId: string | null }>(
        'GET',
        `${PM}/ftpchipdetail/${chipId}`,
        { token: s.adminToken },
      );
      assert.equal(after.body.response.approvalStatus, winnerApproved ? 'approved' : 'rejected');
      const anchors = await s.call<{ data: { certThumbprint: string; source: string }[] }>(
        'GET',
        `${PM}/trust-chain-certificates?partnerDomain=FTM&pageNo=0&pageSize=100`,
        {
          token: s.adminToken,
        },
      );
      const thumb = parseCertificate(chipCa.certificateDer).thumbprintHex;
      assert.equal(
        anchors.body.response.data.some((c) => c.certThumbprint === thumb && c.source === 'FTM_CHIP'),
        winnerApproved,
      );
      const audit = await s.call<{ action: string }[]>('GET', `/v1/trust/audit?target=ftm-chip:${chipId}`, {
        token: s.adminToken,
      });
      assert.equal(audit.status, 200);
      assert.equal(
        audit.body.response.filter((e) => e.action === 'ftm.chip.approve' || e.action === 'ftm.chip.reject')
          .length,
        1,
      );
    });

    test('an FTM chip certificate issued by an uploaded FTM root chains to the domain', {
      timeout: 300_000,
    }, async () => {
      const ftm = await s.partner(ROLES.FTM_PROVIDER);
      const org = orgOf(ftm.partnerId);
      const root = await createRootCa({ subject: `CN=FTM Root, O=${org}`, validityDays: 3000 });
      const sub = (await issueCertificate(root, {
        subject: `CN=FTM Chip CA, O=${org}`,
        ca: true,
        validityDays: 2000,
      })) as CertifiedKey;
      const chip = await s.call<{ id: string }>('POST', `${PM}/ftpchipdetail`, {
        token: ftm.token,
        request: { ftpProviderId: ftm.partnerId, make: 'Sub', model: 'S1' },
      });
      const upload = () =>
        s.call('POST', `${PM}/ftpchipdetail/uploadcertificate`, {
          token: ftm.token,
          request: {
            ftpProviderId: ftm.partnerId,
            ftpChipDeatilId: chip.body.response.id,
            certificateData: sub.certificatePem,
            organizationName: org,
            partnerDomain: 'FTM',
          },
        });
      await expectRefused(s, upload, 400, 'KER-PCM-006');
      await uploadCa(s, root.certificatePem, 'FTM');
      const res = await upload();
      assert.equal(res.status, 200, JSON.stringify(res.body.errors));
      const pem = await s.call<{ certificateData: string }>(
        'GET',
        `${PM}/ftpchipdetail/getPartnerCertificate/${chip.body.response.id}`,
        { token: ftm.token },
      );
      assert.equal(
        new X509Certificate(pem.body.response.certificateData).fingerprint256,
        new X509Certificate(sub.certificatePem).fingerprint256,
      );
    });
  });
}
