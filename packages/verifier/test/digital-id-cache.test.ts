// The digital ID cache keeps only what the same bytes would verify to again: a hit still checks the
// certificate's dates at the verification time, and any other text (one character changed) is verified
// from scratch and refused as before.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CryptoError, createRootCa, signJws } from '@mosip-trust/crypto';
import { verifyDigitalIdJws } from '../src/digital-id-cache.ts';

async function codeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (e) {
    assert.ok(e instanceof CryptoError, String(e));
    return e.code;
  }
  assert.fail('expected a refusal');
}

test('a cached digital ID is still refused outside its certificate dates, and an altered one is verified anew', async () => {
  const notBefore = new Date(Date.now() - 86_400_000);
  const chip = await createRootCa({
    subject: 'CN=Cache Test Chip, O=Test, C=IN',
    notBefore,
    validityDays: 10,
  });
  const signer = { privateKey: chip.privateKey, certificateDer: chip.certificateDer };
  const jws = await signJws(JSON.stringify({ serialNo: 'S1', type: 'Finger' }), signer);
  const now = new Date();

  const first = await verifyDigitalIdJws(jws, now);
  assert.equal(JSON.parse(first.payloadText).serialNo, 'S1');
  const again = await verifyDigitalIdJws(jws, now);
  assert.equal(again.payloadText, first.payloadText);

  const later = new Date(notBefore.getTime() + 11 * 86_400_000);
  assert.equal(await codeOf(() => verifyDigitalIdJws(jws, later)), 'ERR_CERT_EXPIRED');
  const earlier = new Date(notBefore.getTime() - 60_000);
  assert.equal(await codeOf(() => verifyDigitalIdJws(jws, earlier)), 'ERR_CERT_NOT_YET_VALID');

  // Another payload under the same header and signature: not the cached text, so verified, and refused.
  const [header, , signature] = jws.split('.');
  const otherPayload = Buffer.from(JSON.stringify({ serialNo: 'S2', type: 'Finger' })).toString('base64url');
  const altered = `${header}.${otherPayload}.${signature}`;
  assert.equal(await codeOf(() => verifyDigitalIdJws(altered, now)), 'ERR_JWS_SIGNATURE');
  // Refusals are not kept: the altered text is refused again, the original still verifies.
  assert.equal(await codeOf(() => verifyDigitalIdJws(altered, now)), 'ERR_JWS_SIGNATURE');
  assert.equal((await verifyDigitalIdJws(jws, now)).payloadText, first.payloadText);
});
