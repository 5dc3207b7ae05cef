import { readFileSync, writeFileSync } from 'node:fs';
import {
  BiometricsError,
  type BirInput,
  buildCbeffXml,
  type CbeffPurpose,
  decodeRecord,
  detectModality,
  type Modality,
  makeRecord,
  type Purpose,
  positionName,
  type Variant,
  validateRecord,
} from '@mosip-trust/biometrics';
import { CliError, type Command, printData, stringOption } from '../command.ts';

const PURPOSES = ['Registration', 'Auth'];
const MODALITIES = ['finger', 'iris', 'face'];

function oneOf<T extends string>(value: string | undefined, allowed: string[], name: string): T | undefined {
  if (value !== undefined && !allowed.includes(value))
    throw new CliError(`--${name} must be one of ${allowed.join(', ')}`);
  return value as T | undefined;
}

function readInput(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as Error).message}`);
  }
}

const make: Command = {
  name: 'iso make',
  summary: 'Synthesise a biometric sample and write its ISO 19794 record',
  help: `--modality finger|iris|face --purpose Registration|Auth --seed N --out FILE [--position NAME]
       [--variant clean|degraded|partial|smudged|rotated|small] [--json]

Renders a synthetic sample (the same seed and options give the same image) and writes its ISO/IEC
19794-4 (finger), -6 (iris) or -5 (face) record in MOSIP's profile for the purpose.

