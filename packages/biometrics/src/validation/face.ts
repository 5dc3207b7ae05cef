/** MOSIP's face record rules (bio-utils FaceISOStandardsValidator). */
import type { FaceRecord } from '../iso/face.ts';
import { type Collector, type ImageFacts, inRange, type ValidateOptions } from './collector.ts';
import { checkCommon, checkImageAgainstHeader, checkNoCertification, imageFacts } from './common.ts';

export async function validateFace(
  c: Collector,
  r: FaceRecord,
  o: ValidateOptions,
): Promise<ImageFacts | undefined> {
  const reg = o.purpose === 'Registration';
  const info = 17 + 19 + 5 * r.qualityBlocks.length;
  const imgInfo = info + 17 + 8 * r.landmarks.length;
  checkCommon(c, r);
  checkNoCertification(c, r);
  c.check(
    r.temporalSemantics === 0,
    'MOSIP_TEMPORAL_SEMANTICS',
    'temporal semantics',
    `temporal semantics ${r.temporalSemantics}, expected 0`,
    15,
  );
  c.check(
    inRange(r.captureDeviceTechnology, 0, 6) || r.captureDeviceTechnology >= 0x80,
    'MOSIP_DEVICE_TECHNOLOGY',
    'capture device technology',
    `technology ${r.captureDeviceTechnology} not 0–6 or 0x80–0xff`,
    30,
  );
  c.check([0, 1, 2, 0xff].includes(r.gender), 'MOSIP_FACE_GENDER', 'gender', `gender ${r.gender}`, info + 2);
  c.check(
    inRange(r.eyeColour, 0, 7) || r.eyeColour === 0xff,
    'MOSIP_FACE_EYE_COLOUR',
    'eye colour',
    `eye colour ${r.eyeColour}`,
    info + 3,
  );
  c.check(
    inRange(r.hairColour, 0, 7) || r.hairColour === 0xff,
    'MOSIP_FACE_HAIR_COLOUR',
    'hair colour',
    `hair colour ${r.hairColour}`,
    info + 4,
  );
  // The validator accepts any mask, but bio-utils' reader throws above 0x11, so MOSIP cannot parse it.
  c.check(
    r.featureMask <= 0x11,
    'MOSIP_FACE_FEATURE_MASK',
    'feature mask',
    `feature mask 0x${r.featureMask.toString(16)} > 0x11 makes bio-utils' reader throw`,
    info + 6,
  );
  c.check(
    inRange(r.faceImageType, 0, 3) || inRange(r.faceImageType, 0x80, 0x82),
    'MOSIP_FACE_IMAGE_TYPE',
    'face image type',
    `face image type ${r.faceImageType}`,
    imgInfo,
  );
  c.check(
    r.imageDataType === (reg ? 2 : 1),
    'MOSIP_COMPRESSION',
    'image data type',
    `image data type ${r.imageDataType}, ${o.purpose} needs ${reg ? '02 (JPEG 2000 lossless)' : '01 (JPEG 2000 lossy)'}`,
    imgInfo + 1,
  );
  c.check(
    inRange(r.spatialSamplingRateLevel, 0, 7),
    'MOSIP_FACE_SAMPLING_LEVEL',
    'spatial sampling rate level',
    `level ${r.spatialSamplingRateLevel}`,
    imgInfo + 6,
  );
  c.check(
    r.imageColourSpace === 1,
    'MOSIP_FACE_COLOUR_SPACE',
    'image colour space',
    `colour space ${r.imageColourSpace}, expected 01 (24-bit RGB)`,
    imgInfo + 10,
  );
  const img = await imageFacts(c, r.image);
  checkImageAgainstHeader(c, img, r.width, r.height, false);
  if (img?.width !== undefined)
    c.check(
      img.colourSpace === 'RGB',
      'MOSIP_IMAGE_COLOUR_SPACE',
      'colr',
      `decoded colour space ${img.colourSpace}, expected RGB`,
    );
  return img;
}
