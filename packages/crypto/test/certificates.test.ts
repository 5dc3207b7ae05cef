import assert from 'node:assert/strict';
import { generateKeyPairSync, webcrypto, X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import {
  type CertifiedKey,
  createDevelopmentPki,
  createRootCa,
  type DevelopmentPki,
  decryptPrivateKeyPem,
  derToPem,
  encryptPrivateKeyPem,
  fromP7b,
  issueCertificate,
  openCertifiedKey,
  parseCertificate,
  pemToDerList,
  privateKeyToPem,
  sealCertifiedKey,
  thumbprintBase64Url,
  thumbprintHex,
  toP7b,
  validateChain,
} from '@mosip-trust/crypto';
import * as x509 from '@peculiar/x509';
import { errorCode, openssl, opensslStatus, scratchDir } from './helpers.ts';

const dir = scratchDir();
let pki: DevelopmentPki;
let n = 0;

/** Writes PEM of the given certificates to a fresh file; returns its path. */
function pemFile(...certs: { certificateDer: Buffer }[]): string {
  const path = join(dir, `c${n++}.pem`);
  writeFileSync(path, certs.map((c) => derToPem(c.certificateDer)).join(''));
  return path;
}

/** `openssl verify -CAfile root -untrusted inter leaf`: exit status and output. */
function opensslVerify(
  root: CertifiedKey,
  leaf: { certificateDer: Buffer },
  ...inter: { certificateDer: Buffer }[]
) {
  const args = ['verify', '-CAfile', pemFile(root)];
  if (inter.length > 0) args.push('-untrusted', pemFile(...inter));
  return opensslStatus([...args, pemFile(leaf)]);
}

const DAY = 86_400_000;

before(async () => {
  pki = await createDevelopmentPki({ organization: 'Cert Test' });
});

describe('certificate creation and parsing', { timeout: 120_000 }, () => {
  test('every development role has the subject, CA flag, key usage and issuer it should', {
    timeout: 120_000,
  }, () => {
    const root = parseCertificate(pki.ftmRoot.certificateDer);
    assert.equal(root.subject, 'CN=FTM Root CA, O=Cert Test, C=IN');
    assert.equal(root.selfSigned, true);
    assert.equal(root.isCa, true);
    assert.ok(root.keyUsage.includes('keyCertSign'));
    const chip = parseCertificate(pki.ftmChip.certificatePem);
    assert.equal(chip.issuer, root.subject);
    assert.equal(chip.isCa, false);
    assert.equal(chip.selfSigned, false);
    assert.deepEqual(chip.keyUsage, ['digitalSignature', 'nonRepudiation']);
    assert.equal(chip.organization, 'Cert Test');
    assert.equal(chip.commonName, 'FTM Chip');
    assert.equal(chip.signatureAlgorithm, 'SHA256withRSA');
    assert.equal(chip.publicKeyAlgorithm, 'rsa');
    assert.equal(chip.publicKeyBits, 2048);
    const enc = parseCertificate(pki.platformEncryption.certificateDer);
    assert.deepEqual(enc.keyUsage, ['keyEncipherment', 'dataEncipherment']);
    assert.equal(enc.issuer, parseCertificate(pki.platformPms.certificateDer).subject);
    assert.equal(parseCertificate(pki.platformPms.certificateDer).pathLength, 0);
  });

  test('openssl reads our certificates the same way (subject order, serial, dates, extensions)', {
    timeout: 120_000,
  }, () => {
    const path = pemFile(pki.device);
    const text = openssl([
      'x509',
      '-in',
      path,
      '-noout',
      '-subject',
      '-issuer',
      '-serial',
      '-enddate',
      '-nameopt',
      'RFC2253',
      '-ext',
      'basicConstraints,keyUsage',
    ]).toString();
    const info = parseCertificate(pki.device.certificateDer);
    assert.match(text, /subject=CN=Device,O=Cert Test,C=IN/);
    assert.match(text, /issuer=CN=Device Provider CA,O=Cert Test,C=IN/);
    assert.match(text, new RegExp(`serial=${info.serialNumber}`, 'i'));
    assert.match(text, /CA:FALSE/);
    assert.match(text, /Digital Signature, Non Repudiation/);
    const notAfter = /notAfter=(.*)/.exec(text)?.[1] ?? '';
    assert.equal(new Date(notAfter).getTime(), info.notAfter.getTime());
  });

  test('thumbprints equal openssl fingerprints (SHA-256 upper hex, base64url; SHA-1 lower hex)', {
    timeout: 120_000,
  }, () => {
    const path = pemFile(pki.platformEncryption);
    const sha256 = /=([0-9A-F:]+)/.exec(
      openssl(['x509', '-in', path, '-noout', '-fingerprint', '-sha256']).toString(),
    )?.[1];
    const sha1 = /=([0-9A-F:]+)/.exec(
      openssl(['x509', '-in', path, '-noout', '-fingerprint', '-sha1']).toString(),
    )?.[1];
    const der = pki.platformEncryption.certificateDer;
    assert.equal(thumbprintHex(der), sha256?.replaceAll(':', ''));
    assert.equal(
      thumbprintBase64Url(der),
      Buffer.from(sha256?.replaceAll(':', '') ?? '', 'hex').toString('base64url'),
    );
    assert.equal(parseCertificate(der).sha1Hex, sha1?.replaceAll(':', '').toLowerCase());
  });

  test('PEM and DER convert both ways, identically to openssl', { timeout: 120_000 }, () => {
    const der = openssl(['x509', '-in', pemFile(pki.partner), '-outform', 'DER']);
    assert.deepEqual(der, pki.partner.certificateDer);
    assert.equal(derToPem(der), pki.partner.certificatePem);
    const two = pemToDerList(pki.partner.certificatePem + pki.partnerCa.certificatePem);
    assert.deepEqual(two, [pki.partner.certificateDer, pki.partnerCa.certificateDer]);
    assert.equal(parseCertificate(der.toString('base64')).commonName, 'Auth Partner');
  });

  test('the X.509 version as openssl prints it: v3 for ours, v1 for an openssl certificate without extensions', {
    timeout: 120_000,
  }, () => {
    assert.equal(parseCertificate(pki.partner.certificateDer).version, 3);
    const key = join(dir, 'v1.key');
    const csr = join(dir, 'v1.csr');
    openssl([
      'req',
      '-new',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-subj',
      '/CN=V1/O=Cert Test',
      '-out',
      csr,
    ]);
    const v1 = openssl(['x509', '-req', '-in', csr, '-signkey', key, '-days', '30', '-outform', 'DER']);
    assert.match(openssl(['x509', '-inform', 'DER', '-noout', '-text'], v1).toString(), /Version: 1 \(0x0\)/);
    assert.equal(parseCertificate(v1).version, 1);
  });

  test('issued certificates and .p7b bundles are byte for byte what @peculiar/x509 builds from the same fields', {
    timeout: 120_000,
  }, async () => {
    const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    const spkiOf = (der: Buffer) =>
      new Uint8Array(new X509Certificate(der).publicKey.export({ type: 'spki', format: 'der' }));
    /** @peculiar/x509 takes bytes on a plain ArrayBuffer. */
    const parse = (der: Buffer) => new x509.X509Certificate(new Uint8Array(der));
    const F = x509.KeyUsageFlags;
    /** The certificate @peculiar/x509's generator makes with `cert`'s serial, names, dates and key. */
    async function rebuilt(
      cert: Buffer,
      issuer: CertifiedKey,
      extensions: x509.Extension[],
    ): Promise<Buffer> {
      const parsed = parse(cert);
      const signingKey = await webcrypto.subtle.importKey(
        'pkcs8',
        issuer.privateKey.export({ type: 'pkcs8', format: 'der' }),
        algorithm,
        false,
        ['sign'],
      );
      const made = await x509.X509CertificateGenerator.create({
        serialNumber: parsed.serialNumber,
        subject: parsed.subjectName,
        issuer: parse(issuer.certificateDer).subjectName,
        notBefore: parsed.notBefore,
        notAfter: parsed.notAfter,
        publicKey: spkiOf(cert),
        signingKey,
        signingAlgorithm: algorithm,
        extensions,
      });
      return Buffer.from(made.rawData);
    }
    const caUsage = () => new x509.KeyUsagesExtension(F.keyCertSign | F.cRLSign | F.digitalSignature, true);
    const ski = (der: Buffer) => x509.SubjectKeyIdentifierExtension.create(spkiOf(der));
    // GeneralizedTime from 2050 on, UTCTime before.
    const root = await createRootCa({
      subject: 'CN=Byte Root, OU=R, O=Cert Test, C=IN',
      pathLength: 1,
      notAfter: new Date('2060-01-01T00:00:00Z'),
    });
    const rootAgain = await rebuilt(root.certificateDer, root, [
      new x509.BasicConstraintsExtension(true, 1, true),
      caUsage(),
      await ski(root.certificateDer),
    ]);
    assert.deepEqual(rootAgain, root.certificateDer);
    const aki = await x509.AuthorityKeyIdentifierExtension.create(spkiOf(root.certificateDer));
    const ca = (await issueCertificate(root, {
      subject: 'CN=Byte CA, O=Cert Test, C=IN',
      ca: true,
      pathLength: 0,
    })) as CertifiedKey;
    const caAgain = await rebuilt(ca.certificateDer, root, [
      new x509.BasicConstraintsExtension(true, 0, true),
      caUsage(),
      await ski(ca.certificateDer),
      aki,
    ]);
    assert.deepEqual(caAgain, ca.certificateDer);
    const usages = {
      signing: F.digitalSignature | F.nonRepudiation,
      encryption: F.keyEncipherment | F.dataEncipherment,
    };
    for (const [profile, flags] of Object.entries(usages)) {
      const leaf = await issueCertificate(root, {
        subject: 'CN=Byte Leaf é, O=Cert Test, C=IN',
        ca: false,
        keyUsage: profile as keyof typeof usages,
        publicKey: new X509Certificate(pki.partner.certificateDer).publicKey,
      });
      const leafAgain = await rebuilt(leaf.certificateDer, root, [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(flags, true),
        await ski(leaf.certificateDer),
        aki,
      ]);
      assert.deepEqual(leafAgain, leaf.certificateDer, profile);
    }
    const ders = [ca.certificateDer, root.certificateDer];
    const bundle = new x509.X509Certificates(ders.map(parse));
    assert.deepEqual(toP7b(ders), Buffer.from(bundle.export('raw')));
  });

  test('p7b: openssl lists what we bundle, we read what openssl bundles (DER and PEM)', {
    timeout: 120_000,
  }, () => {
    const p7b = join(dir, 'ours.p7b');
    writeFileSync(p7b, toP7b([pki.device.certificateDer, pki.deviceProviderCa.certificateDer]));
    const listed = openssl(['pkcs7', '-inform', 'DER', '-in', p7b, '-print_certs', '-noout']).toString();
    assert.match(listed, /subject=C = IN, O = Cert Test, CN = Device\n/);
    assert.match(listed, /subject=C = IN, O = Cert Test, CN = Device Provider CA/);
    const chain = pemFile(pki.platformSigning, pki.platformPms, pki.platformRoot);
    const theirsDer = openssl(['crl2pkcs7', '-nocrl', '-certfile', chain, '-outform', 'DER']);
    const theirsPem = openssl(['crl2pkcs7', '-nocrl', '-certfile', chain]).toString();
    const expected = [
      pki.platformSigning.certificateDer,
      pki.platformPms.certificateDer,
      pki.platformRoot.certificateDer,
    ];
    assert.deepEqual(fromP7b(theirsDer), expected);
    assert.deepEqual(fromP7b(theirsPem), expected);
    assert.deepEqual(fromP7b(Buffer.from(theirsPem)), expected);
  });

  test('malformed input: ERR_CERT_PARSE', { timeout: 120_000 }, async () => {
    assert.equal(await errorCode(() => parseCertificate(Buffer.from('not a certificate'))), 'ERR_CERT_PARSE');
    assert.equal(
      await errorCode(() => pemToDerList('-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----')),
      'ERR_CERT_PARSE',
    );
    assert.equal(
      await errorCode(() => fromP7b(pki.device.certificateDer.subarray(0, 100))),
      'ERR_CERT_PARSE',
    );
    assert.equal(await errorCode(() => createRootCa({ subject: '' })), 'ERR_INVALID_INPUT');
    const ca = 'yes' as unknown as boolean;
    assert.equal(
      await errorCode(() => issueCertificate(pki.partnerCa, { subject: 'CN=X', ca })),
      'ERR_INVALID_INPUT',
    );
    const keyUsage = 'everything' as 'ca';
    assert.equal(
      await errorCode(() => issueCertificate(pki.partnerCa, { subject: 'CN=X', ca: false, keyUsage })),
      'ERR_INVALID_INPUT',
    );
    const noKey = { certificateDer: pki.partnerCa.certificateDer } as CertifiedKey;
    assert.equal(await errorCode(() => issueCertificate(noKey, { subject: 'CN=X', ca: false })), 'ERR_KEY');
  });

  test('private keys at rest: PKCS#8 AES-256 that openssl decrypts, and the reverse', {
    timeout: 120_000,
  }, () => {
    const pem = encryptPrivateKeyPem(pki.device.privateKey, 'correct horse');
    assert.match(pem, /BEGIN ENCRYPTED PRIVATE KEY/);
    const path = join(dir, 'enc.key.pem');
    writeFileSync(path, pem);
    const plain = openssl(['pkey', '-in', path, '-passin', 'pass:correct horse']).toString();
    assert.equal(plain, privateKeyToPem(pki.device.privateKey));
    assert.equal(decryptPrivateKeyPem(pem, 'correct horse').equals(pki.device.privateKey), true);
    const theirs = openssl([
      'pkcs8',
      '-topk8',
      '-v2',
      'aes-256-cbc',
      '-passout',
      'pass:pw',
      '-in',
      path,
      '-passin',
      'pass:correct horse',
    ]).toString();
    assert.equal(decryptPrivateKeyPem(theirs, 'pw').equals(pki.device.privateKey), true);
    assert.throws(() => decryptPrivateKeyPem(pem, 'wrong'), { code: 'ERR_KEY' });
  });

  test('a certified key sealed for storage opens to the same certificate and key', () => {
    const sealed = sealCertifiedKey(pki.device, 'correct horse');
    assert.equal(sealed.certificatePem, pki.device.certificatePem);
    assert.match(sealed.encryptedPrivateKeyPem, /BEGIN ENCRYPTED PRIVATE KEY/);
    const opened = openCertifiedKey(sealed, 'correct horse');
    assert.deepEqual(opened.certificateDer, pki.device.certificateDer);
    assert.equal(opened.certificatePem, pki.device.certificatePem);
    assert.equal(opened.privateKey.equals(pki.device.privateKey), true);
    assert.throws(() => openCertifiedKey(sealed, 'wrong'), { code: 'ERR_KEY' });
    const noCertificate = { ...sealed, certificatePem: sealed.encryptedPrivateKeyPem };
    assert.throws(() => openCertifiedKey(noCertificate, 'correct horse'), { code: 'ERR_CERT_PARSE' });
  });
});

describe('validateChain agrees with openssl verify', { timeout: 120_000 }, () => {
  test('leaf → provider CA (DEVICE) and leaf → PMS → root (CREDENTIAL), intermediates in any order', {
    timeout: 120_000,
  }, async () => {
    const device = await validateChain(pki.device.certificateDer, {
      domain: 'DEVICE',
      anchors: [pki.deviceProviderCa.certificateDer],
    });
    assert.deepEqual(
      device.chain.map((c) => c.commonName),
      ['Device', 'Device Provider CA'],
    );
    assert.equal(opensslVerify(pki.deviceProviderCa, pki.device).status, 0);
    const enc = await validateChain(pki.platformEncryption.certificateDer, {
      domain: 'CREDENTIAL',
      anchors: [pki.ftmRoot.certificateDer, pki.platformRoot.certificateDer],
      intermediates: [pki.device.certificateDer, pki.platformPms.certificateDer],
    });
    assert.deepEqual(
      enc.chain.map((c) => c.commonName),
      ['IDA-FIR', 'MOSIP PMS', 'MOSIP Root CA'],
    );
    const ok = opensslVerify(pki.platformRoot, pki.platformEncryption, pki.platformPms);
    assert.equal(ok.status, 0, ok.output);
  });

  test('an intermediate CA may itself be the anchor', { timeout: 120_000 }, async () => {
    const { chain } = await validateChain(pki.platformSigning.certificateDer, {
      domain: 'AUTH',
      anchors: [pki.platformPms.certificateDer],
    });
    assert.equal(chain.length, 2);
  });

  test('untrusted root: ERR_CHAIN_UNTRUSTED (openssl: unable to get local issuer)', {
    timeout: 120_000,
  }, async () => {
    const code = await errorCode(() =>
      validateChain(pki.device.certificateDer, { domain: 'DEVICE', anchors: [pki.ftmRoot.certificateDer] }),
    );
    assert.equal(code, 'ERR_CHAIN_UNTRUSTED');
    assert.notEqual(opensslVerify(pki.ftmRoot, pki.device).status, 0);
    // a look-alike root: same subject, different key
    const impostor = await createRootCa({ subject: 'CN=Device Provider CA, O=Cert Test, C=IN' });
    assert.equal(
      await errorCode(() =>
        validateChain(pki.device.certificateDer, { domain: 'DEVICE', anchors: [impostor.certificateDer] }),
      ),
      'ERR_CHAIN_UNTRUSTED',
    );
    assert.notEqual(opensslVerify(impostor, pki.device).status, 0);
    // missing intermediate
    assert.equal(
      await errorCode(() =>
        validateChain(pki.platformSigning.certificateDer, {
          domain: 'AUTH',
          anchors: [pki.platformRoot.certificateDer],
        }),
      ),
      'ERR_CHAIN_UNTRUSTED',
    );
  });

  test('non-CA intermediate: ERR_CHAIN_NOT_CA (openssl: invalid CA certificate)', {
    timeout: 120_000,
  }, async () => {
    const notCa = (await issueCertificate(pki.partnerCa, {
      subject: 'CN=Not A CA',
      ca: false,
    })) as CertifiedKey;
    const leaf = await issueCertificate(notCa, { subject: 'CN=Under Not A CA', ca: false });
    const code = await errorCode(() =>
      validateChain(leaf.certificateDer, {
        domain: 'AUTH',
        anchors: [pki.partnerCa.certificateDer],
        intermediates: [notCa.certificateDer],
      }),
    );
    assert.equal(code, 'ERR_CHAIN_NOT_CA');
    const o = opensslVerify(pki.partnerCa, leaf, notCa);
    assert.notEqual(o.status, 0);
    assert.match(o.output, /invalid CA certificate/);
  });

  test('CA without keyCertSign: ERR_CHAIN_KEY_USAGE (openssl: key usage does not include certificate signing)', {
    timeout: 120_000,
  }, async () => {
    const ca = (await issueCertificate(pki.partnerCa, {
      subject: 'CN=Enc Only CA',
      ca: true,
      keyUsage: 'encryption',
    })) as CertifiedKey;
    const leaf = await issueCertificate(ca, { subject: 'CN=Leaf', ca: false });
    const code = await errorCode(() =>
      validateChain(leaf.certificateDer, {
        domain: 'AUTH',
        anchors: [pki.partnerCa.certificateDer],
        intermediates: [ca.certificateDer],
      }),
    );
    assert.equal(code, 'ERR_CHAIN_KEY_USAGE');
    const o = opensslVerify(pki.partnerCa, leaf, ca);
    assert.notEqual(o.status, 0);
    assert.match(o.output, /key usage/i);
  });

  test('leaf key usage unfit for the domain: an encryption-only certificate in DEVICE is ERR_CHAIN_KEY_USAGE', {
    timeout: 120_000,
  }, async () => {
    const enc = await issueCertificate(pki.deviceProviderCa, {
      subject: 'CN=Enc Device',
      ca: false,
      keyUsage: 'encryption',
    });
    const anchors = [pki.deviceProviderCa.certificateDer];
    assert.equal(
      await errorCode(() => validateChain(enc.certificateDer, { domain: 'DEVICE', anchors })),
      'ERR_CHAIN_KEY_USAGE',
    );
    await validateChain(enc.certificateDer, { domain: 'CREDENTIAL', anchors });
  });

  test('pathLenConstraint exceeded: ERR_CHAIN_PATH_LENGTH (openssl: path length constraint exceeded)', {
    timeout: 120_000,
  }, async () => {
    const sub = (await issueCertificate(pki.platformPms as CertifiedKey, {
      subject: 'CN=Sub CA',
      ca: true,
    })) as CertifiedKey;
    const leaf = await issueCertificate(sub, { subject: 'CN=Deep Leaf', ca: false });
    const code = await errorCode(() =>
      validateChain(leaf.certificateDer, {
        domain: 'AUTH',
        anchors: [pki.platformRoot.certificateDer],
        intermediates: [sub.certificateDer, pki.platformPms.certificateDer],
      }),
    );
    assert.equal(code, 'ERR_CHAIN_PATH_LENGTH');
    const o = opensslVerify(pki.platformRoot, leaf, sub, pki.platformPms);
    assert.match(o.output, /path length constraint exceeded/);
  });

  test('expired and not-yet-valid leaf or intermediate: ERR_CERT_EXPIRED, ERR_CERT_NOT_YET_VALID', {
    timeout: 120_000,
  }, async () => {
    const root = await createRootCa({
      subject: 'CN=Old Root, O=Cert Test, C=IN',
      notBefore: new Date(Date.now() - 20 * DAY),
    });
    const anchors = [root.certificateDer];
    const old = await issueCertificate(root, {
      subject: 'CN=Old',
      ca: false,
      notBefore: new Date(Date.now() - 10 * DAY),
      notAfter: new Date(Date.now() - DAY),
    });
    const soon = await issueCertificate(root, {
      subject: 'CN=Soon',
      ca: false,
      notBefore: new Date(Date.now() + DAY),
    });
    assert.equal(
      await errorCode(() => validateChain(old.certificateDer, { domain: 'DEVICE', anchors })),
      'ERR_CERT_EXPIRED',
    );
    assert.equal(
      await errorCode(() => validateChain(soon.certificateDer, { domain: 'DEVICE', anchors })),
      'ERR_CERT_NOT_YET_VALID',
    );
    assert.match(opensslVerify(root, old).output, /certificate has expired/);
    assert.match(opensslVerify(root, soon).output, /certificate is not yet valid/);
    // the expired leaf validates at a time inside its validity
    await validateChain(old.certificateDer, {
      domain: 'DEVICE',
      anchors,
      at: new Date(Date.now() - 5 * DAY),
    });
    // an expired intermediate fails the chain too
    const oldCa = (await issueCertificate(root, {
      subject: 'CN=Old CA',
      ca: true,
      notBefore: new Date(Date.now() - 10 * DAY),
      notAfter: new Date(Date.now() - DAY),
    })) as CertifiedKey;
    const leaf = await issueCertificate(oldCa, {
      subject: 'CN=Under Old CA',
      ca: false,
      notAfter: new Date(Date.now() + DAY),
    });
    const code = await errorCode(() =>
      validateChain(leaf.certificateDer, {
        domain: 'DEVICE',
        anchors,
        intermediates: [oldCa.certificateDer],
      }),
    );
    assert.equal(code, 'ERR_CERT_EXPIRED');
  });

  test('weak keys: RSA-1024 and secp256k1 are ERR_CERT_WEAK_KEY; P-256 passes', {
    timeout: 120_000,
  }, async () => {
    const anchors = [pki.deviceProviderCa.certificateDer];
    const weak = await issueCertificate(pki.deviceProviderCa, {
      subject: 'CN=Weak',
      ca: false,
      keyBits: 1024,
    });
    assert.equal(parseCertificate(weak.certificateDer).publicKeyBits, 1024);
    assert.equal(
      await errorCode(() => validateChain(weak.certificateDer, { domain: 'DEVICE', anchors })),
      'ERR_CERT_WEAK_KEY',
    );
    const k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey;
    const k1Cert = await issueCertificate(pki.deviceProviderCa, {
      subject: 'CN=K1',
      ca: false,
      publicKey: k1,
    });
    assert.equal(
      await errorCode(() => validateChain(k1Cert.certificateDer, { domain: 'DEVICE', anchors })),
      'ERR_CERT_WEAK_KEY',
    );
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    const p256Cert = await issueCertificate(pki.deviceProviderCa, {
      subject: 'CN=P256',
      ca: false,
      publicKey: p256,
    });
    assert.equal(
      (await validateChain(p256Cert.certificateDer, { domain: 'DEVICE', anchors })).chain[0]?.publicKeyCurve,
      'prime256v1',
    );
  });

  test('a SHA-1 signed certificate made by openssl: ERR_CERT_WEAK_SIGNATURE', {
    timeout: 120_000,
  }, async () => {
    const caCert = pemFile(pki.deviceProviderCa);
    const caKey = join(dir, 'ca.key.pem');
    writeFileSync(caKey, privateKeyToPem(pki.deviceProviderCa.privateKey), { mode: 0o600 });
    const key = join(dir, 'sha1.key.pem');
    const csr = join(dir, 'sha1.csr');
    const ext = join(dir, 'sha1.ext');
    const out = join(dir, 'sha1.crt.pem');
    openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', key]);
    openssl(['req', '-new', '-key', key, '-subj', '/C=IN/O=Cert Test/CN=SHA1 Device', '-out', csr]);
    writeFileSync(ext, 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n');
    openssl([
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      caCert,
      '-CAkey',
      caKey,
      '-set_serial',
      '4660',
      '-days',
      '30',
      '-sha1',
      '-extfile',
      ext,
      '-out',
      out,
    ]);
    const der = pemToDerList(readFileSync(out, 'utf8'))[0] as Buffer;
    assert.equal(parseCertificate(der).signatureAlgorithm, 'SHA1withRSA');
    const code = await errorCode(() =>
      validateChain(der, { domain: 'DEVICE', anchors: [pki.deviceProviderCa.certificateDer] }),
    );
    assert.equal(code, 'ERR_CERT_WEAK_SIGNATURE');
  });

  test('bad arguments: ERR_INVALID_INPUT', { timeout: 120_000 }, async () => {
    const domain = 'NOPE' as 'FTM';
    assert.equal(
      await errorCode(() => validateChain(pki.device.certificateDer, { domain, anchors: [] })),
      'ERR_INVALID_INPUT',
    );
    assert.equal(
      await errorCode(() => validateChain('x' as unknown as Uint8Array, { domain: 'FTM', anchors: [] })),
      'ERR_INVALID_INPUT',
    );
  });
});
