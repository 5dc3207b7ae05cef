/** ISO/IEC 19794-4:2011 finger image record, byte-exact with MOSIP bio-utils' FingerBDIR. */
import { ByteReader, checkInt } from '../bytes.ts';
import { BiometricsError, BiometricsErrorCode } from '../errors.ts';
import { type CaptureFields, checkImage, readImageData, readRecordHeader, startRecord } from './common.ts';

export const FingerCompression = {
  Uncompressed: 0x00,
  UncompressedBitPacked: 0x01,
  Wsq: 0x02,
  Jpeg: 0x03,
  Jpeg2000Lossy: 0x04,
  Jpeg2000Lossless: 0x05,
  Png: 0x06,
} as const;

export interface FingerCertificationBlock {
  authorityId: number;
  schemeId: number;
}

/** A finger extended data block (segmentation 0x0001, annotation 0x0002, comment, vendor), kept raw. */
export interface FingerExtendedBlock {
  code: number;
  /** Payload after the 4-byte code/length header. */
  data: Uint8Array;
}

export interface FingerRecordFields extends CaptureFields {
  certificationFlag: number;
  numberOfFingers: number;
  certificationBlocks: FingerCertificationBlock[];
  position: number;
  representationNumber: number;
  scaleUnits: number;
  captureSamplingRateH: number;
  captureSamplingRateV: number;
  imageSamplingRateH: number;
  imageSamplingRateV: number;
  bitDepth: number;
  compression: number;
  impressionType: number;
  width: number;
  height: number;
  image: Uint8Array;
  extendedBlocks: FingerExtendedBlock[];
}

export interface FingerRecord extends FingerRecordFields {
  modality: 'finger';
  recordLength: number;
  representationLength: number;
  /** Offset of the image data in the record (62 with one quality block and no certification). */
  imageOffset: number;
}

function headerLength(
  f: Pick<FingerRecordFields, 'qualityBlocks' | 'certificationBlocks' | 'certificationFlag'>,
): number {
  return (
    37 + 5 * f.qualityBlocks.length + (f.certificationFlag === 1 ? 1 + 3 * f.certificationBlocks.length : 0)
  );
}

export function encodeFingerRecord(f: FingerRecordFields): Buffer {
  const image = checkImage(f.image);
  checkInt(f.certificationFlag, 0, 1, 'certificationFlag');
  if (f.certificationFlag === 0 && f.certificationBlocks.length > 0) {
    throw new BiometricsError(
      BiometricsErrorCode.BadArgument,
      'certification blocks need certificationFlag 1',
      {
        field: 'certificationFlag',
      },
    );
  }
  if (f.certificationFlag === 1 && f.certificationBlocks.length === 0) {
    // bio-utils' writer omits the count byte for an empty list while its length counts it.
    throw new BiometricsError(
      BiometricsErrorCode.BadArgument,
      'certificationFlag 1 needs at least one certification block',
      {
        field: 'certificationBlocks',
      },
    );
  }
  const ext = f.extendedBlocks ?? [];
  const extLength = ext.reduce((n, b) => n + 4 + b.data.length, 0);
  const repLength = headerLength(f) + 4 + image.length + extLength;
  const w = startRecord('finger', f, f.numberOfFingers, repLength);
  if (f.certificationFlag === 1) {
    w.u8(checkInt(f.certificationBlocks.length, 1, 255, 'number of certification blocks'));
    for (const c of f.certificationBlocks) {
      w.u16(checkInt(c.authorityId, 0, 0xffff, 'certification authority id'));
      w.u8(checkInt(c.schemeId, 0, 255, 'certification scheme id'));
    }
  }
  w.u8(checkInt(f.position, 0, 255, 'position'));
  w.u8(checkInt(f.representationNumber, 0, 255, 'representationNumber'));
  w.u8(checkInt(f.scaleUnits, 0, 255, 'scaleUnits'));
  w.u16(checkInt(f.captureSamplingRateH, 0, 0xffff, 'captureSamplingRateH'));
  w.u16(checkInt(f.captureSamplingRateV, 0, 0xffff, 'captureSamplingRateV'));
  w.u16(checkInt(f.imageSamplingRateH, 0, 0xffff, 'imageSamplingRateH'));
  w.u16(checkInt(f.imageSamplingRateV, 0, 0xffff, 'imageSamplingRateV'));
  w.u8(checkInt(f.bitDepth, 0, 255, 'bitDepth'));
  w.u8(checkInt(f.compression, 0, 255, 'compression'));
  w.u8(checkInt(f.impressionType, 0, 255, 'impressionType'));
  w.u16(checkInt(f.width, 0, 0xffff, 'width'));
  w.u16(checkInt(f.height, 0, 0xffff, 'height'));
  w.u32(image.length).bytes(image);
  for (const b of ext) {
    w.u16(checkInt(b.code, 1, 0xffff, 'extended block code'));
    w.u16(checkInt(4 + b.data.length, 4, 0xffff, 'extended block length'));
    w.bytes(b.data);
  }
  return w.buf;
}

/** Strict decoder: consumes exactly the given bytes or throws a BiometricsError naming field and offset. */
export function decodeFingerRecord(bytes: Uint8Array): FingerRecord {
  const r = new ByteReader(bytes, 'finger record');
  const h = readRecordHeader(r, 'finger');
  const certificationBlocks: FingerCertificationBlock[] = [];
  if (h.certificationFlag === 1) {
    const nC = r.u8('number of certification blocks');
    for (let i = 0; i < nC; i++) {
      certificationBlocks.push({
        authorityId: r.u16(`certification block ${i} authority id`),
        schemeId: r.u8(`certification block ${i} scheme id`),
      });
    }
  }
  const position = r.u8('finger position');
  const representationNumber = r.u8('representation number');
  const scaleUnits = r.u8('scale units');
  const captureSamplingRateH = r.u16('capture spatial sampling rate horizontal');
  const captureSamplingRateV = r.u16('capture spatial sampling rate vertical');
  const imageSamplingRateH = r.u16('image spatial sampling rate horizontal');
  const imageSamplingRateV = r.u16('image spatial sampling rate vertical');
  const bitDepth = r.u8('bit depth');
  const compression = r.u8('image compression algorithm');
  const impressionType = r.u8('impression type');
  const width = r.u16('horizontal line length');
  const height = r.u16('vertical line length');
  const { image, imageOffset } = readImageData(r, h, false);
  const repEnd = h.repStart + h.representationLength;
  const extendedBlocks: FingerExtendedBlock[] = [];
  while (r.pos < repEnd) {
    const at = r.pos;
    const code = r.u16('extended block type code');
    const length = r.u16('extended block length');
    if (length < 4 || at + length > repEnd) {
      throw new BiometricsError(
        BiometricsErrorCode.BadExtendedBlock,
        `finger record: extended block at offset ${at} has length ${length}, expected 4..${repEnd - at}`,
        {
          field: 'extended block length',
          offset: at + 2,
          expected: `4..${repEnd - at}`,
          actual: length,
        },
      );
    }
    extendedBlocks.push({ code, data: r.bytes(length - 4, 'extended block data') });
  }
  return {
    modality: 'finger',
    recordLength: h.recordLength,
    certificationFlag: h.certificationFlag,
    numberOfFingers: h.count,
    representationLength: h.representationLength,
    ...h.capture,
    certificationBlocks,
    position,
    representationNumber,
    scaleUnits,
    captureSamplingRateH,
    captureSamplingRateV,
    imageSamplingRateH,
    imageSamplingRateV,
    bitDepth,
    compression,
    impressionType,
    width,
    height,
    image,
    extendedBlocks,
    imageOffset,
  };
}
