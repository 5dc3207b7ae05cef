/** The pieced JWS has exactly the bytes of signJws, and verifies with verifyJws. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  createRootCa,
  jwsHeaderSegment,
  signJws,
  signJwsPieces,
  toBase64Url,
  verifyJws,
} from '@mosip-trust/crypto';
import fc from 'fast-check';

const joinPieces = (pieces: readonly (string | Buffer)[]) =>
  pieces.map((p) => (typeof p === 'string' ? p : p.toString('latin1'))).join('');

describe('signJwsPieces', { timeout: 60_000 }, () => {
  test('equals signJws for any payload cut into any pieces, strings or buffers', async () => {
    const signer = await createRootCa({ subject: 'CN=piece-jws-test' });
    await fc.assert(
      fc.asyncProperty(
        fc.string(),
        fc.array(fc.nat(), { maxLength: 5 }),
        fc.boolean(),
        async (text, cuts, asBuffers) => {
          const encoded = toBase64Url(Buffer.from(text, 'utf8'));
          const at = [...new Set(cuts.map((c) => c % (encoded.length + 1)))].sort((a, b) => a - b);
          const pieces = [0, ...at].map((start, i) => encoded.slice(start, at[i] ?? encoded.length));
          const typed = asBuffers ? pieces.map((p) => Buffer.from(p, 'latin1')) : pieces;
          const pieced = joinPieces(signJwsPieces(typed, signer));
          assert.equal(pieced, await signJws(text, signer));
        },
      ),
      { numRuns: 40 },
    );
  });

  test('uses the one header encoder and verifies', async () => {
    const signer = await createRootCa({ subject: 'CN=piece-jws-header' });
    const jws = joinPieces(signJwsPieces([toBase64Url(Buffer.from('{"a":1}'))], signer));
    assert.equal(jws.split('.')[0], jwsHeaderSegment(signer.certificateDer));
    const header = JSON.parse(Buffer.from(jwsHeaderSegment(signer.certificateDer), 'base64url').toString());
    assert.deepEqual(Object.keys(header), ['x5c', 'alg', 'typ']);
    const verified = await verifyJws(jws);
    assert.equal(verified.payload.toString(), '{"a":1}');
  });
});
