// Captures in the form MOSIP's own mock device (MockMDS) emits, built here from the reference's description
// of it (docs/verifier.md, "MOSIP's mock device") with node:crypto and the openssl CLI, not with the
// project's crypto package: jose4j header order, one leaf in x5c, RS256, yyyy-MM-dd'T'HH:mm:ss'Z'
// timestamps, domainUri "null", AES-256-GCM with the XOR-derived IV/AAD, RSA-OAEP-SHA256 with MGF1-SHA256,
// upper-case hex thumbprint, base64url without padding, the 1.2 hash chain; an "L0" digital ID signed by
// the FTM key. The builder is pinned to the reference's test vectors first.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createCipheriv, createHash, type KeyObject, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type CertifiedKey, createRootCa, issueCertificate } from '@mosip-trust/crypto';
import {
  InMemoryDeviceRegistry,
  InMemoryTrustAnchors,
  type RegisteredDeviceRecord,
  type VerifierDependencies,
  verifyCapture,
} from '../src/index.ts';
import { encryptionKey, type Json } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'verifier-mockmds-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// ---- an independent MockMDS-style builder (reference crypto.md §3, §5-§8) ----

const b64url = (b: Buffer) => b.toString('base64url'); // no padding, as MockMDS
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest();

function xorRightAligned(timestamp: string, transactionId: string): Buffer {
  const a = Buffer.from(timestamp, 'utf8');
  const b = Buffer.from(transactionId, 'utf8');
  const n = Math.max(a.length, b.length);
  const pa = Buffer.concat([Buffer.alloc(n - a.length), a]);
  const pb = Buffer.concat([Buffer.alloc(n - b.length), b]);
  return Buffer.from(pa.map((x, i) => x ^ (pb[i] as number)));
}

function aesGcm(key: Buffer, timestamp: string, transactionId: string, record: Buffer): Buffer {
  const x = xorRightAligned(timestamp, transactionId);
  const cipher = createCipheriv('aes-256-gcm', key, x.subarray(x.length - 12));
  cipher.setAAD(x.subarray(x.length - 16));
  return Buffer.concat([cipher.update(record), cipher.final(), cipher.getAuthTag()]);
}

/** RSA-OAEP with SHA-256 and the given MGF1 digest, by the openssl CLI. */
function opensslOaep(certificatePem: string, key: Buffer, mgf1: 'sha256' | 'sha1'): Buffer {
  const certFile = join(dir, 'enc.pem');
  const keyFile = join(dir, 'key.bin');
  writeFileSync(certFile, certificatePem);
  writeFileSync(keyFile, key);
  return execFileSync('openssl', [
    'pkeyutl',
    '-encrypt',
    '-certin',
    '-inkey',
    certFile,
    '-in',
    keyFile,
    '-pkeyopt',
    'rsa_padding_mode:oaep',
    '-pkeyopt',
    'rsa_oaep_md:sha256',
    '-pkeyopt',
    `rsa_mgf1_md:${mgf1}`,
  ]);
}

function hash12(previousHex: string, record: Buffer): string {
  const prev = previousHex === '' ? sha256('') : Buffer.from(previousHex, 'hex');
  return sha256(Buffer.concat([prev, sha256(record)]))
    .toString('hex')
    .toUpperCase();
}

function hash115(previousHex: string, dataJson: string): string {
  const prev = previousHex === '' ? sha256('').toString('hex').toUpperCase() : previousHex;
  return sha256(`${prev}${sha256(dataJson).toString('hex').toUpperCase()}`)
    .toString('hex')
    .toUpperCase();
}

/** jose4j compact JWS: header {"x5c":[leaf],"alg":"RS256","typ":"JWT"} in that order. */
function jose4jJws(payload: string, key: KeyObject, leafDer: Buffer): string {
  const header = `{"x5c":["${leafDer.toString('base64')}"],"alg":"RS256","typ":"JWT"}`;
  const input = `${b64url(Buffer.from(header))}.${b64url(Buffer.from(payload))}`;
  return `${input}.${b64url(sign('sha256', Buffer.from(input), key))}`;
}

const mockTimestamp = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;

interface MockDevice {
  serialNo: string;
  model: string;
  type: string;
  deviceSubType: string;
  deviceCode: string;
}

