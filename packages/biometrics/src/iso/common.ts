import { type ByteReader, ByteWriter, checkInt } from '../bytes.ts';
import { BiometricsError, BiometricsErrorCode } from '../errors.ts';

export type Modality = 'finger' | 'iris' | 'face';
export type Purpose = 'Registration' | 'Auth';

/** Capture date-time as it is on the wire (month 1–12; 0xFF/0xFFFF mean "unknown"). */
export interface CaptureDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

export interface QualityBlock {
  /** 0–100, or 255 when the computation failed. */
  score: number;
  /** Quality-algorithm vendor id (written before the algorithm id in all three formats). */
  vendorId: number;
  algorithmId: number;
}

/** Format identifier + version, built from bytes (a JS string like 'FIR\0020' hides an octal escape). */
export const FORMAT_MAGIC: Record<Modality, { identifier: Uint8Array; version: Uint8Array; name: string }> = {
  finger: {
    identifier: Uint8Array.of(0x46, 0x49, 0x52, 0x00),
    version: Uint8Array.of(0x30, 0x32, 0x30, 0x00),
    name: 'FIR',
  },
  iris: {
    identifier: Uint8Array.of(0x49, 0x49, 0x52, 0x00),
    version: Uint8Array.of(0x30, 0x32, 0x30, 0x00),
    name: 'IIR',
  },
  face: {
    identifier: Uint8Array.of(0x46, 0x41, 0x43, 0x00),
    version: Uint8Array.of(0x30, 0x33, 0x30, 0x00),
    name: 'FAC',
  },
};

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function readMagic(r: ByteReader, modality: Modality): void {
  const { identifier, version, name } = FORMAT_MAGIC[modality];
  const id = r.bytes(4, 'format identifier');
  if (hex(id) !== hex(identifier)) {
    throw new BiometricsError(
      BiometricsErrorCode.BadIdentifier,
      `${r.what}: format identifier at offset 0 is ${hex(id)}, expected ${hex(identifier)} ("${name}\\0")`,
      { field: 'format identifier', offset: 0, expected: hex(identifier), actual: hex(id) },
    );
  }
  const ver = r.bytes(4, 'version');
  if (hex(ver) !== hex(version)) {
    throw new BiometricsError(
      BiometricsErrorCode.BadVersion,
      `${r.what}: version at offset 4 is ${hex(ver)}, expected ${hex(version)}`,
      { field: 'version', offset: 4, expected: hex(version), actual: hex(ver) },
    );
  }
}

function writeMagic(w: ByteWriter, modality: Modality): void {
  w.bytes(FORMAT_MAGIC[modality].identifier).bytes(FORMAT_MAGIC[modality].version);
}

function readDateTime(r: ByteReader): CaptureDateTime {
  return {
    year: r.u16('capture year'),
    month: r.u8('capture month'),
    day: r.u8('capture day'),
    hour: r.u8('capture hour'),
    minute: r.u8('capture minute'),
    second: r.u8('capture second'),
    millisecond: r.u16('capture millisecond'),
  };
}

function writeDateTime(w: ByteWriter, t: CaptureDateTime): void {
  w.u16(checkInt(t.year, 0, 0xffff, 'captureDateTime.year'));
  w.u8(checkInt(t.month, 0, 0xff, 'captureDateTime.month'));
  w.u8(checkInt(t.day, 0, 0xff, 'captureDateTime.day'));
  w.u8(checkInt(t.hour, 0, 0xff, 'captureDateTime.hour'));
  w.u8(checkInt(t.minute, 0, 0xff, 'captureDateTime.minute'));
  w.u8(checkInt(t.second, 0, 0xff, 'captureDateTime.second'));
  w.u16(checkInt(t.millisecond, 0, 0xffff, 'captureDateTime.millisecond'));
}

/** UTC capture time (project rule: ISO says UTC; bio-utils writes the JVM zone). */
export function utcDateTime(d: Date = new Date()): CaptureDateTime {
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
  };
}

function readQualityBlocks(r: ByteReader): QualityBlock[] {
  const n = r.u8('number of quality blocks');
  const blocks: QualityBlock[] = [];
  for (let i = 0; i < n; i++) {
    blocks.push({
      score: r.u8(`quality block ${i} score`),
      vendorId: r.u16(`quality block ${i} vendor id`),
      algorithmId: r.u16(`quality block ${i} algorithm id`),
    });
  }
  return blocks;
}

function writeQualityBlocks(w: ByteWriter, blocks: QualityBlock[]): void {
  w.u8(checkInt(blocks.length, 0, 255, 'number of quality blocks'));
  for (const q of blocks) {
    w.u8(checkInt(q.score, 0, 255, 'quality score'));
    w.u16(checkInt(q.vendorId, 0, 0xffff, 'quality vendor id'));
    w.u16(checkInt(q.algorithmId, 0, 0xffff, 'quality algorithm id'));
  }
}

