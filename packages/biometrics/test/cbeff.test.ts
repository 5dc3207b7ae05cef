import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import {
  BiometricsError,
  type BirInput,
  buildCbeffXml,
  decodeRecord,
  makeRecord,
  mosipOthers,
  parseCbeffXml,
  payloadWithPlaceholder,
} from '../src/index.ts';

const WHEN = new Date('2025-08-13T06:12:03Z');
const INDEX = '98293c98-7b64-4f9a-a209-9cadfd8e4a1e';

/** One finger BIR laid out as MOSIP's documentation sample (docs/biometrics.md, CBEFF), with our values. */
const GOLDEN = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<BIR xmlns="http://standards.iso.org/iso-iec/19785/-3/ed-2/">
    <BIRInfo>
        <Integrity>false</Integrity>
    </BIRInfo>
    <BIR>
        <Version>
            <Major>1</Major>
            <Minor>1</Minor>
        </Version>
        <CBEFFVersion>
            <Major>1</Major>
            <Minor>1</Minor>
        </CBEFFVersion>
        <BIRInfo>
            <Integrity>false</Integrity>
        </BIRInfo>
        <BDBInfo>
            <Index>98293c98-7b64-4f9a-a209-9cadfd8e4a1e</Index>
            <Format>
                <Organization>Mosip</Organization>
                <Type>7</Type>
            </Format>
            <CreationDate>2025-08-13T06:12:03Z</CreationDate>
            <Type>Finger</Type>
            <Subtype>Left RingFinger</Subtype>
            <Level>Raw</Level>
            <Purpose>Enroll</Purpose>
            <Quality>
                <Algorithm>
                    <Organization>HMAC</Organization>
                    <Type>SHA-256</Type>
                </Algorithm>
                <Score>94</Score>
            </Quality>
        </BDBInfo>
        <BDB>RklSADAyMAA+/w==</BDB>
        <SB>ZXlKNE5XTWlPaUpiSW4wLi5zaWc=</SB>
        <others>
            <entry key="EXCEPTION">false</entry>
            <entry key="RETRIES">1</entry>
            <entry key="SDK_SCORE">0.0</entry>
            <entry key="FORCE_CAPTURED">false</entry>
            <entry key="PAYLOAD">{"digitalId":"x","bioValue":"&lt;bioValue&gt;" &amp; more}</entry>
            <entry key="SPEC_VERSION">0.9.5</entry>
        </others>
    </BIR>
