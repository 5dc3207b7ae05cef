import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { ROLES } from '../src/index.ts';
import { createChain, orgOf, PM, POL, partnerLeaf, uploadCa } from './capability-fixtures.ts';
import { STORES, startTestServer, type TestServer } from './support/server.ts';

/** Collects everything the server's logger writes. */
class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

for (const store of STORES) {
  describe(`secrets never reach the log (${store})`, () => {
    const log = new Capture();
    const kek = randomBytes(32).toString('base64');
    let s: TestServer;
    before(
      async () => {
        // The production logger configuration (redaction included) at its most verbose level.
        s = await startTestServer({
          store,
          env: { MOSIP_TRUST_LOG_LEVEL: 'trace', MOSIP_TRUST_KEK: kek },
          logStream: log,
        });
      },
      { timeout: 300_000 },
    );
    after(async () => s?.close(), { timeout: 60_000 });

    test('login, client login, API key issue and certificate upload log no password, secret, token or key', {
      timeout: 300_000,
    }, async () => {
      const secrets: Record<string, string> = {
        'admin password': s.adminPassword,
        'admin token': s.adminToken,
        kek,
      };
      const expectOk = async (res: Promise<{ status: number; body: { errors: unknown } }>) => {
        const r = await res;
        assert.equal(r.status, 200, JSON.stringify(r.body.errors));
        return r as Awaited<typeof res> & { body: { response: never } };
      };

      // Password login, and a failed one (the wrong password is as secret as the right one).
      const wrong = `wrong-${randomBytes(9).toString('base64url')}`;
      secrets['wrong password'] = wrong;
      const failed = await s.call('POST', '/v1/authmanager/authenticate/useridPwd', {
        request: { userName: s.adminUser, password: wrong },
      });
      assert.equal(failed.status, 401);
      const pm = await s.staff(ROLES.POLICYMANAGER);
      Object.assign(secrets, { 'policy manager password': pm.password, 'policy manager token': pm.token });

      // A policy and an authentication partner holding it.
      const group = (
        await expectOk(
          s.call('POST', `${POL}/policies/group/new`, {
            token: pm.token,
            request: { name: 'log-group', desc: 'log test' },
          }),
        )
      ).body.response as { id: string; name: string };
      const policy = (
        await expectOk(
          s.call('POST', `${POL}/policies`, {
            token: pm.token,
            request: {
              policyGroupName: group.name,
              name: 'log-policy',
              desc: 'log test',
              version: '1.0',
              policyType: 'Auth',
              policies: {
                authTokenType: 'partner',
                allowedAuthTypes: [{ authType: 'otp', mandatory: false }],
                allowedKycAttributes: [{ attributeName: 'fullName' }],
              },
            },
          }),
        )
      ).body.response as { id: string };
      await expectOk(
        s.call('POST', `${POL}/policies/${policy.id}/group/${group.id}/publish`, { token: pm.token }),
      );
      const partner = await s.partner(ROLES.AUTH_PARTNER, { policyGroup: group.name });
      Object.assign(secrets, { 'partner password': partner.password, 'partner token': partner.token });

      // Client-credential login (the token comes back in the body, the header and a cookie).
      const client = (
        await expectOk(
          s.call('POST', '/v1/trust/clients', { token: partner.token, request: { name: 'log server' } }),
        )
      ).body.response as { client: { clientId: string }; secretKey: string };
      secrets['client secret'] = client.secretKey;
      const clientLogin = await expectOk(
        s.call('POST', '/v1/authmanager/authenticate/clientidsecretkey', {
          request: { clientId: client.client.clientId, secretKey: client.secretKey, appId: 'partner' },
        }),
      );
      secrets['client token'] = (clientLogin.body.response as { token: string }).token;
      // The token sent back as a bare header and as the cookie, as MOSIP clients do.
      await expectOk(
        s.call('GET', '/v1/trust/auth/me', { headers: { authorization: secrets['client token'] } }),
      );
      await expectOk(
        s.call('GET', '/v1/trust/auth/me', {
          headers: { cookie: `Authorization=${secrets['client token']}` },
        }),
      );

      // API key issue.
      const map = await expectOk(
        s.call('POST', `${PM}/partners/${partner.partnerId}/policy/map`, {
          token: partner.token,
          request: { policyName: 'log-policy', useCaseDescription: 'log test' },
        }),
      );
      const mappingKey = (map.body.response as { mappingkey: string }).mappingkey;
      await expectOk(
        s.call('PUT', `${PM}/partners/policy/${mappingKey}`, {
          token: s.adminToken,
          request: { status: 'Approved' },
        }),
      );
      const issued = await expectOk(
        s.call('PATCH', `${PM}/partners/${partner.partnerId}/generate/apikey`, {
          token: partner.token,
          request: { policyName: 'log-policy', label: 'log-key' },
        }),
      );
      secrets['API key'] = (issued.body.response as { apiKey: string }).apiKey;

      // Certificate upload: validated against the domain and re-signed with the platform partner CA's private key.
      const chain = await createChain('LogCA');
      await uploadCa(s, chain.root.certificatePem, 'AUTH');
      const leaf = await partnerLeaf(chain.root, orgOf(partner.partnerId));
      await expectOk(
        s.call('POST', `${PM}/partners/certificate/upload`, {
          token: partner.token,
          request: {
            partnerId: partner.partnerId,
            certificateData: leaf.certificatePem,
            partnerDomain: 'AUTH',
          },
        }),
      );

      // The log was written (so the checks below look at something) ...
      assert.match(log.text, /\/v1\/authmanager\/authenticate\/useridPwd/);
      assert.match(log.text, /\/v1\/partnermanager\/partners\/certificate\/upload/);
      // ... and holds none of the secrets, nor any private key material.
      const keys = s.server.deps.keys;
      for (const [name, key] of Object.entries({
        root: keys.rootCa,
        partnerCa: keys.partnerCa,
        signing: keys.signing,
        encryption: keys.encryption,
      })) {
        const der = key.privateKey.export({ type: 'pkcs8', format: 'der' });
        secrets[`${name} private key`] = der.subarray(-48).toString('base64');
        secrets[`${name} private key (hex)`] = der.subarray(-48).toString('hex');
      }
      secrets['KEK (hex)'] = Buffer.from(kek, 'base64').toString('hex');
      const leaked = Object.entries(secrets)
        .filter(([, value]) => log.text.includes(value))
        .map(([name]) => name);
      assert.deepEqual(leaked, []);
      assert.doesNotMatch(log.text, /PRIVATE KEY/);
    });
  });
}
