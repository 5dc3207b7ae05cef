/** MOSIP's iris record rules (bio-utils IrisISOStandardsValidator). */
import type { IrisRecord } from '../iso/iris.ts';
import { type Collector, type ImageFacts, inRange, type ValidateOptions } from './collector.ts';
import {
  checkCommon,
  checkImageAgainstHeader,
  checkNoCertification,
  checkPosition,
  checkRepresentationLength,
  imageFacts,
  warnGreyImage,
} from './common.ts';

export async function validateIris(
  c: Collector,
  r: IrisRecord,
  o: ValidateOptions,
): Promise<ImageFacts | undefined> {
  const reg = o.purpose === 'Registration';
  const base = 16 + 19 + 5 * r.qualityBlocks.length;
  checkCommon(c, r);
  c.check(
    r.numberOfEyes === 1,
    'MOSIP_EYE_COUNT',
    'number of eyes represented',
    `${r.numberOfEyes} eyes, expected 1`,
    15,
  );
  checkNoCertification(c, r);
  checkRepresentationLength(c, r, 53, 16);
  c.check(
    inRange(r.captureDeviceTechnology, 0, 1),
    'MOSIP_DEVICE_TECHNOLOGY',
    'capture device technology',
    `technology ${r.captureDeviceTechnology} not 0–1`,
    29,
  );
  c.check(
    r.representationNumber === 1,
    'MOSIP_REPRESENTATION_NUMBER',
    'representation number',
    `representation number ${r.representationNumber}, expected 1`,
    base,
  );
  c.check(
    reg ? inRange(r.eyeLabel, 1, 2) : inRange(r.eyeLabel, 0, 2),
    'MOSIP_EYE_LABEL',
    'eye label',
    `eye label ${r.eyeLabel} not allowed for ${o.purpose}`,
    base + 2,
  );
  checkPosition(c, o, 'iris', r.eyeLabel, 'eye label', base + 2);
  c.check(
    r.imageType === (reg ? 3 : 7),
    'MOSIP_IRIS_IMAGE_TYPE',
    'image type',
    `image type ${r.imageType}, ${o.purpose} needs ${reg ? '03 (K3)' : '07 (K7)'}`,
    base + 3,
  );
  c.check(
    r.imageFormat === 0x0a,
    'MOSIP_IRIS_IMAGE_FORMAT',
    'image format',
    `image format 0x${r.imageFormat.toString(16)}, expected 0x0a (mono JPEG 2000)`,
    base + 4,
  );
  c.check(r.bitDepth === 8, 'MOSIP_BIT_DEPTH', 'bit depth', `bit depth ${r.bitDepth}, expected 8`, base + 10);
  const img = await imageFacts(c, r.image);
  const history = (r.imageProperties >> 6) & 3;
  c.check(
    reg ? history === 1 && img?.lossless === true : history === 2 && img?.lossless === false,
    'MOSIP_COMPRESSION',
    'image properties',
    `${o.purpose} needs compression history ${reg ? '1 (lossless) with a 5/3' : '2 (lossy) with a 9/7'} image; record has ${history}, image ${img?.lossless ? '5/3' : '9/7 or unreadable'}`,
    base + 5,
  );
  checkImageAgainstHeader(c, img, r.width, r.height, true);
  warnGreyImage(c, img, reg, false);
  return img;
}