</BIR>
`;

const goldenInput: BirInput = {
  type: 'Finger',
  subtype: 'Left RingFinger',
  bdb: Buffer.from([0x46, 0x49, 0x52, 0x00, 0x30, 0x32, 0x30, 0x00, 0x3e, 0xff]),
  quality: 94.6,
  index: INDEX,
  creationDate: WHEN,
  sb: 'eyJ4NWMiOiJbIn0..sig',
  others: mosipOthers({ payload: '{"digitalId":"x","bioValue":"RklSADAy" & more}', specVersion: '0.9.5' }),
};

/** Element paths in document order, read with fast-xml-parser directly (not through our reader). */
function elementPaths(xml: string): string[] {
  const out: string[] = [];
  const walk = (nodes: Record<string, unknown>[], path: string) => {
    for (const n of nodes) {
      const name = Object.keys(n).find((k) => k !== ':@' && k !== '#text');
      if (!name) continue;
      out.push(`${path}/${name}`);
      walk(n[name] as Record<string, unknown>[], `${path}/${name}`);
    }
  };
  walk(new XMLParser({ preserveOrder: true, ignoreDeclaration: true }).parse(xml), '');
  return out;
}

function rejects(xml: string, code: string, field?: string | RegExp): void {
  assert.throws(
    () => parseCbeffXml(xml),
    (e: unknown) => {
      assert.ok(e instanceof BiometricsError, String(e));
      assert.equal(e.code, code, e.message);
      if (typeof field === 'string') assert.equal(e.field, field, e.message);
      else if (field) assert.match(e.field ?? '', field, e.message);
      return true;
    },
  );
}

describe('CBEFF XML building', { timeout: 120_000 }, () => {
  test('golden: one finger BIR, element for element and byte for byte as MOSIP lays it out', {
    timeout: 120_000,
  }, () => {
    assert.equal(buildCbeffXml([goldenInput]), GOLDEN);
  });

  test('golden structure: finger, iris, face in propOrder; format types 7/9/8; empty face Subtype', {
    timeout: 120_000,
  }, () => {
    const xml = buildCbeffXml(
      [
        { type: 'Finger', subtype: 'Right Thumb', bdb: Buffer.from('a'), quality: 50 },
        { type: 'Iris', subtype: 'Left', bdb: Buffer.from('b'), quality: 80 },
        { type: 'Face', bdb: Buffer.from('c'), quality: 40 },
      ],
      { creationDate: WHEN },
    );
    const bir = [
      'Version',
      'Version/Major',
      'Version/Minor',
      'CBEFFVersion',
      'CBEFFVersion/Major',
      'CBEFFVersion/Minor',
      'BIRInfo',
      'BIRInfo/Integrity',
      'BDBInfo',
      'BDBInfo/Index',
      'BDBInfo/Format',
      'BDBInfo/Format/Organization',
      'BDBInfo/Format/Type',
      'BDBInfo/CreationDate',
      'BDBInfo/Type',
      'BDBInfo/Subtype',
      'BDBInfo/Level',
      'BDBInfo/Purpose',
      'BDBInfo/Quality',
      'BDBInfo/Quality/Algorithm',
      'BDBInfo/Quality/Algorithm/Organization',
      'BDBInfo/Quality/Algorithm/Type',
      'BDBInfo/Quality/Score',
      'BDB',
      'SB',
      'others',
      ...Array(6).fill('others/entry'),
    ];
    const expected = ['/BIR', '/BIR/BIRInfo', '/BIR/BIRInfo/Integrity'];
    for (let i = 0; i < 3; i++) expected.push('/BIR/BIR', ...bir.map((p) => `/BIR/BIR/${p}`));
    assert.deepEqual(elementPaths(xml), expected);
    assert.deepEqual(
      [...xml.matchAll(/<Format>\s*<Organization>(\w+)<\/Organization>\s*<Type>(\d+)<\/Type>/g)].map(
        (m) => `${m[1]}${m[2]}`,
      ),
      ['Mosip7', 'Mosip9', 'Mosip8'],
    );
    assert.match(xml, /<Type>Face<\/Type>\s*<Subtype><\/Subtype>/);
    assert.equal((xml.match(/<CreationDate>2025-08-13T06:12:03Z<\/CreationDate>/g) ?? []).length, 3);
    assert.equal(new Set([...xml.matchAll(/<Index>([^<]+)<\/Index>/g)].map((m) => m[1])).size, 3);
    assert.equal(
      buildCbeffXml([goldenInput], { formatOrganization: '257' }).includes(
        '<Organization>257</Organization>',
      ),
      true,
    );
  });

  test('BDB and SB are standard base64 with padding; an exception BIR has empty BDB and EXCEPTION true', {
    timeout: 120_000,
  }, () => {
    const bytes = Buffer.from([0xfb, 0xff, 0xbf, 0x00]); // "+/+/AA==" in standard base64, "-_-_AA" URL-safe
    const xml = buildCbeffXml([
      { ...goldenInput, bdb: bytes, sb: bytes },
      { type: 'Finger', subtype: 'Left Thumb', quality: 0, creationDate: WHEN },
    ]);
    assert.equal((xml.match(/<BDB>\+\/\+\/AA==<\/BDB>/g) ?? []).length, 1);
    assert.match(xml, /<SB>\+\/\+\/AA==<\/SB>/);
    const [, exception] = parseCbeffXml(xml);
    assert.equal(exception?.bdb.length, 0);
    assert.deepEqual(
      exception?.others.find(([k]) => k === 'EXCEPTION'),
      ['EXCEPTION', 'true'],
    );
  });

  test('bad input gives BIO_BAD_ARGUMENT naming the field', { timeout: 120_000 }, () => {
    const cases: [BirInput[], string][] = [
      [[], 'birs'],
      [[{ ...goldenInput, type: 'Palm' as never }], 'birs[0].type'],
      [[{ ...goldenInput, quality: 101 }], 'birs[0].quality'],
      [[{ ...goldenInput, quality: Number.NaN }], 'birs[0].quality'],
      [[{ ...goldenInput, subtype: 'Left Pinky' }], 'birs[0].subtype'],
      [[{ ...goldenInput, subtype: undefined }], 'birs[0].subtype'],
      [[{ ...goldenInput, index: 'not-a-uuid' }], 'birs[0].index'],
      [[{ ...goldenInput, creationDate: new Date('x') }], 'birs[0].creationDate'],
      [[{ ...goldenInput, purpose: 'Capture' as never }], 'birs[0].purpose'],
      [
        [
          {
            ...goldenInput,
            others: [
              ['A', '1'],
              ['A', '2'],
            ],
          },
        ],
        'birs[0].others',
      ],
      [[{ ...goldenInput, others: [['PAYLOAD', 'bell \u0007']] }], '/BIR/BIR/others/entry'],
    ];
    for (const [input, field] of cases) {
      assert.throws(
        () => buildCbeffXml(input),
        (e: unknown) => e instanceof BiometricsError && e.code === 'BIO_BAD_ARGUMENT' && e.field === field,
        field,
      );
    }
  });

  test('PAYLOAD: the bioValue string is replaced by "<bioValue>" as the registration client does', {
    timeout: 120_000,
  }, () => {
    assert.equal(
      payloadWithPlaceholder('{"bioType":"Finger","bioValue":"RklSAA","x":"RklSAA"}'),
      '{"bioType":"Finger","bioValue":"<bioValue>","x":"<bioValue>"}',
    );
    assert.equal(payloadWithPlaceholder('{"bioType":"Finger"}'), '{"bioType":"Finger"}');
    assert.deepEqual(mosipOthers({ exception: true, retries: 3, sdkScore: 7.5, forceCaptured: true }), [
      ['EXCEPTION', 'true'],
      ['RETRIES', '3'],
      ['SDK_SCORE', '7.5'],
      ['FORCE_CAPTURED', 'true'],
      ['PAYLOAD', ''],
      ['SPEC_VERSION', ''],
    ]);
  });
});

describe('CBEFF XML round trips', { timeout: 120_000 }, () => {
  test('made Registration records (finger, iris, face) → XML → BIRs → the same ISO records', {
    timeout: 120_000,
  }, async () => {
    const f = await makeRecord({
      modality: 'finger',
      position: 'Left IndexFinger',
      purpose: 'Registration',
      seed: 'cb',
    });
    const i = await makeRecord({ modality: 'iris', position: 'Right', purpose: 'Registration', seed: 'cb' });
    const fa = await makeRecord({ modality: 'face', purpose: 'Registration', seed: 'cb' });
    const input: BirInput[] = [
      { type: 'Finger', subtype: 'Left IndexFinger', bdb: f.record, quality: f.quality, sb: 'h..s' },
      { type: 'Iris', subtype: 'Right', bdb: i.record, quality: i.quality, sb: 'h..s' },
      { type: 'Face', bdb: fa.record, quality: fa.quality, sb: 'h..s' },
    ];
    const birs = parseCbeffXml(buildCbeffXml(input, { creationDate: WHEN }));
    assert.deepEqual(
      birs.map((b) => [
        b.type,
        b.subtype,
        b.format.type,
        b.quality.score,
        b.purpose,
        b.level,
        b.creationDate.getTime(),
      ]),
      [
        ['Finger', 'Left IndexFinger', '7', Math.trunc(f.quality), 'Enroll', 'Raw', WHEN.getTime()],
        ['Iris', 'Right', '9', Math.trunc(i.quality), 'Enroll', 'Raw', WHEN.getTime()],
        ['Face', '', '8', Math.trunc(fa.quality), 'Enroll', 'Raw', WHEN.getTime()],
      ],
    );
    const modalities = ['finger', 'iris', 'face'] as const;
    for (const [k, b] of birs.entries()) {
      const modality = modalities[k] ?? 'face';
      assert.deepEqual(b.bdb, Buffer.from((input[k] as BirInput).bdb as Uint8Array));
      assert.equal(b.sb?.toString('utf8'), 'h..s');
      assert.equal(decodeRecord(b.bdb, modality).modality, modality);
    }
  });

  test('property: any valid input parses back to what was built', { timeout: 120_000 }, () => {
    const xmlText = fc
      .string({ unit: 'binary', maxLength: 40 })
      .map((s) => s.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD]/gu, ''));
    const bir = fc.record({
      type: fc.constantFrom('Finger', 'Iris', 'Face', 'ExceptionPhoto' as const),
      bdb: fc.uint8Array({ maxLength: 64 }),
      sb: fc.option(fc.uint8Array({ maxLength: 32 }), { nil: undefined }),
      quality: fc.double({ min: 0, max: 100, noNaN: true }),
      purpose: fc.constantFrom('Enroll', 'Verify', 'Identify' as const),
      level: fc.constantFrom('Raw', 'Processed' as const),
      ms: fc.integer({ min: 0, max: 4_000_000_000_000 }),
      others: fc.uniqueArray(
        fc.tuple(
          xmlText.filter((k) => k !== ''),
          xmlText,
        ),
        { selector: ([k]) => k, maxLength: 5 },
      ),
    });
    fc.assert(
      fc.property(
        fc.array(bir, { minLength: 1, maxLength: 4 }),
        fc.constantFrom('    ', '', '\t'),
        (list, indent) => {
          const input: BirInput[] = list.map((b) => ({
            ...b,
            subtype: b.type === 'Finger' ? 'Right LittleFinger' : b.type === 'Iris' ? 'Left' : undefined,
            creationDate: new Date(b.ms),
          }));
          const out = parseCbeffXml(buildCbeffXml(input, { indent }));
          assert.equal(out.length, input.length);
          for (const [k, b] of out.entries()) {
            const src = list[k] as (typeof list)[number];
            assert.equal(b.type, src.type);
            assert.deepEqual(b.bdb, Buffer.from(src.bdb));
            assert.deepEqual(b.sb, Buffer.from(src.sb ?? []));
            assert.equal(b.quality.score, Math.trunc(src.quality));
            assert.equal(b.creationDate.getTime(), src.ms);
            assert.deepEqual(b.others, src.others);
            assert.equal(b.purpose, src.purpose);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  test('also reads what other writers emit: prefixed namespace, URL-safe unpadded base64, no Index, nanoseconds, comments', {
    timeout: 120_000,
  }, () => {
    const xml = GOLDEN.replace(/<(\/?)([A-Za-z])/g, '<$1ns2:$2')
      .replace('ns2:BIR xmlns=', 'ns2:BIR xmlns:ns2=')
      .replace(/<ns2:Index>[^<]*<\/ns2:Index>/, '<!-- no index -->')
      .replace('2025-08-13T06:12:03Z', '2022-07-27T15:29:22.987808900Z')
      .replace('RklSADAyMAA+/w==', 'RklS ADAy\nMAA-_w');
    const [b] = parseCbeffXml(xml);
    assert.equal(b?.index, undefined);
    assert.equal(b?.creationDateText, '2022-07-27T15:29:22.987808900Z');
    assert.equal(b?.creationDate.toISOString(), '2022-07-27T15:29:22.987Z');
    assert.deepEqual(b?.bdb, goldenInput.bdb);
    assert.equal(b?.others[4]?.[1], '{"digitalId":"x","bioValue":"<bioValue>" & more}');
  });
});

describe('CBEFF XML malformed input gives precise errors', { timeout: 120_000 }, () => {
  const bir1 = '/BIR/BIR[1]';
  test('not well-formed, two roots, DOCTYPE, unknown entity, not a string → BIO_BAD_CBEFF', {
    timeout: 120_000,
  }, () => {
    rejects(GOLDEN.replace('</BDB>', ''), 'BIO_BAD_CBEFF');
    rejects(`${GOLDEN}<BIR/>`, 'BIO_BAD_CBEFF');
    rejects(GOLDEN.replace('<BIR xmlns', '<!DOCTYPE BIR [<!ENTITY x "y">]>\n<BIR xmlns'), 'BIO_BAD_CBEFF');
    rejects(GOLDEN.replace('more}', 'more &x;}'), 'BIO_BAD_CBEFF', `${bir1}/others/entry`);
    rejects(GOLDEN.replace('more}', 'more & }'), 'BIO_BAD_CBEFF');
    rejects('', 'BIO_BAD_CBEFF');
    assert.throws(() => parseCbeffXml(42 as unknown as string), { code: 'BIO_BAD_ARGUMENT' });
  });

  test('namespace: missing, wrong, undeclared prefix, foreign child → BIO_CBEFF_NAMESPACE', {
    timeout: 120_000,
  }, () => {
    rejects(
      GOLDEN.replace(' xmlns="http://standards.iso.org/iso-iec/19785/-3/ed-2/"', ''),
      'BIO_CBEFF_NAMESPACE',
      '/BIR',
    );
    rejects(GOLDEN.replace('19785/-3/ed-2/', '19785/-3/ed-1/'), 'BIO_CBEFF_NAMESPACE', '/BIR');
    rejects(
      GOLDEN.replace('<Level>Raw</Level>', '<x:Level>Raw</x:Level>'),
      'BIO_CBEFF_NAMESPACE',
      `${bir1}/BDBInfo/Level`,
    );
    rejects(
      GOLDEN.replace('<Level>Raw</Level>', '<x:Level>Raw</x:Level>').replace(
        '<BDB>',
        '<BDB xmlns:x="urn:x">',
      ),
      'BIO_CBEFF_NAMESPACE',
    );
    rejects(
      GOLDEN.replace('<Level>Raw</Level>', '<Level xmlns="urn:other">Raw</Level>'),
      'BIO_CBEFF_NAMESPACE',
      `${bir1}/BDBInfo/Level`,
    );
  });

  test('missing elements → BIO_CBEFF_MISSING_ELEMENT with the path', { timeout: 120_000 }, () => {
    const cases: [string, string][] = [
      [GOLDEN.replace(/<BDB>[^<]*<\/BDB>/, ''), `${bir1}/BDB`],
      [GOLDEN.replace('<Integrity>false</Integrity>', ''), '/BIR/BIRInfo/Integrity'],
      [GOLDEN.replace('<Type>Finger</Type>', ''), `${bir1}/BDBInfo/Type`],
      [GOLDEN.replace('<Subtype>Left RingFinger</Subtype>', '<Subtype/>'), `${bir1}/BDBInfo/Subtype`],
      [GOLDEN.replace('<Score>94</Score>', ''), `${bir1}/BDBInfo/Quality/Score`],
      [GOLDEN.replace(' key="RETRIES"', ''), `${bir1}/others/entry/@key`],
      [GOLDEN.replace(/<BIR>[\s\S]*<\/BIR>\n<\/BIR>/, '</BIR>'), '/BIR/BIR'],
    ];
    for (const [xml, field] of cases) rejects(xml, 'BIO_CBEFF_MISSING_ELEMENT', field);
  });

  test('out of order, repeated, unknown, nested, stray text or attribute → BIO_CBEFF_UNEXPECTED_ELEMENT', {
    timeout: 120_000,
  }, () => {
    const date = '<CreationDate>2025-08-13T06:12:03Z</CreationDate>';
    const score = '<Score>94</Score>';
    const cases: [string, string][] = [
      [GOLDEN.replace(date, '').replace('<Level>', `${date}<Level>`), `${bir1}/BDBInfo/CreationDate`],
      [
        GOLDEN.replace('<Type>Finger</Type>', '<Type>Finger</Type><Type>Finger</Type>'),
        `${bir1}/BDBInfo/Type`,
      ],
      [GOLDEN.replace('<Level>', '<Colour>red</Colour><Level>'), `${bir1}/BDBInfo/Colour`],
      [GOLDEN.replace('<BDB>', '<BIR/><BDB>'), `${bir1}/BIR[1]`],
      [GOLDEN.replace('</BDBInfo>', '</BDBInfo>stray'), bir1],
      [GOLDEN.replace('<Type>Finger', '<Type id="1">Finger'), `${bir1}/BDBInfo/Type/@id`],
      [
        GOLDEN.replace(score, `${score}<QualityCalculationFailed>x</QualityCalculationFailed>`),
        `${bir1}/BDBInfo/Quality/Score`,
      ],
      [GOLDEN.replace(score, '<Score><n>94</n></Score>'), `${bir1}/BDBInfo/Quality/Score/n`],
    ];
    for (const [xml, field] of cases) rejects(xml, 'BIO_CBEFF_UNEXPECTED_ELEMENT', field);
  });

  test('values breaking their type → BIO_CBEFF_BAD_VALUE', { timeout: 120_000 }, () => {
    const cases: [string, string, string][] = [
      ['<Score>94</Score>', '<Score>101</Score>', 'BDBInfo/Quality/Score'],
      ['<Score>94</Score>', '<Score>-1</Score>', 'BDBInfo/Quality/Score'],
      ['<Type>Finger</Type>', '<Type>Palm</Type>', 'BDBInfo/Type'],
      ['<Type>Finger</Type>', '<Type>Finger Iris</Type>', 'BDBInfo/Type'],
      ['Left RingFinger', 'Left Pinky', 'BDBInfo/Subtype'],
      ['<Level>Raw</Level>', '<Level>Cooked</Level>', 'BDBInfo/Level'],
      ['<Purpose>Enroll</Purpose>', '<Purpose>enroll</Purpose>', 'BDBInfo/Purpose'],
      ['2025-08-13T06:12:03Z', '2025-08-13T06:12:03', 'BDBInfo/CreationDate'],
      ['2025-08-13T06:12:03Z', '2025-13-13T06:12:03Z', 'BDBInfo/CreationDate'],
      [INDEX, 'not-a-uuid', 'BDBInfo/Index'],
      ['RklSADAyMAA+/w==', 'RklSADAyMAA+_w==', 'BDB'],
      ['RklSADAyMAA+/w==', 'RklSADAyMAA+/w=', 'BDB'],
      ['ZXlKNE5XTWlPaUpiSW4wLi5zaWc=', 'ZXlK$', 'SB'],
      [
        '<Integrity>false</Integrity>\n        </BIRInfo>\n        <BDBInfo>',
        '<Integrity>no</Integrity>\n        </BIRInfo>\n        <BDBInfo>',
        'BIRInfo/Integrity',
      ],
      ['<Major>1</Major>', '<Major>one</Major>', 'Version/Major'],
      ['key="RETRIES"', 'key="EXCEPTION"', 'others/entry'],
    ];
    for (const [from, to, field] of cases) {
      assert.ok(GOLDEN.includes(from), from);
      rejects(GOLDEN.replace(from, to), 'BIO_CBEFF_BAD_VALUE', `${bir1}/${field}`);
    }
  });

  test('property: truncated or mutated documents only ever raise a BiometricsError', {
    timeout: 120_000,
  }, () => {
    fc.assert(
      fc.property(
        fc.nat({ max: GOLDEN.length }),
        fc.nat({ max: 20 }),
        fc.string({ maxLength: 3 }),
        (at, cut, insert) => {
          const doc = GOLDEN.slice(0, at) + insert + GOLDEN.slice(Math.min(GOLDEN.length, at + cut));
          try {
            parseCbeffXml(doc);
          } catch (e) {
            assert.ok(e instanceof BiometricsError, `${(e as Error).name}: ${(e as Error).message}`);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
