/**
 * The registry end to end with the real device service and the verifier: a device registers through the
 * trust server's POST /v1/masterdata/registereddevices (a management client in this test stands in for
 * the provider's management server), captures for Auth encrypted to the certificate fetched from
 * MockMDS's getCertificate path, and `verifyCapture` accepts the capture against the trust server's
 * anchors and its registry over HTTP (HttpDeviceRegistry → GET /v1/registereddevices/lookup). After
 * the provider revokes the device the same capture is refused with VER_DEVICE_REVOKED, at once.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pemToDerList } from '@mosip-trust/crypto';
import { biometricRecordSource, DeviceService, mdsJson, StateStore } from '@mosip-trust/device-service';
import { HttpDeviceRegistry, type VerifierDependencies, verifyCapture } from '@mosip-trust/verifier';
// The device's own state (its FTM chip key and factory root): the test plays the device factory and the
// device's firmware here, which no public API of the device service exposes.
import { StoreDeviceRegistry } from '../src/index.ts';
import { loadTrustStore } from '../src/queries/trust-anchors.ts';
import { orgOf } from './capability-fixtures.ts';
import { approvedModel, onboardRegistry, type RegistryWorld } from './support/device-registry.ts';
import { STORES, startTestServer, type TestServer } from './support/server.ts';
import { TrustServerRegistrar } from './support/trust-server-registrar.ts';

const KEK = 'registry-capture-kek-0123456789';
const MAKE = 'RegMake';

for (const store of STORES) {
  describe(`registry and capture verification end to end (${store})`, { timeout: 600_000 }, () => {
    let s: TestServer;
    let w: RegistryWorld;
    let stateDir: string;
    let service: DeviceService;

    before(
      async () => {
        s = await startTestServer({ store });
        w = await onboardRegistry(s);
        await approvedModel(s, w.provider, {
          type: 'Finger',
          subType: 'Single',
          make: MAKE,
          model: 'SINGLE01',
        });
        // The device factory's FTM root is the FTM provider's approved chip CA.
        stateDir = await mkdtemp(join(tmpdir(), 'registry-capture-'));
        const state = await StateStore.open(stateDir, { MOSIP_DEVICE_KEK: KEK });
        await state.writeJson('ftm-root.json', {
          certificatePem: w.chipCa.certificatePem,
          keyPem: state.sealKey(w.chipCa.privateKey),
        });
        // The encryption certificate, from the path MockMDS calls (cookie Authorization=<token>).
        const got = await s.call<{ certificate: string }>(
          'GET',
          '/idauthentication/v1/internal/getCertificate?applicationId=IDA&referenceId=IDA-FIR',
          { headers: { cookie: `Authorization=${w.clientToken}` } },
        );
        assert.equal(got.status, 200, JSON.stringify(got.body.errors));
        service = await DeviceService.start({
          stateDir,
          devices: [{ kind: 'finger-single', purpose: 'Auth' }],
          dev: false,
          managementServer: new TrustServerRegistrar(w, stateDir, KEK),
          encryptionCertificate: pemToDerList(got.body.response.certificate)[0] as Buffer,
          provider: {
            organization: orgOf(w.provider.partnerId),
            deviceProviderId: w.provider.partnerId,
            make: MAKE,
          },
          records: biometricRecordSource(),
          port: 0,
          frameIntervalMs: 5,
          env: { MOSIP_DEVICE_KEK: KEK },
        });
      },
      { timeout: 300_000 },
    );
    after(
      async () => {
        await service?.close();
        if (stateDir) await rm(stateDir, { recursive: true, force: true });
        await s?.close();
      },
      { timeout: 60_000 },
    );

    test('a capture of the registered device verifies against the registry; after revocation it is refused', async () => {
      const request = {
        env: 'Developer',
        purpose: 'Auth',
        specVersion: '0.9.5',
        timeout: '10000',
        captureTime: new Date().toISOString(),
        domainUri: 'https://auth.example.org',
        transactionId: randomUUID(),
        bio: [
          {
            type: 'Finger',
            count: '1',
            bioSubType: ['UNKNOWN'],
            deviceId: '1',
            requestedScore: '40',
            deviceSubId: '0',
            previousHash: '',
          },
        ],
        customOpts: null,
      };
      const response = await mdsJson<Record<string, unknown>>(service.port, 'CAPTURE', '/capture', request);
      const element = (response.biometrics as { error: { errorCode: string } }[])[0];
      assert.equal(element?.error.errorCode, '0', JSON.stringify(response).slice(0, 300));
      const keys = s.server.deps.keys;
      const deps = (registry: VerifierDependencies['deviceRegistry']): VerifierDependencies => ({
        trustAnchors: { material: (domain) => loadTrustStore(s.server.deps.db, domain, new Date()) },
        deviceRegistry: registry,
        decryptionKeys: [
          { privateKey: keys.encryption.privateKey, certificateDer: keys.encryption.certificateDer },
        ],
      });
      const http = new HttpDeviceRegistry(s.baseUrl, {
        headers: { authorization: `Bearer ${s.adminToken}` },
      });
      const accepted = await verifyCapture({ response, request }, deps(http));
      assert.equal(
        accepted.decision,
        'accepted',
        JSON.stringify(accepted.checks.filter((c) => c.outcome === 'fail')),
      );
      const registration = accepted.checks.find((c) => c.name === 'device.registration');
      assert.equal(registration?.outcome, 'pass');
      assert.equal(accepted.checks.find((c) => c.name === 'device.sbi')?.outcome, 'pass');
      // The in-process adapter decides the same.
      const inProcess = new StoreDeviceRegistry(s.server.deps.db, s.server.deps.clock);
      assert.equal((await verifyCapture({ response, request }, deps(inProcess))).decision, 'accepted');

      // The provider's management server revokes the device (its machine client, the MOSIP status path).
      const listed = await s.call<{ data: { deviceCode: string }[] }>(
        'GET',
        '/v1/masterdata/registereddevices',
        {
          token: w.clientToken,
        },
      );
      const deviceCode = listed.body.response.data[0]?.deviceCode as string;
      const revoked = await s.call(
        'PUT',
        `/v1/masterdata/registereddevices/update/status?deviceCode=${deviceCode}&statusCode=Revoked`,
        { token: w.clientToken },
      );
      assert.equal(revoked.status, 200, JSON.stringify(revoked.body.errors));
      for (const registry of [http, inProcess]) {
        const refused = await verifyCapture({ response, request }, deps(registry));
        assert.equal(refused.decision, 'refused');
        assert.equal(refused.code, 'VER_DEVICE_REVOKED');
        assert.equal(refused.mosipCode, 'IDA-DPM-001');
      }
    });
  });
}
