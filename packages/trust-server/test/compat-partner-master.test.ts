import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ROLES } from '../src/index.ts';
import { createChain, expectRefused, orgOf, PM, partnerLeaf, uploadCa } from './capability-fixtures.ts';
import { STORES, startTestServer, type TestPartner, type TestServer } from './support/server.ts';

type Row = Record<string, unknown>;
type Page = { pageNo: number; pageSize: number; totalResults: number; data: Row[] };

/**
 * MOSIP master's (1.2.2/1.3 portal) partner lists: the caller's partners (/partners/v3), their certificates
 * (/partners/partner-certificates-details) and the admin's paged list (/admin-partners), with MOSIP's members.
 */
for (const store of STORES) {
  describe(`MOSIP master partner lists (${store})`, () => {
    let s: TestServer;
    let group: { id: string; name: string; description: string };
    let withCert: TestPartner;
    let without: TestPartner;
    let certExpiry: string;

    before(
      async () => {
        s = await startTestServer({ store });
        const name = await s.policyGroup(`pm2-${store}`);
        const g = await s.server.deps.db
          .selectFrom('policy_groups')
          .select(['id', 'name', 'description'])
          .where('name', '=', name)
          .executeTakeFirstOrThrow();
        group = g;
        withCert = await s.partner(ROLES.AUTH_PARTNER, { policyGroup: name });
        without = await s.partner(ROLES.AUTH_PARTNER, { policyGroup: name });
        const chain = await createChain('Master CA');
        await uploadCa(s, chain.root.certificatePem, 'AUTH');
        await uploadCa(s, chain.intermediate.certificatePem, 'AUTH');
        const leaf = await partnerLeaf(chain.intermediate, orgOf(withCert.partnerId));
        const up = await s.call('POST', `${PM}/partners/certificate/upload`, {
          token: withCert.token,
          request: {
            partnerId: withCert.partnerId,
            certificateData: leaf.certificatePem,
            partnerDomain: 'AUTH',
          },
        });
        assert.equal(up.status, 200, JSON.stringify(up.body.errors));
        const cert = await s.server.deps.db
          .selectFrom('partner_certificates')
          .select('not_after')
          .where('partner_id', '=', withCert.partnerId)
          .executeTakeFirstOrThrow();
        certExpiry = cert.not_after.toISOString();
      },
      { timeout: 180_000 },
    );
    after(async () => s?.close(), { timeout: 60_000 });

    test("GET /partners/v3 answers only the caller's partner, filtered as the newer portal asks", {
      timeout: 60_000,
    }, async () => {
      const v3 = (token: string, query: string) =>
        s.call<Row[]>('GET', `${PM}/partners/v3?${query}`, { token });
      const mine = await v3(
        withCert.token,
        'status=approved&policyGroupAvailable=true&partnerType=Auth_Partner',
      );
      assert.equal(mine.status, 200, JSON.stringify(mine.body.errors));
      assert.deepEqual(mine.body.response, [
        {
          partnerId: withCert.partnerId,
          partnerType: 'Auth_Partner',
          policyGroupId: group.id,
          policyGroupName: group.name,
          policyGroupDescription: group.description,
        },
      ]);
      assert.deepEqual(
        (await v3(without.token, 'status=approved')).body.response.map((r) => r.partnerId),
        [without.partnerId],
      );
      assert.deepEqual((await v3(withCert.token, 'status=InProgress')).body.response, []);
      assert.deepEqual(
        (await v3(withCert.token, 'status=approved&policyGroupAvailable=false')).body.response,
        [],
      );
      assert.deepEqual(
        (await v3(withCert.token, 'status=approved&partnerType=Device_Provider')).body.response,
        [],
      );
      // An admin acts for no partner: MOSIP lists the partners whose user is the caller.
      assert.deepEqual((await v3(s.adminToken, 'status=approved')).body.response, []);
      const noStatus = await v3(withCert.token, 'partnerType=Auth_Partner');
      assert.deepEqual([noStatus.status, noStatus.body.errors?.[0]?.errorCode], [400, 'PMS_COR_001']);
    });

    test("GET /partners/partner-certificates-details: own certificate, never another partner's", {
      timeout: 60_000,
    }, async () => {
      const details = (token: string) =>
        s.call<Row[]>('GET', `${PM}/partners/partner-certificates-details`, { token });
      const mine = await details(withCert.token);
      assert.equal(mine.status, 200, JSON.stringify(mine.body.errors));
      assert.equal(mine.body.response.length, 1);
      const row = mine.body.response[0] as Row;
      assert.deepEqual(
        { ...row, certificateUploadDateTime: typeof row.certificateUploadDateTime },
        {
          partnerId: withCert.partnerId,
          partnerType: 'Auth_Partner',
          isPartnerActive: true,
          isCertificateAvailable: true,
          certificateIssuedTo: `partner ${orgOf(withCert.partnerId)}`,
          certificateUploadDateTime: 'string',
          certificateExpiryDateTime: certExpiry,
        },
      );
      assert.deepEqual((await details(without.token)).body.response, [
        {
          partnerId: without.partnerId,
          partnerType: 'Auth_Partner',
          isPartnerActive: true,
          isCertificateAvailable: false,
          certificateIssuedTo: null,
          certificateUploadDateTime: null,
          certificateExpiryDateTime: null,
        },
      ]);
    });

    test('GET /admin-partners pages, filters and sorts; /admin-partners/{id} answers one partner', {
      timeout: 60_000,
    }, async () => {
      const list = (query: string, token = s.adminToken) =>
        s.call<Page>('GET', `${PM}/admin-partners${query ? `?${query}` : ''}`, { token });
      const first = await list('');
      assert.equal(first.status, 200, JSON.stringify(first.body.errors));
      assert.equal(first.body.response.pageNo, 0);
      assert.equal(first.body.response.pageSize, 8);
      assert.ok(first.body.response.totalResults >= 2);
      const one = await list(`partnerId=${withCert.partnerId}`);
      assert.deepEqual(
        one.body.response.data.map((r) => ({ ...r, createdDateTime: typeof r.createdDateTime })),
        [
          {
            partnerId: withCert.partnerId,
            partnerType: 'Auth_Partner',
            orgName: orgOf(withCert.partnerId),
            policyGroupId: group.id,
            policyGroupName: group.name,
            emailAddress: one.body.response.data[0]?.emailAddress,
            certificateUploadStatus: 'uploaded',
            status: 'approved',
            isActive: true,
            createdDateTime: 'string',
          },
        ],
      );
      const notUploaded = await list(`certificateUploadStatus=not_uploaded&policyGroupName=${group.name}`);
      assert.deepEqual(
        notUploaded.body.response.data.map((r) => r.partnerId),
        [without.partnerId],
      );
      const sorted = await list(
        `policyGroupName=${group.name}&sortFieldName=partnerId&sortType=asc&pageNo=0&pageSize=1`,
      );
      assert.equal(sorted.body.response.totalResults, 2);
      assert.deepEqual(
        sorted.body.response.data.map((r) => r.partnerId),
        [[withCert.partnerId, without.partnerId].sort()[0]],
      );
      await expectRefused(s, () => list('pageNo=1'), 400, 'PMS_PS_ERROR_006');
      await expectRefused(s, () => list('sortFieldName=password'), 400, 'PMS_PS_ERROR_007');
      await expectRefused(s, () => list('', withCert.token), 403, 'KER-ATH-403');

      const view = await s.call<Row>('GET', `${PM}/admin-partners/${without.partnerId}`, {
        token: s.adminToken,
      });
      assert.equal(view.status, 200, JSON.stringify(view.body.errors));
      assert.deepEqual(
        { ...view.body.response, createdDateTime: typeof view.body.response.createdDateTime },
        {
          partnerId: without.partnerId,
          firstName: null,
          lastName: null,
          approvalStatus: 'approved',
          createdDateTime: 'string',
          partnerType: 'Auth_Partner',
          organizationName: orgOf(without.partnerId),
          contactNumber: view.body.response.contactNumber,
          policyGroupName: group.name,
          policyGroupDescription: group.description,
          emailId: view.body.response.emailId,
          certificateUploadDateTime: null,
          certificateExpiryDateTime: null,
          isCertificateAvailable: false,
          isActive: true,
        },
      );
      await expectRefused(
        s,
        () => s.call('GET', `${PM}/admin-partners/no-such-partner`, { token: s.adminToken }),
        404,
        'PMS_PRT_005',
      );
    });
  });
}
