/** Rule checks shared by the finger, iris and face validators (header fields, the image, positions). */
import { BiometricsError } from '../errors.ts';
import type { CaptureDateTime, Modality, QualityBlock } from '../iso/common.ts';
import { positionCode } from '../iso/positions.ts';
import { decodeJ2k } from '../jp2/codec.ts';
import { parseCodestream } from '../jp2/codestream.ts';
import { EnumCS, isJp2, parseJp2 } from '../jp2/container.ts';
import { type Collector, type ImageFacts, inRange, type ValidateOptions } from './collector.ts';

function checkDateTime(c: Collector, t: CaptureDateTime): void {
  const unknownDate = t.year === 0xffff && t.month === 0xff && t.day === 0xff;
  const unknownTime = t.hour === 0xff && t.minute === 0xff && t.second === 0xff && t.millisecond === 0xffff;
  const dateOk = unknownDate || (inRange(t.month, 1, 12) && inRange(t.day, 1, 31));
  const timeOk =
    unknownTime ||
    (inRange(t.hour, 0, 23) &&
      inRange(t.minute, 0, 59) &&
      inRange(t.second, 0, 59) &&
      inRange(t.millisecond, 0, 999));
  c.check(
    dateOk && timeOk,
    'MOSIP_CAPTURE_DATE_TIME',
    'capture date-time',
    `capture date-time ${JSON.stringify(t)} is out of range`,
    20,
  );
}

export function checkCommon(
  c: Collector,
  r: {
    qualityBlocks: QualityBlock[];
    captureDeviceVendor: number;
    captureDeviceType: number;
    captureDateTime: CaptureDateTime;
  },
): void {
  checkDateTime(c, r.captureDateTime);
  for (const q of r.qualityBlocks) {
    c.check(
      inRange(q.score, 0, 100) || q.score === 255,
      'MOSIP_QUALITY_SCORE',
      'quality score',
      `quality score ${q.score} not in 0–100 or 255`,
    );
  }
  // The CTK calls isValidCaptureDeviceType(vendor, type) with swapped arguments: fails when vendor = 0 and type ≠ 0.
  c.check(
    !(r.captureDeviceVendor === 0 && r.captureDeviceType !== 0),
    'MOSIP_DEVICE_VENDOR_TYPE',
    'capture device type id',
    `device type ${r.captureDeviceType} with vendor 0`,
  );
}

export async function imageFacts(c: Collector, image: Uint8Array): Promise<ImageFacts | undefined> {
  if (image.length >= 2 && image[0] === 0xff && image[1] === 0xa0) {
    c.check(
      false,
      'MOSIP_IMAGE_WSQ_UNSUPPORTED',
      'image data',
      'WSQ image: this validator has no WSQ decoder (Auth finger WSQ is not produced by this project)',
    );
    return { container: 'WSQ' };
  }
  if (!isJp2(image)) {
    const raw = image[0] === 0xff && image[1] === 0x4f;
    c.check(
      false,
      'MOSIP_IMAGE_NOT_JP2',
      'image data',
      raw ? 'raw J2K codestream; MOSIP requires the JP2 container (isJP2000)' : 'image is not a JP2 file',
    );
    return { container: raw ? 'J2K' : 'unknown' };
  }
  try {
    const jp2 = parseJp2(image);
    const cs = parseCodestream(jp2.codestream);
    c.check(
      !cs.sopMarkers && !cs.ephMarkers,
      'MOSIP_J2K_SOP_EPH',
      'COD',
      "codestream uses SOP/EPH markers, which crash MOSIP's decoder",
    );
    const decoded = await decodeJ2k(jp2.codestream);
    c.check(
      decoded.width === jp2.width && decoded.height === jp2.height && decoded.components === jp2.components,
      'MOSIP_JP2_HEADER_MISMATCH',
      'ihdr',
      `ihdr says ${jp2.width}×${jp2.height}×${jp2.components}, codestream decodes to ${decoded.width}×${decoded.height}×${decoded.components}`,
    );
    return {
      container: 'JP2',
      width: decoded.width,
      height: decoded.height,
      components: decoded.components,
      colourSpace: jp2.enumCs === EnumCS.Greyscale ? 'GRAY' : jp2.enumCs === EnumCS.sRGB ? 'RGB' : 'unknown',
      bitDepth: decoded.bitsPerSample * decoded.components,
      lossless: cs.reversible,
      dpi: jp2.dpi,
      compressionRatio: Math.floor((decoded.width * decoded.height * decoded.components) / image.length),
      codestream: cs,
    };
  } catch (e) {
    if (!(e instanceof BiometricsError)) throw e;
    c.check(false, e.code, e.field ?? 'image data', e.message);
    return undefined;
  }
}

