/**
 * Registration through a management server over HTTP. Here a loopback HTTP server speaks the client's
 * documented contract and issues certificates from a real CA (DevelopmentRegistrar), so the wire format,
 * the FTM-signed deviceData, the answer's signature and error handling are real; the project's management
 * server itself is tested end to end in packages/management-server/test.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { DeviceRegistrationPayloadSchema } from '@mosip-trust/contracts';
import { type CertifiedKey, createRootCa, issueCertificate, signJws, verifyJws } from '@mosip-trust/crypto';
import { DevelopmentRegistrar, DeviceServiceError, HttpManagementClient, mdsJson } from '../src/index.ts';
import { contractErrors } from './contract-check.ts';
import { admin, type Running, startService } from './helpers.ts';

let server: Server;
let base: string;
const seen: { path: string; deviceData: string }[] = [];
let refuse = false;
/** How the answer is signed: not at all, by a key the provider CA certified, or by a stranger's key. */
let signing: 'none' | 'provider' | 'stranger' = 'none';
let signers: Record<'provider' | 'stranger', CertifiedKey>;

before(
  async () => {
    const ca = await createRootCa({ subject: 'CN=Provider CA, O=MOSIP Trust Devices, C=IN' });
    const registrar = new DevelopmentRegistrar(ca, 'MOSIP Trust Devices');
    const stranger = await createRootCa({ subject: 'CN=Elsewhere CA, O=Elsewhere, C=IN' });
    const leaf = async (issuer: CertifiedKey) =>
      (await issueCertificate(issuer, {
        subject: 'CN=Management Server, O=MOSIP Trust Devices, C=IN',
        ca: false,
        keyUsage: 'signing',
      })) as CertifiedKey;
    signers = { provider: await leaf(ca), stranger: await leaf(stranger) };
    server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const { deviceData } = JSON.parse(Buffer.concat(chunks).toString()) as { deviceData: string };
      seen.push({ path: req.url ?? '', deviceData });
      res.setHeader('content-type', 'application/json');
      if (refuse) {
        res.statusCode = 409;
        return res.end(
          JSON.stringify({ errors: [{ errorCode: 'MGT-001', message: 'device model not approved' }] }),
        );
      }
      const issued = await registrar.registerDevice(deviceData);
      // A signed answer names the CA that issued the device certificate after it.
      const result = {
        ...issued,
        env: 'Staging',
        ...(signing === 'none'
          ? {}
          : { deviceCertificatePem: issued.deviceCertificatePem + ca.certificatePem }),
      };
      const signature =
        signing === 'none' ? undefined : await signJws(JSON.stringify(result), signers[signing]);
      res.end(JSON.stringify({ response: { ...result, ...(signature ? { signature } : {}) } }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mgmt`;
  },
  { timeout: 120_000 },
);
after(() => new Promise<void>((r) => server.close(() => r())), { timeout: 60_000 });

describe('HttpManagementClient', { timeout: 120_000 }, () => {
  let svc: Running;
  after(async () => svc?.stop(), { timeout: 60_000 });

  test('devices register through POST <base>/v1/devices/register with FTM-signed deviceData', async () => {
    svc = await startService([{ kind: 'face', purpose: 'Registration' }], {
      dev: false,
      managementServer: base,
      encryptionCertificate: undefined,
    });
    assert.equal(seen.at(-1)?.path, '/mgmt/v1/devices/register');
    const verified = await verifyJws(seen.at(-1)?.deviceData as string);
    assert.match(verified.certificate.subject, /FTM Chip/);
    const payload = JSON.parse(verified.payload.toString()) as Record<string, unknown>;
    assert.deepEqual(contractErrors(DeviceRegistrationPayloadSchema, payload), []);
    assert.equal(payload.purpose, 'Registration');
    assert.match(String(payload.devicePublicKey), /BEGIN PUBLIC KEY/);
    assert.match(String(payload.timestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const info = await mdsJson<{ deviceInfo: string; error: { errorCode: string } }[]>(
      svc.service.port,
      'MOSIPDINFO',
      '/info',
    );
    assert.equal(info[0]?.error.errorCode, '0');
    assert.equal(
      JSON.parse((await verifyJws(String(info[0]?.deviceInfo))).payload.toString()).env,
      'Staging',
    );
  });

  test('a signed answer is accepted when the provider CA certified its key, refused otherwise', async () => {
    const deviceData = seen[0]?.deviceData as string;
    const client = new HttpManagementClient(base);
    try {
      signing = 'provider';
      const accepted = await client.registerDevice(deviceData);
      assert.ok(accepted.signature);
      signing = 'stranger';
      await assert.rejects(
        client.registerDevice(deviceData),
        (e: unknown) =>
          e instanceof DeviceServiceError &&
          e.code === 'ERR_MANAGEMENT_SERVER' &&
          /signature/.test(e.message),
      );
    } finally {
      signing = 'none';
    }
  });

  test('rotation goes through the server with the current deviceCode', async () => {
    const before = seen.length;
    assert.equal(
      (await admin(svc.service.adminPort as number, '/admin/devices/1/rotate-key', {})).status,
      200,
    );
    const payload = JSON.parse(
      (await verifyJws(seen[before]?.deviceData as string)).payload.toString(),
    ) as Record<string, unknown>;
    assert.match(String(payload.deviceCode), /^[0-9a-f-]{36}$/);
  });

  test('a refusal or an unreachable server is an ERR_MANAGEMENT_SERVER error', async () => {
    refuse = true;
    try {
      await assert.rejects(
        new HttpManagementClient(base).registerDevice('x.y.z'),
        (e: unknown) =>
          e instanceof DeviceServiceError && e.code === 'ERR_MANAGEMENT_SERVER' && /MGT-001/.test(e.message),
      );
    } finally {
      refuse = false;
    }
    await assert.rejects(
      new HttpManagementClient('http://127.0.0.1:9/').registerDevice('x.y.z'),
      (e: unknown) => e instanceof DeviceServiceError && e.code === 'ERR_MANAGEMENT_SERVER',
    );
    assert.throws(
      () => new HttpManagementClient('ftp://example'),
      (e: unknown) => e instanceof DeviceServiceError && e.code === 'ERR_CONFIG',
    );
  });
});
