import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createRootCa, parseCertificate } from '@mosip-trust/crypto';
import { expectRefused, orgOf, PM } from './capability-fixtures.ts';
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

    const DAY = 86_400_000;
    const iso = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString();
    /** The two approvable records of a device provider: where they live and how an edit changes them. */
    const kinds = [
      {
        path: 'devicedetail',
        create: (providerId: string) => ({
          deviceProviderId: providerId,
          deviceTypeCode: 'Finger',
          deviceSubTypeCode: 'Slap',
          make: 'Acme',
          model: 'Reviewed',
        }),
        edit: (id: string) => ({
          id,
          deviceTypeCode: 'Finger',
          deviceSubTypeCode: 'Slap',
          make: 'Acme',
          model: 'Swapped',
        }),
        changed: (view: Record<string, unknown>) => view.model === 'Swapped',
      },
      {
        path: 'securebiometricinterface',
        create: (providerId: string) => ({
          providerId,
          swBinaryHash: 'sha256:reviewed',
          swVersion: '1.0.0',
          swCreateDateTime: iso(-1),
          swExpiryDateTime: iso(365),
        }),
        edit: (id: string) => ({
          id,
          swBinaryHash: 'sha256:swapped',
          swVersion: '1.0.0',
          swCreateDateTime: iso(-1),
          swExpiryDateTime: iso(365),
        }),
        changed: (view: Record<string, unknown>) => view.swBinaryHash === 'sha256:swapped',
      },
    ];

    for (const record of kinds) {
      test(`${record.path}: an approval of the version reviewed before the provider's edit is refused`, async () => {
        const provider = await t.partner(ROLES.DEVICE_PROVIDER);
        const path = `${PM}/${record.path}`;
        const created = await t.call<{ id: string }>('POST', path, {
          token: provider.token,
          request: record.create(provider.partnerId),
        });
        assert.equal(created.status, 200, JSON.stringify(created.body.errors));
        const id = created.body.response.id;
        const read = () => t.call<Record<string, unknown>>('GET', `${path}/${id}`, { token: t.adminToken });
        const reviewed = (await read()).body.response.recordVersion;
        assert.equal(reviewed, 1);
        // The provider edits the record after the admin read it.
        const edit = await t.call('PUT', path, { token: provider.token, request: record.edit(id) });
        assert.equal(edit.status, 200, JSON.stringify(edit.body.errors));
        const approve = (recordVersion?: unknown) =>
          t.call('PATCH', path, {
            token: t.adminToken,
            request: {
              id,
              approvalStatus: 'Activate',
              ...(recordVersion === undefined ? {} : { recordVersion }),
            },
          });
        // The version the admin reviewed, and no version at all (MOSIP's clients), are both refused; nothing changes.
        await expectRefused(t, () => approve(reviewed), 409, 'TS_CHANGED_SINCE_REVIEW');
        await expectRefused(t, () => approve(undefined), 409, 'TS_CHANGED_SINCE_REVIEW');
        await expectRefused(t, () => approve('1'), 400, 'PMS_COR_001');
        const audited = await t.server.deps.db
          .selectFrom('audit_log')
          .select(['target', 'details'])
          .where('action', '=', 'security.refused')
          .execute();
        const refusals = audited.filter(
          (a) =>
            a.target === `PATCH ${path}` &&
            (a.details as { code?: string }).code === 'TS_CHANGED_SINCE_REVIEW',
        );
        assert.equal(refusals.length, 2, 'the two refused approvals are audited');
        const current = (await read()).body.response;
        assert.deepEqual([current.approvalStatus, current.recordVersion], ['pending_approval', 2]);
        assert.ok(record.changed(current));
        // Approving the version read now works.
        const ok = await approve(current.recordVersion);
        assert.equal(ok.status, 200, JSON.stringify(ok.body.errors));
        const after = (await read()).body.response;
        assert.deepEqual([after.approvalStatus, after.isActive, after.recordVersion], ['approved', true, 2]);
      });
    }

    test('an unedited record is approved without a version (MOSIP path); an edited one can still be rejected', async () => {
      const provider = await t.partner(ROLES.DEVICE_PROVIDER);
      const [device, other] = kinds;
      if (!device || !other) throw new Error('two kinds');
      const post = (body: Record<string, unknown>) =>
        t.call<{ id: string }>('POST', `${PM}/${device.path}`, { token: provider.token, request: body });
      const plain = await post(device.create(provider.partnerId));
      const edited = await post({ ...device.create(provider.partnerId), model: 'Second' });
      assert.deepEqual([plain.status, edited.status], [200, 200]);
      const editedId = edited.body.response.id;
      const edit = await t.call('PUT', `${PM}/${device.path}`, {
        token: provider.token,
        request: { ...device.edit(editedId), model: 'Second, edited' },
      });
      assert.equal(edit.status, 200, JSON.stringify(edit.body.errors));
      const decide = (id: string, approvalStatus: string) =>
        t.call('PATCH', `${PM}/${device.path}`, { token: t.adminToken, request: { id, approvalStatus } });
      const approved = await decide(plain.body.response.id, 'Activate');
      assert.equal(approved.status, 200, JSON.stringify(approved.body.errors));
      const rejected = await decide(editedId, 'De-activate');
      assert.equal(rejected.status, 200, JSON.stringify(rejected.body.errors));
    });
  });
}
