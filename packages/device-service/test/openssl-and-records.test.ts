/**
 * Independent checks of capture output: the OAEP session key opened by `openssl pkeyutl`, the JWS
 * signatures checked by `openssl dgst`, and Registration records passing MOSIP's ISO validation.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createDecipheriv, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { validateRecord } from '@mosip-trust/biometrics';
import { decryptPrivateKeyPem, deriveAadIv, openBiometric, privateKeyToPem } from '@mosip-trust/crypto';
import { decodePayload, mdsJson } from '../src/index.ts';
import { type Running, startService } from './helpers.ts';

let svc: Running;
let work: string;
before(
  async () => {
    svc = await startService([
      { kind: 'finger-slap', purpose: 'Registration' },
      { kind: 'iris-double', purpose: 'Registration' },
      { kind: 'face', purpose: 'Registration' },
      { kind: 'finger-single', purpose: 'Auth' },
    ]);
    work = await mkdtemp(join(tmpdir(), 'mds-openssl-'));
  },
  { timeout: 120_000 },
);
after(
  async () => {
    await svc.stop();
    await rm(work, { recursive: true, force: true });
  },
  { timeout: 120_000 },
);

function openssl(args: string[]): Buffer {
  return execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** openssl dgst -sha256 -verify over the JWS signing input with the x5c certificate's key. */
async function verifyWithOpenssl(jws: string, name: string): Promise<void> {
  const [h, p, s] = jws.split('.') as [string, string, string];
  const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as { x5c: string[]; alg: string };
  assert.equal(header.alg, 'RS256');
  const cert = new X509Certificate(Buffer.from(header.x5c[0] as string, 'base64'));
  await writeFile(join(work, `${name}.pub`), cert.publicKey.export({ type: 'spki', format: 'pem' }));
  await writeFile(join(work, `${name}.in`), `${h}.${p}`);
  await writeFile(join(work, `${name}.sig`), Buffer.from(s, 'base64url'));
  const out = openssl([
    'dgst',
    '-sha256',
    '-verify',
    join(work, `${name}.pub`),
    '-signature',
    join(work, `${name}.sig`),
    join(work, `${name}.in`),
  ]).toString();
  assert.match(out, /Verified OK/);
}

describe('Auth capture checked with openssl', { timeout: 120_000 }, () => {
  test('pkeyutl opens the RSA-OAEP(SHA-256, MGF1-SHA-256) session key; AES-GCM with the XOR IV/AAD gives the record', async () => {
    const tx = 'openssl-check-0001';
    const reply = await mdsJson<{ biometrics: { data: string; sessionKey: string; thumbprint: string }[] }>(
      svc.service.port,
      'CAPTURE',
      '/capture',
      {
        env: 'Developer',
        purpose: 'Auth',
        specVersion: '0.9.5',
        timeout: '10000',
        captureTime: new Date().toISOString(),
        domainUri: '',
        transactionId: tx,
        bio: [
          {
            type: 'Finger',
            count: '2',
            bioSubType: ['Right Thumb', 'UNKNOWN'],
            requestedScore: '40',
            deviceId: '4',
            deviceSubId: '0',
            previousHash: '',
          },
        ],
      },
    );
    const stored = JSON.parse(await readFile(join(svc.stateDir, 'dev-encryption.json'), 'utf8')) as {
      keyPem: string;
    };
    const privateKey = decryptPrivateKeyPem(stored.keyPem, 'test-kek-0123456789abcdef');
    await writeFile(join(work, 'enc.key'), privateKeyToPem(privateKey), { mode: 0o600 });
    assert.equal(reply.biometrics.length, 2);
    for (const [i, el] of reply.biometrics.entries()) {
      await verifyWithOpenssl(el.data, `data${i}`);
      const data = decodePayload(el.data) as Record<string, string>;
      await verifyWithOpenssl(data.digitalId as string, `digital${i}`);
      await writeFile(join(work, `sk${i}`), Buffer.from(el.sessionKey, 'base64url'));
      const openSessionKey = (mgf1: string) =>
        openssl([
          'pkeyutl',
          '-decrypt',
          '-inkey',
          join(work, 'enc.key'),
          '-in',
          join(work, `sk${i}`),
          '-pkeyopt',
          'rsa_padding_mode:oaep',
          '-pkeyopt',
          'rsa_oaep_md:sha256',
          '-pkeyopt',
          `rsa_mgf1_md:${mgf1}`,
        ]);
      const key = openSessionKey('sha256');
      assert.equal(key.length, 32);
      assert.throws(() => openSessionKey('sha1'), 'MGF1-SHA-1 must not open a MOSIP session key');
      const sealed = Buffer.from(data.bioValue as string, 'base64url');
      const { iv, aad } = deriveAadIv(data.timestamp as string, tx);
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(aad);
      decipher.setAuthTag(sealed.subarray(sealed.length - 16));
      const record = Buffer.concat([
        decipher.update(sealed.subarray(0, sealed.length - 16)),
        decipher.final(),
      ]);
      const viaCrypto = openBiometric({
        bioValue: data.bioValue as string,
        sessionKey: el.sessionKey,
        timestamp: data.timestamp as string,
        transactionId: tx,
        privateKey,
        thumbprint: el.thumbprint,
      });
      assert.ok(record.equals(viaCrypto));
      const iso = await validateRecord(record, { purpose: 'Auth', bioSubType: data.bioSubType as string });
      assert.equal(iso.verdict, 'pass', JSON.stringify(iso.errors));
    }
  });
});

describe('Registration records pass MOSIP validation', { timeout: 120_000 }, () => {
  const cases = [
    { type: 'Finger', deviceId: '1', deviceSubId: '1', count: '4' },
    { type: 'Finger', deviceId: '1', deviceSubId: '2', count: '4' },
    { type: 'Finger', deviceId: '1', deviceSubId: '3', count: '2' },
    { type: 'Iris', deviceId: '2', deviceSubId: '3', count: '2' },
    { type: 'Face', deviceId: '3', deviceSubId: '0', count: '1' },
    { type: 'Face', deviceId: '3', deviceSubId: '0', count: '1', exception: ['Left Thumb'] },
  ];
  for (const c of cases) {
    test(`${c.type} subId ${c.deviceSubId}${c.exception ? ' exception photo' : ''}`, async () => {
      const reply = await mdsJson<{ biometrics: { data: string; error: { errorCode: string } }[] }>(
        svc.service.port,
        'RCAPTURE',
        '/capture',
        {
          env: 'Developer',
          purpose: 'Registration',
          specVersion: '0.9.5',
          timeout: '10000',
          captureTime: new Date().toISOString(),
          transactionId: 'iso-check-0001',
          bio: [{ ...c, requestedScore: '40', previousHash: null, exception: c.exception ?? [] }],
        },
      );
      assert.equal(reply.biometrics.length, Number(c.count));
      for (const el of reply.biometrics) {
        assert.equal(el.error.errorCode, '0');
        const data = decodePayload(el.data) as Record<string, string>;
        const iso = await validateRecord(Buffer.from(data.bioValue as string, 'base64url'), {
          purpose: 'Registration',
          ...(data.bioSubType ? { bioSubType: data.bioSubType } : {}),
        });
        assert.equal(iso.verdict, 'pass', JSON.stringify(iso.errors));
        assert.equal(
          String(iso.record?.qualityBlocks[0]?.score),
          (data.qualityScore as string).replace(/\.0$/, ''),
          'qualityScore equals the ISO quality block',
        );
      }
    });
  }
});
