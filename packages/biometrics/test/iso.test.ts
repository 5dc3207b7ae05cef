import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  BiometricsError,
  BiometricsErrorCode,
  decodeFaceRecord,
  decodeFingerRecord,
  decodeIrisRecord,
  encodeFaceRecord,
  encodeFingerRecord,
  encodeIrisRecord,
  restampable,
} from '../src/index.ts';
import { faceExample, fakeImage, fingerExample, irisExample, WHEN } from './fixtures.ts';

const hex = (s: string) => s.replace(/[^0-9a-f]/gi, '');

describe('golden bytes', { timeout: 120_000 }, () => {
  test('finger: the worked example of docs/biometrics.md (Record layouts), byte for byte', {
    timeout: 120_000,
  }, () => {
    const rec = encodeFingerRecord(fingerExample());
    assert.equal(rec.length, 33032);
    const expected = hex(`46 49 52 00 30 32 30 00 00 00 81 08 00 01 00 01
      00 00 80 f8 07 ea 0b 18 13 25 0e 02 6c 00 00 00 00 00
      01 3e 00 00 00 00 07 00 01 01 f4 01 f4 01 f4 01 f4
      08 05 00 01 00 01 68 00 00 80 ca 00 00 00 0c 6a 50`);
    assert.equal(rec.subarray(0, expected.length / 2).toString('hex'), expected);
  });

  test('finger Auth: compression 0x04 at record offset 52', { timeout: 120_000 }, () => {
    const rec = encodeFingerRecord({ ...fingerExample(), compression: 4 });
    assert.equal(rec[52], 0x04);
  });

  for (const purpose of ['Registration', 'Auth'] as const) {
    test(`iris ${purpose}: header (53-byte representation header, Right=1/Left=2, K3/K7, 0x40/0x80)`, {
      timeout: 120_000,
    }, () => {
      const rec = encodeIrisRecord(irisExample(purpose));
      const reg = purpose === 'Registration';
      const expected =
        hex(`49 49 52 00 30 32 30 00 ${(16 + 53 + 4 + 1000).toString(16).padStart(8, '0')} 00 01 00 01
        ${(53 + 4 + 1000).toString(16).padStart(8, '0')} 07 ea 0b 18 13 25 0e 02 6c 01 00 00 00 00
        01 50 00 00 00 00 00 01 02 ${reg ? '03' : '07'} 0a ${reg ? '40' : '80'} 02 80 01 e0 08
        00 00 ff ff ff ff 00 00 00 00 00 00 00 00 00 00 00 00 00 00 03 e8 00 00 00 0c 6a 50`);
      assert.equal(rec.subarray(0, expected.length / 2).toString('hex'), expected);
    });

    test(`face ${purpose}: header (17-byte general header, version 030, data type ${purpose === 'Registration' ? 2 : 1})`, {
      timeout: 120_000,
    }, () => {
      const rec = encodeFaceRecord(faceExample(purpose));
      const expected =
        hex(`46 41 43 00 30 33 30 00 ${(17 + 52 + 4 + 1000).toString(16).padStart(8, '0')} 00 01 00 00 00
        ${(52 + 4 + 1000).toString(16).padStart(8, '0')} 07 ea 0b 18 13 25 0e 02 6c 05 00 00 00 00
        01 28 00 01 00 01 00 00 ff ff ff 00 00 00 00 00 00 00 00 00 00 00 00
        01 ${purpose === 'Registration' ? '02' : '01'} 01 e0 02 80 00 00 00 00 01 00 00 03 e8 00 00 00 0c`);
      assert.equal(rec.subarray(0, expected.length / 2).toString('hex'), expected);
    });
  }
});

