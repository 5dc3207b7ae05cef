/**
 * MOSIP's ISO record checks (bio-utils {Finger,Iris,Face}ISOStandardsValidator + the compliance
 * toolkit's image checks through its JPEG 2000 decoder), answered the way MOSIP answers them:
 * errors fail the record, warnings are reported without failing it.
 */
import { BiometricsError } from './errors.ts';
import {
  type CaptureDateTime,
  FORMAT_MAGIC,
  type Modality,
  type Purpose,
  type QualityBlock,
} from './iso/common.ts';
import { decodeFaceRecord, type FaceRecord } from './iso/face.ts';
import { decodeFingerRecord, type FingerRecord } from './iso/finger.ts';
import { decodeIrisRecord, type IrisRecord } from './iso/iris.ts';
import { positionCode } from './iso/positions.ts';
import { decodeJ2k } from './jp2/codec.ts';
import { type CodestreamInfo, parseCodestream } from './jp2/codestream.ts';
import { EnumCS, isJp2, parseJp2 } from './jp2/container.ts';

export type IsoRecord = FingerRecord | IrisRecord | FaceRecord;

export interface ValidationIssue {
  /** Stable code: a BIO_* decode code, or MOSIP_* for a rule. */
  code: string;
  field: string;
  /** Offset of the field in the record, when it is a header field. */
  offset?: number;
  message: string;
}

export interface ImageFacts {
  container: 'JP2' | 'J2K' | 'WSQ' | 'unknown';
  width?: number;
  height?: number;
  components?: number;
  colourSpace?: 'GRAY' | 'RGB' | 'unknown';
  bitDepth?: number;
  /** MOSIP's notion of lossless: the codestream uses the reversible 5/3 wavelet. */
  lossless?: boolean;
  dpi?: number;
  compressionRatio?: number;
  codestream?: CodestreamInfo;
}

export interface ValidationResult {
  verdict: 'pass' | 'fail';
  modality?: Modality;
  errors: ValidationIssue[];
  warnings: ValidationIssue[];
  record?: IsoRecord;
  image?: ImageFacts;
}

export interface ValidateOptions {
  /** Detected from the format identifier when omitted. */
  modality?: Modality;
  purpose: Purpose;
  /** When given, the record's position / eye label must be the one this name maps to (project check). */
  bioSubType?: string;
}

export function detectModality(bytes: Uint8Array): Modality | undefined {
  for (const m of ['finger', 'iris', 'face'] as const) {
    if (bytes.length >= 4 && FORMAT_MAGIC[m].identifier.every((b, i) => bytes[i] === b)) return m;
  }
  return undefined;
}

export function decodeRecord(bytes: Uint8Array, modality: Modality): IsoRecord {
  if (modality === 'finger') return decodeFingerRecord(bytes);
  if (modality === 'iris') return decodeIrisRecord(bytes);
  return decodeFaceRecord(bytes);
}

class Collector {
  errors: ValidationIssue[] = [];
  warnings: ValidationIssue[] = [];
  check(ok: boolean, code: string, field: string, message: string, offset?: number): void {
    if (!ok) this.errors.push({ code, field, offset, message });
  }
  warn(ok: boolean, code: string, field: string, message: string): void {
    if (!ok) this.warnings.push({ code, field, message });
  }
}

const inRange = (v: number, lo: number, hi: number) => v >= lo && v <= hi;

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

function checkCommon(
  c: Collector,
  r: {
    recordLength: number;
    qualityBlocks: QualityBlock[];
    captureDeviceVendor: number;
    captureDeviceType: number;
    captureDateTime: CaptureDateTime;
  },
  length: number,
): void {
  c.check(
    r.recordLength === length,
    'MOSIP_RECORD_LENGTH',
    'record length',
    `record length ${r.recordLength} ≠ ${length} bytes`,
    8,
  );
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

async function imageFacts(c: Collector, image: Uint8Array): Promise<ImageFacts | undefined> {
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

function checkImageAgainstHeader(
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

function checkNoCertification(c: Collector, r: { certificationFlag: number }): void {
  c.check(
    r.certificationFlag === 0,
    'MOSIP_CERTIFICATION_FLAG',
    'certification flag',
    `certification flag ${r.certificationFlag}, expected 0`,
    14,
  );
}

function checkRepresentationLength(
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
function warnGreyImage(c: Collector, img: ImageFacts | undefined, reg: boolean, checkDpi: boolean): void {
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

function checkPosition(
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

async function validateFinger(
  c: Collector,
  r: FingerRecord,
  o: ValidateOptions,
  length: number,
): Promise<ImageFacts | undefined> {
  const reg = o.purpose === 'Registration';
  const posOffset =
    16 +
    19 +
    5 * r.qualityBlocks.length +
    (r.certificationFlag === 1 ? 1 + 3 * r.certificationBlocks.length : 0);
  checkCommon(c, r, length);
  c.check(
    r.numberOfFingers === 1,
    'MOSIP_FINGER_COUNT',
    'number of finger positions',
    `${r.numberOfFingers} finger positions, expected 1`,
    15,
  );
  checkRepresentationLength(c, r, 41, 16);
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

async function validateIris(
  c: Collector,
  r: IrisRecord,
  o: ValidateOptions,
  length: number,
): Promise<ImageFacts | undefined> {
  const reg = o.purpose === 'Registration';
  const base = 16 + 19 + 5 * r.qualityBlocks.length;
  checkCommon(c, r, length);
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

async function validateFace(
  c: Collector,
  r: FaceRecord,
  o: ValidateOptions,
  length: number,
): Promise<ImageFacts | undefined> {
  const reg = o.purpose === 'Registration';
  const info = 17 + 19 + 5 * r.qualityBlocks.length;
  const imgInfo = info + 17 + 8 * r.landmarks.length;
  checkCommon(c, r, length);
  checkNoCertification(c, r);
  c.check(
    r.temporalSemantics === 0,
    'MOSIP_TEMPORAL_SEMANTICS',
    'temporal semantics',
    `temporal semantics ${r.temporalSemantics}, expected 0`,
    15,
  );
  checkRepresentationLength(c, r, 51, 17);
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

/** What MOSIP's validator would answer for this record, purpose and bioSubType. Never throws a BiometricsError. */
export async function validateRecord(bytes: Uint8Array, o: ValidateOptions): Promise<ValidationResult> {
  const c = new Collector();
  const modality = o.modality ?? detectModality(bytes);
  if (!modality) {
    c.check(
      false,
      'BIO_BAD_IDENTIFIER',
      'format identifier',
      'not a finger (FIR), iris (IIR) or face (FAC) record',
      0,
    );
    return { verdict: 'fail', errors: c.errors, warnings: c.warnings };
  }
  let record: IsoRecord;
  try {
    record = decodeRecord(bytes, modality);
  } catch (e) {
    if (!(e instanceof BiometricsError)) throw e;
    c.errors.push({ code: e.code, field: e.field ?? 'record', offset: e.offset, message: e.message });
    return { verdict: 'fail', modality, errors: c.errors, warnings: c.warnings };
  }
  let image: ImageFacts | undefined;
  if (record.modality === 'finger') image = await validateFinger(c, record, o, bytes.length);
  else if (record.modality === 'iris') image = await validateIris(c, record, o, bytes.length);
  else image = await validateFace(c, record, o, bytes.length);
  return {
    verdict: c.errors.length ? 'fail' : 'pass',
    modality,
    errors: c.errors,
    warnings: c.warnings,
    record,
    image,
  };
}