const FACE: MockDevice = {
  serialNo: '2345678901',
  model: 'FACE01',
  type: 'Face',
  deviceSubType: 'Full face',
  deviceCode: 'b692b595-3523-face-99fc-bd76e35f190f',
};
const FINGER: MockDevice = {
  serialNo: '1234567990',
  model: 'SINGLE01',
  type: 'Finger',
  deviceSubType: 'Single',
  deviceCode: 'b692b595-3523-slap-99fc-bd76e35f290f',
};
const IRIS_REG: MockDevice = {
  serialNo: '3456789012',
  model: 'IRIS01',
  type: 'Iris',
  deviceSubType: 'Double',
  deviceCode: 'b692b595-3523-iris-99fc-bd76e35f190f',
};

function digitalIdJson(d: MockDevice, at: Date): string {
  return JSON.stringify({
    serialNo: d.serialNo,
    make: 'MOSIP',
    model: d.model,
    type: d.type,
    deviceSubType: d.deviceSubType,
    deviceProvider: 'MOSIP',
    deviceProviderId: 'MOSIP.PROXY.SBI',
    dateTime: mockTimestamp(at),
  });
}

interface Pki {
  deviceRoot: CertifiedKey;
  device: CertifiedKey;
  ftmRoot: CertifiedKey;
  ftm: CertifiedKey;
}

interface BuildOptions {
  device: MockDevice;
  purpose: 'Auth' | 'Registration';
  transactionId: string;
  env: string;
  subTypes: string[];
  at: Date;
  mgf1?: 'sha256' | 'sha1';
  hashRule?: '1.2' | '1.1.5';
  thumbprintForm?: 'hex' | 'base64';
}

/** SBIServiceResponse.getBiometricData, element by element, each with a fresh timestamp. */
function buildMockCapture(
  pki: Pki,
  enc: { certificatePem: string; certificateDer: Uint8Array },
  o: BuildOptions,
) {
  const biometrics: Json[] = [];
  let previous = '';
  const auth = o.purpose === 'Auth';
  for (const [i, subType] of o.subTypes.entries()) {
    const at = new Date(o.at.getTime() + i * 1000);
    const timestamp = mockTimestamp(at);
    const record = Buffer.concat([Buffer.from(`ISO-RECORD-${o.device.type}-${i}-`), sha256(timestamp)]);
    const digitalId = auth
      ? jose4jJws(digitalIdJson(o.device, at), pki.ftm.privateKey, pki.ftm.certificateDer)
      : jose4jJws(digitalIdJson(o.device, at), pki.device.privateKey, pki.device.certificateDer);
    const sessionKey = Buffer.alloc(32, i + 7);
    const data: Json = {
      digitalId,
      deviceCode: o.device.deviceCode,
      deviceServiceVersion: '0.9.5',
      bioType: o.device.type,
    };
    if (o.device.type !== 'Face') data.bioSubType = subType;
    data.purpose = o.purpose;
    data.env = o.env;
    if (auth) data.domainUri = 'null';
    data.bioValue = auth ? b64url(aesGcm(sessionKey, timestamp, o.transactionId, record)) : b64url(record);
    data.transactionId = o.transactionId;
    data.timestamp = timestamp;
    data.requestedScore = '40.0';
    data.qualityScore = '44.0';
    const dataJson = JSON.stringify(data);
    previous = o.hashRule === '1.1.5' ? hash115(previous, dataJson) : hash12(previous, record);
    const element: Json = {
      specVersion: '0.9.5',
      data: jose4jJws(dataJson, pki.device.privateKey, pki.device.certificateDer),
      hash: previous,
    };
    if (auth) {
      const thumb = sha256(Buffer.from(enc.certificateDer));
      element.sessionKey = b64url(opensslOaep(enc.certificatePem, sessionKey, o.mgf1 ?? 'sha256'));
      element.thumbprint =
        o.thumbprintForm === 'base64' ? thumb.toString('base64') : thumb.toString('hex').toUpperCase();
    }
    element.error = { errorCode: '0', errorInfo: 'Success' };
    biometrics.push(element);
  }
  return { biometrics };
}

// ---- fixtures ----

let pki: Pki;
let enc: Awaited<ReturnType<typeof encryptionKey>>;