describe('round trips encode → decode → encode', { timeout: 120_000 }, () => {
  test('finger, with certification and extended blocks', { timeout: 120_000 }, () => {
    const fields = {
      ...fingerExample(fakeImage(100)),
      certificationFlag: 1,
      certificationBlocks: [{ authorityId: 0x1234, schemeId: 1 }],
      extendedBlocks: [{ code: 3, data: Buffer.from('comment') }],
    };
    const a = encodeFingerRecord(fields);
    const d = decodeFingerRecord(a);
    assert.equal(d.imageOffset, 66);
    assert.deepEqual(d.certificationBlocks, fields.certificationBlocks);
    assert.equal(Buffer.from(d.extendedBlocks[0]?.data ?? []).toString(), 'comment');
    assert.deepEqual(encodeFingerRecord(d), a);
  });
  for (const purpose of ['Registration', 'Auth'] as const) {
    test(`iris and face ${purpose}`, { timeout: 120_000 }, () => {
      const i = encodeIrisRecord(irisExample(purpose));
      assert.deepEqual(encodeIrisRecord(decodeIrisRecord(i)), i);
      const f = encodeFaceRecord({
        ...faceExample(purpose),
        landmarks: [{ type: 1, code: 0x21, x: 10, y: 20, z: 0 }],
      });
      const df = decodeFaceRecord(f);
      assert.deepEqual(df.landmarks, [{ type: 1, code: 0x21, x: 10, y: 20, z: 0 }]);
      assert.deepEqual(encodeFaceRecord(df), f);
    });
  }
});

