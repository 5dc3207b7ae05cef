import assert from 'node:assert/strict';
import { generateKeyPairSync, webcrypto, X509Certificate } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  type CertifiedKey,
  certificatePublicKey,
  createRootCa,
  issueCertificate,
  parseCertificate,
  toP7b,
} from '@mosip-trust/crypto';
import * as x509 from '@peculiar/x509';

// parseCertificate reads most certificates' fields from the DER itself and the rest with @peculiar/x509
// (src/certificate-fields.ts): whichever way, the fields are what @peculiar/x509 reads.

x509.cryptoProvider.set(webcrypto as unknown as Crypto);
const F = x509.KeyUsageFlags;
const KEY_USAGE_NAMES: [number, string][] = [
  [F.digitalSignature, 'digitalSignature'],
  [F.nonRepudiation, 'nonRepudiation'],
  [F.keyEncipherment, 'keyEncipherment'],
  [F.dataEncipherment, 'dataEncipherment'],
  [F.keyAgreement, 'keyAgreement'],
  [F.keyCertSign, 'keyCertSign'],
  [F.cRLSign, 'cRLSign'],
  [F.encipherOnly, 'encipherOnly'],
  [F.decipherOnly, 'decipherOnly'],
];

/** What @peculiar/x509 reads from a certificate, in parseCertificate's terms. */
function asPeculiarReadsIt(der: Buffer) {
  const cert = new x509.X509Certificate(new Uint8Array(der));
  const rfc4514 = (name: x509.Name) => new x509.Name(name.toJSON().reverse()).toString();
  const basic = cert.getExtension(x509.BasicConstraintsExtension);
  const usage = cert.getExtension(x509.KeyUsagesExtension);
  let signature = { name: 'unknown', hash: 'unknown' };
  try {
    const alg = cert.signatureAlgorithm as { name: string; hash?: { name: string } | string };
    const hash = typeof alg.hash === 'string' ? alg.hash : (alg.hash?.name ?? 'unknown');
    const short = hash.replace('-', '');
    const names: Record<string, string> = {
      'RSASSA-PKCS1-v1_5': `${short}withRSA`,
      'RSA-PSS': `${short}withRSAandMGF1`,
      ECDSA: `${short}withECDSA`,
    };
    if (alg.name === 'Ed25519' || alg.name === 'EdDSA') signature = { name: 'Ed25519', hash: 'Ed25519' };
    else if (names[alg.name]) signature = { name: names[alg.name] as string, hash };
  } catch {}
  return {
    subject: rfc4514(cert.subjectName),
    issuer: rfc4514(cert.issuerName),
    organization: cert.subjectName.getField('O')[0],
    commonName: cert.subjectName.getField('CN')[0],
    serialNumber: cert.serialNumber.toLowerCase(),
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    isCa: basic?.ca ?? false,
    pathLength: basic?.pathLength,
    keyUsage: usage ? KEY_USAGE_NAMES.filter(([flag]) => (usage.usages & flag) !== 0).map(([, n]) => n) : [],
    signatureAlgorithm: signature.name,
    signatureHash: signature.hash,
  };
}

function assertReadAsPeculiar(der: Buffer, what: string) {
  let expected: ReturnType<typeof asPeculiarReadsIt>;
  try {
    expected = asPeculiarReadsIt(der);
  } catch {
    // What @peculiar/x509 cannot render (a value starting with '#' that is not hex) stays refused.
    assert.throws(() => parseCertificate(der), what);
    return;
  }
  const info = parseCertificate(der);
  const actual = Object.fromEntries(Object.keys(expected).map((k) => [k, info[k as keyof typeof info]]));
  assert.deepEqual(actual, expected, what);
  assert.equal(info.version, 3, what);
}