export function checkImage(image: unknown, field = 'image'): Uint8Array {
  if (!(image instanceof Uint8Array)) {
    throw new BiometricsError(BiometricsErrorCode.BadArgument, `${field} must be a Buffer or Uint8Array`, {
      field,
    });
  }
  return image;
}

/** The fields every representation header starts with, after its length (same layout in all three formats). */
export interface CaptureFields {
  captureDateTime: CaptureDateTime;
  captureDeviceTechnology: number;
  captureDeviceVendor: number;
  captureDeviceType: number;
  qualityBlocks: QualityBlock[];
}

/**
 * What differs between the three general headers: the field after the certification flag (one byte
 * for finger and iris, two for face's temporal semantics, so the header is 16 or 17 bytes), and names.
 */
const GENERAL_HEADER = {
  finger: {
    length: 16,
    countField: 'number of finger positions',
    countArgument: 'numberOfFingers',
    technologyField: 'capture device technology id',
  },
  iris: {
    length: 16,
    countField: 'number of eyes represented',
    countArgument: 'numberOfEyes',
    technologyField: 'capture device technology',
  },
  face: {
    length: 17,
    countField: 'temporal semantics',
    countArgument: 'temporalSemantics',
    technologyField: 'capture device technology',
  },
} as const;

/** General header plus the start of the (single) representation header, as decoded. */
export interface RecordHeader {
  recordLength: number;
  certificationFlag: number;
  /** Number of finger positions, number of eyes, or the face's temporal semantics. */
  count: number;
  /** Offset of the representation (its length field). */
  repStart: number;
  representationLength: number;
  capture: CaptureFields;
}

/**
 * Allocates the record and writes its general header and the capture fields of the representation
 * header; the caller writes the rest. `representationLength` counts every byte after the general header.
 */
export function startRecord(
  modality: Modality,
  f: CaptureFields & { certificationFlag: number },
  count: number,
  representationLength: number,
): ByteWriter {
  const layout = GENERAL_HEADER[modality];
  const w = new ByteWriter(layout.length + representationLength);
  writeMagic(w, modality);
  w.u32(layout.length + representationLength).u16(1);
  w.u8(checkInt(f.certificationFlag, 0, 255, 'certificationFlag'));
  if (layout.length === 17) w.u16(checkInt(count, 0, 0xffff, layout.countArgument));
  else w.u8(checkInt(count, 0, 255, layout.countArgument));
  w.u32(representationLength);
  writeDateTime(w, f.captureDateTime);
  w.u8(checkInt(f.captureDeviceTechnology, 0, 255, 'captureDeviceTechnology'));
  w.u16(checkInt(f.captureDeviceVendor, 0, 0xffff, 'captureDeviceVendor'));
  w.u16(checkInt(f.captureDeviceType, 0, 0xffff, 'captureDeviceType'));
  writeQualityBlocks(w, f.qualityBlocks);
  return w;
}

/** A record split where its capture time ends: the head is written anew per capture, the rest is shared. */
export interface RestampableRecord {
  /** Everything after the capture date-time (the rest of the headers and the image): the same at every capture time; never modified. */
  readonly tail: Uint8Array;
  /** The record's bytes up to `tail`, with capture date-time `t`: head ‖ tail is the record captured at `t`. */
  head(t: CaptureDateTime): Buffer;
}

/**
 * Splits a single-representation record (as startRecord writes it) after its capture date-time, the
 * only field a new capture time changes: re-stamping then writes a few dozen bytes, never the image.
 * `record` is kept, not copied: the caller must not modify it.
 */
export function restampable(record: Uint8Array, modality: Modality): RestampableRecord {
  const { identifier, name } = FORMAT_MAGIC[modality];
  if (!identifier.every((b, i) => record[i] === b)) {
    throw new BiometricsError(BiometricsErrorCode.BadIdentifier, `not a ${modality} (${name}) record`, {
      field: 'format identifier',
      offset: 0,
      expected: hex(identifier),
    });
  }
  const at = GENERAL_HEADER[modality].length + 4;
  const end = at + 9;
  if (record.length < end) {
    throw new BiometricsError(
      BiometricsErrorCode.Truncated,
      `${modality} record of ${record.length} bytes ends before its capture date-time (${at}..${end})`,
      {
        field: 'capture date-time',
        offset: at,
        expected: `${end} byte(s)`,
        actual: `${record.length} byte(s)`,
      },
    );
  }
  const start = record.subarray(0, at);
  return {
    tail: record.subarray(end),
    head(t) {
      const w = new ByteWriter(end).bytes(start);
      writeDateTime(w, t);
      return w.buf;
    },
  };
}