before(async () => {
  // MockMDS's own roots (CN=RootCA, CN=RootCAFTM) re-issued, as the reference advises: the original FTM
  // root expired in 2022 and its private keys are public.
  const deviceRoot = await createRootCa({ subject: 'CN=RootCA, OU=Mosip, O=Mosip, ST=Karnataka, C=IN' });
  const ftmRoot = await createRootCa({ subject: 'CN=RootCAFTM, OU=mosip.io, O=mosip.io, ST=KA, C=IN' });
  const device = (await issueCertificate(deviceRoot, {
    subject: 'CN=MosipFace, OU=Mosip, O=Mosip, ST=Karnataka, C=IN',
    ca: false,
    keyUsage: 'signing',
  })) as CertifiedKey;
  const ftm = (await issueCertificate(ftmRoot, {
    subject: 'CN=MosipFaceFtm, OU=mosip.io, O=mosip.io, ST=KA, C=IN',
    ca: false,
    keyUsage: 'signing',
  })) as CertifiedKey;
  pki = { deviceRoot, device, ftmRoot, ftm };
  enc = await encryptionKey();
});

function record(d: MockDevice, purpose: 'Auth' | 'Registration'): RegisteredDeviceRecord {
  return {
    deviceCode: d.deviceCode,
    serialNo: d.serialNo,
    deviceProvider: 'MOSIP',
    deviceProviderId: 'MOSIP.PROXY.SBI',
    make: 'MOSIP',
    model: d.model,
    type: d.type,
    deviceSubType: d.deviceSubType,
    purpose,
    status: 'Registered',
    modelApproved: true,
    approvedSbiVersions: ['0.9.5'],
  };
}

function deps(over: Partial<VerifierDependencies> = {}): VerifierDependencies {
  return {
    trustAnchors: new InMemoryTrustAnchors()
      .add('DEVICE', pki.deviceRoot.certificateDer)
      .add('FTM', pki.ftmRoot.certificateDer),
    deviceRegistry: new InMemoryDeviceRegistry()
      .put(record(FACE, 'Auth'))
      .put(record(FINGER, 'Auth'))
      .put(record(IRIS_REG, 'Registration')),
    decryptionKeys: [enc],
    ...over,
  };
}

function authRequest(device: MockDevice, count: number, transactionId: string, domainUri: string): Json {
  return {
    env: 'Staging',
    purpose: 'Auth',
    specVersion: '0.9.5',
    timeout: '10000',
    captureTime: new Date().toISOString(),
    domainUri,
    transactionId,
    bio: [
      {
        type: device.type,
        count: String(count),
        bioSubType: device.type === 'Face' ? [] : Array(count).fill('UNKNOWN'),
        requestedScore: '40',
        deviceId: '3',
        deviceSubId: '0',
        previousHash: '',
      },
    ],
    customOpts: null,
  };
}

function face(over: Partial<BuildOptions> = {}) {
  return buildMockCapture(pki, enc, {
    device: FACE,
    purpose: 'Auth',
    transactionId: 'TXN-mock-0001',
    env: 'Staging',
    subTypes: ['UNKNOWN'],
    at: new Date(Date.now() - 2000),
    ...over,
  });
}

