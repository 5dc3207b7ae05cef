// Certificate upload rules as docs/crypto.md states them ("Certificate rules of MOSIP's trust store"),
// through the HTTP API on both stores: each refusal has its catalogued code and changes nothing.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { type CertifiedKey, createRootCa, issueCertificate } from '@mosip-trust/crypto';
import { ROLES } from '../src/index.ts';
import {
  type Chain,
  createChain,
  expectRefused,
  orgOf,
  PM,
  partnerLeaf,
  uploadCa,
} from './capability-fixtures.ts';
import { STORES, startTestServer, type TestPartner, type TestServer } from './support/server.ts';

const T = { timeout: 120_000 };

for (const store of STORES) {
  describe(`certificate upload rules (${store})`, T, () => {
    let s: TestServer;
    let auth: Chain;
    let partner: TestPartner;

    before(async () => {
      s = await startTestServer({ store });
      auth = await createChain('RulesCA');
      partner = await s.partner(ROLES.AUTH_PARTNER);
      await uploadCa(s, auth.root.certificatePem, 'AUTH');
      await uploadCa(s, auth.intermediate.certificatePem, 'AUTH');
    }, T);
    after(async () => s?.close());

    const uploadCaCall = (certificateData: string) => () =>
      s.call('POST', `${PM}/partners/certificate/ca/upload`, {
        token: s.adminToken,
        request: { certificateData, partnerDomain: 'AUTH' },
      });
    const uploadPartnerCall =
      (certificateData: string, certificateUsage = 'SIGNATURE') =>
      () =>
        s.call('POST', `${PM}/partners/certificate/upload`, {
          token: partner.token,
          request: { partnerId: partner.partnerId, certificateData, partnerDomain: 'AUTH', certificateUsage },
        });
    const org = () => orgOf(partner.partnerId);

    test('a CA certificate without keyCertSign: KER-PCM-018', T, async () => {
      const ca = await issueCertificate(auth.root, {
        subject: 'CN=Signing Only CA, O=RulesCA, C=IN',
        ca: true,
        keyUsage: 'signing',
      });
      const message = await expectRefused(s, uploadCaCall(ca.certificatePem), 400, 'KER-PCM-018');
      assert.match(message, /keyCertSign/);
    });

    test('an intermediate under a pathlen:0 root: KER-PCM-005 naming the path length', T, async () => {
      const root = await createRootCa({ subject: 'CN=Pathlen0 Root, O=Capped, C=IN', pathLength: 0 });
      await uploadCa(s, root.certificatePem, 'AUTH');
      const inter = await issueCertificate(root, { subject: 'CN=Under Pathlen0, O=Capped, C=IN', ca: true });
      const message = await expectRefused(s, uploadCaCall(inter.certificatePem), 400, 'KER-PCM-005');
      assert.match(message, /allows 0 intermediate/);
      // What the root may issue directly is still taken.
      const leaf = await partnerLeaf(root as CertifiedKey, org());
      const ok = await uploadPartnerCall(leaf.certificatePem)();
      assert.equal(ok.status, 200, JSON.stringify(ok.body.errors));
    });

    test('a CA certificate as a partner signature certificate: TS_CERT_PARTNER_IS_CA', T, async () => {
      const ca = await issueCertificate(auth.intermediate, {
        subject: `CN=partner CA ${org()}, O=${org()}, C=IN`,
        ca: true,
        validityDays: 700,
      });
      await expectRefused(s, uploadPartnerCall(ca.certificatePem), 400, 'TS_CERT_PARTNER_IS_CA');
    });

    test(
      'EC keys where RSA >= 2048 is required: KER-PCM-013 for a partner and a CA certificate',
      T,
      async () => {
        const ec = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey;
        const leaf = await issueCertificate(auth.intermediate, {
          subject: `CN=partner EC ${org()}, O=${org()}, C=IN`,
          ca: false,
          publicKey: ec(),
          validityDays: 700,
        });
        const message = await expectRefused(s, uploadPartnerCall(leaf.certificatePem), 400, 'KER-PCM-013');
        assert.match(message, /EC/);
        const ca = await issueCertificate(auth.root, {
          subject: 'CN=EC CA, O=RulesCA, C=IN',
          ca: true,
          publicKey: ec(),
        });
        await expectRefused(s, uploadCaCall(ca.certificatePem), 400, 'KER-PCM-013');
      },
    );

    test('an encryption certificate whose key usage forbids encryption: TS_CERT_KEY_USAGE', T, async () => {
      const signingOnly = await partnerLeaf(auth.intermediate, org(), { usage: 'signing' });
      const message = await expectRefused(
        s,
        uploadPartnerCall(signingOnly.certificatePem, 'ENCRYPTION'),
        400,
        'TS_CERT_KEY_USAGE',
      );
      assert.match(message, /keyEncipherment/);
      const enc = await partnerLeaf(auth.intermediate, org(), { usage: 'encryption' });
      const ok = await uploadPartnerCall(enc.certificatePem, 'ENCRYPTION')();
      assert.equal(ok.status, 200, JSON.stringify(ok.body.errors));
    });
  });
}
