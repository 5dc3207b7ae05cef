import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ROLES } from '../src/index.ts';
import { hashSecret } from '../src/modules/api-keys/secret.ts';
import { type ApiKeyValidation, validateApiKey } from '../src/modules/api-keys/validation.ts';
import { codeOf, expectRefused, PM, POL } from './capability-fixtures.ts';
import { STORES, startTestServer, type TestPartner, type TestServer } from './support/server.ts';

const AUTH_POLICY = {
  authTokenType: 'partner',
  allowedAuthTypes: [{ authType: 'otp', mandatory: false }],
  allowedKycAttributes: [{ attributeName: 'fullName' }],
};
const WIDER_AUTH_POLICY = {
  ...AUTH_POLICY,
  allowedAuthTypes: [
    ...AUTH_POLICY.allowedAuthTypes,
    { authType: 'bio', authSubType: 'FINGER', mandatory: false },
  ],
};
const DATA_SHARE_POLICY = {
  dataSharePolicies: {
    typeOfShare: 'Data Share',
    validForInMinutes: '30',
    transactionsAllowed: '2',
    encryptionType: 'Partner Based',
    shareDomain: 'datashare.datashare',
    source: 'ID Repository',
  },
  shareableAttributes: [
    {
      attributeName: 'fullName',
      source: [{ attribute: 'fullName', filter: [{ language: 'eng' }] }],
      encrypted: false,
    },
  ],
};

const outcome = (v: ApiKeyValidation) => (v.valid ? 'valid' : v.errorCode);

interface Created {
  id: string;
  revision: number;
  status: string;
  lineageId: string;
}

