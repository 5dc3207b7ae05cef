/** Field sets for the golden-byte tests, taken from the worked example and tables of docs/biometrics.md. */
import type { FaceRecordFields, FingerRecordFields, IrisRecordFields, Purpose } from '../src/index.ts';
import { mosipFaceFields, mosipFingerFields, mosipIrisFields } from '../src/iso/mosip-fields.ts';

export const WHEN = { year: 2026, month: 11, day: 24, hour: 19, minute: 37, second: 14, millisecond: 620 };

/** A stand-in image payload: the JP2 signature then filler, of the length the example needs. */
export function fakeImage(length: number): Buffer {
  const b = Buffer.alloc(length, 0x5a);
  Buffer.from('0000000c6a5020200d0a870a', 'hex').copy(b);
  return b;
}

/** The worked example (docs/biometrics.md, Record layouts): Registration, Left IndexFinger, 256 × 360, quality 62, L = 32970. */
export function fingerExample(image: Uint8Array = fakeImage(32970)): FingerRecordFields {
  return {
    ...mosipFingerFields('Registration', 7),
    captureDateTime: WHEN,
    captureDeviceVendor: 0,
    captureDeviceType: 0,
    qualityBlocks: [{ score: 62, vendorId: 0, algorithmId: 0 }],
    width: 256,
    height: 360,
    image,
  };
}

/** Right eye (label 2), 640 × 480, quality 80. */
export function irisExample(purpose: Purpose, image: Uint8Array = fakeImage(1000)): IrisRecordFields {
  return {
    ...mosipIrisFields(purpose, 2),
    captureDateTime: WHEN,
    captureDeviceVendor: 0,
    captureDeviceType: 0,
    qualityBlocks: [{ score: 80, vendorId: 0, algorithmId: 0 }],
    width: 640,
    height: 480,
    image,
  };
}

/** 480 × 640, quality 40 from vendor/algorithm 1/1, device technology 5 (a value MOSIP allows). */
export function faceExample(purpose: Purpose, image: Uint8Array = fakeImage(1000)): FaceRecordFields {
  return {
    ...mosipFaceFields(purpose),
    captureDateTime: WHEN,
    captureDeviceTechnology: 5,
    captureDeviceVendor: 0,
    captureDeviceType: 0,
    qualityBlocks: [{ score: 40, vendorId: 1, algorithmId: 1 }],
    width: 480,
    height: 640,
    image,
  };
}
