/** ISO/IEC 19794-6:2011 iris image record, byte-exact with MOSIP bio-utils' IrisBDIR. */
import { ByteReader, ByteWriter, checkInt } from '../bytes.ts';
import {
  type CaptureDateTime,
  checkImage,
  checkImageLength,
  checkRecordLength,
  checkRepresentationEnd,
  type QualityBlock,
  readDateTime,
  readMagic,
  readQualityBlocks,
  readRepresentationCount,
  writeDateTime,
  writeMagic,
  writeQualityBlocks,
} from './common.ts';

export const IrisImageType = { Uncropped: 0x01, Vga: 0x02, CroppedK3: 0x03, CroppedMaskedK7: 0x07 } as const;
export const IrisImageFormat = { MonoRaw: 0x02, MonoJpeg2000: 0x0a } as const;
/** Image-property byte: compression history in bits 6–7. */
export const IrisProperty = { Lossless: 0x40, Lossy: 0x80 } as const;

export interface IrisRecordFields {
  certificationFlag: number;
  numberOfEyes: number;
  captureDateTime: CaptureDateTime;
  captureDeviceTechnology: number;
  captureDeviceVendor: number;
  captureDeviceType: number;
  qualityBlocks: QualityBlock[];
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

export const IRIS_GENERAL_HEADER_LENGTH = 16;
const U16_FIELDS = [
  'range',
  'rollAngle',
  'rollAngleUncertainty',
  'irisCentreSmallestX',
  'irisCentreLargestX',
  'irisCentreSmallestY',
  'irisCentreLargestY',
  'irisDiameterSmallest',
  'irisDiameterLargest',
] as const;
const U16_NAMES = [
  'range',
  'roll angle of eye',
  'roll angle uncertainty',
  'iris centre smallest X',
  'iris centre largest X',
  'iris centre smallest Y',
  'iris centre largest Y',
  'iris diameter smallest',
  'iris diameter largest',
];

export function encodeIrisRecord(f: IrisRecordFields): Buffer {
  const image = checkImage(f.image);
  const repLength = 48 + 5 * f.qualityBlocks.length + 4 + image.length;
  const w = new ByteWriter(IRIS_GENERAL_HEADER_LENGTH + repLength);
  writeMagic(w, 'iris');
  w.u32(IRIS_GENERAL_HEADER_LENGTH + repLength).u16(1);
  w.u8(checkInt(f.certificationFlag, 0, 255, 'certificationFlag'));
  w.u8(checkInt(f.numberOfEyes, 0, 255, 'numberOfEyes'));
  w.u32(repLength);
  writeDateTime(w, f.captureDateTime);
  w.u8(checkInt(f.captureDeviceTechnology, 0, 255, 'captureDeviceTechnology'));
  w.u16(checkInt(f.captureDeviceVendor, 0, 0xffff, 'captureDeviceVendor'));
  w.u16(checkInt(f.captureDeviceType, 0, 0xffff, 'captureDeviceType'));
  writeQualityBlocks(w, f.qualityBlocks);
  w.u16(checkInt(f.representationNumber, 0, 0xffff, 'representationNumber'));
  w.u8(checkInt(f.eyeLabel, 0, 255, 'eyeLabel'));
  w.u8(checkInt(f.imageType, 0, 255, 'imageType'));
  w.u8(checkInt(f.imageFormat, 0, 255, 'imageFormat'));
  w.u8(checkInt(f.imageProperties, 0, 255, 'imageProperties'));
  w.u16(checkInt(f.width, 0, 0xffff, 'width'));
  w.u16(checkInt(f.height, 0, 0xffff, 'height'));
  w.u8(checkInt(f.bitDepth, 0, 255, 'bitDepth'));
  for (const k of U16_FIELDS) w.u16(checkInt(f[k], 0, 0xffff, k));
  w.u32(image.length).bytes(image);
  return w.buf;
}

export function decodeIrisRecord(bytes: Uint8Array): IrisRecord {
  const r = new ByteReader(bytes, 'iris record');
  readMagic(r, 'iris');
  const recordLength = r.u32('record length');
  readRepresentationCount(r);
  const certificationFlag = r.u8('certification flag');
  const numberOfEyes = r.u8('number of eyes represented');
  const repStart = r.pos;
  const representationLength = r.u32('representation length');
  const captureDateTime = readDateTime(r);
  const captureDeviceTechnology = r.u8('capture device technology');
  const captureDeviceVendor = r.u16('capture device vendor id');
  const captureDeviceType = r.u16('capture device type id');
  const qualityBlocks = readQualityBlocks(r);
  const representationNumber = r.u16('representation number');
  const eyeLabel = r.u8('eye label');
  const imageType = r.u8('image type');
  const imageFormat = r.u8('image format');
  const imageProperties = r.u8('image properties');
  const width = r.u16('width');
  const height = r.u16('height');
  const bitDepth = r.u8('bit depth');
  const u16 = U16_NAMES.map((name) => r.u16(name));
  const imageLengthOffset = r.pos;
  const imageLength = r.u32('image data length');
  checkImageLength(r, {
    recordLength,
    repStart,
    representationLength,
    imageLengthOffset,
    imageLength,
    exact: true,
  });
  const imageOffset = r.pos;
  const image = r.bytes(imageLength, 'image data');
  checkRecordLength(r, recordLength, 8);
  checkRepresentationEnd(r, repStart, representationLength);
  const [range, rollAngle, rollAngleUncertainty, cxMin, cxMax, cyMin, cyMax, dMin, dMax] = u16 as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return {
    modality: 'iris',
    recordLength,
    certificationFlag,
    numberOfEyes,
    representationLength,
    captureDateTime,
    captureDeviceTechnology,
    captureDeviceVendor,
    captureDeviceType,
    qualityBlocks,
    representationNumber,
    eyeLabel,
    imageType,
    imageFormat,
    imageProperties,
    width,
    height,
    bitDepth,
    range,
    rollAngle,
    rollAngleUncertainty,
    irisCentreSmallestX: cxMin,
    irisCentreLargestX: cxMax,
    irisCentreSmallestY: cyMin,
    irisCentreLargestY: cyMax,
    irisDiameterSmallest: dMin,
    irisDiameterLargest: dMax,
    image,
    imageOffset,
  };
}