for (const store of STORES) {
  describe(`policies and API keys (${store})`, () => {
    let s: TestServer;
    let pm: string;
    let group: { id: string; name: string };
    let partner: TestPartner;
    let other: TestPartner;

    const createPolicy = (request: Record<string, unknown>, token = pm) =>
      s.call<Created>('POST', `${POL}/policies`, { token, request });
    const publish = (id: string) =>
      s.call('POST', `${POL}/policies/${id}/group/${group.id}/publish`, { token: pm });
    const mapPolicy = (p: TestPartner, policyName: string) =>
      s.call<{ mappingkey: string }>('POST', `${PM}/partners/${p.partnerId}/policy/map`, {
        token: p.token,
        request: { policyName, useCaseDescription: 'authenticate customers at the counter' },
      });
    const decide = (key: string, status: string, reason?: string) =>
      s.call('PUT', `${PM}/partners/policy/${key}`, {
        token: s.adminToken,
        request: { status, ...(reason ? { reason } : {}) },
      });
    const generate = (p: TestPartner, policyName: string, label: string) =>
      s.call<{ apiKey: string; apiKeyId: string; policyId: string; validTo: string }>(
        'PATCH',
        `${PM}/partners/${p.partnerId}/generate/apikey`,
        {
          token: p.token,
          request: { policyName, label },
        },
      );

    before(
      async () => {
        s = await startTestServer({ store });
        pm = (await s.staff(ROLES.POLICYMANAGER)).token;
        const res = await s.call<{ id: string; name: string }>('POST', `${POL}/policies/group/new`, {
          token: pm,
          request: { name: 'bank-group', desc: 'banks' },
        });
        assert.equal(res.status, 200, JSON.stringify(res.body.errors));
        group = res.body.response;
        partner = await s.partner(ROLES.AUTH_PARTNER, { policyGroup: group.name });
        other = await s.partner(ROLES.AUTH_PARTNER, { policyGroup: group.name });
      },
      { timeout: 300_000 },
    );
    after(async () => s?.close(), { timeout: 60_000 });

    test('policy groups: create, refuse duplicates and bad input, read', { timeout: 300_000 }, async () => {
      await expectRefused(
        s,
        () =>
          s.call('POST', `${POL}/policies/group/new`, {
            token: pm,
            request: { name: 'bank-group', desc: 'again' },
          }),
        409,
        'PMS_POL_014',
      );
      await expectRefused(
        s,
        () => s.call('POST', `${POL}/policies/group/new`, { token: pm, request: { name: 'no-desc' } }),
        400,
        'PMS_COR_001',
      );
      await expectRefused(
        s,
        () => s.call('POST', `${POL}/policies/group/new`, { token: pm, request: { name: 7, desc: 'x' } }),
        400,
        'PMS_COR_001',
      );
      await expectRefused(
        s,
        () =>
          s.call('POST', `${POL}/policies/group/new`, {
            token: partner.token,
            request: { name: 'mine', desc: 'x' },
          }),
        403,
        'KER-ATH-403',
      );
      await expectRefused(
        s,
        () => s.call('PUT', `${POL}/policies/group/nope`, { token: pm, request: { name: 'x', desc: 'y' } }),
        404,
        'PMS_POL_016',
      );
      const one = await s.call<{ policyGroup: { name: string } }>(
        'GET',
        `${POL}/policies/group/${group.id}`,
        { token: pm },
      );
      assert.equal(one.body.response.policyGroup.name, 'bank-group');
    });

    test('policies: drafts validated against their type schema, published ones immutable, edits make new versions', {
      timeout: 300_000,
    }, async () => {
      const base = {
        policyGroupName: group.name,
        name: 'kyc',
        desc: 'KYC policy',
        version: '1.0',
        policyType: 'Auth',
        policies: AUTH_POLICY,
      };
      const bad: [Record<string, unknown>, number, string][] = [
        [{ ...base, policyType: 'Payments' }, 400, 'PMS_POL_023'],
        [{ ...base, policies: { ...AUTH_POLICY, extra: true } }, 400, 'PMS_PV_005'],
        [{ ...base, policies: { authTokenType: 'partner', allowedKycAttributes: [] } }, 400, 'PMS_PV_006'],
        [{ ...base, policies: { ...AUTH_POLICY, authTokenType: 'nobody' } }, 400, 'PMS_PV_005'],
        [{ ...base, policyType: 'DataShare' }, 400, 'PMS_PV_006'],
        [{ ...base, policyGroupName: 'no-such-group' }, 404, 'PMS_POL_019'],
        [{ ...base, policies: 'text' }, 400, 'PMS_COR_001'],
        [{ ...base, name: undefined }, 400, 'PMS_COR_001'],
      ];
      for (const [request, status, code] of bad)
        await expectRefused(s, () => createPolicy(request), status, code);

      const created = await createPolicy(base);
      assert.equal(created.status, 200, JSON.stringify(created.body.errors));
      assert.equal(created.body.response.status, 'DRAFTED');
      const id = created.body.response.id;
      await expectRefused(s, () => createPolicy({ ...base, name: 'KYC' }), 409, 'PMS_POL_009');
      const ds = await createPolicy({
        ...base,
        name: 'share',
        policyType: 'datashare',
        policies: DATA_SHARE_POLICY,
      });
      assert.equal(ds.status, 200, JSON.stringify(ds.body.errors));

      const edit = {
        policyGroupName: group.name,
        name: 'kyc',
        desc: 'KYC policy, edited',
        version: '1.0',
        policies: AUTH_POLICY,
      };
      const inPlace = await s.call<Created>('PUT', `${POL}/policies/${id}`, { token: pm, request: edit });
      assert.equal(inPlace.body.response.id, id, 'a draft is edited in place');

      const published = await publish(id);
      assert.equal(published.status, 200, JSON.stringify(published.body.errors));
      await expectRefused(s, () => publish(id), 409, 'PMS_POL_020');
      const active = await s.call<{ id: string }[]>('GET', `${POL}/policies/active/group/${group.name}`, {
        token: partner.token,
      });
      assert.deepEqual(
        active.body.response.map((p) => p.id),
        [id],
      );

      const v2 = await s.call<Created>('PUT', `${POL}/policies/${id}`, {
        token: pm,
        request: { ...edit, version: '1.1', policies: WIDER_AUTH_POLICY },
      });
      assert.equal(v2.status, 200, JSON.stringify(v2.body.errors));
      assert.notEqual(v2.body.response.id, id);
      assert.equal(v2.body.response.revision, 2);
      assert.equal(v2.body.response.lineageId, id);
      assert.equal(v2.body.response.status, 'DRAFTED');
      const original = await s.call<{ policies: unknown; status: string }>('GET', `${POL}/policies/${id}`, {
        token: pm,
      });
      assert.deepEqual(original.body.response.policies, AUTH_POLICY, 'the published version is unchanged');
      assert.equal(original.body.response.status, 'PUBLISHED');
      await expectRefused(
        s,
        () => s.call('PUT', `${POL}/policies/${id}`, { token: pm, request: edit }),
        409,
        'TS_POLICY_DRAFT_EXISTS',
      );
      await expectRefused(
        s,
        () =>
          s.call('PATCH', `${POL}/policies/${v2.body.response.id}/group/${group.id}`, {
            token: pm,
            request: { status: 'Active' },
          }),
        409,
        'PMS_POL_054',
      );
      await expectRefused(
        s,
        () =>
          s.call('PATCH', `${POL}/policies/${id}/group/${group.id}`, {
            token: pm,
            request: { status: 'Retired' },
          }),
        400,
        'PMS_POL_045',
      );
    });

    test('API key: request, concurrent decisions (one wins), secret shown once and stored hashed, rotation, revocation', {
      timeout: 300_000,
    }, async () => {
      await expectRefused(s, () => generate(partner, 'kyc', 'early'), 409, 'PMS_PRT_109');
      await expectRefused(s, () => mapPolicy(partner, 'no-such-policy'), 404, 'PMS_PRT_098');
      await expectRefused(s, () => mapPolicy(partner, 'share'), 409, 'PMS_PMP_019');
      await expectRefused(
        s,
        () =>
          s.call('POST', `${PM}/partners/${partner.partnerId}/policy/map`, {
            token: partner.token,
            request: { policyName: 'kyc' },
          }),
        400,
        'PMS_COR_001',
      );
      await expectRefused(
        s,
        () => mapPolicy({ ...other, partnerId: partner.partnerId }, 'kyc'),
        403,
        'PMS_PRT_055',
      );

      const first = await mapPolicy(partner, 'kyc');
      assert.equal(first.status, 200, JSON.stringify(first.body.errors));
      const key = first.body.response.mappingkey;
      await expectRefused(s, () => mapPolicy(partner, 'kyc'), 409, 'PMS_PRT_053');
      // A rejection without a reason is MOSIP's 1.2 portal's: recorded as "no reason given" (compat-onboarding.test.ts).
      await expectRefused(s, () => decide(key, 'Maybe'), 400, 'PMS_PM_045');
      await expectRefused(s, () => decide('no-such-request', 'Approved'), 404, 'PMS_PMP_007');

      const [a, b] = await Promise.all([decide(key, 'Approved'), decide(key, 'Approved')]);
      assert.deepEqual(
        [a.status, b.status].sort(),
        [200, 409],
        `${JSON.stringify(a.body)} ${JSON.stringify(b.body)}`,
      );
      assert.equal(codeOf(a.status === 409 ? a : b), 'PMS_PM_034');
      await expectRefused(s, () => decide(key, 'Rejected', 'too late'), 409, 'PMS_PM_034');

      const made = await generate(partner, 'kyc', 'counter-1');
      assert.equal(made.status, 200, JSON.stringify(made.body.errors));
      const secret = made.body.response.apiKey;
      assert.match(secret, /^[A-Za-z0-9_-]{43}$/);
      const db = s.server.deps.db;
      const rows = await db
        .selectFrom('api_keys')
        .selectAll()
        .where('partner_id', '=', partner.partnerId)
        .execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.secret_hash, hashSecret(secret));
      assert.ok(!JSON.stringify(rows).includes(secret), 'the secret is not stored');
      const audit = await s.call('GET', '/v1/trust/audit?limit=1000', { token: s.adminToken });
      assert.ok(!JSON.stringify(audit.body).includes(secret), 'the secret is not in the audit log');
      const listed = await s.call('GET', `${PM}/partners/${partner.partnerId}/apikey/request`, {
        token: partner.token,
      });
      assert.ok(!JSON.stringify(listed.body).includes(secret), 'the secret is never shown again');
      assert.match(JSON.stringify(listed.body.response), /counter-1/);

      assert.equal((await validateApiKey(db, partner.partnerId, secret)).valid, true);
      assert.deepEqual(await validateApiKey(db, other.partnerId, secret), {
        valid: false,
        errorCode: 'IDA-MPA-009',
        message: 'Partner is not registered',
      });
      const tampered = `${secret[0] === 'A' ? 'B' : 'A'}${secret.slice(1)}`;
      assert.equal(outcome(await validateApiKey(db, partner.partnerId, tampered)), 'IDA-MPA-009');
      await expectRefused(s, () => generate(partner, 'kyc', 'COUNTER-1'), 409, 'PMS_PRT_110');
      await expectRefused(s, () => generate(other, 'kyc', 'x'), 409, 'PMS_PRT_109');
      await expectRefused(
        s,
        () =>
          s.call('PATCH', `${PM}/partners/${partner.partnerId}/generate/apikey`, {
            token: other.token,
            request: { policyName: 'kyc', label: 'stolen' },
          }),
        403,
        'PMS_PRT_055',
      );

      const policyId = made.body.response.policyId;
      const rotate = (overlapHours: number) =>
        s.call<{ apiKey: string; previousApiKeyId: string; previousValidTo: string }>(
          'POST',
          `${PM}/partners/${partner.partnerId}/policy/${policyId}/apiKey/rotate`,
          {
            token: partner.token,
            request: { label: 'counter-1', overlapHours },
          },
        );
      const rotateCalled = Date.now();
      const rotated = await rotate(2);
      const rotateAnswered = Date.now();
      assert.equal(rotated.status, 200, JSON.stringify(rotated.body.errors));
      const next = rotated.body.response.apiKey;
      assert.notEqual(next, secret);
      assert.equal(
        (await validateApiKey(db, partner.partnerId, secret)).valid,
        true,
        'the old key works during the overlap',
      );
      assert.equal((await validateApiKey(db, partner.partnerId, next)).valid, true);
      const overlapEnd = new Date(rotated.body.response.previousValidTo).getTime();
      // The overlap ends two hours after the server's "now", which lies between the call and its answer.
      assert.ok(
        overlapEnd >= rotateCalled + 2 * 3_600_000 && overlapEnd <= rotateAnswered + 2 * 3_600_000,
        `overlap end ${rotated.body.response.previousValidTo}`,
      );
      const later = new Date(Date.now() + 3 * 3_600_000);
      assert.equal(
        outcome(await validateApiKey(db, partner.partnerId, secret, later)),
        'IDA-MPA-039',
        'after the overlap the old key is expired',
      );
      assert.equal((await validateApiKey(db, partner.partnerId, next, later)).valid, true);

      const revoke = await s.call(
        'PATCH',
        `${PM}/partners/${partner.partnerId}/policy/${policyId}/apiKey/status`,
        {
          token: partner.token,
          request: { label: 'counter-1', status: 'De-active' },
        },
      );
      assert.equal(revoke.status, 200, JSON.stringify(revoke.body.errors));
      for (const k of [secret, next])
        assert.equal(outcome(await validateApiKey(db, partner.partnerId, k)), 'IDA-MPA-012');
      await expectRefused(
        s,
        () =>
          s.call('PATCH', `${PM}/partners/${partner.partnerId}/policy/${policyId}/apiKey/status`, {
            token: partner.token,
            request: { label: 'counter-1', status: 'Active' },
          }),
        409,
        'TS_APIKEY_REVOKED',
      );
      await expectRefused(s, () => rotate(1), 409, 'PMS_PMS_022');
    });

    test('a new policy version never widens an existing key: keys stay bound to the approved version', {
      timeout: 300_000,
    }, async () => {
      const db = s.server.deps.db;
      const cred = await s.partner(ROLES.CREDENTIAL_PARTNER, { policyGroup: group.name });
      const request = await mapPolicy(cred, 'kyc');
      assert.equal((await decide(request.body.response.mappingkey, 'Approved')).status, 200);
      const made = await generate(cred, 'kyc', 'main');
      const v1 = made.body.response.policyId;
      const versions = await s.call<{ policyId: string; revision: number; status: string }[]>(
        'GET',
        `${POL}/policies`,
        { token: pm },
      );
      const v2 = versions.body.response.find((p) => p.revision === 2 && p.status === 'DRAFTED');
      assert.ok(v2, 'version 2 draft from the previous test');
      assert.equal((await publish(v2.policyId)).status, 200);
      const check = await validateApiKey(db, cred.partnerId, made.body.response.apiKey);
      assert.equal(check.valid && check.policyId, v1, 'the key is still bound to version 1');
      const fetched = await s.call<{ policies: unknown; revision: number }>(
        'GET',
        `${POL}/policies/${v1}/partner/${cred.partnerId}`,
        { token: cred.token },
      );
      assert.deepEqual(fetched.body.response.policies, AUTH_POLICY, 'what the key allows did not widen');
      assert.equal(
        codeOf(
          await s.call('GET', `${POL}/policies/${v2.policyId}/partner/${cred.partnerId}`, {
            token: cred.token,
          }),
        ),
        'PMS_POL_017',
      );
      // New keys by name stay on the approved version until version 2 is requested and approved.
      const second = await generate(cred, 'kyc', 'second');
      assert.equal(second.body.response.policyId, v1);
      const again = await mapPolicy(cred, 'kyc');
      assert.equal(again.status, 200, 'a request for the new version is a new request');
      assert.equal(
        (await decide(again.body.response.mappingkey, 'Rejected', 'biometrics not needed')).status,
        200,
      );
      const listed = await s.call<{ apiKeyRequestStatus: string; reason: string | null }[]>(
        'GET',
        `${PM}/partners/${cred.partnerId}/apikey/request`,
        {
          token: cred.token,
        },
      );
      assert.deepEqual(
        listed.body.response.map((r) => [r.apiKeyRequestStatus, r.reason]),
        [
          ['approved', null],
          ['rejected', 'biometrics not needed'],
        ],
      );

      // Deactivation is refused while active keys use the version; allowed once they are revoked.
      await expectRefused(
        s,
        () =>
          s.call('PATCH', `${POL}/policies/${v1}/group/${group.id}`, {
            token: pm,
            request: { status: 'De-active' },
          }),
        409,
        'PMS_POL_057',
      );
      for (const label of ['main', 'second']) {
        const r = await s.call('PATCH', `${PM}/partners/${cred.partnerId}/policy/${v1}/apiKey/status`, {
          token: s.adminToken,
          request: { label, status: 'De-active' },
        });
        assert.equal(r.status, 200, JSON.stringify(r.body.errors));
      }
      const deactivated = await s.call('PATCH', `${POL}/policies/${v1}/group/${group.id}`, {
        token: pm,
        request: { status: 'De-active' },
      });
      assert.equal(deactivated.status, 200, JSON.stringify(deactivated.body.errors));
      const after = await s.call<{ status: string }>('GET', `${POL}/policies/${v1}`, { token: pm });
      assert.equal(after.body.response.status, 'DEACTIVATED');
    });

    test('concurrent approve and reject of one request: exactly one wins, one audit entry', {
      timeout: 300_000,
    }, async () => {
      const p = await s.partner(ROLES.AUTH_PARTNER, { policyGroup: group.name });
      const req = await mapPolicy(p, 'kyc');
      const key = req.body.response.mappingkey;
      const [a, b] = await Promise.all([decide(key, 'Approved'), decide(key, 'Rejected', 'no')]);
      assert.deepEqual([a.status, b.status].sort(), [200, 409]);
      const loserCode = codeOf(a.status === 409 ? a : b);
      assert.equal(loserCode, a.status === 200 ? 'PMS_PM_034' : 'PMS_PM_035');
      const audit = await s.call<{ action: string }[]>(
        'GET',
        `/v1/trust/audit?target=policy-request:${key}`,
        { token: s.adminToken },
      );
      assert.equal(
        audit.body.response.filter((e) => /apikey\.request\.(approve|reject)/.test(e.action)).length,
        1,
      );
    });
  });
}
