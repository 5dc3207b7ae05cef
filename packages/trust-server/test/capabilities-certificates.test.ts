import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createRootCa, parseCertificate } from '@mosip-trust/crypto';
import { ROLES } from '../src/index.ts';
import {
  type Chain,
  codeOf,
  createChain,
  expectRefused,
  opensslCertificate,
  orgOf,
  PM,
  p7bBase64Url,
  partnerLeaf,
  uploadCa,
} from './capability-fixtures.ts';
import { STORES, startTestServer, type TestPartner, type TestServer } from './support/server.ts';

const DAY = 86_400_000;

for (const store of STORES) {
  describe(`trust domains and partner certificates (${store})`, () => {
    let s: TestServer;
    let auth: Chain;
    let foreign: Chain;
    let authPartner: TestPartner;
    let credPartner: TestPartner;
    let devicePartner: TestPartner;

    before(
      async () => {
        s = await startTestServer({ store });
        [auth, foreign] = await Promise.all([createChain('AuthCA'), createChain('Foreign')]);
        authPartner = await s.partner(ROLES.AUTH_PARTNER);
        credPartner = await s.partner(ROLES.CREDENTIAL_PARTNER);
        devicePartner = await s.partner(ROLES.DEVICE_PROVIDER);
      },
      { timeout: 300_000 },
    );
    after(async () => s?.close(), { timeout: 60_000 });

    const uploadCaCall = (certificateData: unknown, partnerDomain: unknown, token = s.adminToken) =>
      s.call('POST', `${PM}/partners/certificate/ca/upload`, {
        token,
        request: { certificateData, partnerDomain },
      });

    test('CA upload: root then intermediate into AUTH, listed and downloadable', {
      timeout: 300_000,
    }, async () => {
      const root = await uploadCaCall(auth.root.certificatePem, 'auth');
      assert.equal(root.status, 200, JSON.stringify(root.body.errors));
      assert.equal((root.body.response as { status: string }).status, 'Upload Success.');
      const inter = await uploadCaCall(auth.intermediate.certificatePem, 'AUTH');
      assert.equal(inter.status, 200, JSON.stringify(inter.body.errors));
      // MOSIP's paged object (PageResponseV2Dto) with its row id field certId.
      const list = await s.call<{
        data: { certId: string; caCertificateType: string; issuedTo: string; issuerId: string }[];
      }>('GET', `${PM}/trust-chain-certificates?partnerDomain=AUTH&pageNo=0&pageSize=100`, {
        token: s.adminToken,
      });
      const mine = list.body.response.data.filter((c) => c.issuedTo.includes('AuthCA'));
      assert.deepEqual(mine.map((c) => c.caCertificateType).sort(), ['INTERMEDIATE', 'ROOT']);
      const rootRow = mine.find((c) => c.caCertificateType === 'ROOT');
      const interRow = mine.find((c) => c.caCertificateType === 'INTERMEDIATE');
      assert.equal(interRow?.issuerId, rootRow?.certId);
      const file = await s.call<{ certificateData: string }>(
        'GET',
        `${PM}/trust-chain-certificates/${rootRow?.certId}/certificateFile`,
        {
          token: s.adminToken,
        },
      );
      assert.equal(
        parseCertificate(file.body.response.certificateData).thumbprintHex,
        parseCertificate(auth.root.certificateDer).thumbprintHex,
      );
    });

    test('CA upload of a base64url PKCS#7 chain stores root and intermediate (any order)', {
      timeout: 300_000,
    }, async () => {
      const chain = await createChain('P7bCA');
      const res = await uploadCaCall(p7bBase64Url([chain.intermediate, chain.root]), 'DEVICE');
      assert.equal(res.status, 200, JSON.stringify(res.body.errors));
      const body = res.body.response as { status: string; certificates: { certificateId: string | null }[] };
      assert.equal(body.status, 'Upload Success.');
      assert.equal(body.certificates.filter((c) => c.certificateId).length, 2);
    });

    test('CA upload refusals: each answers its KER code and changes nothing', {
      timeout: 300_000,
    }, async () => {
      const orphan = await createChain('Orphan');
      const expired = await createRootCa({
        subject: 'CN=Old, O=Old',
        notBefore: new Date(Date.now() - 800 * DAY),
        validityDays: 400,
      });
      const future = await createRootCa({
        subject: 'CN=Future, O=Future',
        notBefore: new Date(Date.now() + 10 * DAY),
        validityDays: 1000,
      });
      const short = await createRootCa({ subject: 'CN=Short, O=Short', validityDays: 200 });
      const notCa = await partnerLeaf(orphan.root, 'Leafy');
      const weak = opensslCertificate({
        subject: '/CN=Weak Root/O=Weak',
        bits: 1024,
        digest: 'sha256',
        ca: true,
        days: 1000,
      });
      const sha1 = opensslCertificate({
        subject: '/CN=Sha1 Root/O=Sha1',
        bits: 2048,
        digest: 'sha1',
        ca: true,
        days: 1000,
      });
      const cases: [unknown, unknown, number, string][] = [
        [auth.root.certificatePem, 'AUTH', 409, 'KER-PCM-003'],
        [
          '-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----',
          'AUTH',
          400,
          'KER-KMS-013',
        ],
        ['garbage', 'AUTH', 400, 'KER-PCM-001'],
        [orphan.root.certificatePem, 'BANK', 400, 'KER-PCM-011'],
        [orphan.intermediate.certificatePem, 'AUTH', 400, 'KER-PCM-005'],
        [expired.certificatePem, 'AUTH', 400, 'KER-PCM-004'],
        [future.certificatePem, 'AUTH', 400, 'KER-PMS-020'],
        [short.certificatePem, 'AUTH', 400, 'KER-PCM-017'],
        [notCa.certificatePem, 'AUTH', 400, 'KER-PCM-018'],
        [weak, 'AUTH', 400, 'KER-PCM-013'],
        [sha1, 'AUTH', 400, 'KER-PCM-014'],
        [12345, 'AUTH', 400, 'PMS_COR_001'],
        [auth.root.certificatePem, undefined, 400, 'PMS_COR_001'],
      ];
      for (const [data, domain, status, code] of cases) {
        await expectRefused(s, () => uploadCaCall(data, domain), status, code);
      }
      await expectRefused(
        s,
        () => uploadCaCall(orphan.root.certificatePem, 'AUTH', authPartner.token),
        403,
        'KER-ATH-403',
      );
    });

    test('partner signature certificate: validated, re-signed by the platform partner CA, downloadable both ways', {
      timeout: 300_000,
    }, async () => {
      const leaf = await partnerLeaf(auth.intermediate, orgOf(authPartner.partnerId));
      const res = await s.call<{ certificateId: string; signedCertificateData: string }>(
        'POST',
        `${PM}/partners/certificate/upload`,
        {
          token: authPartner.token,
          request: {
            partnerId: authPartner.partnerId,
            certificateData: leaf.certificatePem,
            partnerDomain: 'AUTH',
          },
        },
      );
      assert.equal(res.status, 200, JSON.stringify(res.body.errors));
      const signed = new X509Certificate(res.body.response.signedCertificateData);
      const original = new X509Certificate(leaf.certificatePem);
      const partnerCa = s.server.deps.keys.partnerCa;
      assert.equal(signed.subject, original.subject);
      assert.equal(
        signed.publicKey.export({ type: 'spki', format: 'pem' }),
        original.publicKey.export({ type: 'spki', format: 'pem' }),
      );
      assert.ok(
        signed.verify(new X509Certificate(partnerCa.certificateDer).publicKey),
        're-signed by the platform partner CA',
      );
      assert.notEqual(signed.fingerprint256, original.fingerprint256);

      const download = await s.call<{ certificateData: string }>(
        'GET',
        `${PM}/partners/${authPartner.partnerId}/certificate`,
        { token: authPartner.token },
      );
      assert.equal(
        new X509Certificate(download.body.response.certificateData).fingerprint256,
        signed.fingerprint256,
      );
      const data = await s.call<{
        caSignedCertificateData: string;
        mosipSignedCertificateData: string;
        isCaSignedCertificateExpired: boolean;
      }>('GET', `${PM}/partners/${authPartner.partnerId}/certificate-data`, { token: s.adminToken });
      assert.equal(
        new X509Certificate(data.body.response.caSignedCertificateData).fingerprint256,
        original.fingerprint256,
      );
      assert.equal(
        new X509Certificate(data.body.response.mosipSignedCertificateData).fingerprint256,
        signed.fingerprint256,
      );
      assert.equal(data.body.response.isCaSignedCertificateExpired, false);
      // The platform CAs joined the AUTH store, so the re-signed copy chains in its domain.
      const list = await s.call<{ data: { source: string }[] }>(
        'GET',
        `${PM}/trust-chain-certificates?partnerDomain=AUTH&pageNo=0&pageSize=100`,
        { token: s.adminToken },
      );
      assert.equal(list.body.response.data.filter((c) => c.source === 'PLATFORM').length, 2);
      // Another organisation's partner can neither read it nor upload for it.
      const other = await s.partner(ROLES.AUTH_PARTNER);
      assert.equal(
        (await s.call('GET', `${PM}/partners/${authPartner.partnerId}/certificate`, { token: other.token }))
          .status,
        403,
      );
      await expectRefused(
        s,
        () =>
          s.call('POST', `${PM}/partners/certificate/upload`, {
            token: other.token,
            request: {
              partnerId: authPartner.partnerId,
              certificateData: leaf.certificatePem,
              partnerDomain: 'AUTH',
            },
          }),
        403,
        'PMS_PRT_055',
      );
    });

    test('concurrent first uploads into a domain all succeed and store the platform CAs there once', {
      timeout: 300_000,
    }, async () => {
      // No partner certificate has entered MISP yet: every upload below is a first one and adds the platform CAs.
      const chain = await createChain('MispCA');
      await uploadCa(s, chain.root.certificatePem, 'MISP');
      const partners = await Promise.all(Array.from({ length: 5 }, () => s.partner(ROLES.MISP_PARTNER)));
      const leaves = await Promise.all(partners.map((p) => partnerLeaf(chain.root, orgOf(p.partnerId))));
      const results = await Promise.all(
        partners.map((p, i) =>
          s.call('POST', `${PM}/partners/certificate/upload`, {
            token: p.token,
            request: {
              partnerId: p.partnerId,
              certificateData: leaves[i]?.certificatePem,
              partnerDomain: 'MISP',
            },
          }),
        ),
      );
      assert.deepEqual(
        results.map((r) => [r.status, r.body.errors]),
        results.map(() => [200, []]),
      );
      const platform = await s.server.deps.db
        .selectFrom('ca_certificates')
        .select(['thumbprint_sha1', 'kind'])
        .where('domain', '=', 'MISP')
        .where('source', '=', 'PLATFORM')
        .execute();
      const keys = s.server.deps.keys;
      assert.deepEqual(
        platform.map((r) => r.thumbprint_sha1).sort(),
        [keys.rootCa, keys.partnerCa].map((k) => parseCertificate(k.certificateDer).sha1Hex).sort(),
      );
      const uploads = await s.server.deps.audit.query(s.server.deps.db, {
        action: 'certificate.partner.upload',
        limit: 1000,
      });
      for (const p of partners)
        assert.equal(uploads.filter((e) => e.target === `partner:${p.partnerId}`).length, 1);
    });

    test('encryption certificate for authentication and credential partners only', {
      timeout: 300_000,
    }, async () => {
      const enc = await partnerLeaf(auth.intermediate, orgOf(authPartner.partnerId), { usage: 'encryption' });
      const res = await s.call('POST', `${PM}/partners/certificate/upload`, {
        token: authPartner.token,
        request: {
          partnerId: authPartner.partnerId,
          certificateData: enc.certificatePem,
          partnerDomain: 'AUTH',
          certificateUsage: 'ENCRYPTION',
        },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body.errors));
      const download = await s.call<{ certificateData: string }>(
        'GET',
        `${PM}/partners/${authPartner.partnerId}/certificate?usage=ENCRYPTION`,
        {
          token: authPartner.token,
        },
      );
      assert.equal(
        new X509Certificate(download.body.response.certificateData).subject,
        new X509Certificate(enc.certificatePem).subject,
      );
      assert.equal(
        codeOf(
          await s.call('GET', `${PM}/partners/${credPartner.partnerId}/certificate?usage=ENCRYPTION`, {
            token: credPartner.token,
          }),
        ),
        'PMS_PRT_108',
      );

      const device = await createChain('DeviceCA');
      await uploadCa(s, device.root.certificatePem, 'DEVICE');
      const devEnc = await partnerLeaf(device.root, orgOf(devicePartner.partnerId), { usage: 'encryption' });
      await expectRefused(
        s,
        () =>
          s.call('POST', `${PM}/partners/certificate/upload`, {
            token: devicePartner.token,
            request: {
              partnerId: devicePartner.partnerId,
              certificateData: devEnc.certificatePem,
              partnerDomain: 'DEVICE',
              certificateUsage: 'ENCRYPTION',
            },
          }),
        400,
        'TS_CERT_USAGE_NOT_ALLOWED',
      );
    });

    test('partner certificate refusals: wrong organisation, foreign chain, dates, self-signed, weak key, SHA-1, domain', {
      timeout: 300_000,
    }, async () => {
      const org = orgOf(credPartner.partnerId);
      await uploadCa(s, auth.root.certificatePem, 'CREDENTIAL');
      const upload =
        (certificateData: unknown, partnerDomain: unknown = 'CREDENTIAL') =>
        () =>
          s.call('POST', `${PM}/partners/certificate/upload`, {
            token: credPartner.token,
            request: { partnerId: credPartner.partnerId, certificateData, partnerDomain },
          });
      const self = await createRootCa({ subject: `CN=self, O=${org}`, validityDays: 800 });
      const expired = await partnerLeaf(auth.root, org, {
        notBefore: new Date(Date.now() - 900 * DAY),
        notAfter: new Date(Date.now() - DAY),
      });
      const short = await partnerLeaf(auth.root, org, { days: 100 });
      const cases: [unknown, unknown, number, string][] = [
        [(await partnerLeaf(auth.root, 'Some Other Org')).certificatePem, 'CREDENTIAL', 400, 'KER-PCM-008'],
        [(await partnerLeaf(foreign.root, org)).certificatePem, 'CREDENTIAL', 400, 'KER-PCM-006'],
        [expired.certificatePem, 'CREDENTIAL', 400, 'KER-PCM-004'],
        [short.certificatePem, 'CREDENTIAL', 400, 'KER-KMS-021'],
        [self.certificatePem, 'CREDENTIAL', 400, 'KER-PCM-015'],
        [
          opensslCertificate({
            subject: `/CN=weak/O=${org}`,
            bits: 1024,
            digest: 'sha256',
            issuer: auth.root,
          }),
          'CREDENTIAL',
          400,
          'KER-PCM-013',
        ],
        [
          opensslCertificate({ subject: `/CN=sha1/O=${org}`, bits: 2048, digest: 'sha1', issuer: auth.root }),
          'CREDENTIAL',
          400,
          'KER-PCM-014',
        ],
        // MOSIP's "AUTH" is accepted for a credential partner (compat-certificates.test.ts); another domain is not.
        [(await partnerLeaf(auth.root, org)).certificatePem, 'DEVICE', 400, 'KER-PCM-011'],
        [(await partnerLeaf(auth.root, org)).certificatePem, 'NOWHERE', 400, 'KER-PCM-011'],
        [`${auth.root.certificatePem}${auth.intermediate.certificatePem}`, 'CREDENTIAL', 400, 'KER-PCM-001'],
        ['not a certificate', 'CREDENTIAL', 400, 'KER-KMS-013'],
        [['array'], 'CREDENTIAL', 400, 'PMS_COR_001'],
      ];
      for (const [data, domain, status, code] of cases)
        await expectRefused(s, upload(data, domain), status, code);
      await expectRefused(
        s,
        () =>
          s.call('POST', `${PM}/partners/certificate/upload`, {
            token: credPartner.token,
            request: { certificateData: 'x', partnerDomain: 'AUTH' },
          }),
        400,
        'PMS_COR_001',
      );
      // After all refusals the partner still has no certificate.
      assert.equal(
        codeOf(
          await s.call('GET', `${PM}/partners/${credPartner.partnerId}/certificate`, {
            token: credPartner.token,
          }),
        ),
        'PMS_PRT_108',
      );
    });
  });
}
