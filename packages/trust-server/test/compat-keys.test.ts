import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ROLES } from '../src/index.ts';
import { expectRefused, PM } from './capability-fixtures.ts';
import { approvedKey, FINGER_ONLY, OTP_ONLY, publishPolicy } from './support/auth-fixture.ts';
import { STORES, startTestServer, type TestPartner, type TestServer } from './support/server.ts';

/**
 * MOSIP 1.2's API-key and credential-partner routes, driven as its partner portal and partner manager do:
 * request a policy (PATCH …/apikey/request), read the request and a key's policy, move a key to another
 * policy, map credential types to policies and set a policy's biometric extractors.
 */
for (const store of STORES) {
  describe(`MOSIP API keys and credential partners (${store})`, () => {
    let s: TestServer;
    let pm: string;
    let group: { id: string; name: string };
    let auth: TestPartner;
    let credential: TestPartner;
    let other: TestPartner;

    before(
      async () => {
        s = await startTestServer({ store });
        pm = (await s.staff(ROLES.POLICYMANAGER)).token;
        const name = await s.policyGroup(`compat-keys-${store}`);
        const row = await s.server.deps.db
          .selectFrom('policy_groups')
          .select('id')
          .where('name', '=', name)
          .executeTakeFirstOrThrow();
        group = { id: row.id, name };
        auth = await s.partner(ROLES.AUTH_PARTNER, { policyGroup: name });
        credential = await s.partner(ROLES.CREDENTIAL_PARTNER, { policyGroup: name });
        other = await s.partner(ROLES.CREDENTIAL_PARTNER, { policyGroup: name });
      },
      { timeout: 180_000 },
    );
    after(async () => s?.close(), { timeout: 60_000 });

    test("API-key request over PATCH, its details, the key's policy and a policy change", {
      timeout: 120_000,
    }, async () => {
      const w = { s, pm, group };
      const first = await publishPolicy(w, 'counter', FINGER_ONLY);
      const second = await publishPolicy(w, 'kiosk', OTP_ONLY);
      // The portal's older request form answers apiRequestId.
      const asked = await s.call<{ apiRequestId: string; message: string }>(
        'PATCH',
        `${PM}/partners/${auth.partnerId}/apikey/request`,
        { token: auth.token, request: { policyName: 'kiosk', useCaseDescription: 'kiosk authentication' } },
      );
      assert.equal(asked.status, 200, JSON.stringify(asked.body.errors));
      assert.equal(asked.body.response.message, 'Policy mapping request submitted successfully.');
      const details = await s.call<Record<string, unknown>>(
        'GET',
        `${PM}/partners/apikey/${asked.body.response.apiRequestId}`,
        { token: s.adminToken },
      );
      assert.equal(details.status, 200, JSON.stringify(details.body.errors));
      assert.deepEqual(
        [details.body.response.partnerID, details.body.response.status, details.body.response.policyId],
        [auth.partnerId, 'InProgress', second],
      );
      assert.equal(details.body.response.apiKeyReqNo, asked.body.response.apiRequestId);
      assert.equal(details.body.response.policyDesc, 'kiosk authentication');
      await expectRefused(
        s,
        () => s.call('GET', `${PM}/partners/apikey/no-such-request`, { token: s.adminToken }),
        404,
        'PMS_PMP_015',
      );
      await expectRefused(
        s,
        () =>
          s.call('PATCH', `${PM}/partners/${auth.partnerId}/apikey/request`, {
            token: auth.token,
            request: { policyName: 'kiosk', useCaseDescription: 'again' },
          }),
        409,
        'PMS_PRT_053',
      );

      const key = await approvedKey({ s, partner: auth }, 'counter', 'till-1');
      const mapping = await s.call<{ partnerID: string; policyId: string }>(
        'GET',
        `${PM}/partners/${auth.partnerId}/apikey/${key.apiKeyId}`,
        { token: s.adminToken },
      );
      assert.deepEqual(mapping.body.response, { partnerID: auth.partnerId, policyId: first });
      await expectRefused(
        s,
        () =>
          s.call('GET', `${PM}/partners/${credential.partnerId}/apikey/${key.apiKeyId}`, {
            token: s.adminToken,
          }),
        404,
        'PMS_PMP_009',
      );

      const change = (oldPolicyID: string, newPolicyID: string) =>
        s.call<{ message: string }>(
          'PUT',
          `${PM}/partners/${auth.partnerId}/apikey/${key.apiKeyId}/policies`,
          {
            token: s.adminToken,
            request: { oldPolicyID, newPolicyID },
          },
        );
      await expectRefused(s, () => change(second, first), 404, 'PMS_PMP_50');
      await expectRefused(s, () => change(first, 'no-such-policy'), 404, 'PMS_PMP_014');
      const moved = await change(first, second);
      assert.equal(moved.status, 200, JSON.stringify(moved.body.errors));
      assert.deepEqual(moved.body.response, { message: 'Given apikey updated with policy successfully. ' });
      const after = await s.call<{ policyId: string }>(
        'GET',
        `${PM}/partners/${auth.partnerId}/apikey/${key.apiKeyId}`,
        { token: s.adminToken },
      );
      assert.equal(after.body.response.policyId, second);
      // A partner reads only its own keys: the admin route refuses it.
      await expectRefused(
        s,
        () => s.call('GET', `${PM}/partners/${auth.partnerId}/apikey/${key.apiKeyId}`, { token: auth.token }),
        403,
        'KER-ATH-403',
      );
      // A de-activated key cannot be moved.
      const revoked = await s.call(
        'PATCH',
        `${PM}/partners/${auth.partnerId}/policy/${second}/apiKey/status`,
        {
          token: auth.token,
          request: { label: 'till-1', status: 'De-active' },
        },
      );
      assert.equal(revoked.status, 200, JSON.stringify(revoked.body.errors));
      await expectRefused(s, () => change(second, first), 409, 'PMS_PMS_022');
    });

    test("credential types: mapped to a published policy, read back with MOSIP's PolicyDto fields", {
      timeout: 120_000,
    }, async () => {
      const policyId = await publishPolicy({ s, pm, group }, 'qr-card', FINGER_ONLY);
      const map = (p: TestPartner, type: string, policyName: string) =>
        s.call<string>(
          'POST',
          `${PM}/partners/${p.partnerId}/credentialtype/${type}/policies/${policyName}`,
          {
            token: p.token,
          },
        );
      const mapped = await map(credential, 'qrcode', 'qr-card');
      assert.equal(mapped.status, 200, JSON.stringify(mapped.body.errors));
      assert.equal(mapped.body.response, 'Partner, policy and credentialType mapping done successfully.');
      const read = await s.call<Record<string, unknown>>(
        'GET',
        `${PM}/partners/${credential.partnerId}/credentialtype/qrcode/policies`,
        { token: credential.token },
      );
      assert.equal(read.status, 200, JSON.stringify(read.body.errors));
      const r = read.body.response;
      assert.deepEqual(
        [r.partnerId, r.credentialType, r.policyId, r.policyName, r.status, r.is_Active],
        [credential.partnerId, 'qrcode', policyId, 'qr-card', 'PUBLISHED', true],
      );
      assert.deepEqual(r.policies, FINGER_ONLY);
      for (const field of [
        'policyDesc',
        'policyType',
        'publishDate',
        'validTill',
        'version',
        'cr_by',
        'cr_dtimes',
      ])
        assert.ok(field in r, `missing ${field}`);
      await expectRefused(s, () => map(credential, 'passport', 'qr-card'), 400, 'PMS_PRT_072');
      await expectRefused(s, () => map(credential, 'euin', 'no-such-policy'), 404, 'PMS_PRT_073');
      await expectRefused(
        s,
        () =>
          s.call('GET', `${PM}/partners/${credential.partnerId}/credentialtype/euin/policies`, {
            token: credential.token,
          }),
        404,
        'PMS_PRT_064',
      );
      // Another credential partner neither maps nor reads this partner's types.
      await expectRefused(
        s,
        () =>
          s.call('POST', `${PM}/partners/${credential.partnerId}/credentialtype/euin/policies/qr-card`, {
            token: other.token,
          }),
        403,
        'PMS_PRT_055',
      );
      await expectRefused(
        s,
        () =>
          s.call('GET', `${PM}/partners/${credential.partnerId}/credentialtype/qrcode/policies`, {
            token: other.token,
          }),
        403,
        'PMS_PRT_055',
      );
      // An authentication partner holds no credential policies here (its role is not in MOSIP's list).
      await expectRefused(s, () => map(auth, 'auth', 'qr-card'), 403, 'KER-ATH-403');
    });

    test('biometric extractors: set before approval, replaced per attribute, fixed once approved', {
      timeout: 120_000,
    }, async () => {
      const policyId = await publishPolicy({ s, pm, group }, 'print-card', FINGER_ONLY);
      const set = (extractors: unknown[], p: TestPartner = credential) =>
        s.call<string>('POST', `${PM}/partners/${p.partnerId}/bioextractors/${policyId}`, {
          token: p.token,
          request: { extractors },
        });
      const face = {
        attributeName: 'photo',
        biometric: 'face',
        extractor: { provider: 'mock', version: '1.1' },
      };
      const finger = {
        attributeName: 'fingers',
        biometric: 'finger[Left IndexFinger,Right IndexFinger]',
        extractor: { provider: 'neuro', version: '12' },
      };
      await expectRefused(s, () => set([face]), 404, 'PMS_PRT_061');
      const asked = await s.call<{ mappingkey: string }>(
        'POST',
        `${PM}/partners/${credential.partnerId}/policy/map`,
        {
          token: credential.token,
          request: { policyName: 'print-card', useCaseDescription: 'print cards' },
        },
      );
      assert.equal(asked.status, 200, JSON.stringify(asked.body.errors));
      const added = await set([face, finger]);
      assert.equal(added.status, 200, JSON.stringify(added.body.errors));
      assert.equal(added.body.response, 'Extractors added successfully.');
      const replaced = await set([{ ...face, extractor: { provider: 'other', version: '2' } }]);
      assert.equal(replaced.status, 200, JSON.stringify(replaced.body.errors));
      const read = await s.call<{ extractors: unknown[] }>(
        'GET',
        `${PM}/partners/${credential.partnerId}/bioextractors/${policyId}`,
        { token: credential.token },
      );
      assert.deepEqual(read.body.response, {
        extractors: [finger, { ...face, extractor: { provider: 'other', version: '2' } }],
      });
      await expectRefused(s, () => set([face], other), 404, 'PMS_PRT_061');
      await expectRefused(
        s,
        () =>
          s.call('GET', `${PM}/partners/${credential.partnerId}/bioextractors/${policyId}`, {
            token: other.token,
          }),
        403,
        'PMS_PRT_055',
      );
      await expectRefused(
        s,
        () =>
          s.call('GET', `${PM}/partners/${other.partnerId}/bioextractors/${policyId}`, {
            token: other.token,
          }),
        404,
        'PMS_PRT_064',
      );
      const approved = await s.call('PUT', `${PM}/partners/policy/${asked.body.response.mappingkey}`, {
        token: s.adminToken,
        request: { status: 'Approved' },
      });
      assert.equal(approved.status, 200, JSON.stringify(approved.body.errors));
      await expectRefused(s, () => set([face]), 409, 'PMS_PRT_062');
    });
  });
}
