/**
 * The header values of a record MOSIP accepts, per modality and purpose (docs/biometrics.md, Accepted header values): everything
 * but the capture time, device ids, quality, image size and image, which belong to each capture.
 */
import type { Purpose } from './common.ts';
import { FaceImageDataType, type FaceRecordFields } from './face.ts';
import { FingerCompression, type FingerRecordFields } from './finger.ts';
import { IrisImageFormat, IrisImageType, IrisProperty, type IrisRecordFields } from './iris.ts';

type PerCapture =
  | 'captureDateTime'
  | 'captureDeviceVendor'
  | 'captureDeviceType'
  | 'qualityBlocks'
  | 'width'
  | 'height'
  | 'image';

export function mosipFingerFields(purpose: Purpose, position: number): Omit<FingerRecordFields, PerCapture> {
  return {
    certificationFlag: 0,
    numberOfFingers: 1,
    captureDeviceTechnology: 0,
    certificationBlocks: [],
    position,
    representationNumber: 0,
    scaleUnits: 1,
    captureSamplingRateH: 500,
    captureSamplingRateV: 500,
    imageSamplingRateH: 500,
    imageSamplingRateV: 500,
    bitDepth: 8,
    compression:
      purpose === 'Registration' ? FingerCompression.Jpeg2000Lossless : FingerCompression.Jpeg2000Lossy,
    impressionType: 0,
    extendedBlocks: [],
  };
}

export function mosipIrisFields(purpose: Purpose, eyeLabel: number): Omit<IrisRecordFields, PerCapture> {
  const reg = purpose === 'Registration';
  return {
    certificationFlag: 0,
    numberOfEyes: 1,
    captureDeviceTechnology: 1,
    representationNumber: 1,
    eyeLabel,
    imageType: reg ? IrisImageType.CroppedK3 : IrisImageType.CroppedMaskedK7,
    imageFormat: IrisImageFormat.MonoJpeg2000,
    imageProperties: reg ? IrisProperty.Lossless : IrisProperty.Lossy,
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
  };
}

export function mosipFaceFields(purpose: Purpose): Omit<FaceRecordFields, PerCapture> {
  return {
    certificationFlag: 0,
    temporalSemantics: 0,
    captureDeviceTechnology: 0,
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
    imageDataType:
      purpose === 'Registration' ? FaceImageDataType.Jpeg2000Lossless : FaceImageDataType.Jpeg2000Lossy,
    spatialSamplingRateLevel: 0,
    postAcquisitionProcessing: 0,
    crossReference: 0,
    imageColourSpace: 1,
  };
}