Options:
  --modality M   finger, iris or face (required)
  --position P   required for finger and iris, none for face: the MDS bioSubType, e.g.
                 "Right IndexFinger", "Left Thumb" (fingers), Left or Right (irises)
  --purpose P    Registration (lossless JPEG 2000) or Auth (lossy, smaller) (required)
  --seed S       any text or number; picks the subject (required)
  --out FILE     where the record is written (required)
  --variant V    clean (default), or a degradation: partial (off-centre, cut by the edge),
                 smudged (blurred, low contrast), rotated (tilted), small (a small contact area);
                 degraded = one of those four chosen by the seed (the output's "variant" names it)
  --json         print the facts of the record as JSON (default: "key: value" lines)`,
  options: {
    modality: { type: 'string' },
    position: { type: 'string' },
    purpose: { type: 'string' },
    seed: { type: 'string' },
    variant: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(ctx) {
    const modality = oneOf<Modality>(stringOption(ctx, 'modality', true), MODALITIES, 'modality') as Modality;
    const purpose = oneOf<Purpose>(stringOption(ctx, 'purpose', true), PURPOSES, 'purpose') as Purpose;
    const seed = stringOption(ctx, 'seed', true) as string;
    const out = stringOption(ctx, 'out', true) as string;
    const position = stringOption(ctx, 'position');
    if (modality !== 'face' && position === undefined)
      throw new CliError(`--position is required for ${modality}`);
    try {
      const m = await makeRecord({
        modality,
        position,
        purpose,
        seed,
        variant: stringOption(ctx, 'variant') as Variant | undefined,
      });
      writeFileSync(out, m.record);
      printData(
        ctx,
        {
          file: out,
          bytes: m.record.length,
          modality,
          purpose,
          bioSubType: m.bioSubType,
          positionCode: m.positionCode,
          quality: m.quality,
          variant: m.variant,
          width: m.image.width,
          height: m.image.height,
        },
        ctx.values.json === true,
      );
      return 0;
    } catch (e) {
      if (e instanceof BiometricsError) throw new CliError(`${e.code}: ${e.message}`);
      throw e;
    }
  },
};

const inspect: Command = {
  name: 'iso inspect',
  summary: "Decode an ISO 19794 record and answer what MOSIP's validator would say",
  help: `FILE [--purpose Registration|Auth] [--bio-subtype NAME] [--json]

Prints a summary (modality, position, quality, image facts) and the verdict with each error
(code, field, offset); --json adds every decoded header field. Exit 1 when the record fails or
FILE is not an ISO 19794-4/-5/-6 record.

Options:
  --purpose P         Registration or Auth: the profile to check against (default: guessed from the
                      record's compression, lossless = Registration)
  --bio-subtype NAME  also check that the record is this position, e.g. "Left Thumb" (default: no check)
  --json              print everything as JSON (default: a readable summary)`,
  options: { purpose: { type: 'string' }, 'bio-subtype': { type: 'string' }, json: { type: 'boolean' } },
  positionals: ['FILE'],
  async run(ctx) {
    const file = ctx.positionals[0];
    if (!file) throw new CliError('missing FILE');
    const bytes = readInput(file);
    const modality = detectModality(bytes);
    if (!modality)
      throw new CliError(
        `${file} is not an ISO 19794-4/-5/-6 record (it does not start with "FIR", "IIR" or "FAC")`,
      );
    const explicit = oneOf<Purpose>(stringOption(ctx, 'purpose'), PURPOSES, 'purpose');
    let purpose: Purpose = explicit ?? 'Registration';
    if (!explicit && bytes.length > 52) {
      // Guess the purpose from the compression field the record declares.
      const b = bytes;
      if (modality === 'finger' && b[52] !== 0x05) purpose = 'Auth';
      if (modality === 'iris' && b[16 + 19 + 5 * (b[34] ?? 0) + 3] === 7) purpose = 'Auth';
      if (modality === 'face' && b[17 + 19 + 5 * (b[35] ?? 0) + 17 + 1] === 1) purpose = 'Auth';
    }
    const v = await validateRecord(bytes, { purpose, bioSubType: stringOption(ctx, 'bio-subtype') });
    const { image: _pixels, ...header } = v.record ?? { image: undefined };
    const position =
      v.record?.modality === 'finger'
        ? v.record.position
        : v.record?.modality === 'iris'
          ? v.record.eyeLabel
          : undefined;
    const data = {
      file,
      bytes: bytes.length,
      modality: v.modality,
      purpose,
      verdict: v.verdict,
      errors: v.errors,
      warnings: v.warnings,
      bioSubType: v.modality && position !== undefined ? positionName(v.modality, position) : undefined,
      quality: v.record?.qualityBlocks[0]?.score,
      header: v.record ? header : undefined,
      image: v.image,
    };
    if (ctx.values.json === true) printData(ctx, data, true);
    else {
      const img = v.image;
      ctx.out(`${file}: ${v.modality} record, ${bytes.length} bytes, checked as ${purpose}`);
      if (data.bioSubType !== undefined) ctx.out(`  position   ${data.bioSubType}`);
      if (data.quality !== undefined) ctx.out(`  quality    ${data.quality}`);
      if (img)
        ctx.out(
          `  image      ${img.container} ${img.width ?? '?'}x${img.height ?? '?'}, ${img.colourSpace ?? '?'} ${img.bitDepth ?? '?'}-bit, ${img.dpi ?? '?'} dpi, ${img.lossless ? 'lossless' : 'lossy'}, compression ratio ${img.compressionRatio ?? '?'}`,
        );
      ctx.out(`  verdict    ${v.verdict}`);
      for (const e of v.errors)
        ctx.out(
          `  error      ${e.code} ${e.field}${e.offset === undefined ? '' : ` at offset ${e.offset}`}: ${e.message}`,
        );
      for (const w of v.warnings) ctx.out(`  warning    ${w.code} ${w.field}: ${w.message}`);
    }
    return v.verdict === 'pass' ? 0 : 1;
  },
};

const CBEFF_TYPE = { finger: 'Finger', iris: 'Iris', face: 'Face' } as const;
const MAX_RECORDS = 16;

const cbeff: Command = {
  name: 'iso cbeff',
  summary: 'Wrap ISO 19794 records in CBEFF BIR XML as a registration packet carries them',
  help: `--out FILE [--purpose Enroll|Verify|Identify] [--json] RECORD...

Up to ${MAX_RECORDS} records; type, subtype and quality are read from each record's header.

Options:
  --out FILE    where the CBEFF XML is written (required)
  --purpose P   BIR purpose Enroll, Verify or Identify (default: none written, as a packet carries them)
  --json        print each BIR's file, type, subtype and quality as JSON (default: the file and the number of BIRs)`,
  options: { out: { type: 'string' }, purpose: { type: 'string' }, json: { type: 'boolean' } },
  positionals: Array.from({ length: MAX_RECORDS }, (_, i) => `RECORD${i + 1}`),
  async run(ctx) {
    const out = stringOption(ctx, 'out', true) as string;
    const purpose = oneOf<CbeffPurpose>(
      stringOption(ctx, 'purpose'),
      ['Enroll', 'Verify', 'Identify'],
      'purpose',
    );
    if (ctx.positionals.length === 0) throw new CliError('give at least one RECORD file');
    const birs: BirInput[] = ctx.positionals.map((file) => {
      const bytes = readInput(file);
      const modality = detectModality(bytes);
      if (!modality) throw new CliError(`${file}: not an ISO 19794-4/-5/-6 record`);
      try {
        const r = decodeRecord(bytes, modality);
        const code = r.modality === 'finger' ? r.position : r.modality === 'iris' ? r.eyeLabel : 0;
        const subtype = positionName(modality, code);
        if (modality !== 'face' && (subtype === undefined || subtype === 'UNKNOWN'))
          throw new CliError(`${file}: the record names no ${modality} position`);
        return {
          type: CBEFF_TYPE[modality],
          subtype,
          bdb: bytes,
          quality: r.qualityBlocks[0]?.score ?? 0,
          purpose,
        };
      } catch (e) {
        if (e instanceof BiometricsError) throw new CliError(`${file}: ${e.code}: ${e.message}`);
        throw e;
      }
    });
    try {
      writeFileSync(out, buildCbeffXml(birs));
    } catch (e) {
      if (e instanceof BiometricsError) throw new CliError(`${e.code}: ${e.message}`);
      throw e;
    }
    const summary = birs.map((b, i) => ({
      file: ctx.positionals[i],
      type: b.type,
      subtype: b.subtype ?? '',
      quality: b.quality,
    }));
    printData(
      ctx,
      ctx.values.json === true ? { file: out, birs: summary } : { file: out, birs: summary.length },
      ctx.values.json === true,
    );
    return 0;
  },
};

export const commands: Command[] = [make, inspect, cbeff];
