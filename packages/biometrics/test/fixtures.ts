/** Field sets for the golden-byte tests, taken from the reference's worked example and tables. */
import type { FaceRecordFields, FingerRecordFields, IrisRecordFields } from '../src/index.ts';

export const WHEN = { year: 2026, month: 11, day: 24, hour: 19, minute: 37, second: 14, millisecond: 620 };

/** A stand-in image payload: the JP2 signature then filler, of the length the example needs. */
export function fakeImage(length: number): Buffer {
  const b = Buffer.alloc(length, 0x5a);
  Buffer.from('0000000c6a5020200d0a870a', 'hex').copy(b);
  return b;
}

/** Reference §3.6: Registration, Left IndexFinger, 256 × 360, quality 62, L = 32970. */
export function fingerExample(image: Uint8Array = fakeImage(32970)): FingerRecordFields {
  return {
    certificationFlag: 0,
    numberOfFingers: 1,
    captureDateTime: WHEN,
    captureDeviceTechnology: 0,
    captureDeviceVendor: 0,
    captureDeviceType: 0,
    qualityBlocks: [{ score: 62, vendorId: 0, algorithmId: 0 }],
    certificationBlocks: [],
    position: 7,
    representationNumber: 0,
    scaleUnits: 1,
    captureSamplingRateH: 500,
    captureSamplingRateV: 500,
    imageSamplingRateH: 500,
    imageSamplingRateV: 500,
    bitDepth: 8,
    compression: 5,
    impressionType: 0,
    width: 256,
    height: 360,
    image,
    extendedBlocks: [],
  };
}

export function irisExample(
  purpose: 'Registration' | 'Auth',
  image: Uint8Array = fakeImage(1000),
): IrisRecordFields {
  const reg = purpose === 'Registration';
  return {
    certificationFlag: 0,
    numberOfEyes: 1,
    captureDateTime: WHEN,
    captureDeviceTechnology: 1,
    captureDeviceVendor: 0,
    captureDeviceType: 0,
    qualityBlocks: [{ score: 80, vendorId: 0, algorithmId: 0 }],
    representationNumber: 1,
    eyeLabel: 2,
    imageType: reg ? 3 : 7,
    imageFormat: 0x0a,
    imageProperties: reg ? 0x40 : 0x80,
    width: 640,
    height: 480,
    bitDepth: 8,
    range: 0,
    rollAngle: 0xffff,
    rollAngleUncertainty: 0xffff,
    irisCentreSmallestX: 0,
    irisCentreLargestX: 0,
    irisCentreSmallestY: 0,
    irisCentreLargestY: 0,
    irisDiameterSmallest: 0,
    irisDiameterLargest: 0,
    image,
  };
}

export function faceExample(
  purpose: 'Registration' | 'Auth',
  image: Uint8Array = fakeImage(1000),
): FaceRecordFields {
  return {
    certificationFlag: 0,
    temporalSemantics: 0,
    captureDateTime: WHEN,
    captureDeviceTechnology: 5,
    captureDeviceVendor: 0,
    captureDeviceType: 0,
    qualityBlocks: [{ score: 40, vendorId: 1, algorithmId: 1 }],
    gender: 0xff,
    eyeColour: 0xff,
    hairColour: 0xff,
    subjectHeight: 0,
    featureMask: 0,
    expression: 0,
    poseYaw: 0,
    posePitch: 0,
    poseRoll: 0,
    poseYawUncertainty: 0,
    posePitchUncertainty: 0,
    poseRollUncertainty: 0,
    landmarks: [],
    faceImageType: 1,
    imageDataType: purpose === 'Registration' ? 2 : 1,
    width: 480,
    height: 640,
    spatialSamplingRateLevel: 0,
    postAcquisitionProcessing: 0,
    crossReference: 0,
    imageColourSpace: 1,
    image,
  };
}
