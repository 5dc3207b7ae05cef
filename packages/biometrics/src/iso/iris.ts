/** ISO/IEC 19794-6:2011 iris image record, byte-exact with MOSIP bio-utils' IrisBDIR. */
import { ByteReader, checkInt } from '../bytes.ts';
import { type CaptureFields, checkImage, readImageData, readRecordHeader, startRecord } from './common.ts';

export const IrisImageType = { Uncropped: 0x01, Vga: 0x02, CroppedK3: 0x03, CroppedMaskedK7: 0x07 } as const;
export const IrisImageFormat = { MonoRaw: 0x02, MonoJpeg2000: 0x0a } as const;
/** Image-property byte: compression history in bits 6–7. */
export const IrisProperty = { Lossless: 0x40, Lossy: 0x80 } as const;

export interface IrisRecordFields extends CaptureFields {
  certificationFlag: number;
  numberOfEyes: number;
  representationNumber: number;
  eyeLabel: number;
  imageType: number;
  imageFormat: number;
  imageProperties: number;
  width: number;
  height: number;
  bitDepth: number;
  range: number;
  rollAngle: number;
  rollAngleUncertainty: number;
  irisCentreSmallestX: number;
  irisCentreLargestX: number;
  irisCentreSmallestY: number;
  irisCentreLargestY: number;
  irisDiameterSmallest: number;
  irisDiameterLargest: number;
  image: Uint8Array;
}

export interface IrisRecord extends IrisRecordFields {
  modality: 'iris';
  recordLength: number;
  representationLength: number;
  imageOffset: number;
}

/** The nine two-byte fields after the bit depth, in record order, with their names for errors. */
const U16_FIELDS = [
  ['range', 'range'],
  ['rollAngle', 'roll angle of eye'],
  ['rollAngleUncertainty', 'roll angle uncertainty'],
  ['irisCentreSmallestX', 'iris centre smallest X'],
  ['irisCentreLargestX', 'iris centre largest X'],
  ['irisCentreSmallestY', 'iris centre smallest Y'],
  ['irisCentreLargestY', 'iris centre largest Y'],
  ['irisDiameterSmallest', 'iris diameter smallest'],
  ['irisDiameterLargest', 'iris diameter largest'],
] as const;
type U16Field = (typeof U16_FIELDS)[number][0];

export function encodeIrisRecord(f: IrisRecordFields): Buffer {
  const image = checkImage(f.image);
  const repLength = 48 + 5 * f.qualityBlocks.length + 4 + image.length;
  const w = startRecord('iris', f, f.numberOfEyes, repLength);
  w.u16(checkInt(f.representationNumber, 0, 0xffff, 'representationNumber'));
  w.u8(checkInt(f.eyeLabel, 0, 255, 'eyeLabel'));
  w.u8(checkInt(f.imageType, 0, 255, 'imageType'));
  w.u8(checkInt(f.imageFormat, 0, 255, 'imageFormat'));
  w.u8(checkInt(f.imageProperties, 0, 255, 'imageProperties'));
  w.u16(checkInt(f.width, 0, 0xffff, 'width'));
  w.u16(checkInt(f.height, 0, 0xffff, 'height'));
  w.u8(checkInt(f.bitDepth, 0, 255, 'bitDepth'));
  for (const [k] of U16_FIELDS) w.u16(checkInt(f[k], 0, 0xffff, k));
  w.u32(image.length).bytes(image);
  return w.buf;
}

export function decodeIrisRecord(bytes: Uint8Array): IrisRecord {
  const r = new ByteReader(bytes, 'iris record');
  const h = readRecordHeader(r, 'iris');
  const representationNumber = r.u16('representation number');
  const eyeLabel = r.u8('eye label');
  const imageType = r.u8('image type');
  const imageFormat = r.u8('image format');
  const imageProperties = r.u8('image properties');
  const width = r.u16('width');
  const height = r.u16('height');
  const bitDepth = r.u8('bit depth');
  const u16 = Object.fromEntries(U16_FIELDS.map(([k, name]) => [k, r.u16(name)])) as Record<U16Field, number>;
  const { image, imageOffset } = readImageData(r, h, true);
  return {
    modality: 'iris',
    recordLength: h.recordLength,
    certificationFlag: h.certificationFlag,
    numberOfEyes: h.count,
    representationLength: h.representationLength,
    ...h.capture,
    representationNumber,
    eyeLabel,
    imageType,
    imageFormat,
    imageProperties,
    width,
    height,
    bitDepth,
    ...u16,
    image,
    imageOffset,
  };
}
