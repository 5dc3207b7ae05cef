/**
 * The capture path's cached encodings give exactly the bytes of the plain ones: base64url of pieces,
 * the pieced JWS against @mosip-trust/crypto's signJws, a record's cached tail, the response body.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  decodeFaceRecord,
  decodeFingerRecord,
  decodeIrisRecord,
  encodeFaceRecord,
  encodeFingerRecord,
  encodeIrisRecord,
  utcDateTime,
} from '@mosip-trust/biometrics';
import { createRootCa, signJws, signJwsPieces, toBase64Url } from '@mosip-trust/crypto';
import fc from 'fast-check';
import { captureRecord, joinRecord, recordBase64Url } from '../src/capture/record-tails.ts';
import { type AsciiPiece, base64UrlPieces, CachedBase64Text } from '../src/wire/base64-pieces.ts';
import { asciiJson, splitAtEmptyValue } from '../src/wire/json.ts';
import { type CaptureElement, captureResponseBody, errorElement } from '../src/wire/responses.ts';
import { records } from './helpers.ts';

const ascii = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) });
/** The bytes of ASCII pieces, joined (what the transport writes one after another). */
const piecesToBuffer = (pieces: readonly AsciiPiece[]) =>
  Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : p)));
const joined = (parts: readonly (string | CachedBase64Text)[]) =>
  parts.map((p) => (typeof p === 'string' ? p : p.text)).join('');

describe('base64url of pieces', { timeout: 30_000 }, () => {
  test('equals base64url of the joined text, cached parts at every alignment', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            ascii,
            ascii.map((t) => new CachedBase64Text(t)),
          ),
          { maxLength: 6 },
        ),
        (parts) => {
          const expected = Buffer.from(joined(parts), 'latin1').toString('base64url');
          assert.equal(piecesToBuffer(base64UrlPieces(parts)).toString('latin1'), expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('a cached text is encoded once per alignment and reused', () => {
    const cached = new CachedBase64Text('x'.repeat(1000));
    const first = base64UrlPieces(['ab', cached]);
    const second = base64UrlPieces(['cd', cached]);
    assert.equal(first[1], second[1]);
    assert.equal(first[1], cached.aligned(1));
  });
});

describe('splitAtEmptyValue', { timeout: 30_000 }, () => {
  test('splits at the key, not at a look-alike inside a string value', () => {
    const json = asciiJson({ a: ',"data":""', data: '', b: 'é' });
    const [before, after] = splitAtEmptyValue(json, 'data');
    assert.equal(`${before}JWS${after}`, asciiJson({ a: ',"data":""', data: 'JWS', b: 'é' }));
    assert.throws(() => splitAtEmptyValue(json, 'missing'));
  });
});

describe('pieced JWS', { timeout: 30_000 }, () => {
  test('has the bytes of signJws for the same payload', async () => {
    const signer = await createRootCa({ subject: 'CN=piece-jws-test' });
    const payload = asciiJson({ bioValue: 'A'.repeat(5001), transactionId: 'tx-é' });
    const [before, after] = splitAtEmptyValue(asciiJson({ t: 1, bioValue: '' }), 'bioValue');
    for (const parts of [[payload], [before, new CachedBase64Text('A'.repeat(5001)), after]]) {
      const text = joined(parts);
      const pieced = piecesToBuffer(signJwsPieces(base64UrlPieces(parts), signer)).toString('latin1');
      assert.equal(pieced, await signJws(text, signer));
    }
  });
});

describe('record tails', { timeout: 30_000 }, () => {
  test('a re-stamped record encodes to base64url of the whole record, with the image part cached', async () => {
    const sample = await records().prepare({
      person: 'tail-test',
      position: 'Left Thumb',
      label: 'Left Thumb',
      purpose: 'Registration',
      variant: 'clean',
    });
    for (const at of [new Date(), new Date(Date.UTC(2030, 5, 6, 7, 8, 9, 999))]) {
      const record = await sample.record(at);
      const parts = await recordBase64Url(sample, record);
      assert.equal(parts.length, 2, 'the unchanging part comes from the cache');
      assert.equal(joined(parts), toBase64Url(record));
    }
    // A record that does not end with the cached bytes is encoded whole.
    const other = Buffer.from(await sample.record(new Date()));
    other[other.length - 1] = (other.at(-1) ?? 0) ^ 1;
    assert.deepEqual(await recordBase64Url(sample, other), [toBase64Url(other)]);
  });
});

describe('re-stamped records', { timeout: 120_000 }, () => {
  const modalities = [
    [
      'finger',
      'Right IndexFinger',
      'Right IndexFinger',
      (r: Uint8Array, at: Date) =>
        encodeFingerRecord({ ...decodeFingerRecord(r), captureDateTime: utcDateTime(at) }),
    ],
    [
      'iris',
      'Left',
      'Left',
      (r: Uint8Array, at: Date) =>
        encodeIrisRecord({ ...decodeIrisRecord(r), captureDateTime: utcDateTime(at) }),
    ],
    [
      'face',
      'Face',
      undefined,
      (r: Uint8Array, at: Date) =>
        encodeFaceRecord({ ...decodeFaceRecord(r), captureDateTime: utcDateTime(at) }),
    ],
  ] as const;
  for (const [modality, position, label, reencode] of modalities) {
    test(`${modality}: the stamped head and shared image part are the record encoded whole, base64url included`, async () => {
      const sample = await records().prepare({
        person: 'restamp-test',
        position,
        label,
        purpose: 'Registration',
        variant: 'clean',
      });
      const first = await captureRecord(sample, new Date(Date.UTC(2020, 0, 2, 3, 4, 5, 6)));
      for (const at of [new Date(), new Date(Date.UTC(2030, 5, 6, 7, 8, 9, 999))]) {
        const stamped = await captureRecord(sample, at);
        assert.ok(!(stamped instanceof Uint8Array), 'the biometric source gives head and tail');
        const expected = reencode(joinRecord(first), at);
        assert.deepEqual(Buffer.from(joinRecord(stamped)), expected);
        assert.deepEqual(Buffer.from(await sample.record(at)), expected);
        const parts = await recordBase64Url(sample, stamped);
        assert.equal(parts.length, 2, 'the image part comes from the cache');
        assert.equal(joined(parts), toBase64Url(expected));
        assert.equal(
          stamped.tail,
          (first as { tail: Uint8Array }).tail,
          'the image part is shared, never copied',
        );
      }
    });
  }
});

describe('capture response body', { timeout: 30_000 }, () => {
  test('equals asciiJson of the response with each JWS joined', () => {
    const elements: CaptureElement[] = [
      {
        specVersion: '0.9.5 "é"',
        data: ['eyJ4', Buffer.from('NWMi', 'latin1'), '.sig'],
        hash: 'AB',
        sessionKey: 'k',
        thumbprint: 't',
        error: { errorCode: '0', errorInfo: 'Success' },
      },
      errorElement('0.9.5', '101', false),
    ];
    const plain = elements.map((e) => ({
      ...e,
      data: typeof e.data === 'string' ? e.data : piecesToBuffer(e.data).toString('latin1'),
    }));
    assert.equal(
      piecesToBuffer(captureResponseBody(elements)).toString('latin1'),
      asciiJson({ biometrics: plain }),
    );
  });
});