function expectError(fn: () => unknown, code: string, field?: string, offset?: number): BiometricsError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof BiometricsError, `expected BiometricsError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (field !== undefined) assert.equal(e.field, field, e.message);
    if (offset !== undefined) assert.equal(e.offset, offset, e.message);
    return e;
  }
  assert.fail(`expected ${code}`);
}

const decoders = [
  {
    name: 'finger',
    decode: decodeFingerRecord,
    record: () => encodeFingerRecord(fingerExample(fakeImage(40))),
  },
  {
    name: 'iris',
    decode: decodeIrisRecord,
    record: () => encodeIrisRecord(irisExample('Registration', fakeImage(40))),
  },
  {
    name: 'face',
    decode: decodeFaceRecord,
    record: () => encodeFaceRecord(faceExample('Registration', fakeImage(40))),
  },
];

describe('malformed records give precise errors', { timeout: 120_000 }, () => {
  for (const { name, decode, record } of decoders) {
    test(`${name}: truncated at every byte → BIO_TRUNCATED naming the field at the cut`, {
      timeout: 120_000,
    }, () => {
      const rec = record();
      const headerEnd = rec.length - 40; // where the image starts
      for (let cut = 0; cut < rec.length; cut++) {
        const e = expectError(() => decode(rec.subarray(0, cut)), BiometricsErrorCode.Truncated);
        assert.ok(e.offset !== undefined && e.offset <= cut, `cut ${cut}: offset ${e.offset}`);
        if (cut >= headerEnd) assert.equal(e.field, 'image data');
      }
    });
    test(`${name}: wrong identifier, version, record length, representation length, image length, trailing byte`, {
      timeout: 120_000,
    }, () => {
      const rec = record();
      const bad = (mutate: (b: Buffer) => void) => {
        const b = Buffer.from(rec);
        mutate(b);
        return () => decode(b);
      };
      expectError(
        bad((b) => b.write('XYZ', 0, 'latin1')),
        BiometricsErrorCode.BadIdentifier,
        'format identifier',
        0,
      );
      expectError(
        bad((b) => b.write('010', 4, 'latin1')),
        BiometricsErrorCode.BadVersion,
        'version',
        4,
      );
      expectError(
        bad((b) => b.writeUInt32BE(rec.length + 1, 8)),
        BiometricsErrorCode.BadRecordLength,
        'record length',
        8,
      );
      expectError(
        bad((b) => b.writeUInt32BE(rec.length - 1, 8)),
        BiometricsErrorCode.BadRecordLength,
        'record length',
        8,
      );
      expectError(
        bad((b) => b.writeUInt16BE(2, 12)),
        BiometricsErrorCode.BadField,
        'number of representations',
        12,
      );
      const repOff = name === 'face' ? 17 : 16;
      expectError(
        bad((b) => b.writeUInt32BE(b.readUInt32BE(repOff) + 1, repOff)),
        BiometricsErrorCode.BadRepresentationLength,
        'representation length',
        repOff,
      );
      expectError(
        bad((b) => b.writeUInt32BE(b.readUInt32BE(repOff) - 1, repOff)),
        BiometricsErrorCode.BadRepresentationLength,
        'representation length',
        repOff,
      );
      const lenOff = rec.length - 44;
      expectError(
        bad((b) => b.writeUInt32BE(41, lenOff)),
        BiometricsErrorCode.BadImageLength,
        'image data length',
        lenOff,
      );
      expectError(
        () => decode(Buffer.concat([rec, Buffer.of(0)])),
        BiometricsErrorCode.BadRecordLength,
        'record length',
      );
    });
  }
  test('finger: certification flag 2 and a bad extended block', { timeout: 120_000 }, () => {
    const rec = encodeFingerRecord(fingerExample(fakeImage(40)));
    const b = Buffer.from(rec);
    b[14] = 2;
    expectError(() => decodeFingerRecord(b), BiometricsErrorCode.BadField, 'certification flag', 14);
    const ext = encodeFingerRecord({
      ...fingerExample(fakeImage(40)),
      extendedBlocks: [{ code: 3, data: Buffer.from('abcd') }],
    });
    const e = Buffer.from(ext);
    e.writeUInt16BE(2, ext.length - 6); // block length below 4
    expectError(() => decodeFingerRecord(e), BiometricsErrorCode.BadExtendedBlock, 'extended block length');
  });
  test('encoders reject bad input with BIO_BAD_ARGUMENT', { timeout: 120_000 }, () => {
    expectError(
      () => encodeFingerRecord({ ...fingerExample(), position: 256 }),
      BiometricsErrorCode.BadArgument,
      'position',
    );
    expectError(
      () => encodeFingerRecord({ ...fingerExample(), certificationFlag: 1 }),
      BiometricsErrorCode.BadArgument,
      'certificationBlocks',
    );
    expectError(
      () => encodeIrisRecord({ ...irisExample('Auth'), image: 'x' as unknown as Uint8Array }),
      BiometricsErrorCode.BadArgument,
      'image',
    );
  });
});

describe('property: decoders never throw anything but a BiometricsError', { timeout: 120_000 }, () => {
  const typed = (decode: (b: Uint8Array) => unknown, bytes: Uint8Array) => {
    try {
      decode(bytes);
      return true;
    } catch (e) {
      return e instanceof BiometricsError && typeof e.code === 'string' && e.code.startsWith('BIO_');
    }
  };
  for (const { name, decode, record } of decoders) {
    test(`${name}: random bytes and mutated valid records`, { timeout: 120_000 }, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 200 }), (b) => typed(decode, b)),
        { numRuns: 500 },
      );
      const rec = record();
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.nat(rec.length - 1), fc.integer({ min: 0, max: 255 })), {
            minLength: 1,
            maxLength: 6,
          }),
          fc.nat(rec.length),
          (edits, cut) => {
            const b = Buffer.from(rec);
            for (const [at, v] of edits) b[at] = v;
            return typed(decode, b) && typed(decode, b.subarray(0, cut));
          },
        ),
        { numRuns: 1000 },
      );
    });
  }
});

describe('re-stamping a record', { timeout: 120_000 }, () => {
  const dateTime = fc.record({
    year: fc.integer({ min: 0, max: 0xffff }),
    month: fc.integer({ min: 0, max: 0xff }),
    day: fc.integer({ min: 0, max: 0xff }),
    hour: fc.integer({ min: 0, max: 0xff }),
    minute: fc.integer({ min: 0, max: 0xff }),
    second: fc.integer({ min: 0, max: 0xff }),
    millisecond: fc.integer({ min: 0, max: 0xffff }),
  });
  const cases = [
    ['finger', fingerExample(), encodeFingerRecord],
    ['iris', irisExample('Registration'), encodeIrisRecord],
    ['face', faceExample('Registration'), encodeFaceRecord],
  ] as const;
  for (const [modality, fields, encode] of cases) {
    test(`${modality}: head ‖ tail equals the record encoded whole with the new date-time`, () => {
      const original = encode({ ...fields, captureDateTime: WHEN } as never);
      const split = restampable(original, modality);
      fc.assert(
        fc.property(dateTime, (t) => {
          const expected = encode({ ...fields, captureDateTime: t } as never);
          assert.deepEqual(Buffer.concat([split.head(t), split.tail]), expected);
        }),
        { numRuns: 200 },
      );
      // The tail is the record's own bytes (shared, not copied) and re-stamping leaves the record alone.
      assert.equal(split.tail.buffer, original.buffer);
      assert.deepEqual(original, encode({ ...fields, captureDateTime: WHEN } as never));
    });
  }
  test('refuses a record of another modality and a cut-off record', () => {
    const finger = encodeFingerRecord(fingerExample());
    assert.throws(() => restampable(finger, 'face'), { code: BiometricsErrorCode.BadIdentifier });
    assert.throws(() => restampable(finger.subarray(0, 25), 'finger'), {
      code: BiometricsErrorCode.Truncated,
    });
  });
});
