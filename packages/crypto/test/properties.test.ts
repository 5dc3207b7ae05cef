// Property tests suggested by docs/crypto.md (Test vectors), plus round trips of the encodings.

import assert from 'node:assert/strict';
import { constants, privateDecrypt } from 'node:crypto';
import { before, test } from 'node:test';
import {
  chainHash,
  createDevelopmentPki,
  type DevelopmentPki,
  deriveAadIv,
  deviceTimestamp,
  fromBase64Any,
  millisTimestamp,
  openBiometric,
  parseTimestamp,
  sealBiometric,
  signJws,
  toBase64Url,
  verifyHashChain,
  verifyJws,
} from '@mosip-trust/crypto';
import fc from 'fast-check';
import { aadFor } from '../src/envelope.ts';
import { errorCode } from './helpers.ts';

let pki: DevelopmentPki;
before(async () => {
  pki = await createDevelopmentPki({ organization: 'Property Test' });
});

const ascii = (min: number, max: number) =>
  fc.string({
    unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-:TZ'),
    minLength: min,
    maxLength: max,
  });
const transactionIds = ascii(4, 50);
const timestamps = fc
  .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
  .map(deviceTimestamp);

test('XOR: length is the longer input, unpaired leading bytes are copied, XOR undoes itself', {
  timeout: 120_000,
}, () => {
  fc.assert(
    fc.property(ascii(20, 20), transactionIds, (ts, id) => {
      const { xor, aad, iv } = deriveAadIv(ts, id);
      const a = Buffer.from(ts);
      const b = Buffer.from(id);
      const n = Math.max(a.length, b.length);
      assert.equal(xor.length, n);
      const longer = a.length >= b.length ? a : b;
      const shorter = a.length >= b.length ? b : a;
      const lead = n - shorter.length;
      assert.deepEqual(xor.subarray(0, lead), longer.subarray(0, lead));
      for (let i = 0; i < shorter.length; i++) {
        assert.equal((xor[lead + i] as number) ^ (shorter[i] as number), longer[lead + i]);
      }
      assert.deepEqual(aad, xor.subarray(n - 16));
      assert.deepEqual(iv, aad.subarray(4));
    }),
  );
});

test("XOR: the envelope's AAD shortcut equals deriveAadIv, for ASCII, any Unicode, short and long inputs", {
  timeout: 120_000,
}, async () => {
  const text = fc.oneof(ascii(0, 40), fc.string({ unit: 'binary', maxLength: 40 }));
  await fc.assert(
    fc.asyncProperty(text, text, async (ts, id) => {
      let expected: Buffer | undefined;
      try {
        expected = deriveAadIv(ts, id).aad;
      } catch {
        assert.equal(await errorCode(() => aadFor(ts, id)), await errorCode(() => deriveAadIv(ts, id)));
      }
      if (expected) assert.deepEqual(aadFor(ts, id), expected);
    }),
    { numRuns: 500 },
  );
});