type JsonName = x509.JsonName;
/** A value of a chosen string type: @peculiar/x509's Name takes { utf8String: text } and the like, its types only text. */
const typed = (type: string, text: string) => ({ [type]: text }) as unknown as string;
const NAMES: [string, JsonName][] = [
  ['plain', [{ C: ['IN'] }, { O: ['Org'] }, { CN: ['Plain'] }]],
  ['escaped characters', [{ C: ['IN'] }, { O: ['Acme, Inc.'] }, { OU: ['a+b<c>;d'] }, { CN: ['x=y'] }]],
  ['leading and trailing spaces', [{ O: [' padded '] }, { CN: ['  two'] }]],
  ['leading #', [{ CN: [typed('utf8String', '#hash')] }]],
  ['quotes and backslash', [{ O: [typed('utf8String', 'say "hi" \\ there')] }, { CN: ['q'] }]],
  ['UTF-8', [{ C: ['ES'] }, { O: ['Ñoño é 日本'] }, { CN: ['Müller'] }]],
  ['E and DC', [{ DC: ['org'] }, { DC: ['example'] }, { E: ['a@b.example'] }, { CN: ['mail'] }]],
  ['multi-valued RDN', [{ C: ['IN'] }, { CN: ['x'], OU: ['y'] }]],
  ['unknown attribute type', [{ '2.5.4.5': ['12345'] }, { CN: ['serial'] }]],
  [
    'IA5String and BMPString values',
    [{ O: [typed('ia5String', 'ia5 org')] }, { CN: [typed('bmpString', 'bmp')] }],
  ],
  ['control characters', [{ O: [typed('utf8String', 'line\nbreak\ttab')] }, { CN: ['c'] }]],
  ['two organisations', [{ O: ['First'] }, { O: ['Second'] }, { CN: ['Two'] }, { CN: ['Names'] }]],
  [
    'every named type',
    [
      { C: ['IN'] },
      { ST: ['KA'] },
      { L: ['Bengaluru'] },
      { O: ['o'] },
      { OU: ['ou'] },
      { T: ['t'] },
      { SN: ['sn'] },
      { G: ['g'] },
      { I: ['i'] },
      { CN: ['cn'] },
    ],
  ],
];

