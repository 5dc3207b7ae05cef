// The authentication API end to end over real HTTP, on both stores: an authentication through a MISP
// licence succeeds and appears in the partner's and the MISP's logs; then one cause at a time, each next
// authentication refused with its own code and the partner's trace naming the check; a wider policy
// version does not widen an existing key; bad input gets a 4xx with a code and changes only the log.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { codeOf, PM } from './capability-fixtures.ts';
import {
  type AuthAnswer,
  type AuthWorld,
  acceptedWithin,
  approvedKey,
  authenticateOnce,
  buildAuthRequest,
  captureFor,
  FINGER_AND_IRIS,
  issueLicense,
  OTP_ONLY,
  publishPolicy,
  refusedWithin,
  setUpAuthWorld,
} from './support/auth-fixture.ts';
import { diffSnapshots, STORES, startTestServer } from './support/server.ts';

type Trace = {
  transactionId: string;
  status: string;
  errorCodes: string[];
  failedCheck: string | null;
  matchPerformed: boolean | null;
  trace: { check: string; outcome: string; code?: string }[];
};

// AUTH_TEST_STORE=pglite|postgres runs one store only (development); the suite runs both.
for (const store of STORES.filter((k) => !process.env.AUTH_TEST_STORE || k === process.env.AUTH_TEST_STORE)) {
  describe(`authentication API (${store})`, { timeout: 600_000 }, () => {
    let w: AuthWorld;
    /** The key approved under the wider policy version (set by the policy-version test). */
    let counter2: Awaited<ReturnType<typeof approvedKey>>;

    before(
      async () => {
        w = await setUpAuthWorld(await startTestServer({ store }));
      },
      { timeout: 300_000 },
    );
    after(
      async () => {
        await w?.devices.stop();
        await w?.s.close();
      },
      { timeout: 60_000 },
    );

    const traceOf = (transactionId: string, token = w.partner.token) =>
      w.s.call<Trace[]>('GET', `/v1/trust/auth-transactions/${transactionId}`, { token });

    /** The refusal's code, message naming the cause, and the partner's trace naming the check. */
    async function expectRefusal(answer: AuthAnswer, code: string, check: string, cause: RegExp) {
      assert.equal(answer.body.errors?.[0]?.errorCode, code, JSON.stringify(answer.body));
      assert.ok(answer.status >= 400 && answer.status < 500, `status ${answer.status}`);
      assert.match(answer.body.errors?.[0]?.errorMessage ?? '', cause);
      assert.equal(answer.body.response?.authStatus, false);
      const t = await traceOf(answer.transactionId);
      assert.equal(t.status, 200, JSON.stringify(t.body.errors));
      const row = t.body.response[0];
      assert.ok(row);
      assert.equal(row.status, 'failure');
      assert.equal(row.failedCheck, check);
      assert.equal(row.errorCodes[0], code);
      const failed = row.trace.filter((s) => s.outcome === 'fail');
      assert.deepEqual(
        failed.map((s) => [s.check, s.code]),
        [[check, code]],
      );
    }

    test('an authentication through a licence succeeds, says no match was performed, and is in both logs', async () => {
      const ok = await authenticateOnce(w);
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.body.errors, null);
      assert.equal(ok.body.response?.authStatus, true);
      assert.equal(ok.body.response?.bioMatch?.performed, false);
      assert.match(ok.body.response?.bioMatch?.message ?? '', /No biometric match was performed/);

      const own = await w.s.call<{ data: Trace[] }>(
        'GET',
        `/v1/trust/partners/${w.partner.partnerId}/auth-transactions`,
        {
          token: w.partner.token,
        },
      );
      const mine = own.body.response.data.find((r) => r.transactionId === ok.transactionId);
      assert.ok(mine, 'in the partner log');
      assert.equal(mine.status, 'success');
      assert.equal(mine.matchPerformed, false);
      assert.ok(mine.trace.some((s) => s.check === 'capture.data.signature' && s.outcome === 'pass'));
      assert.ok(mine.trace.some((s) => s.check === 'match' && s.outcome === 'not-run'));

      const mispLog = await w.s.call<{
        data: { transactionId: string; partnerId: string; status: string }[];
      }>('GET', `${PM}/misps/${w.misp.partnerId}/transactions`, { token: w.misp.token });
      const seen = mispLog.body.response.data.find((r) => r.transactionId === ok.transactionId);
      assert.deepEqual(seen && [seen.partnerId, seen.status], [w.partner.partnerId, 'success']);

      // The trace: the partner and the MISP of the licence read it; another partner and the admin do not.
      assert.equal((await traceOf(ok.transactionId, w.misp.token)).status, 200);
      const stranger = await w.s.partner('AUTH_PARTNER');
      assert.equal((await traceOf(ok.transactionId, stranger.token)).status, 404);
      assert.equal((await traceOf(ok.transactionId, w.s.adminToken)).status, 403);

      // Nothing biometric and no individual id in clear in the row.
      const dump = JSON.stringify(
        await w.s.server.deps.db.selectFrom('auth_transactions').selectAll().execute(),
      );
      assert.ok(!dump.includes('2345678901'), 'individual id in clear');
      assert.ok(!/[A-Za-z0-9_-]{200,}/.test(dump), 'no encoded biometric data');
    });

    test('a new policy version that allows more does not widen an existing key until approved again', async () => {
      const before = await authenticateOnce(w, { modality: 'iris' });
      await expectRefusal(before, 'IDA-MPA-006', 'authTypes.bio', /IRIS is not allowed/);
      await publishPolicy(w, 'counter', FINGER_AND_IRIS, w.policyV1);
      const still = await authenticateOnce(w, { modality: 'iris' });
      await expectRefusal(still, 'IDA-MPA-006', 'authTypes.bio', /IRIS is not allowed/);
      const v2 = await approvedKey(w, 'counter', 'counter-2');
      assert.notEqual(v2.policyId, w.policyV1);
      const wider = await authenticateOnce(w, { modality: 'iris', apiKey: v2.apiKey });
      assert.equal(wider.status, 200, JSON.stringify(wider.body));
      w.apiKey = v2.apiKey;
      counter2 = v2;
    });

    test('each cause refused with its own code, the trace naming the check', async () => {
      const s = w.s;
      const admin = s.adminToken;
      // Deactivate the partner.
      const setPartner = (id: string, status: string) =>
        s.call('PATCH', `${PM}/partners/${id}`, { token: admin, request: { status } });
      assert.equal((await setPartner(w.partner.partnerId, 'De-active')).status, 200);
      await expectRefusal(
        await refusedWithin(w, 'IDA-MPA-012', 1000),
        'IDA-MPA-012',
        'partner',
        /deactivated/,
      );
      assert.equal((await setPartner(w.partner.partnerId, 'Active')).status, 200);
      assert.equal((await acceptedWithin(w, 1000)).status, 200);

      // Expire the API key through the API (its validity window ends now), then give it its window back.
      const validity = (validTo: string, validFrom = counter2.validFrom) =>
        s.call('PATCH', `${PM}/partners/${w.partner.partnerId}/policy/${counter2.policyId}/apiKey/validity`, {
          token: w.partner.token,
          request: { label: 'counter-2', validFrom, validTo },
        });
      const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
      const expired = await validity(new Date(Date.now() - 1000).toISOString(), hourAgo);
      assert.equal(expired.status, 200, JSON.stringify(expired.body.errors));
      await expectRefusal(await refusedWithin(w, 'IDA-MPA-039', 1000), 'IDA-MPA-039', 'apiKey', /expired/);
      assert.equal((await validity(counter2.validTo)).status, 200);
      assert.equal((await acceptedWithin(w, 1000)).status, 200);
      // The window must end after it starts and not beyond the policy; only the partner and the admin set it.
      // (Policies are valid for 200 years, MOSIP's rule: 2300 is beyond.)
      const refusedWindows: [
        string,
        Promise<{ status: number; body: { errors: { errorCode: string }[] } }>,
      ][] = [
        ['TS_APIKEY_VALIDITY_ORDER', validity('2000-01-01T00:00:00.000Z')],
        ['TS_APIKEY_BEYOND_POLICY', validity('2300-01-01T00:00:00.000Z')],
      ];
      for (const [code, answer] of refusedWindows) assert.equal(codeOf(await answer), code);
      const stranger = await s.partner('AUTH_PARTNER');
      const foreign = await s.call(
        'PATCH',
        `${PM}/partners/${w.partner.partnerId}/policy/${counter2.policyId}/apiKey/validity`,
        { token: stranger.token, request: { label: 'counter-2', validTo: counter2.validTo } },
      );
      assert.equal(foreign.status, 403, JSON.stringify(foreign.body.errors));
      const audited = await s.call<{ action: string; details: { after: string[] } }[]>(
        'GET',
        '/v1/trust/audit?action=apikey.validity',
        { token: admin },
      );
      assert.deepEqual(
        audited.body.response.map((e) => e.details.after[1]).sort(),
        [expired.body.response as unknown as { validTo: string }, { validTo: counter2.validTo }]
          .map((r) => r.validTo)
          .sort(),
      );

      // Block the licence; a new one works.
      const block = await s.call('PUT', `${PM}/misps`, {
        token: w.misp.token,
        request: { providerId: w.misp.partnerId, licenseKey: w.licenseKey, licenseKeyStatus: 'De-active' },
      });
      assert.equal(block.status, 200, JSON.stringify(block.body.errors));
      await expectRefusal(await refusedWithin(w, 'IDA-MPA-017', 1000), 'IDA-MPA-017', 'licence', /blocked/);
      w.licenseKey = await issueLicense(s, w.misp);

      // Deactivate the MISP.
      assert.equal((await setPartner(w.misp.partnerId, 'De-active')).status, 200);
      await expectRefusal(
        await refusedWithin(w, 'TS_AUTH_MISP_INACTIVE', 1000),
        'TS_AUTH_MISP_INACTIVE',
        'misp',
        /MISP .* deactivated/,
      );
      assert.equal((await setPartner(w.misp.partnerId, 'Active')).status, 200);
      assert.equal((await acceptedWithin(w, 1000)).status, 200);

      // The policy changed to forbid the auth type: a key approved under that version is refused bio.
      await publishPolicy(w, 'otp-only', OTP_ONLY);
      const otpKey = await approvedKey(w, 'otp-only', 'otp-1');
      const forbidden = await authenticateOnce(w, { apiKey: otpKey.apiKey });
      await expectRefusal(forbidden, 'IDA-MPA-006', 'authTypes.allowed', /bio is not allowed/);

      // Revoke the API key.
      const revoke = await s.call(
        'PATCH',
        `${PM}/partners/${w.partner.partnerId}/policy/${counter2.policyId}/apiKey/status`,
        {
          token: w.partner.token,
          request: { label: 'counter-2', status: 'De-active' },
        },
      );
      assert.equal(revoke.status, 200, JSON.stringify(revoke.body.errors));
      await expectRefusal(
        await refusedWithin(w, 'TS_AUTH_APIKEY_REVOKED', 1000),
        'TS_AUTH_APIKEY_REVOKED',
        'apiKey',
        /revoked/,
      );

      // Unknown licence, unknown partner key, a stranger's key: each its own code.
      await expectRefusal(
        await authenticateOnce(w, { licenseKey: 'x'.repeat(50) }),
        'IDA-MPA-007',
        'licence',
        /unknown licence/,
      );
      await expectRefusal(
        await authenticateOnce(w, { apiKey: 'y'.repeat(43) }),
        'TS_AUTH_APIKEY_UNKNOWN',
        'apiKey',
        /not registered/,
      );

      // A new key under the approved wider version works again (for the next test).
      const fresh = await s.call<{ apiKey: string }>(
        'PATCH',
        `${PM}/partners/${w.partner.partnerId}/generate/apikey`,
        {
          token: w.partner.token,
          request: { policyName: 'counter', label: 'counter-3' },
        },
      );
      assert.equal(fresh.status, 200, JSON.stringify(fresh.body.errors));
      w.apiKey = fresh.body.response.apiKey;
      assert.equal((await acceptedWithin(w, 1000)).status, 200);

      // Revoke the device (through the registry's API); the iris device still works.
      const fingerCode = w.devices.records.get('1')?.deviceCode as string;
      const revokeDevice = await s.call(
        'PUT',
        `/v1/masterdata/registereddevices/update/status?deviceCode=${fingerCode}&statusCode=Revoked`,
        { token: w.provider.token },
      );
      assert.equal(revokeDevice.status, 200, JSON.stringify(revokeDevice.body.errors));
      await expectRefusal(
        await refusedWithin(w, 'VER_DEVICE_REVOKED', 1000),
        'VER_DEVICE_REVOKED',
        'capture.device.registration',
        /revoked/i,
      );
      assert.equal((await authenticateOnce(w, { modality: 'iris' })).status, 200);
    });

    test('bad input gets a 4xx with a code and changes nothing but the transaction log', async () => {
      const transactionId = 'badinput0001';
      const biometrics = await captureFor(w.devices, transactionId, 'iris');
      const good = await buildAuthRequest({
        transactionId,
        biometrics,
        encryptionDer: w.encryptionDer,
        signer: w.signer,
      });
      const url = `${w.s.baseUrl}/idauthentication/v1/auth/${w.licenseKey}/${w.partner.partnerId}/${w.apiKey}`;
      const send = async (body: string, headers: Record<string, string>) => {
        const res = await fetch(url, { method: 'POST', headers, body });
        const text = await res.text();
        let json: { errors?: { errorCode: string }[] | null } = {};
        try {
          json = JSON.parse(text);
        } catch {}
        return { status: res.status, code: json.errors?.[0]?.errorCode };
      };
      const signed = async (body: Record<string, unknown>) => {
        const raw = JSON.stringify(body);
        const { signDetachedJws } = await import('@mosip-trust/crypto');
        return { raw, signature: await signDetachedJws(raw, w.signer) };
      };
      const json = { 'content-type': 'application/json' };
      const cases: [string, () => Promise<{ status: number; code: string | undefined }>, number, string][] = [
        ['malformed body', () => send('{"id":', { ...json, signature: good.signature }), 400, 'IDA-MLC-009'],
        ['not an object', () => send('[1,2]', { ...json, signature: good.signature }), 400, 'IDA-MLC-009'],
        [
          'missing field',
          async () => {
            const { requestHMAC: _, ...rest } = good.body;
            const b = await signed(rest);
            return send(b.raw, { ...json, signature: b.signature });
          },
          400,
          'IDA-MLC-006',
        ],
        [
          'bad base64',
          async () => {
            const b = await signed({ ...good.body, request: '!!not base64!!' });
            return send(b.raw, { ...json, signature: b.signature });
          },
          400,
          'IDA-MLC-009',
        ],
        [
          'wrong size session key',
          async () => {
            const b = await signed({
              ...good.body,
              requestSessionKey: Buffer.alloc(16).toString('base64url'),
            });
            return send(b.raw, { ...json, signature: b.signature });
          },
          401,
          'IDA-MPA-003',
        ],
        [
          'too long transaction id',
          async () => {
            const b = await signed({ ...good.body, transactionID: 'x'.repeat(65) });
            return send(b.raw, { ...json, signature: b.signature });
          },
          400,
          'IDA-MLC-009',
        ],
        [
          'wrong content type',
          () => send(good.raw, { 'content-type': 'text/plain', signature: good.signature }),
          415,
          'TS_AUTH_UNSUPPORTED_MEDIA_TYPE',
        ],
        ['missing signature header', () => send(good.raw, json), 400, 'IDA-MLC-006'],
        [
          'signature over other bytes',
          () => send(`${good.raw} `, { ...json, signature: good.signature }),
          401,
          'IDA-MPA-001',
        ],
        [
          'huge payload',
          () => send(' '.repeat(3 * 1024 * 1024), { ...json, signature: good.signature }),
          413,
          'TS_BODY_TOO_LARGE',
        ],
      ];
      for (const [name, run, status, code] of cases) {
        const before = await w.s.snapshot();
        const got = await run();
        assert.deepEqual([got.status, got.code], [status, code], name);
        const changed = diffSnapshots(before, await w.s.snapshot()).filter((t) => t !== 'auth_transactions');
        assert.deepEqual(changed, [], `${name} changed ${changed.join(', ')}`);
      }
      // The well-formed request still goes through afterwards.
      const res = await fetch(url, {
        method: 'POST',
        headers: { ...json, signature: good.signature },
        body: good.raw,
      });
      assert.equal(res.status, 200, await res.text());
    });
  });
}
