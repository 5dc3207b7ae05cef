// Runs `mosip-trust verify capture` as a user would: a subprocess, captures from the real device service
// (in-process, loopback) written to files, the device service's CA files as the trust directory, and a
// small loopback HTTP server that answers the registry lookup the CLI's --registry client makes, and the
// client-credentials login it makes with --client-id (against the real trust server: the management
// server's end-to-end test).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { RegisteredDeviceRecord, VerificationDecision } from '@mosip-trust/contracts';
import { type CertifiedKey, createRootCa, issueCertificate, privateKeyToPem } from '@mosip-trust/crypto';
import { biometricRecordSource, DeviceService, decodePayload, mdsJson } from '@mosip-trust/device-service';

const bin = fileURLToPath(new URL('../bin/mosip-trust.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'mosip-verify-cli-'));
const trustDir = join(dir, 'trust');
const keyFile = join(dir, 'ida-fir.key.pem');
let service: DeviceService;
let registry: Server;
let registryUrl: string;
let registered: RegisteredDeviceRecord;
const lookups: URLSearchParams[] = [];
const authorizations: (string | undefined)[] = [];
const CLIENT = {
  clientId: 'verify-cli-client',
  secretKey: 'verify-cli-secret-0123456789',
  token: 'tok-from-login',
};

function cli(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A fresh Auth capture of the single-finger device, written to files; returns their paths. */
async function captureFiles(name: string): Promise<{ response: string; request: string }> {
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
        requestedScore: '40',
        deviceId: '1',
        deviceSubId: '0',
        previousHash: '',
      },
    ],
    customOpts: null,
  };
  const response = await mdsJson(service.port, 'CAPTURE', '/capture', request);
  const paths = { response: join(dir, `${name}.response.json`), request: join(dir, `${name}.request.json`) };
  writeFileSync(paths.response, JSON.stringify(response));
  writeFileSync(paths.request, JSON.stringify(request));
  return paths;
}

/** `verify capture` of these capture files with the test's trust directory and decryption key. */
const verifyArgs = (f: { response: string; request: string }, ...more: string[]) => [
  'verify',
  'capture',
  '--response',
  f.response,
  '--request',
  f.request,
  '--trust',
  trustDir,
  '--decrypt-key',
  keyFile,
  ...more,
];

before(async () => {
  const root = await createRootCa({ subject: 'CN=CLI Test Platform Root, O=MOSIP Test, C=IN' });
  const enc = (await issueCertificate(root, {
    subject: 'CN=IDA-FIR, O=MOSIP Test, C=IN',
    ca: false,
    keyUsage: 'encryption',
  })) as CertifiedKey;
  writeFileSync(keyFile, `${privateKeyToPem(enc.privateKey)}${enc.certificatePem}`, { mode: 0o600 });
  const stateDir = join(dir, 'device-service');
  service = await DeviceService.start({
    stateDir,
    devices: [{ kind: 'finger-single', purpose: 'Auth' }],
    dev: true,
    encryptionCertificate: enc.certificateDer,
    records: biometricRecordSource(),
    port: 0,
    frameIntervalMs: 5,
    env: { MOSIP_DEVICE_KEK: 'verify-cli-test-kek-0123456789' },
  });
  mkdirSync(join(trustDir, 'FTM'), { recursive: true });
  mkdirSync(join(trustDir, 'DEVICE'), { recursive: true });
  copyFileSync(join(stateDir, 'ftm-root.pem'), join(trustDir, 'FTM', 'ftm-root.pem'));
  copyFileSync(join(stateDir, 'dev-device-provider-ca.pem'), join(trustDir, 'DEVICE', 'device-ca.pem'));

  const [item] = await mdsJson<{ deviceCode: string; digitalId: string }[]>(
    service.port,
    'MOSIPDISC',
    '/device',
    {
      type: 'Biometric Device',
    },
  );
  assert.ok(item);
  const d = decodePayload(item.digitalId) as Record<string, string>;
  registered = {
    deviceCode: item.deviceCode,
    serialNo: d.serialNo as string,
    deviceProvider: d.deviceProvider as string,
    deviceProviderId: d.deviceProviderId as string,
    make: d.make as string,
    model: d.model as string,
    type: d.type as string,
    deviceSubType: d.deviceSubType as string,
    purpose: 'Auth',
    status: 'Registered',
    modelApproved: true,
    approvedSbiVersions: ['0.9.5'],
  };
  registry = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/v1/authmanager/authenticate/clientidsecretkey' && req.method === 'POST') {
      let body = '';
      req.on('data', (d: Buffer) => {
        body += d.toString();
      });
      req.on('end', () => {
        const r = (JSON.parse(body) as { request?: { clientId?: string; secretKey?: string } }).request;
        if (r?.clientId === CLIENT.clientId && r.secretKey === CLIENT.secretKey)
          res.writeHead(200, { authorization: CLIENT.token, 'content-type': 'application/json' }).end('{}');
        else
          res
            .writeHead(401, { 'content-type': 'application/json' })
            .end('{"errors":[{"errorCode":"KER-ATH-401"}]}');
      });
      return;
    }
    if (url.pathname !== '/v1/registereddevices/lookup') {
      res.writeHead(404).end();
      return;
    }
    lookups.push(url.searchParams);
    authorizations.push(req.headers.authorization);
    if (url.searchParams.get('deviceCode') !== registered.deviceCode) {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"errors":[{"errorCode":"ADM-DPM-001"}]}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ response: registered }));
  });
  await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
  registryUrl = `http://127.0.0.1:${(registry.address() as AddressInfo).port}`;
});

