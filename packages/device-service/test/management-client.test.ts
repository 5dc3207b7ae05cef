/**
 * Registration through a management server over HTTP. The project's management server is a later issue;
 * here a loopback HTTP server speaks the client's documented contract and issues certificates from a
 * real CA (DevelopmentRegistrar), so the wire format, the FTM-signed deviceData and error handling are real.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { DeviceRegistrationPayloadSchema } from '@mosip-trust/contracts';
import { createRootCa, verifyJws } from '@mosip-trust/crypto';
import { DevelopmentRegistrar, DeviceServiceError, HttpManagementClient, mdsJson } from '../src/index.ts';
import { contractErrors } from './contract-check.ts';
import { admin, type Running, startService } from './helpers.ts';

let server: Server;
let base: string;
const seen: { path: string; deviceData: string }[] = [];
let refuse = false;

before(
  async () => {
    const ca = await createRootCa({ subject: 'CN=Provider CA, O=MOSIP Trust Devices, C=IN' });
    const registrar = new DevelopmentRegistrar(ca, 'MOSIP Trust Devices');
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
      const result = await registrar.registerDevice(deviceData);
      res.end(JSON.stringify({ response: { ...result, env: 'Staging' } }));
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