describe('parseCertificate reads what @peculiar/x509 reads', { timeout: 300_000 }, () => {
  test('names, extensions, dates and signature algorithms of many shapes', async () => {
    const subtle = webcrypto.subtle;
    const rsa = await subtle.generateKey(
      {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: 2048,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
      },
      true,
      ['sign', 'verify'],
    );
    const importRsa = (algorithm: RsaHashedImportParams) =>
      subtle
        .exportKey('pkcs8', rsa.privateKey)
        .then((pkcs8) => subtle.importKey('pkcs8', pkcs8, algorithm, false, ['sign']));
    const p256 = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const p384 = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, true, ['sign', 'verify']);
    const ed = (await subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const signers: [string, CryptoKey, Algorithm & { hash?: string; saltLength?: number }][] = [];
    for (const hash of ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512']) {
      const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash };
      signers.push([`RSA ${hash}`, await importRsa(algorithm), algorithm]);
    }
    const pss = { name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 };
    signers.push(['RSA-PSS', await importRsa(pss), pss]);
    signers.push(['ECDSA P-256', p256.privateKey, { name: 'ECDSA', hash: 'SHA-256' }]);
    signers.push(['ECDSA P-384', p384.privateKey, { name: 'ECDSA', hash: 'SHA-384' }]);
    signers.push(['Ed25519', ed.privateKey, { name: 'Ed25519' }]);

    const extensionSets: [string, () => Promise<x509.Extension[]>][] = [
      [
        'CA with path length, SKI and AKI',
        async () => [
          new x509.BasicConstraintsExtension(true, 2, true),
          new x509.KeyUsagesExtension(F.keyCertSign | F.cRLSign, true),
          await x509.SubjectKeyIdentifierExtension.create(rsa.publicKey),
          await x509.AuthorityKeyIdentifierExtension.create(rsa.publicKey),
        ],
      ],
      [
        'leaf',
        async () => [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.KeyUsagesExtension(F.digitalSignature | F.nonRepudiation, true),
        ],
      ],
      ['CA without path length', async () => [new x509.BasicConstraintsExtension(true)]],
      ['nine key usage bits', async () => [new x509.KeyUsagesExtension(F.decipherOnly | F.digitalSignature)]],
      [
        'all key usages',
        async () => [new x509.KeyUsagesExtension(KEY_USAGE_NAMES.reduce((a, [f]) => a | f, 0))],
      ],
      [
        'extended key usage and subject alternative name',
        async () => [
          new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
          new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'partner.example' }]),
          new x509.KeyUsagesExtension(F.keyEncipherment),
        ],
      ],
      ['none', async () => []],
    ];

    const make = async (
      subject: JsonName,
      issuer: JsonName,
      signer: (typeof signers)[number],
      extensions: x509.Extension[],
      notAfter: Date,
      serialNumber = '0102ab',
    ) =>
      Buffer.from(
        (
          await x509.X509CertificateGenerator.create({
            serialNumber,
            subject: new x509.Name(subject),
            issuer: new x509.Name(issuer),
            notBefore: new Date('2026-01-02T03:04:05Z'),
            notAfter,
            publicKey: rsa.publicKey,
            signingKey: signer[1],
            signingAlgorithm: signer[2],
            extensions,
          })
        ).rawData,
      );

    const plain = NAMES[0]?.[1] as JsonName;
    const rsa256 = signers[1] as (typeof signers)[number];
    for (const [what, name] of NAMES) {
      assertReadAsPeculiar(
        await make(name, plain, rsa256, [], new Date('2030-01-01T00:00:00Z')),
        `subject: ${what}`,
      );
      assertReadAsPeculiar(
        await make(plain, name, rsa256, [], new Date('2030-01-01T00:00:00Z')),
        `issuer: ${what}`,
      );
    }
    for (const signer of signers) {
      assertReadAsPeculiar(await make(plain, plain, signer, [], new Date('2030-01-01T00:00:00Z')), signer[0]);
    }
    for (const [what, extensions] of extensionSets) {
      assertReadAsPeculiar(
        await make(plain, plain, rsa256, await extensions(), new Date('2030-01-01T00:00:00Z')),
        what,
      );
    }
    // GeneralizedTime from 2050 on; a serial with a sign octet (00 before a high bit).
    const late = await make(plain, plain, rsa256, [], new Date('2051-06-07T08:09:10Z'), '00a1b2');
    assertReadAsPeculiar(late, 'GeneralizedTime and a sign octet in the serial');
    assert.equal(parseCertificate(late).serialNumber, 'a1b2');
    assert.deepEqual(parseCertificate(late).notAfter, new Date('2051-06-07T08:09:10Z'));
    // Self-signed: the same name and the key's own signature.
    const self = await make(plain, plain, rsa256, [], new Date('2030-01-01T00:00:00Z'));
    assert.equal(parseCertificate(self).selfSigned, true);
    const other = await make(
      plain,
      plain,
      signers[5] as (typeof signers)[number],
      [],
      new Date('2030-01-01T00:00:00Z'),
    );
    assert.equal(parseCertificate(other).selfSigned, false, 'same name, signed by another key');
  });

  test('certificates of our issuer, and ones we re-sign, carry their key exactly as node:crypto exports it', async () => {
    const root = await createRootCa({ subject: 'CN=Fields Root, O=Cert Test, C=IN' });
    assertReadAsPeculiar(root.certificateDer, 'root');
    const ca = (await issueCertificate(root, {
      subject: 'CN=Fields CA, O=Cert Test, C=IN',
      ca: true,
      pathLength: 0,
    })) as CertifiedKey;
    assertReadAsPeculiar(ca.certificateDer, 'intermediate');
    const exponents = [3, 65537];
    for (const bits of [1024, 2048, 3072]) {
      for (const publicExponent of exponents) {
        const { publicKey } = generateKeyPairSync('rsa', { modulusLength: bits, publicExponent });
        const leaf = await issueCertificate(ca, {
          subject: 'CN=Fields Leaf, O=Partner, C=IN',
          ca: false,
          publicKey,
        });
        assertReadAsPeculiar(leaf.certificateDer, `leaf RSA ${bits} e=${publicExponent}`);
        const resigned = await issueCertificate(ca, {
          subject: 'CN=Fields Leaf, O=Partner, C=IN',
          ca: false,
          publicKey: certificatePublicKey(leaf.certificateDer),
        });
        const spki = (der: Buffer) =>
          new X509Certificate(der).publicKey.export({ type: 'spki', format: 'der' });
        assert.deepEqual(spki(resigned.certificateDer), publicKey.export({ type: 'spki', format: 'der' }));
        assert.deepEqual(
          parseCertificate(resigned.certificateDer).thumbprintHex ===
            parseCertificate(leaf.certificateDer).thumbprintHex,
          false,
        );
      }
    }
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey;
    const ecLeaf = await issueCertificate(ca, {
      subject: 'CN=EC Leaf, O=Partner, C=IN',
      ca: false,
      publicKey: ec,
    });
    assertReadAsPeculiar(ecLeaf.certificateDer, 'EC key');
    const again = await issueCertificate(ca, {
      subject: 'CN=EC Leaf, O=Partner, C=IN',
      ca: false,
      publicKey: certificatePublicKey(ecLeaf.certificateDer),
    });
    assert.deepEqual(
      new X509Certificate(again.certificateDer).publicKey.export({ type: 'spki', format: 'der' }),
      ec.export({ type: 'spki', format: 'der' }),
    );
    // Bundled without a second parse, byte for byte what a parse would give.
    const bundle = toP7b([again.certificateDer, ca.certificateDer, root.certificateDer]);
    assert.deepEqual(
      bundle,
      toP7b([again.certificateDer, ca.certificateDer, root.certificateDer].map((d) => Buffer.from(d))),
    );
  });
});
