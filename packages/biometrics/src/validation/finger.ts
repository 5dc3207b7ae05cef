/** MOSIP's finger record rules (bio-utils FingerISOStandardsValidator). */
import type { FingerRecord } from '../iso/finger.ts';
import { type Collector, type ImageFacts, inRange, type ValidateOptions } from './collector.ts';
import { checkCommon, checkImageAgainstHeader, checkPosition, imageFacts, warnGreyImage } from './common.ts';

export async function validateFinger(
  c: Collector,
  r: FingerRecord,
  o: ValidateOptions,
): Promise<ImageFacts | undefined> {
  const reg = o.purpose === 'Registration';
  const posOffset =
    16 +
    19 +
    5 * r.qualityBlocks.length +
    (r.certificationFlag === 1 ? 1 + 3 * r.certificationBlocks.length : 0);
  checkCommon(c, r);
  c.check(
    r.numberOfFingers === 1,
    'MOSIP_FINGER_COUNT',
    'number of finger positions',
    `${r.numberOfFingers} finger positions, expected 1`,
    15,
  );
  c.check(
    inRange(r.captureDeviceTechnology, 0, 0x14),
    'MOSIP_DEVICE_TECHNOLOGY',
    'capture device technology id',
    `technology ${r.captureDeviceTechnology} not in 0–20`,
    29,
  );
  c.check(
    reg ? inRange(r.position, 1, 10) : inRange(r.position, 0, 10),
    'MOSIP_FINGER_POSITION',
    'finger position',
    `position ${r.position} not allowed for ${o.purpose} (${reg ? '1–10' : '0–10'})`,
    posOffset,
  );
  checkPosition(c, o, 'finger', r.position, 'finger position', posOffset);
  c.check(
    inRange(r.representationNumber, 0, 15),
    'MOSIP_REPRESENTATION_NUMBER',
    'representation number',
    `representation number ${r.representationNumber} not in 0–15`,
    posOffset + 1,
  );
  c.check(
    r.scaleUnits === 1 || r.scaleUnits === 2,
    'MOSIP_SCALE_UNITS',
    'scale units',
    `scale units ${r.scaleUnits} not 1 or 2`,
    posOffset + 2,
  );
  const rates = [r.captureSamplingRateH, r.captureSamplingRateV, r.imageSamplingRateH, r.imageSamplingRateV];
  c.check(
    rates.every((v) => inRange(v, 490, 1010)) &&
      r.imageSamplingRateH <= r.captureSamplingRateH &&
      r.imageSamplingRateV <= r.captureSamplingRateV,
    'MOSIP_SAMPLING_RATE',
    'spatial sampling rates',
    `sampling rates ${rates.join('/')} must be 490–1010 with image ≤ capture`,
    posOffset + 3,
  );
  c.check(
    r.bitDepth === 8,
    'MOSIP_BIT_DEPTH',
    'bit depth',
    `bit depth ${r.bitDepth}, expected 8`,
    posOffset + 11,
  );
  c.check(
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0x18, 0x1c, 0x1d].includes(r.impressionType),
    'MOSIP_IMPRESSION_TYPE',
    'impression type',
    `impression type ${r.impressionType} not in the list`,
    posOffset + 13,
  );
  const img = await imageFacts(c, r.image);
  const compressionOk = reg
    ? r.compression === 0x05 && img?.lossless === true
    : (r.compression === 0x04 || r.compression === 0x02) && img?.lossless !== true;
  c.check(
    compressionOk,
    'MOSIP_COMPRESSION',
    'image compression algorithm',
    reg
      ? `Registration needs compression 0x05 with a reversible (5/3) image; record has 0x${r.compression.toString(16).padStart(2, '0')}, image ${img?.lossless ? '5/3' : 'not 5/3'}`
      : `Auth needs compression 0x04 (or 0x02) with a lossy (9/7) image; record has 0x${r.compression.toString(16).padStart(2, '0')}, image ${img?.lossless ? '5/3 (lossless)' : 'lossy'}`,
    posOffset + 12,
  );
  checkImageAgainstHeader(c, img, r.width, r.height, true);
  warnGreyImage(c, img, reg, true);
  return img;
}