test('envelope: open(seal(P)) = P; OAEP-SHA-1 cannot unwrap; a changed character among the last 16 of timestamp or transactionId fails the tag', {
  timeout: 120_000,
}, () => {
  const cert = () => pki.platformEncryption;
  fc.assert(
    fc.property(
      fc.uint8Array({ maxLength: 2048 }),
      timestamps,
      transactionIds,
      fc.nat(),
      (record, timestamp, transactionId, pos) => {
        const out = sealBiometric({
          record,
          timestamp,
          transactionId,
          encryptionCertificateDer: cert().certificateDer,
        });
        const open = { ...out, timestamp, transactionId, privateKey: cert().privateKey };
        assert.deepEqual(openBiometric(open), Buffer.from(record));
        const wrapped = Buffer.from(out.sessionKey, 'base64url');
        assert.equal(
          privateDecrypt(
            { key: cert().privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
            wrapped,
          ).length,
          32,
        );
        assert.throws(() =>
          privateDecrypt(
            { key: cert().privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
            wrapped,
          ),
        );
        // Only the last 16 bytes of the XOR feed IV and AAD: a character changes the result iff it is one of
        // the last 16 of its string. Earlier characters are not authenticated (MOSIP's scheme, reproduced).
        const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'a' ? 'b' : 'a') + s.slice(i + 1);
        for (const field of ['timestamp', 'transactionId'] as const) {
          const value = open[field];
          const tail = Math.min(16, value.length);
          const covered = value.length - tail + (pos % tail);
          assert.throws(() => openBiometric({ ...open, [field]: flip(value, covered) }), {
            code: 'ERR_DECRYPT_TAG',
          });
          if (value.length > 16) {
            const uncovered = pos % (value.length - 16);
            assert.deepEqual(
              openBiometric({ ...open, [field]: flip(value, uncovered) }),
              Buffer.from(record),
            );
          }
        }
      },
    ),
    { numRuns: 60 },
  );
});

test('JWS: verify(sign(P)) = P with x5c[0]; one flipped payload byte fails; exactly one padded std-base64 x5c', {
  timeout: 120_000,
}, async () => {
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 512 }), fc.nat(), async (payload, pos) => {
      const jws = await signJws(payload, pki.device);
      const header = JSON.parse(Buffer.from(jws.split('.')[0] as string, 'base64url').toString()) as {
        x5c: string[];
      };
      assert.equal(header.x5c.length, 1);
      assert.match(header.x5c[0] as string, /^[A-Za-z0-9+/]+={0,2}$/);
      assert.equal((header.x5c[0] as string).length % 4, 0);
      assert.deepEqual((await verifyJws(jws)).payload, Buffer.from(payload));
      const altered = Buffer.from(payload);
      const i = pos % altered.length;
      altered[i] = (altered[i] as number) ^ 0x01;
      const [h, , s] = jws.split('.');
      assert.equal(
        await errorCode(() => verifyJws(`${h}.${toBase64Url(altered)}.${s}`)),
        'ERR_JWS_SIGNATURE',
      );
    }),
    { numRuns: 40 },
  );
});

test('base64: either alphabet, with or without padding, decodes to the same bytes', {
  timeout: 120_000,
}, () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      const b = Buffer.from(bytes);
      for (const text of [
        b.toString('base64'),
        b.toString('base64url'),
        b.toString('base64').replace(/=+$/, ''),
      ]) {
        assert.deepEqual(fromBase64Any(text), b);
      }
    }),
  );
});

test('timestamps: parse(deviceTimestamp(d)) and parse(millisTimestamp(d)) give d at their precision', {
  timeout: 120_000,
}, () => {
  fc.assert(
    fc.property(
      fc.date({ min: new Date('1970-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }),
      (d) => {
        assert.match(deviceTimestamp(d), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
        assert.equal(parseTimestamp(deviceTimestamp(d)).getTime(), Math.floor(d.getTime() / 1000) * 1000);
        assert.equal(parseTimestamp(millisTimestamp(d)).getTime(), d.getTime());
      },
    ),
  );
});

test('hash chain: a record hashed as its parts in order has the hash of the joined record', {
  timeout: 120_000,
}, () => {
  fc.assert(
    fc.property(
      fc.option(fc.uint8Array({ minLength: 32, maxLength: 32 }), { nil: null }),
      fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 4 }),
      (previous, parts) => {
        const prev = previous && Buffer.from(previous).toString('hex').toUpperCase();
        assert.equal(chainHash(prev, parts), chainHash(prev, Buffer.concat(parts)));
      },
    ),
  );
  assert.throws(() => chainHash(null, [new Uint8Array(1), 'x' as never]), { code: 'ERR_INVALID_INPUT' });
});

test('hash chain: a chain built with chainHash verifies as 1.2; a changed record is reported at its index', {
  timeout: 120_000,
}, () => {
  fc.assert(
    fc.property(
      fc.array(fc.uint8Array({ maxLength: 64 }), { minLength: 1, maxLength: 8 }),
      fc.nat(),
      (bios, pos) => {
        let previous = '';
        const elements = bios.map((bio) => {
          previous = chainHash(previous, bio);
          return { hash: previous, bio };
        });
        assert.deepEqual(verifyHashChain(elements), { rule: '1.2' });
        const index = pos % elements.length;
        const broken = elements.map((e, i) =>
          i === index ? { ...e, bio: Buffer.concat([e.bio, Buffer.from([1])]) } : e,
        );
        assert.throws(
          () => verifyHashChain(broken),
          (e: { code?: string; details?: { index?: number } }) =>
            e.code === 'ERR_HASH_CHAIN' && e.details?.index === index,
        );
      },
    ),
  );
});