/** Reads the general header and the capture fields of the representation header, strictly. */
export function readRecordHeader(r: ByteReader, modality: Modality): RecordHeader {
  const layout = GENERAL_HEADER[modality];
  readMagic(r, modality);
  const recordLength = r.u32('record length');
  readRepresentationCount(r);
  const certificationFlag = r.u8('certification flag');
  // 19794-4 allows only 0 or 1 and a 1 adds certification blocks; iris and face take the byte as it is.
  if (modality === 'finger' && certificationFlag > 1) {
    throw new BiometricsError(
      BiometricsErrorCode.BadField,
      `${r.what}: certification flag (offset 14) is ${certificationFlag}, expected 0 or 1`,
      {
        field: 'certification flag',
        offset: 14,
        expected: '0 or 1',
        actual: certificationFlag,
      },
    );
  }
  const count = layout.length === 17 ? r.u16(layout.countField) : r.u8(layout.countField);
  const repStart = r.pos;
  const representationLength = r.u32('representation length');
  const capture: CaptureFields = {
    captureDateTime: readDateTime(r),
    captureDeviceTechnology: r.u8(layout.technologyField),
    captureDeviceVendor: r.u16('capture device vendor id'),
    captureDeviceType: r.u16('capture device type id'),
    qualityBlocks: readQualityBlocks(r),
  };
  return { recordLength, certificationFlag, count, repStart, representationLength, capture };
}

/**
 * Reads the image-data length and the image, then requires the record and representation lengths
 * to match the bytes given. `exact`: the image must end the representation (iris, face); finger may
 * have extended blocks after it, which the caller reads.
 */
export function readImageData(
  r: ByteReader,
  h: RecordHeader,
  exact: boolean,
): { image: Uint8Array; imageOffset: number } {
  const imageLengthOffset = r.pos;
  const imageLength = r.u32('image data length');
  checkImageLength(r, h, imageLengthOffset, imageLength, exact);
  const imageOffset = r.pos;
  const image = r.bytes(imageLength, 'image data');
  checkRecordLength(r, h.recordLength, 8);
  checkRepresentationEnd(r, h.repStart, h.representationLength);
  return { image, imageOffset };
}

/**
 * Requires the record-length field to equal the number of bytes received. Called after the
 * structural parse, so a cut-off record reports the field where the bytes ran out instead.
 */
function checkRecordLength(r: ByteReader, recordLength: number, offset: number): void {
  if (recordLength !== r.buf.length) {
    throw new BiometricsError(
      BiometricsErrorCode.BadRecordLength,
      `${r.what}: record length field (offset ${offset}) says ${recordLength} bytes but ${r.buf.length} bytes were given`,
      { field: 'record length', offset, expected: r.buf.length, actual: recordLength },
    );
  }
}

/**
 * With one representation, the representation must end exactly where the record ends:
 * a longer length field overruns the record, a shorter one leaves unread bytes.
 */
function checkRepresentationEnd(r: ByteReader, repStart: number, representationLength: number): void {
  const repEnd = repStart + representationLength;
  if (repEnd === r.buf.length) return;
  throw new BiometricsError(
    BiometricsErrorCode.BadRepresentationLength,
    `${r.what}: representation length (offset ${repStart}) is ${representationLength}, so the representation ends at ${repEnd}, but the record has ${r.buf.length} bytes`,
    {
      field: 'representation length',
      offset: repStart,
      expected: r.buf.length - repStart,
      actual: representationLength,
    },
  );
}

/**
 * Checks the image-data length against the representation before the image is read, so that
 * a wrong representation length, a wrong image length and a cut-off record each get their own error.
 */
function checkImageLength(
  r: ByteReader,
  h: RecordHeader,
  imageLengthOffset: number,
  imageLength: number,
  exact: boolean,
): void {
  const repEnd = h.repStart + h.representationLength;
  if (h.recordLength === r.buf.length) checkRepresentationEnd(r, h.repStart, h.representationLength);
  const room = repEnd - r.pos;
  if (exact ? imageLength !== room : imageLength > room) {
    throw new BiometricsError(
      BiometricsErrorCode.BadImageLength,
      `${r.what}: image data length (offset ${imageLengthOffset}) is ${imageLength} but the representation leaves ${room} bytes for it`,
      {
        field: 'image data length',
        offset: imageLengthOffset,
        expected: exact ? room : `<= ${room}`,
        actual: imageLength,
      },
    );
  }
}

/** MOSIP parses a representation only when there is exactly one. */
function readRepresentationCount(r: ByteReader): void {
  const n = r.u16('number of representations');
  if (n !== 1) {
    throw new BiometricsError(
      BiometricsErrorCode.BadField,
      `${r.what}: number of representations (offset 12) is ${n}, MOSIP reads exactly 1`,
      {
        field: 'number of representations',
        offset: 12,
        expected: 1,
        actual: n,
      },
    );
  }
}
