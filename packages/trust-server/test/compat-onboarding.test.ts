import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createUser, ROLES, systemActor } from '../src/index.ts';
import { codeOf, createChain, expectRefused, PM, POL, partnerLeaf } from './capability-fixtures.ts';
import { STORES, startTestServer, type TestServer } from './support/server.ts';

/**
 * MOSIP's partner onboarder and 1.2 portal, flow by flow, against a server in MOSIP's onboarding mode
 * ("certificate"): an admin registers partners for organisations, CAs go into "AUTH", a credential
 * partner uploads into "AUTH" and is usable at once, a rejection comes without a reason.
 */
const DATA_SHARE_POLICY = {
  dataSharePolicies: {
    typeOfShare: 'Data Share',
    validForInMinutes: '30',
    transactionsAllowed: '2',
    encryptionType: 'Partner Based',
    shareDomain: 'datashare.datashare',
    source: 'ID Repository',
  },
  shareableAttributes: [{ attributeName: 'fullName', source: [{ attribute: 'fullName' }], encrypted: false }],
};

for (const store of STORES) {
  describe(`MOSIP onboarding flow, certificate mode (${store})`, () => {
    let s: TestServer;
    let pm: string;
    const suffix = randomBytes(3).toString('hex');
    const credId = `mpartner-cred-${suffix}`;
    const deviceId = `mpartner-dev-${suffix}`;
    const org = `Org ${credId}`;

    const register = (partnerId: string, partnerType: string, policyGroup: string) =>
      s.call<{ partnerId: string; status: string }>('POST', `${PM}/partners`, {
        token: s.adminToken,
        request: {
          partnerId,
          organizationName: `Org ${partnerId}`,
          address: '1 Compat Street',
          contactNumber: '9876543210',
          emailId: `${partnerId}@example.org`,
          partnerType,
          policyGroup,
          langCode: 'eng',
        },
      });

    before(
      async () => {
        s = await startTestServer({ store, env: { MOSIP_TRUST_ONBOARDING_MODE: 'certificate' } });
        pm = (await s.staff(ROLES.POLICYMANAGER)).token;
      },
      { timeout: 120_000 },
    );
    after(async () => s?.close(), { timeout: 60_000 });

    test('register, upload CA and partner certificates, map, reject without a reason, approve', {
      timeout: 300_000,
    }, async () => {
      // The policy manager makes a group and a published credential policy.
      const group = await s.call<{ id: string; name: string; is_Active: boolean }>(
        'POST',
        `${POL}/policies/group/new`,
        { token: pm, request: { name: `cred-group-${suffix}`, desc: 'credential partners' } },
      );
      assert.equal(group.status, 200, JSON.stringify(group.body.errors));
      // MOSIP's create answer keeps its snake-case members; the group read is camelCase.
      assert.equal(group.body.response.is_Active, true);
      const read = await s.call<{ policyGroup: Record<string, unknown> }>(
        'GET',
        `${POL}/policies/group/${group.body.response.id}`,
        { token: pm },
      );
      assert.equal(read.body.response.policyGroup.isActive, true);
      assert.equal(read.body.response.policyGroup.crBy !== undefined, true);
      assert.equal('is_Active' in read.body.response.policyGroup, false);
      assert.equal('cr_by' in read.body.response.policyGroup, false);
      const policy = await s.call<{ id: string }>('POST', `${POL}/policies`, {
        token: pm,
        request: {
          policyGroupName: group.body.response.name,
          name: `print-${suffix}`,
          desc: 'print policy',
          policyType: 'DataShare',
          version: '1.0',
          policies: DATA_SHARE_POLICY,
        },
      });
      assert.equal(policy.status, 200, JSON.stringify(policy.body.errors));
      const published = await s.call(
        'POST',
        `${POL}/policies/${policy.body.response.id}/group/${group.body.response.id}/publish`,
        { token: pm },
      );
      assert.equal(published.status, 200, JSON.stringify(published.body.errors));

      // The admin registers two organisations with one account; a device provider sends policyGroup "".
      const cred = await register(credId, 'Credential_Partner', group.body.response.name);
      assert.equal(cred.status, 200, JSON.stringify(cred.body.errors));
      assert.deepEqual(cred.body.response, { partnerId: credId, status: 'InProgress' });
      const device = await register(deviceId, 'Device_Provider', '');
      assert.equal(device.status, 200, JSON.stringify(device.body.errors));
      const admin = await s.server.deps.db
        .selectFrom('users')
        .select('partner_id')
        .where('username', '=', 'admin')
        .executeTakeFirstOrThrow();
      assert.equal(admin.partner_id, null, 'registering for others leaves the admin unlinked');

      // A user who acts for the credential partner (a partner user acts for one partner).
      const password = randomBytes(12).toString('base64url');
      await createUser(s.server.deps, systemActor('test'), {
        username: credId,
        password,
        roles: [],
        partnerId: credId,
      });
      const partnerToken = await s.login(credId, password);

      // The admin uploads the partner's CA chain into MOSIP's "AUTH" domain (root, then intermediate).
      const chain = await createChain(`Compat${suffix}`);
      for (const ca of [chain.root, chain.intermediate]) {
        const up = await s.call<{ status: string }>('POST', `${PM}/partners/certificate/ca/upload`, {
          token: s.adminToken,
          request: { certificateData: ca.certificatePem, partnerDomain: 'AUTH' },
        });
        assert.equal(up.status, 200, JSON.stringify(up.body.errors));
        assert.equal(up.body.response.status, 'Upload Success.');
      }
      // Before its certificate, the partner cannot map a policy. MOSIP answers PMS_PMP_016; we refuse an
      // inactive partner's every write at the edge with TS_PARTNER_INACTIVE (docs/pms-compatibility.md).
      await expectRefused(
        s,
        () =>
          s.call('POST', `${PM}/partners/${credId}/policy/map`, {
            token: partnerToken,
            request: { policyName: `print-${suffix}`, useCaseDescription: 'print cards' },
          }),
        403,
        'TS_PARTNER_INACTIVE',
      );
      // Malformed certificate text: keymanager's parsing code.
      await expectRefused(
        s,
        () =>
          s.call('POST', `${PM}/partners/certificate/upload`, {
            token: partnerToken,
            request: { partnerId: credId, certificateData: 'MIIB-no-header', partnerDomain: 'AUTH' },
          }),
        400,
        'KER-KMS-013',
      );
      // The credential partner uploads with partnerDomain "AUTH", as MOSIP's clients do.
      const leaf = await partnerLeaf(chain.intermediate, org);
      const upload = await s.call<{ certificateId: string; signedCertificateData: string }>(
        'POST',
        `${PM}/partners/certificate/upload`,
        {
          token: partnerToken,
          request: { partnerId: credId, certificateData: leaf.certificatePem, partnerDomain: 'AUTH' },
        },
      );
      assert.equal(upload.status, 200, JSON.stringify(upload.body.errors));
      assert.match(upload.body.response.signedCertificateData, /BEGIN CERTIFICATE/);
      const view = await s.call<{ status: string; isActive: boolean; approvalStatus: string }>(
        'GET',
        `${PM}/partners/${credId}`,
        { token: partnerToken },
      );
      assert.equal(view.body.response.status, 'active');
      assert.equal(view.body.response.isActive, true);
      assert.equal(view.body.response.approvalStatus, 'approved');
      const stored = await s.server.deps.db
        .selectFrom('partner_certificates')
        .select('domain')
        .where('partner_id', '=', credId)
        .executeTakeFirstOrThrow();
      assert.equal(stored.domain, 'CREDENTIAL', 'MOSIP\'s "AUTH" maps to the credential domain');

      // Map, reject without a reason (MOSIP's 1.2 portal), map again, approve.
      const map = () =>
        s.call<{ mappingkey: string; message: string }>('POST', `${PM}/partners/${credId}/policy/map`, {
          token: partnerToken,
          request: { policyName: `print-${suffix}`, useCaseDescription: 'print cards' },
        });
      const first = await map();
      assert.equal(first.status, 200, JSON.stringify(first.body.errors));
      assert.equal(first.body.response.message, 'Policy mapping request submitted successfully.');
      const rejected = await s.call<string>(
        'PUT',
        `${PM}/partners/policy/${first.body.response.mappingkey}`,
        {
          token: s.adminToken,
          request: { status: 'Rejected' },
        },
      );
      assert.equal(rejected.status, 200, JSON.stringify(rejected.body.errors));
      assert.equal(rejected.body.response, 'Policy mapping rejected successfully');
      const row = await s.server.deps.db
        .selectFrom('policy_requests')
        .select(['status', 'reason'])
        .where('id', '=', first.body.response.mappingkey)
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { status: 'rejected', reason: 'no reason given' });
      const second = await map();
      assert.equal(second.status, 200, JSON.stringify(second.body.errors));
      const approved = await s.call<string>(
        'PUT',
        `${PM}/partners/policy/${second.body.response.mappingkey}`,
        {
          token: s.adminToken,
          request: { status: 'Approved' },
        },
      );
      assert.equal(approved.body.response, 'Policy mapping approved successfully');
      assert.equal(codeOf(await map()), 'PMS_PRT_053');
    });

    test('requesttime is read as MOSIP reads it', { timeout: 60_000 }, async () => {
      const send = (requesttime: string) =>
        s.call('PUT', `${PM}/partners/email/verify`, {
          token: s.adminToken,
          raw: {
            id: 'mosip.partnermanagement',
            version: '1.0',
            requesttime,
            request: { emailId: 'x@example.org' },
          },
        });
      assert.equal((await send('2024-03-05T10:00:00.000Z')).status, 200);
      for (const bad of ['2024-03-05T10:00:00Z', '2024-03-05 10:00:00.000Z', 'yesterday']) {
        const res = await send(bad);
        assert.deepEqual([res.status, codeOf(res)], [400, 'PMS_COR_001'], bad);
      }
    });

    test("MOSIP's partner types, each with its role", { timeout: 60_000 }, async () => {
      const types = await s.call<{ code: string; role: string; isPolicyRequired: boolean }[]>(
        'GET',
        `${PM}/partners/partnertypes`,
        { token: s.adminToken },
      );
      const byCode = Object.fromEntries(types.body.response.map((t) => [t.code, t]));
      for (const [code, role, policy] of [
        ['Auth_Partner', 'AUTH_PARTNER', true],
        ['Online_Verification_Partner', 'ONLINE_VERIFICATION_PARTNER', true],
        ['Credential_Partner', 'CREDENTIAL_PARTNER', true],
        ['ABIS_Partner', 'ABIS_PARTNER', true],
        ['Manual_Adjudication', 'MANUAL_ADJUDICATION', true],
        ['SDK_Partner', 'SDK_PARTNER', false],
        ['MISP_Partner', 'MISP_PARTNER', false],
        ['Device_Provider', 'DEVICE_PROVIDER', false],
        ['FTM_Provider', 'FTM_PROVIDER', false],
        ['Print_Partner', 'PRINT_PARTNER', true],
        ['Internal_Partner', 'INTERNAL_PARTNER', true],
      ] as const) {
        assert.equal(byCode[code]?.role, role, code);
        assert.equal(byCode[code]?.isPolicyRequired, policy, code);
      }
    });
  });
}