after(async () => {
  await service?.close();
  await new Promise((resolve) => registry?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('mosip-trust verify capture', { timeout: 1_200_000 }, () => {
  test('accepts a capture (exit 0), prints every check, registration checks not run without --registry', async () => {
    const f = await captureFiles('plain');
    const r = await cli(...verifyArgs(f));
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^decision\s+ACCEPTED/m);
    assert.match(r.stdout, /^\s+pass\s+data\.trust\s+DEVICE path/m);
    assert.match(r.stdout, /^\s+not-run\s+device\.registration\s+no device registry given/m);
    assert.match(r.stdout, /^\s+pass\s+bioValue\s+/m);
  });

  test('asks the registry over HTTP: Registered passes (exit 0), Revoked is refused (exit 3)', async () => {
    const f = await captureFiles('registry');
    const args = verifyArgs(f, '--registry', registryUrl, '--json');
    const ok = await cli(...args);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    const accepted = JSON.parse(ok.stdout) as VerificationDecision;
    assert.equal(accepted.decision, 'accepted');
    assert.equal(accepted.checks.find((c) => c.name === 'device.registration')?.outcome, 'pass');
    const last = lookups.at(-1);
    assert.equal(last?.get('deviceCode'), registered.deviceCode);
    assert.equal(last?.get('serialNo'), registered.serialNo);
    assert.equal(last?.get('deviceProviderId'), registered.deviceProviderId);
    assert.equal(authorizations.at(-1), undefined, 'no credential given, none sent');

    registered = { ...registered, status: 'Revoked' };
    const refused = await cli(...args);
    assert.equal(refused.status, 3, refused.stdout + refused.stderr);
    const decision = JSON.parse(refused.stdout) as VerificationDecision;
    assert.equal(decision.code, 'VER_DEVICE_REVOKED');
    assert.equal(decision.mosipCode, 'IDA-DPM-001');
    registered = { ...registered, status: 'Registered' };
  });

  test('signs in to the registry: a token file or a machine client; credentials need --registry', async () => {
    // All runs at once: each CLI start is slow on a loaded machine. What is asserted is the registry's
    // answer (device.registration), not the whole decision: the 60 s Auth window may pass before a CLI
    // process under load gets to the timestamp check.
    const [a, b, f] = [
      await captureFiles('signed-in-token'),
      await captureFiles('signed-in-client'),
      await captureFiles('signed-in-usage'),
    ];
    const tokenFile = join(dir, 'registry-token');
    writeFileSync(tokenFile, 'tok-from-file\n', { mode: 0o600 });
    const secretFile = join(dir, 'client-secret');
    writeFileSync(secretFile, `${CLIENT.secretKey}\n`, { mode: 0o600 });
    const wrongSecret = join(dir, 'wrong-secret');
    writeFileSync(wrongSecret, 'not-the-secret', { mode: 0o600 });
    const client = ['--client-id', CLIENT.clientId, '--client-secret-file'];
    const asked = authorizations.length;
    const [withToken, withClient, refusedLogin, ...usage] = await Promise.all([
      cli(...verifyArgs(a, '--registry', registryUrl, '--json', '--registry-token-file', tokenFile)),
      cli(...verifyArgs(b, '--registry', registryUrl, '--json', ...client, secretFile)),
      cli(...verifyArgs(f, '--registry', registryUrl, ...client, wrongSecret)),
      cli(...verifyArgs(f, '--registry', registryUrl, '--client-id', CLIENT.clientId)),
      cli(
        ...verifyArgs(
          f,
          '--registry',
          registryUrl,
          '--registry-token-file',
          tokenFile,
          ...client,
          secretFile,
        ),
      ),
      cli(...verifyArgs(f, '--registry-token-file', tokenFile)),
    ]);
    for (const run of [withToken, withClient]) {
      assert.ok(run?.status === 0 || run?.status === 3, `${run?.stdout}${run?.stderr}`);
      const decision = JSON.parse(run?.stdout ?? '') as VerificationDecision;
      assert.equal(decision.checks.find((c) => c.name === 'device.registration')?.outcome, 'pass');
    }
    assert.deepEqual(
      authorizations.slice(asked).sort(),
      ['Bearer tok-from-file', `Bearer ${CLIENT.token}`].sort(),
      'one lookup per signed-in run, none without a usable credential',
    );
    assert.equal(refusedLogin?.status, 2, `${refusedLogin?.stdout}${refusedLogin?.stderr}`);
    assert.match(refusedLogin?.stderr ?? '', /--registry: client-credentials login refused: KER-ATH-401/);
    assert.deepEqual(
      usage.map((u) => u.status),
      [2, 2, 2],
      usage.map((u) => u.stderr).join('\n'),
    );
    assert.match(usage[0]?.stderr ?? '', /--client-id and --client-secret-file go together/);
    assert.match(usage[1]?.stderr ?? '', /either --registry-token-file or --client-id/);
    assert.match(usage[2]?.stderr ?? '', /need --registry/);
  });

  test('refuses a tampered capture with its code (exit 3)', async () => {
    const f = await captureFiles('tampered');
    const request = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(f.request, 'utf8')));
    writeFileSync(f.request, JSON.stringify({ ...request, env: 'Staging' }));
    const r = await cli(...verifyArgs(f));
    assert.equal(r.status, 3, r.stdout + r.stderr);
    assert.match(r.stdout, /^decision\s+REFUSED\s+VER_ENV_MISMATCH \(MOSIP IDA-MLC-024\)/m);
    assert.match(r.stdout, /^\s+fail\s+env\s+VER_ENV_MISMATCH/m);
    assert.match(r.stdout, /^\s+not-run\s+transactionId\s+an earlier check failed/m);
  });

  test('bad usage exits 2: missing option, unreadable file, no certificates, key without certificate', async () => {
    const f = await captureFiles('usage');
    const empty = join(dir, 'empty');
    mkdirSync(empty, { recursive: true });
    const bareKey = join(dir, 'bare.key.pem');
    const { readFileSync } = await import('node:fs');
    writeFileSync(bareKey, readFileSync(keyFile, 'utf8').split('-----BEGIN CERTIFICATE-----')[0] as string);
    const runs = await Promise.all([
      cli('verify', 'capture', '--request', f.request, '--trust', trustDir, '--decrypt-key', keyFile),
      cli(
        'verify',
        'capture',
        '--response',
        join(dir, 'missing.json'),
        '--request',
        f.request,
        '--trust',
        trustDir,
        '--decrypt-key',
        keyFile,
      ),
      cli(
        'verify',
        'capture',
        '--response',
        f.response,
        '--request',
        f.request,
        '--trust',
        empty,
        '--decrypt-key',
        keyFile,
      ),
      cli(
        'verify',
        'capture',
        '--response',
        f.response,
        '--request',
        f.request,
        '--trust',
        trustDir,
        '--decrypt-key',
        bareKey,
      ),
      cli('verify', 'capture', '--response', f.response, '--request', f.request, '--trust', trustDir),
      cli(...verifyArgs(f, '--registry', 'ftp://x')),
    ]);
    const messages = [
      /--response/,
      /cannot read --response/,
      /holds no PEM certificate/,
      /encryption certificate is needed/,
      /missing --decrypt-key/,
      /--registry/,
    ];
    for (const [i, r] of runs.entries()) {
      assert.equal(r.status, 2, `run ${i}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, messages[i] as RegExp);
    }
  });
});