describe('captures in MockMDS form', { timeout: 60_000 }, () => {
  test('the independent builder reproduces the reference vectors (XOR/AAD/IV, AES-GCM, hash chain)', () => {
    const x1 = xorRightAligned('2024-01-15T10:20:30Z', '1234567890');
    assert.equal(x1.toString('hex'), '323032342d30312d31356503030e07060d0b096a');
    const x2 = xorRightAligned('2024-01-15T10:20:30Z', '5b3c0f7e-9d2a-4b8e-a1f0-123456789abc');
    assert.equal(x2.subarray(-16).toString('hex'), '1c56010000076705050c050803525239');
    const g1 = aesGcm(
      Buffer.alloc(32, 0x11),
      '2024-01-15T10:20:30Z',
      '1234567890',
      Buffer.from('hello biometric'),
    );
    assert.equal(b64url(g1), 'Fz7FZXm2tfRNn5E_RHSmLC4sZscywfgLdCuBbWUxFg');
    const h1 = hash12('', Buffer.from('ISO-RECORD-1'));
    assert.equal(h1, 'FD9E1957A0C3318778E4019A5BE5E8769BC4158DAE99744C86607008BD9BCBC5');
    assert.equal(
      hash12(h1, Buffer.from('ISO-RECORD-2')),
      'E0B8FA580C273AD4CDB380539B4C7393C1C3BA4F23D73786537E9D7ACEB285D7',
    );
    assert.equal(
      hash115('', 'ISO-RECORD-1'),
      'BD72C681AD2363CF8D28C422F94F264A67435AAC9D41E7556327158F947521C9',
    );
  });

  test('a MockMDS face capture (domainUri "null") verifies with the compatibility option', async () => {
    const response = face();
    const request = authRequest(FACE, 1, 'TXN-mock-0001', 'https://ida.example.org');
    const strict = await verifyCapture({ response, request }, deps());
    assert.equal(
      strict.code,
      'VER_DOMAIN_URI_MISMATCH',
      'IDA rule #15 refuses "null" against a real domainUri',
    );
    const compat = await verifyCapture(
      { response, request },
      deps({ options: { nullDomainUriIsAbsent: true } }),
    );
    assert.equal(
      compat.decision,
      'accepted',
      JSON.stringify(compat.checks.find((c) => c.outcome === 'fail')),
    );
    assert.match(compat.checks.find((c) => c.name === 'hash')?.reason ?? '', /1\.2/);
    const sameNull = await verifyCapture(
      { response, request: authRequest(FACE, 1, 'TXN-mock-0001', 'null') },
      deps(),
    );
    assert.equal(sameNull.decision, 'accepted', 'a request domainUri "null" matches without the option');
  });

  test('two UNKNOWN fingers, a second apart, are neither duplicates nor out of segment order', async () => {
    const response = buildMockCapture(pki, enc, {
      device: FINGER,
      purpose: 'Auth',
      transactionId: 'abcd-1234-EFGH-5678-ijkl-9012-MNOP-3456',
      env: 'Staging',
      subTypes: ['UNKNOWN', 'UNKNOWN'],
      at: new Date(Date.now() - 3000),
    });
    const request = authRequest(FINGER, 2, 'abcd-1234-EFGH-5678-ijkl-9012-MNOP-3456', 'null');
    const d = await verifyCapture({ response, request }, deps());
    assert.equal(d.decision, 'accepted', JSON.stringify(d.checks.find((c) => c.outcome === 'fail')));
    assert.match(d.checks.find((c) => c.name === 'counts')?.reason ?? '', /2 finger/);
  });

  test('the 1.1.5 thumbprint form (base64 of the SHA-256) is accepted, as IDA accepts it', async () => {
    const response = face({ thumbprintForm: 'base64' });
    const d = await verifyCapture(
      { response, request: authRequest(FACE, 1, 'TXN-mock-0001', 'null') },
      deps(),
    );
    assert.equal(d.decision, 'accepted');
  });

  test('a session key wrapped with MGF1-SHA1 (the Java default pitfall) is refused', async () => {
    const response = face({ mgf1: 'sha1' });
    const d = await verifyCapture(
      { response, request: authRequest(FACE, 1, 'TXN-mock-0001', 'null') },
      deps(),
    );
    assert.equal(d.code, 'VER_SESSION_KEY');
    assert.equal(d.mosipCode, 'IDA-MPA-003');
  });

  test('a MockMDS 1.1.5 hash chain is recognised, refused by default and accepted on request', async () => {
    const response = face({ hashRule: '1.1.5' });
    const request = authRequest(FACE, 1, 'TXN-mock-0001', 'null');
    const strict = await verifyCapture({ response, request }, deps());
    assert.equal(strict.code, 'VER_HASH_CHAIN');
    assert.match(strict.reason ?? '', /1\.1\.5 rule/);
    const legacy = await verifyCapture(
      { response, request },
      deps({ options: { allowLegacyHash115: true } }),
    );
    assert.equal(legacy.decision, 'accepted');
    assert.match(legacy.checks.find((c) => c.name === 'hash')?.reason ?? '', /1\.1\.5/);
  });

  test('the FTM-signed "L0" digital ID needs the FTM anchor: without it the capture is refused', async () => {
    const trust = new InMemoryTrustAnchors().add(
      'DEVICE',
      pki.deviceRoot.certificateDer,
      pki.ftmRoot.certificateDer,
    );
    const d = await verifyCapture(
      { response: face(), request: authRequest(FACE, 1, 'TXN-mock-0001', 'null') },
      deps({ trustAnchors: trust }),
    );
    assert.equal(d.code, 'VER_DIGITAL_ID_UNTRUSTED', 'IDA verifies the capture digital ID in FTM only');
  });

  test('an approved FTM chip certificate is an FTM anchor by itself (no FTM root trusted)', async () => {
    const trust = new InMemoryTrustAnchors()
      .add('DEVICE', pki.deviceRoot.certificateDer)
      .addAnchor('FTM', pki.ftm.certificateDer);
    const d = await verifyCapture(
      { response: face(), request: authRequest(FACE, 1, 'TXN-mock-0001', 'null') },
      deps({ trustAnchors: trust }),
    );
    assert.equal(d.decision, 'accepted', JSON.stringify(d.checks.find((c) => c.outcome === 'fail')));
    const revoked = trust.remove('FTM', pki.ftm.certificateDer);
    const after = await verifyCapture(
      { response: face(), request: authRequest(FACE, 1, 'TXN-mock-0001', 'null') },
      deps({ trustAnchors: revoked }),
    );
    assert.equal(
      after.code,
      'VER_DIGITAL_ID_UNTRUSTED',
      'withdrawing the chip approval takes effect at once',
    );
  });

  test('an expired FTM root (as MockMDS ships) is not an anchor', async () => {
    const past = new Date(Date.now() - 5 * 365 * 86_400_000);
    const oldRoot = await createRootCa({
      subject: 'CN=RootCAFTM, O=mosip.io, C=IN',
      notBefore: past,
      validityDays: 400,
    });
    const chip = (await issueCertificate(oldRoot, {
      subject: 'CN=MosipFaceFtm, O=mosip.io, C=IN',
      ca: false,
      keyUsage: 'signing',
      notBefore: past,
      notAfter: new Date(Date.now() + 365 * 86_400_000),
    })) as CertifiedKey;
    const response = buildMockCapture({ ...pki, ftm: chip }, enc, {
      device: FACE,
      purpose: 'Auth',
      transactionId: 'TXN-mock-0002',
      env: 'Staging',
      subTypes: ['UNKNOWN'],
      at: new Date(Date.now() - 1000),
    });
    const d = await verifyCapture(
      { response, request: authRequest(FACE, 1, 'TXN-mock-0002', 'null') },
      deps({
        trustAnchors: new InMemoryTrustAnchors()
          .add('DEVICE', pki.deviceRoot.certificateDer)
          .add('FTM', oldRoot.certificateDer),
      }),
    );
    assert.equal(d.code, 'VER_DIGITAL_ID_UNTRUSTED');
    assert.match(d.reason ?? '', /ERR_CERT_EXPIRED/);
  });

  test('a MockMDS Registration capture (RCAPTURE, digital ID by the device key) verifies in DEVICE', async () => {
    const response = buildMockCapture(pki, enc, {
      device: IRIS_REG,
      purpose: 'Registration',
      transactionId: 'b1f2c3d4-0000-4000-8000-000000000001',
      env: 'Staging',
      subTypes: ['Left', 'Right'],
      at: new Date(Date.now() - 2000),
    });
    const request = {
      env: 'Staging',
      purpose: 'Registration',
      specVersion: '0.9.5',
      timeout: '10000',
      captureTime: '2024-01-15T10:20:30.123456',
      transactionId: 'b1f2c3d4-0000-4000-8000-000000000001',
      bio: [
        {
          type: 'Iris',
          count: '2',
          bioSubType: null,
          exception: null,
          requestedScore: '40',
          deviceId: '1',
          deviceSubId: '3',
          previousHash: null,
        },
      ],
      customOpts: null,
    };
    const d = await verifyCapture({ response, request }, deps());
    assert.equal(d.decision, 'accepted', JSON.stringify(d.checks.find((c) => c.outcome === 'fail')));
    assert.match(d.checks.find((c) => c.name === 'digitalId.trust')?.reason ?? '', /DEVICE/);
  });
});
