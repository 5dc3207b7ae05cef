import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createRootCa, parseCertificate } from '@mosip-trust/crypto';
import { orgOf, PM } from './capability-fixtures.ts';
import { ROLES, STORES, startTestServer, type TestServer } from './support/server.ts';

for (const kind of STORES) {
  describe(`an approval names what was reviewed (${kind})`, { timeout: 300_000 }, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer({ store: kind });
    });
    after(async () => t?.close());

    test('a chip certificate replaced after review is not approved and does not become an FTM anchor', async () => {
      const ftm = await t.partner(ROLES.FTM_PROVIDER);
      const org = orgOf(ftm.partnerId);
      const created = await t.call<{ id: string }>('POST', `${PM}/ftpchipdetail`, {
        token: ftm.token,
        request: { ftpProviderId: ftm.partnerId, make: 'ChipCo', model: 'Swap' },
      });
      assert.equal(created.status, 200);
      const chipId = created.body.response.id;
      const upload = (certificateData: string) =>
        t.call('POST', `${PM}/ftpchipdetail/uploadcertificate`, {
          token: ftm.token,
          request: {
            ftpProviderId: ftm.partnerId,
            ftpChipDeatilId: chipId,
            isItForRegistrationDevice: false,
            certificateData,
            organizationName: org,
            partnerDomain: 'FTM',
          },
        });
      const reviewed = await createRootCa({ subject: `CN=Chip CA, O=${org}, C=IN`, validityDays: 2000 });
      assert.equal((await upload(reviewed.certificatePem)).status, 200);
      const reviewedThumbprint = parseCertificate(reviewed.certificatePem).thumbprintHex;
      // The provider swaps the certificate after the admin opened the first one.
      const swapped = await createRootCa({ subject: `CN=Chip CA 2, O=${org}, C=IN`, validityDays: 2000 });
      assert.equal((await upload(swapped.certificatePem)).status, 200);
      const approve = (certificateThumbprint: string) =>
        t.call('PATCH', `${PM}/ftpchipdetail`, {
          token: t.adminToken,
          request: { ftpChipDetailId: chipId, approvalStatus: true, certificateThumbprint },
        });
      const refused = await approve(reviewedThumbprint);
      assert.deepEqual([refused.status, refused.body.errors[0]?.errorCode], [409, 'TS_CHANGED_SINCE_REVIEW']);
      const anchors = await t.server.deps.db
        .selectFrom('ca_certificates')
        .select('subject')
        .where('domain', '=', 'FTM')
        .execute();
      assert.ok(!anchors.some((a) => a.subject.includes('Chip CA 2')));
      const chip = await t.call<{ approvalStatus: string }>('GET', `${PM}/ftpchipdetail/${chipId}`, {
        token: ftm.token,
      });
      assert.equal(chip.body.response.approvalStatus, 'pending_approval');
      // Approving what is there now, named by its thumbprint, works.
      const ok = await approve(parseCertificate(swapped.certificatePem).thumbprintHex);
      assert.equal(ok.status, 200, JSON.stringify(ok.body.errors));
    });
  });
}
