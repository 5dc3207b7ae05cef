/** ISO/IEC 19794-5:2011 face image record, byte-exact with MOSIP bio-utils' FaceBDIR. */
import { ByteReader, checkInt } from '../bytes.ts';
import { type CaptureFields, checkImage, readImageData, readRecordHeader, startRecord } from './common.ts';

export const FaceImageDataType = {
  Jpeg: 0x00,
  Jpeg2000Lossy: 0x01,
  Jpeg2000Lossless: 0x02,
  Png: 0x03,
} as const;

export interface FaceLandmark {
  type: number;
  code: number;
  x: number;
  y: number;
  z: number;
}

export interface FaceRecordFields extends CaptureFields {
  certificationFlag: number;
  temporalSemantics: number;
  gender: number;
  eyeColour: number;
  hairColour: number;
  subjectHeight: number;
  /** 24-bit property mask; MOSIP's reader throws above 0x11, so 0 is written. */
  featureMask: number;
  expression: number;
  poseYaw: number;
  posePitch: number;
  poseRoll: number;
  poseYawUncertainty: number;
  posePitchUncertainty: number;
  poseRollUncertainty: number;
  landmarks: FaceLandmark[];
  faceImageType: number;
  imageDataType: number;
  width: number;
  height: number;
  spatialSamplingRateLevel: number;
  postAcquisitionProcessing: number;
  crossReference: number;
  imageColourSpace: number;
  image: Uint8Array;
}

export interface FaceRecord extends FaceRecordFields {
  modality: 'face';
  recordLength: number;
  representationLength: number;
  imageOffset: number;
}

export function encodeFaceRecord(f: FaceRecordFields): Buffer {
  const image = checkImage(f.image);
  const repLength = 47 + 5 * f.qualityBlocks.length + 8 * f.landmarks.length + 4 + image.length;
  const w = startRecord('face', f, f.temporalSemantics, repLength);
  w.u16(checkInt(f.landmarks.length, 0, 0xffff, 'number of landmark points'));
  w.u8(checkInt(f.gender, 0, 255, 'gender'));
  w.u8(checkInt(f.eyeColour, 0, 255, 'eyeColour'));
  w.u8(checkInt(f.hairColour, 0, 255, 'hairColour'));
  w.u8(checkInt(f.subjectHeight, 0, 255, 'subjectHeight'));
  w.u24(checkInt(f.featureMask, 0, 0xffffff, 'featureMask'));
  w.u16(checkInt(f.expression, 0, 0xffff, 'expression'));
  w.u8(checkInt(f.poseYaw, 0, 255, 'poseYaw'));
  w.u8(checkInt(f.posePitch, 0, 255, 'posePitch'));
  w.u8(checkInt(f.poseRoll, 0, 255, 'poseRoll'));
  w.u8(checkInt(f.poseYawUncertainty, 0, 255, 'poseYawUncertainty'));
  w.u8(checkInt(f.posePitchUncertainty, 0, 255, 'posePitchUncertainty'));
  w.u8(checkInt(f.poseRollUncertainty, 0, 255, 'poseRollUncertainty'));
  for (const l of f.landmarks) {
    w.u8(checkInt(l.type, 0, 255, 'landmark type'));
    w.u8(checkInt(l.code, 0, 255, 'landmark code'));
    w.u16(checkInt(l.x, 0, 0xffff, 'landmark x'));
    w.u16(checkInt(l.y, 0, 0xffff, 'landmark y'));
    w.u16(checkInt(l.z, 0, 0xffff, 'landmark z'));
  }
  w.u8(checkInt(f.faceImageType, 0, 255, 'faceImageType'));
  w.u8(checkInt(f.imageDataType, 0, 255, 'imageDataType'));
  w.u16(checkInt(f.width, 0, 0xffff, 'width'));
  w.u16(checkInt(f.height, 0, 0xffff, 'height'));
  w.u8(checkInt(f.spatialSamplingRateLevel, 0, 255, 'spatialSamplingRateLevel'));
  w.u16(checkInt(f.postAcquisitionProcessing, 0, 0xffff, 'postAcquisitionProcessing'));
  w.u8(checkInt(f.crossReference, 0, 255, 'crossReference'));
  w.u8(checkInt(f.imageColourSpace, 0, 255, 'imageColourSpace'));
  w.u32(image.length).bytes(image);
  return w.buf;
}

export function decodeFaceRecord(bytes: Uint8Array): FaceRecord {
  const r = new ByteReader(bytes, 'face record');
  const h = readRecordHeader(r, 'face');
  const nL = r.u16('number of landmark points');
  const gender = r.u8('gender');
  const eyeColour = r.u8('eye colour');
  const hairColour = r.u8('hair colour');
  const subjectHeight = r.u8('subject height');
  const featureMask = r.u24('feature mask');
  const expression = r.u16('expression');
  const poseYaw = r.u8('pose angle yaw');
  const posePitch = r.u8('pose angle pitch');
  const poseRoll = r.u8('pose angle roll');
  const poseYawUncertainty = r.u8('pose angle uncertainty yaw');
  const posePitchUncertainty = r.u8('pose angle uncertainty pitch');
  const poseRollUncertainty = r.u8('pose angle uncertainty roll');
  const landmarks: FaceLandmark[] = [];
  for (let i = 0; i < nL; i++) {
    landmarks.push({
      type: r.u8(`landmark ${i} type`),
      code: r.u8(`landmark ${i} code`),
      x: r.u16(`landmark ${i} x`),
      y: r.u16(`landmark ${i} y`),
      z: r.u16(`landmark ${i} z`),
    });
  }
  const faceImageType = r.u8('face image type');
  const imageDataType = r.u8('image data type');
  const width = r.u16('width');
  const height = r.u16('height');
  const spatialSamplingRateLevel = r.u8('spatial sampling rate level');
  const postAcquisitionProcessing = r.u16('post-acquisition processing');
  const crossReference = r.u8('cross reference');
  const imageColourSpace = r.u8('image colour space');
  const { image, imageOffset } = readImageData(r, h, true);
  return {
    modality: 'face',
    recordLength: h.recordLength,
    certificationFlag: h.certificationFlag,
    temporalSemantics: h.count,
    representationLength: h.representationLength,
    ...h.capture,
    gender,
    eyeColour,
    hairColour,
    subjectHeight,
    featureMask,
    expression,
    poseYaw,
    posePitch,
    poseRoll,
    poseYawUncertainty,
    posePitchUncertainty,
    poseRollUncertainty,
    landmarks,
    faceImageType,
    imageDataType,
    width,
    height,
    spatialSamplingRateLevel,
    postAcquisitionProcessing,
    crossReference,
    imageColourSpace,
    image,
    imageOffset,
  };
}