export function checkImageAgainstHeader(
  c: Collector,
  img: ImageFacts | undefined,
  width: number,
  height: number,
  grey: boolean,
): void {
  if (img?.width === undefined) return;
  c.check(
    img.width === width && img.height === height,
    'MOSIP_IMAGE_SIZE',
    'width/height',
    `header says ${width}×${height}, image is ${img.width}×${img.height}`,
  );
  c.check(
    grey ? img.components === 1 && img.bitDepth === 8 : img.components === 3 && img.bitDepth === 24,
    'MOSIP_IMAGE_DEPTH',
    'bit depth',
    `image is ${img.components} component(s), ${img.bitDepth} bits; expected ${grey ? '8-bit grey' : '24-bit RGB'}`,
  );
}

export function checkNoCertification(c: Collector, r: { certificationFlag: number }): void {
  c.check(
    r.certificationFlag === 0,
    'MOSIP_CERTIFICATION_FLAG',
    'certification flag',
    `certification flag ${r.certificationFlag}, expected 0`,
    14,
  );
}

export function checkRepresentationLength(
  c: Collector,
  r: { representationLength: number },
  min: number,
  offset: number,
): void {
  c.check(
    r.representationLength >= min,
    'MOSIP_REPRESENTATION_LENGTH',
    'representation length',
    `representation length ${r.representationLength} < ${min}`,
    offset,
  );
}

/** Warnings on a decoded grey image (finger, iris): colour space, the finger's DPI, and for Auth shape and ratio. */
export function warnGreyImage(
  c: Collector,
  img: ImageFacts | undefined,
  reg: boolean,
  checkDpi: boolean,
): void {
  if (img?.width === undefined) return;
  c.warn(
    img.colourSpace === 'GRAY',
    'MOSIP_WARN_COLOUR_SPACE',
    'colr',
    `colour space ${img.colourSpace}, expected GRAY`,
  );
  if (checkDpi) {
    c.warn(inRange(img.dpi ?? 0, 490, 1010), 'MOSIP_WARN_DPI', 'res', `JP2 DPI ${img.dpi} not in 490–1010`);
  }
  if (reg) return;
  c.warn(
    img.width === img.height,
    'MOSIP_WARN_ASPECT_RATIO',
    'width/height',
    `Auth aspect ratio ${img.width}:${img.height} is not 1:1`,
  );
  c.warn(
    inRange(img.compressionRatio ?? 0, 1, 15),
    'MOSIP_WARN_COMPRESSION_RATIO',
    'image data',
    `Auth compression ratio ${img.compressionRatio} not in (0, 15]`,
  );
}

export function checkPosition(
  c: Collector,
  o: ValidateOptions,
  modality: Modality,
  actual: number,
  field: string,
  offset: number,
): void {
  if (o.bioSubType === undefined || modality === 'face') return;
  try {
    const expected = positionCode(modality, o.bioSubType);
    c.check(
      expected === actual,
      'MOSIP_BIOSUBTYPE_MISMATCH',
      field,
      `bioSubType "${o.bioSubType}" is ${field} ${expected}, record has ${actual}`,
      offset,
    );
  } catch (e) {
    if (!(e instanceof BiometricsError)) throw e;
    c.check(false, e.code, 'bioSubType', e.message);
  }
}
