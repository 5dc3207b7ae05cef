import assert from 'node:assert/strict';
import { createPrivateKey, generateKeyPairSync, sign, X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import {
  type CertifiedKey,
  createDevelopmentPki,
  type DevelopmentPki,
  issueCertificate,
  signDetachedJws,
  signJws,
  verifyJws,
} from '@mosip-trust/crypto';
import { CompactSign, compactVerify } from 'jose';
import { errorCode, openssl, scratchDir } from './helpers.ts';

const dir = scratchDir();
let pki: DevelopmentPki;
const b64u = (s: string | Buffer) => Buffer.from(s).toString('base64url');

/** A JWS with a hand-made header, signed RS256 by `key` (node:crypto, not our code). */
function handMade(header: object, payload: string, key: CertifiedKey): string {
  const input = `${b64u(JSON.stringify(header))}.${b64u(payload)}`;
  return `${input}.${b64u(sign('sha256', Buffer.from(input), key.privateKey))}`;
}

before(async () => {
  pki = await createDevelopmentPki({ organization: 'JWS Test' });
});

describe('signJws', { timeout: 120_000 }, () => {
  test('header bytes are exactly {"x5c":[std-base64 leaf],"alg":"RS256","typ":"JWT"}', {
    timeout: 120_000,
  }, async () => {
    const jws = await signJws('{"deviceCode":"X"}', pki.device);
    const [header, payload, signature] = jws.split('.') as [string, string, string];
    const x5c = pki.device.certificateDer.toString('base64');
    assert.equal(Buffer.from(header, 'base64url').toString(), `{"x5c":["${x5c}"],"alg":"RS256","typ":"JWT"}`);
    assert.ok(/[+/=]/.test(x5c) || x5c.length % 4 === 0, 'x5c is standard base64');
    assert.equal(Buffer.from(payload, 'base64url').toString(), '{"deviceCode":"X"}');
    assert.equal(Buffer.from(signature, 'base64url').length, 256);
    assert.match(jws, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{342}$/);
  });

  test('openssl dgst verifies our signature over the signing input', { timeout: 120_000 }, async () => {
    const jws = await signJws(Buffer.from('{"a":"b"}'), pki.device);
    const [h, p, s] = jws.split('.') as [string, string, string];
    writeFileSync(join(dir, 'device.crt.pem'), pki.device.certificatePem);
    writeFileSync(
      join(dir, 'device.pub.pem'),
      openssl(['x509', '-in', join(dir, 'device.crt.pem'), '-noout', '-pubkey']),
    );
    writeFileSync(join(dir, 'input.txt'), `${h}.${p}`);
    writeFileSync(join(dir, 'sig.bin'), Buffer.from(s, 'base64url'));
    const out = openssl([
      'dgst',
      '-sha256',
      '-verify',
      join(dir, 'device.pub.pem'),
      '-signature',
      join(dir, 'sig.bin'),
      join(dir, 'input.txt'),
    ]);
    assert.equal(out.toString().trim(), 'Verified OK');
  });

  test('we verify a JWS whose signature openssl made', { timeout: 120_000 }, async () => {
    const input = `${b64u(JSON.stringify({ x5c: [pki.ftmChip.certificateDer.toString('base64')], alg: 'RS256', typ: 'JWT' }))}.${b64u('{"n":1}')}`;
    writeFileSync(join(dir, 'ftm.key.pem'), pki.ftmChip.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const sig = openssl(['dgst', '-sha256', '-sign', join(dir, 'ftm.key.pem')], Buffer.from(input));
    const verified = await verifyJws(`${input}.${b64u(sig)}`);
    assert.equal(verified.payload.toString(), '{"n":1}');
    assert.equal(verified.certificate.commonName, 'FTM Chip');
  });

  test('jose (an implementation we did not write) verifies ours, and we verify an RS256 JWS jose signed', {
    timeout: 120_000,
  }, async () => {
    const ours = await signJws('{"via":"ours"}', pki.device);
    const publicKey = new X509Certificate(pki.device.certificateDer).publicKey;
    const checked = await compactVerify(ours, publicKey, { algorithms: ['RS256'] });
    assert.equal(Buffer.from(checked.payload).toString(), '{"via":"ours"}');
    assert.deepEqual(checked.protectedHeader, {
      x5c: [pki.device.certificateDer.toString('base64')],
      alg: 'RS256',
      typ: 'JWT',
    });
    const theirs = await new CompactSign(Buffer.from('{"via":"jose"}'))
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', x5c: [pki.device.certificateDer.toString('base64')] })
      .sign(pki.device.privateKey);
    assert.equal((await verifyJws(theirs)).payload.toString(), '{"via":"jose"}');
  });

  test('refuses a private key that does not belong to the certificate', { timeout: 120_000 }, async () => {
    const signer = { privateKey: pki.partner.privateKey, certificateDer: pki.device.certificateDer };
    assert.equal(await errorCode(() => signJws('x', signer)), 'ERR_JWS_KEY_MISMATCH');
    assert.equal(await errorCode(() => signJws('x', signer, { background: true })), 'ERR_JWS_KEY_MISMATCH');
  });

  test('signed on the thread pool: the same JWS, byte for byte, and it verifies', {
    timeout: 120_000,
  }, async () => {
    const payloads = ['{"deviceCode":"X"}', Buffer.alloc(70_000, 0xab), 'é€'];
    for (const payload of payloads) {
      const background = await signJws(payload, pki.device, { background: true });
      assert.equal(background, await signJws(payload, pki.device));
      assert.deepEqual((await verifyJws(background)).payload, Buffer.from(payload));
    }
  });
});

describe('verifyJws accepts', { timeout: 120_000 }, () => {
  test('our own compact JWS, returning header, payload and certificate', { timeout: 120_000 }, async () => {
    const v = await verifyJws(await signJws('{"k":"v"}', pki.device));
    assert.deepEqual(v.payload, Buffer.from('{"k":"v"}'));
    assert.equal(v.header.alg, 'RS256');
    assert.deepEqual(v.certificateDer, pki.device.certificateDer);
    assert.equal(v.certificate.organization, 'JWS Test');
    // results are copies: changing them does not touch the certificate cache
    v.certificateDer[0] = 0;
    v.certificate.keyUsage.push('keyCertSign');
    const again = await verifyJws(await signJws('{"k":"v"}', pki.device));
    assert.deepEqual(again.certificateDer, pki.device.certificateDer);
    assert.deepEqual(again.certificate.keyUsage, ['digitalSignature', 'nonRepudiation']);
  });

  test('payloads of every size, 1 B to 100 KB, in turn; a one-byte change is caught at each size', {
    timeout: 120_000,
  }, async () => {
    // Small signing inputs share one buffer between calls, large ones get their own: both must hold.
    for (const size of [1, 10, 3000, 21000, 22000, 100_000, 5]) {
      const payload = 'é'.repeat(size >> 1) + 'x'.repeat(size - (size >> 1) * 2);
      const jws = await signJws(payload, pki.device);
      assert.equal((await verifyJws(jws)).payload.toString('utf8'), payload);
      const [header, , signature] = jws.split('.') as [string, string, string];
      const altered = `${header}.${b64u(`${payload}!`)}.${signature}`;
      assert.equal(await errorCode(() => verifyJws(altered)), 'ERR_JWS_SIGNATURE');
    }
  });

  test('x5c as a single string and "type" instead of "typ" (spec 0.9.5 example form)', {
    timeout: 120_000,
  }, async () => {
    const jws = handMade(
      { alg: 'RS256', type: 'JWT', x5c: pki.device.certificateDer.toString('base64') },
      '{}',
      pki.device,
    );
    assert.equal((await verifyJws(jws)).payload.toString(), '{}');
  });

  test('PS256 and ES256 (keymanager verifies them too)', { timeout: 120_000 }, async () => {
    const ps = await new CompactSign(Buffer.from('ps'))
      .setProtectedHeader({ alg: 'PS256', x5c: [pki.device.certificateDer.toString('base64')] })
      .sign(pki.device.privateKey);
    assert.equal((await verifyJws(ps)).payload.toString(), 'ps');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const ecCert = await issueCertificate(pki.deviceProviderCa, {
      subject: 'CN=EC Device',
      ca: false,
      publicKey: ec.publicKey,
    });
    const es = await new CompactSign(Buffer.from('es'))
      .setProtectedHeader({ alg: 'ES256', x5c: [ecCert.certificateDer.toString('base64')] })
      .sign(ec.privateKey);
    assert.equal((await verifyJws(es)).payload.toString(), 'es');
  });

  test('the detached form header..signature with the payload supplied', { timeout: 120_000 }, async () => {
    const body = Buffer.from('{"request":"raw body"}');
    const detached = await signDetachedJws(body, pki.partner);
    assert.match(detached, /^[A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]+$/);
    assert.deepEqual((await verifyJws(detached, { detachedPayload: body })).payload, body);
    assert.equal(await errorCode(() => verifyJws(detached)), 'ERR_JWS_INVALID');
    assert.equal(
      await errorCode(() => verifyJws(detached, { detachedPayload: Buffer.from('{"request":"other"}') })),
      'ERR_JWS_SIGNATURE',
    );
  });

  test('an expected certificate equal to x5c[0]', { timeout: 120_000 }, async () => {
    const jws = await signJws('x', pki.device);
    await verifyJws(jws, { expectedCertificateDer: pki.device.certificateDer });
    assert.equal(
      await errorCode(() => verifyJws(jws, { expectedCertificateDer: pki.ftmChip.certificateDer })),
      'ERR_JWS_KEY_MISMATCH',
    );
  });
});

describe('verifyJws rejects, each with its own code', { timeout: 120_000 }, () => {
  test('tampered payload: ERR_JWS_SIGNATURE', { timeout: 120_000 }, async () => {
    const [h, , s] = (await signJws('{"score":10}', pki.device)).split('.');
    assert.equal(await errorCode(() => verifyJws(`${h}.${b64u('{"score":99}')}.${s}`)), 'ERR_JWS_SIGNATURE');
  });

  test('swapped x5c (another valid certificate): ERR_JWS_KEY_MISMATCH', { timeout: 120_000 }, async () => {
    const [, p, s] = (await signJws('{"a":1}', pki.device)).split('.');
    const [hOther] = (await signJws('{"a":1}', pki.ftmChip)).split('.');
    assert.equal(await errorCode(() => verifyJws(`${hOther}.${p}.${s}`)), 'ERR_JWS_KEY_MISMATCH');
  });

  test('alg none: ERR_JWS_ALG_NONE', { timeout: 120_000 }, async () => {
    const jws = `${b64u(JSON.stringify({ alg: 'none', x5c: [pki.device.certificateDer.toString('base64')] }))}.${b64u('{}')}.`;
    assert.equal(await errorCode(() => verifyJws(jws)), 'ERR_JWS_ALG_NONE');
  });

  test('HS256 (public certificate bytes as an HMAC key): ERR_JWS_ALG_HMAC', {
    timeout: 120_000,
  }, async () => {
    const hs = await new CompactSign(Buffer.from('{}'))
      .setProtectedHeader({ alg: 'HS256', x5c: [pki.device.certificateDer.toString('base64')] })
      .sign(new Uint8Array(pki.device.certificateDer));
    assert.equal(await errorCode(() => verifyJws(hs)), 'ERR_JWS_ALG_HMAC');
  });

  test('an algorithm outside the list (RS512): ERR_JWS_ALG', { timeout: 120_000 }, async () => {
    const rs = await new CompactSign(Buffer.from('{}'))
      .setProtectedHeader({ alg: 'RS512', x5c: [pki.device.certificateDer.toString('base64')] })
      .sign(pki.device.privateKey);
    assert.equal(await errorCode(() => verifyJws(rs)), 'ERR_JWS_ALG');
  });

  test('expired and not-yet-valid certificates: ERR_CERT_EXPIRED, ERR_CERT_NOT_YET_VALID', {
    timeout: 120_000,
  }, async () => {
    const day = 86_400_000;
    const expired = (await issueCertificate(pki.deviceProviderCa, {
      subject: 'CN=Old Device',
      ca: false,
      notBefore: new Date(Date.now() - 30 * day),
      notAfter: new Date(Date.now() - day),
    })) as CertifiedKey;
    const future = (await issueCertificate(pki.deviceProviderCa, {
      subject: 'CN=Future Device',
      ca: false,
      notBefore: new Date(Date.now() + day),
      validityDays: 30,
    })) as CertifiedKey;
    assert.equal(await errorCode(async () => verifyJws(await signJws('x', expired))), 'ERR_CERT_EXPIRED');
    assert.equal(
      await errorCode(async () => verifyJws(await signJws('x', future))),
      'ERR_CERT_NOT_YET_VALID',
    );
    // the same JWS verifies at a time inside the validity
    const ok = await verifyJws(await signJws('x', expired), { at: new Date(Date.now() - 2 * day) });
    assert.equal(ok.payload.toString(), 'x');
  });

  test('a truncated signature: ERR_JWS_SIGNATURE; a "crit" header: ERR_JWS_INVALID', {
    timeout: 120_000,
  }, async () => {
    const jws = await signJws('x', pki.device);
    assert.equal(await errorCode(() => verifyJws(jws.slice(0, -4))), 'ERR_JWS_SIGNATURE');
    const x5c = [pki.device.certificateDer.toString('base64')];
    assert.equal(
      await errorCode(() =>
        verifyJws(handMade({ alg: 'RS256', x5c, crit: ['b64'], b64: false }, 'x', pki.device)),
      ),
      'ERR_JWS_INVALID',
    );
  });

  test('no x5c: ERR_JWS_NO_CERTIFICATE; malformed: ERR_JWS_INVALID; bad certificate: ERR_CERT_PARSE', {
    timeout: 120_000,
  }, async () => {
    assert.equal(
      await errorCode(() => verifyJws(handMade({ alg: 'RS256' }, '{}', pki.device))),
      'ERR_JWS_NO_CERTIFICATE',
    );
    assert.equal(await errorCode(() => verifyJws('a.b')), 'ERR_JWS_INVALID');
    assert.equal(
      await errorCode(() => verifyJws(`${b64u('not json')}.${b64u('{}')}.AAAA`)),
      'ERR_JWS_INVALID',
    );
    assert.equal(
      await errorCode(() => verifyJws(handMade({ alg: 'RS256', x5c: ['AAAA'] }, '{}', pki.device))),
      'ERR_CERT_PARSE',
    );
    assert.equal(await errorCode(() => verifyJws(42 as unknown as string)), 'ERR_INVALID_INPUT');
  });

  test('a key that is not RSA for RS256 is refused at signing', { timeout: 120_000 }, async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const signer = {
      privateKey: createPrivateKey(ec.privateKey.export({ type: 'pkcs8', format: 'pem' })),
      certificateDer: pki.device.certificateDer,
    };
    assert.equal(await errorCode(() => signJws('x', signer)), 'ERR_KEY');
  });
});
