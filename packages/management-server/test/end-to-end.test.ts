/**
 * End to end over real processes on loopback: a trust server (`mosip-trust server`), the device
 * provider's management server (`mosip-trust management-server`, over each of its stores) and a device
 * service (`mosip-trust device-service --management-server URL`). Providers, chip, device model, SBI
 * version and the machine client are onboarded through the trust server's API. The Auth run goes on to
 * the verifier (`mosip-trust verify capture --registry`, signed in with the provider's machine client):
 * a capture is accepted against the trust server's registry, the provider revokes the device through
 * the API, and the next capture is refused with VER_DEVICE_REVOKED (MOSIP IDA-DPM-001).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { VerificationDecision } from '@mosip-trust/contracts';
import {
  type CertifiedKey,
  decryptPrivateKeyPem,
  millisTimestamp,
  privateKeyToPem,
  signJws,
  verifyJws,
} from '@mosip-trust/crypto';
import { call, login, ok } from './support/api.ts';
import { postgresDatabase, query } from './support/database.ts';
import { chipUnder, deviceData, testFtmRoot } from './support/device-data.ts';
import { authCapture, DEVICE_READY, deviceCertificate, discover, until } from './support/devices.ts';
import { approvedChip, approvedModelAndSbi, machineClient, partner } from './support/onboarding.ts';
import { type Child, runCli, spawnCli } from './support/processes.ts';

// The device service's own provider identity (its defaults): the device provider is onboarded under it.
const PROVIDER_ID = 'MOSIP.TRUST.SBI';
const ORGANIZATION = 'MOSIP Trust Devices';
const SBI = { swVersion: '0.9.5', swBinaryHash: `sha256:${'ab'.repeat(32)}` };
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// The platform keys are sealed under this KEK in the trust server's PostgreSQL store: the test reads the
// encryption key back with it, as the authentication service that holds IDA-FIR's key would decrypt.
const TRUST_KEK = randomBytes(32).toString('hex');

describe('management server end to end', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mgmt-e2e-'));
  const children: Child[] = [];
  let trust: Child;
  let adminToken: string;
  let ftm: { token: string; partnerId: string; organizationName: string };
  let client: { clientId: string; secretKey: string };
  let providerToken: string;
  let trustDb: Awaited<ReturnType<typeof postgresDatabase>>;
  let registryPresent = false;

  before(
    async () => {
      const adminPassword = randomBytes(16).toString('base64url');
      trustDb = await postgresDatabase('mgmt_e2e_trust');
      trust = await spawnCli(
        ['server', '--port', '0', '--data', join(dir, 'trust')],
        /listening on (http:\/\/[0-9.]+:\d+)/,
        {
          MOSIP_TRUST_ADMIN_USER: 'admin',
          MOSIP_TRUST_ADMIN_PASSWORD: adminPassword,
          MOSIP_TRUST_TEST_SCRYPT_COST: '1024',
          DATABASE_URL: trustDb.url,
          MOSIP_TRUST_KEK: TRUST_KEK,
        },
      );
      children.push(trust);
      adminToken = await login(trust.url, 'admin', adminPassword);
      const ftmId = `FTM${randomBytes(3).toString('hex')}`;
      ftm = {
        partnerId: ftmId,
        organizationName: ORGANIZATION,
        token: await partner(trust.url, adminToken, ftmId, ORGANIZATION, 'FTM_Provider'),
      };
      providerToken = await partner(trust.url, adminToken, PROVIDER_ID, ORGANIZATION, 'Device_Provider');
      await approvedModelAndSbi(
        trust.url,
        adminToken,
        { token: providerToken, partnerId: PROVIDER_ID },
        { type: 'Finger', subType: 'Single', make: 'MOSIP Trust', model: 'SINGLE01' },
        SBI,
      );
      client = await machineClient(trust.url, providerToken);
      // The registered-device API is the trust server's (issue 13, device registry); without it the
      // registration steps cannot run and are reported as skipped.
      const probe = await call(trust.url, 'POST', '/v1/masterdata/registereddevices', { raw: {} });
      registryPresent = probe.status !== 404;
    },
    { timeout: 600_000 },
  );
  after(
    async () => {
      for (const c of children.reverse()) await c.stop();
      await trustDb?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
    { timeout: 120_000 },
  );

  for (const store of ['pglite', 'postgres'] as const) {
    // One purpose per run: Registration devices are L0, Auth devices L1 (FTM provider, encryption certificate).
    const purpose = store === 'pglite' ? 'Registration' : 'Auth';
    test(`${purpose} devices register through the management server (its store: ${store})`, {
      timeout: 900_000,
    }, async (t) => {
      const run = join(dir, store);
      const state = join(run, 'device-state');
      // First start without a management server: the device service makes its devices (FTM chip,
      // device key) and leaves them unregistered; its FTM root is what the FTM provider uploads.
      const first = await spawnCli(
        [
          'device-service',
          '--state',
          state,
          '--ports',
          '46000-46999',
          '--devices',
          'finger-single',
          '--purpose',
          purpose,
        ],
        DEVICE_READY,
      );
      assert.equal((await discover(first.url))[0]?.deviceStatus, 'Not Registered');
      await first.stop();
      const deviceFtmRoot = readFileSync(join(state, 'ftm-root.pem'), 'utf8');
      await approvedChip(trust.url, adminToken, ftm, `CHIP-${store}`, deviceFtmRoot);

      // The management server trusts the device's FTM root and a test root for the refusal cases.
      const testRoot: CertifiedKey = await testFtmRoot();
      writeFileSync(join(run, 'ftm-trust.pem'), deviceFtmRoot + testRoot.certificatePem);
      writeFileSync(join(run, 'secret'), client.secretKey, { mode: 0o600 });
      const operatorToken = randomBytes(24).toString('base64url');
      writeFileSync(join(run, 'operator-token'), operatorToken, { mode: 0o600 });
      const database = store === 'postgres' ? await postgresDatabase('mgmt_e2e') : undefined;
      try {
        const mgmt = await spawnCli(
          [
            'management-server',
            '--port',
            '0',
            '--data',
            join(run, 'mgmt'),
            '--trust-server',
            trust.url,
            '--client-id',
            client.clientId,
            '--client-secret-file',
            join(run, 'secret'),
            '--ftm-trust',
            join(run, 'ftm-trust.pem'),
            '--operator-token-file',
            join(run, 'operator-token'),
            '--ftm-provider-id',
            ftm.partnerId,
          ],
          /management server listening on (http:\/\/127\.0\.0\.1:\d+)[\s\S]*provider CA certificate/,
          database ? { DATABASE_URL: database.url } : {},
        );
        children.push(mgmt);
        assert.match(mgmt.output(), new RegExp(`store ${store}`));
        assert.match(
          mgmt.output(),
          new RegExp(`provider ${PROVIDER_ID.replaceAll('.', '\\.')} \\(${ORGANIZATION}\\)`),
        );
        const providerCa = await (await fetch(`${mgmt.url}/v1/provider-ca`)).text();
        await ok(
          call(trust.url, 'POST', '/v1/partnermanager/partners/certificate/ca/upload', {
            token: adminToken,
            request: { certificateData: providerCa, partnerDomain: 'DEVICE' },
          }),
          'provider CA upload',
        );

        // Refusals come from validation, before the trust server is asked anything.
        const refused = async (data: string, code: string) => {
          const a = await call(mgmt.url, 'POST', '/v1/devices/register', { raw: { deviceData: data } });
          assert.equal(a.body.errors?.[0]?.errorCode, code, JSON.stringify(a.body));
        };
        const mine = { deviceProviderId: PROVIDER_ID, deviceProvider: ORGANIZATION };
        const chip = await chipUnder(testRoot, 'R1');
        const stranger = await chipUnder(await testFtmRoot(), 'R2');
        await refused(await deviceData(stranger, mine), 'MGMT_DEVICE_SIGNATURE');
        const valid = await deviceData(chip, { ...mine, serialNo: 'R1' });
        const [h, p, s] = valid.split('.') as [string, string, string];
        const tampered = JSON.parse(Buffer.from(p, 'base64url').toString());
        tampered.serialNo = 'R9';
        await refused(
          `${h}.${Buffer.from(JSON.stringify(tampered)).toString('base64url')}.${s}`,
          'MGMT_DEVICE_SIGNATURE',
        );
        await refused(
          await deviceData(chip, mine, { at: new Date(Date.now() - 10 * 60_000) }),
          'MGMT_TIMESTAMP',
        );
        await refused(
          await deviceData(chip, { deviceProviderId: 'OTHER', deviceProvider: 'Other Org' }),
          'MGMT_WRONG_PROVIDER',
        );
        await refused(
          await deviceData(chip, { ...mine, serialNo: 'R1' }, { digitalIdSerial: 'R2' }),
          'MGMT_DEVICE_DATA',
        );
        const bad = await call(mgmt.url, 'POST', '/v1/devices/register', { raw: { deviceData: 5 } });
        assert.deepEqual([bad.status, bad.body.errors?.[0]?.errorCode], [400, 'MGMT_INVALID_REQUEST']);

        // Operator API: token required; an SBI update must name an approved binary hash.
        const operator = { token: operatorToken };
        assert.equal(
          (await call(mgmt.url, 'GET', '/v1/fleet')).body.errors?.[0]?.errorCode,
          'MGMT_UNAUTHORIZED',
        );
        assert.equal(
          (await call(mgmt.url, 'GET', '/v1/fleet', { token: `${operatorToken}x` })).body.errors?.[0]
            ?.errorCode,
          'MGMT_UNAUTHORIZED',
        );
        assert.deepEqual(
          await ok(call(mgmt.url, 'GET', '/v1/fleet', operator), 'fleet'),
          [],
          'refused devices are not in the fleet',
        );
        const wrongHash = await call(mgmt.url, 'POST', '/v1/fleet/sbi-update', {
          ...operator,
          raw: { deviceCodes: ['x'], swVersion: SBI.swVersion, swBinaryHash: `sha256:${'cd'.repeat(32)}` },
        });
        assert.equal(wrongHash.body.errors?.[0]?.errorCode, 'MGMT_SBI_NOT_APPROVED');

        // Trusted time, signed by the management server's key under the provider CA.
        const time = await ok(call<{ time: string; signature: string }>(mgmt.url, 'GET', '/v1/time'), 'time');
        const signedTime = await verifyJws(time.signature);
        assert.deepEqual(JSON.parse(signedTime.payload.toString()), { time: time.time });
        assert.ok(Math.abs(Date.parse(time.time) - Date.now()) < 60_000);

        if (!registryPresent) {
          t.skip('the trust server has no registered-device API (POST /v1/masterdata/registereddevices) yet');
          return;
        }
        // The device service registers its unregistered device on start, through the management server.
        const device = await spawnCli(
          [
            'device-service',
            '--state',
            state,
            '--ports',
            '46000-46999',
            '--devices',
            'finger-single',
            '--purpose',
            purpose,
            '--management-server',
            mgmt.url,
            '--management-poll-ms',
            '300',
            '--admin-token-file',
            join(run, 'operator-token'),
          ],
          /device service listening on (http:\/\/127\.0\.0\.1:\d+)\/[\s\S]*admin API on [\s\S]*device 1: /,
        );
        children.push(device);
        const [seen] = await discover(device.url);
        assert.equal(seen?.deviceStatus, 'Ready', device.output());
        assert.match(seen?.deviceCode ?? '', UUID_V4);
        const fleet = await ok(
          call<{ deviceCode: string; status: string; serialNo: string }[]>(
            mgmt.url,
            'GET',
            '/v1/fleet',
            operator,
          ),
          'fleet',
        );
        assert.deepEqual(
          fleet.map((d) => [d.deviceCode, d.status]),
          [[seen?.deviceCode, 'Registered']],
        );
        // Status and deviceCode as the trust server's registry holds them.
        const registered = async () =>
          ok(
            call<{ status: string; serialNo: string; purpose: string; deviceProviderId: string }>(
              trust.url,
              'GET',
              `/v1/masterdata/registereddevices/${seen?.deviceCode}`,
              { token: adminToken },
            ),
            'registry view',
          );
        assert.deepEqual(await registered(), {
          ...(await registered()),
          status: 'Registered',
          serialNo: fleet[0]?.serialNo,
          purpose,
          deviceProviderId: PROVIDER_ID,
        });
        // The verifier's view: the device's FTM root and the provider CA as trust, the platform's
        // encryption key to decrypt, and the trust server's registry through the provider's machine client.
        const verifyArgs = [
          'verify',
          'capture',
          '--trust',
          join(run, 'trust'),
          '--decrypt-key',
          join(run, 'ida-fir.pem'),
        ];
        const signedIn = [
          '--registry',
          trust.url,
          '--client-id',
          client.clientId,
          '--client-secret-file',
          join(run, 'secret'),
        ];
        const verify = async (transactionId: string, registry: string[]) => {
          // The encryption certificate came with the registration: the capture is not refused with 108.
          const { request, response } = await authCapture(device.url, trust.url, transactionId);
          assert.equal(response.biometrics[0]?.error.errorCode, '0', JSON.stringify(response).slice(0, 300));
          writeFileSync(join(run, `${transactionId}.request.json`), JSON.stringify(request));
          writeFileSync(join(run, `${transactionId}.response.json`), JSON.stringify(response));
          const r = await runCli([
            ...verifyArgs,
            ...registry,
            '--request',
            join(run, `${transactionId}.request.json`),
            '--response',
            join(run, `${transactionId}.response.json`),
            '--json',
          ]);
          assert.notEqual(r.status, 2, r.stderr);
          const decision = JSON.parse(r.stdout) as VerificationDecision;
          assert.equal(r.status, decision.decision === 'accepted' ? 0 : 3);
          return decision;
        };
        const failed = (d: VerificationDecision) =>
          JSON.stringify(d.checks.filter((c) => c.outcome === 'fail'));
        if (purpose === 'Auth') {
          mkdirSync(join(run, 'trust', 'FTM'), { recursive: true });
          mkdirSync(join(run, 'trust', 'DEVICE'), { recursive: true });
          writeFileSync(join(run, 'trust', 'FTM', 'ftm-root.pem'), deviceFtmRoot);
          writeFileSync(join(run, 'trust', 'DEVICE', 'provider-ca.pem'), providerCa);
          const [enc] = await query<{ certificate_pem: string; encrypted_private_key_pem: string }>(
            trustDb.name,
            `select certificate_pem, encrypted_private_key_pem from platform_keys where name = 'ENC'`,
          );
          assert.ok(enc, 'the trust server keeps its encryption key');
          writeFileSync(
            join(run, 'ida-fir.pem'),
            privateKeyToPem(decryptPrivateKeyPem(enc.encrypted_private_key_pem, TRUST_KEK)) +
              enc.certificate_pem,
            { mode: 0o600 },
          );
          const accepted = await verify('tx-e2e-1', signedIn);
          assert.equal(accepted.decision, 'accepted', failed(accepted));
          for (const name of ['device.registration', 'device.model', 'device.sbi', 'bioValue', 'hash'])
            assert.equal(accepted.checks.find((c) => c.name === name)?.outcome, 'pass', name);
          // Without a credential the trust server does not answer the lookup.
          const anonymous = await verify('tx-e2e-2', ['--registry', trust.url]);
          assert.equal(anonymous.code, 'VER_REGISTRY_UNAVAILABLE', failed(anonymous));
        }

        // Key rotation on the device: it re-registers through the management server and keeps its code.
        const deviceAdmin = /admin API on (http:\/\/127\.0\.0\.1:\d+)/.exec(device.output())?.[1];
        const rotated = await fetch(`${deviceAdmin}/admin/devices/1/rotate-key`, {
          method: 'POST',
          headers: { authorization: `Bearer ${operatorToken}` },
          signal: AbortSignal.timeout(60_000),
        });
        assert.equal(rotated.status, 200, await rotated.text());
        assert.equal((await discover(device.url))[0]?.deviceCode, seen?.deviceCode);
        assert.equal((await registered()).status, 'Registered');
        // Key rotation triggered by the provider: the device fetches the command and rotates.
        const before = await deviceCertificate(device.url);
        await ok(call(mgmt.url, 'POST', `/v1/fleet/${seen?.deviceCode}/rotate-key`, operator), 'rotate-key');
        await until(
          () => deviceCertificate(device.url),
          (c) => c !== '' && c !== before,
        );
        assert.equal((await discover(device.url))[0]?.deviceCode, seen?.deviceCode);
        // Device commands are fetched with the device key only.
        const commands = await call(mgmt.url, 'POST', '/v1/devices/commands', {
          raw: {
            request: await signJws(
              JSON.stringify({ deviceCode: seen?.deviceCode, timestamp: millisTimestamp() }),
              stranger,
            ),
          },
        });
        assert.equal(commands.body.errors?.[0]?.errorCode, 'MGMT_DEVICE_SIGNATURE');

        // SBI update with the approved hash is queued; de-registration goes to the trust server.
        const queued = await ok(
          call<{ kind: string }[]>(mgmt.url, 'POST', '/v1/fleet/sbi-update', {
            ...operator,
            raw: { deviceCodes: [seen?.deviceCode], ...SBI },
          }),
          'sbi update',
        );
        assert.deepEqual(
          queued.map((c) => c.kind),
          ['sbi-update'],
        );
        if (purpose === 'Auth') {
          // Revocation (terminal: a revoked device is never de-registered) takes effect on the next capture.
          await ok(
            call(
              trust.url,
              'PUT',
              `/v1/masterdata/registereddevices/update/status?deviceCode=${seen?.deviceCode}&statusCode=Revoked`,
              { token: providerToken },
            ),
            'revoke',
          );
          assert.equal((await registered()).status, 'Revoked');
          const refused = await verify('tx-e2e-3', signedIn);
          assert.deepEqual(
            [refused.decision, refused.code, refused.mosipCode],
            ['refused', 'VER_DEVICE_REVOKED', 'IDA-DPM-001'],
            failed(refused),
          );
          return;
        }
        await ok(call(mgmt.url, 'POST', `/v1/fleet/${seen?.deviceCode}/deregister`, operator), 'deregister');
        const retired = await ok(
          call<{ status: string }>(mgmt.url, 'GET', `/v1/fleet/${seen?.deviceCode}`, operator),
          'fleet device',
        );
        assert.equal(retired.status, 'Retired');
        assert.equal((await registered()).status, 'Retired');
        // The device hears of it and stops answering as registered.
        await until(
          () => discover(device.url),
          (d) => d[0]?.deviceStatus === 'Not Registered',
        );
      } finally {
        await database?.drop();
      }
    });
  }
});
