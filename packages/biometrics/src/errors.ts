/**
 * The catalogue of the biometrics package: the codes a BiometricsError carries (decoders, encoders,
 * the codec), then the MOSIP rule codes the validator reports, and the one error class. Decoders
 * and validators attach the field, the byte offset and what was expected, so a rejected record can
 * be fixed without reading the decoder's source.
 */
export const BiometricsErrorCode = {
  /** The input is not what the API accepts (wrong type, unknown option value). */
  BadArgument: 'BIO_BAD_ARGUMENT',
  /** The bytes end before a field that the layout requires. */
  Truncated: 'BIO_TRUNCATED',
  /** Format identifier is not the one of the expected modality. */
  BadIdentifier: 'BIO_BAD_IDENTIFIER',
  /** Version bytes are not the 2011 version MOSIP reads. */
  BadVersion: 'BIO_BAD_VERSION',
  /** The record-length field does not equal the number of bytes. */
  BadRecordLength: 'BIO_BAD_RECORD_LENGTH',
  /** The representation-length field disagrees with the record or with its own content. */
  BadRepresentationLength: 'BIO_BAD_REPRESENTATION_LENGTH',
  /** The image-data length does not fit the representation. */
  BadImageLength: 'BIO_BAD_IMAGE_LENGTH',
  /** A field holds a value the layout cannot be parsed with (e.g. 2 representations). */
  BadField: 'BIO_BAD_FIELD',
  /** A finger extended data block is malformed. */
  BadExtendedBlock: 'BIO_BAD_EXTENDED_BLOCK',
  /** A bioSubType (position name) that the modality does not know. */
  BadPosition: 'BIO_BAD_POSITION',
  /** The JP2 container is malformed or missing. */
  BadJp2: 'BIO_BAD_JP2',
  /** The JPEG 2000 codestream is malformed. */
  BadCodestream: 'BIO_BAD_CODESTREAM',
  /** The JPEG 2000 codec failed to encode or decode. */
  CodecFailed: 'BIO_CODEC_FAILED',
  /** A Registration image did not decode back to the exact source pixels. */
  NotLossless: 'BIO_NOT_LOSSLESS',
  /** CBEFF XML is not well-formed XML (or carries a DOCTYPE, which is refused). */
  BadCbeff: 'BIO_BAD_CBEFF',
  /** A CBEFF element or its root is not in the namespace http://standards.iso.org/iso-iec/19785/-3/ed-2/. */
  CbeffNamespace: 'BIO_CBEFF_NAMESPACE',
  /** A CBEFF element the schema (or MOSIP's builder) requires is missing. */
  CbeffMissingElement: 'BIO_CBEFF_MISSING_ELEMENT',
  /** A CBEFF element, attribute or text that is unknown, repeated or out of the schema's order. */
  CbeffUnexpectedElement: 'BIO_CBEFF_UNEXPECTED_ELEMENT',
  /** A CBEFF element's value breaks its type (enumeration, integer, date, UUID, base64, range). */
  CbeffBadValue: 'BIO_CBEFF_BAD_VALUE',
} as const;

export type BiometricsErrorCode = (typeof BiometricsErrorCode)[keyof typeof BiometricsErrorCode];

/**
 * The catalogue of MOSIP's ISO record rules as the validator reports them: one code per rule (a
 * rule applied to several modalities keeps its one code). `MOSIP_WARN_*` rules are warnings: MOSIP
 * reports them without failing the record. docs/biometrics.md lists what each rule checks.
 */
export const ValidationCode = {
  CaptureDateTime: 'MOSIP_CAPTURE_DATE_TIME',
  QualityScore: 'MOSIP_QUALITY_SCORE',
  DeviceVendorType: 'MOSIP_DEVICE_VENDOR_TYPE',
  DeviceTechnology: 'MOSIP_DEVICE_TECHNOLOGY',
  CertificationFlag: 'MOSIP_CERTIFICATION_FLAG',
  /**
   * Iris only: MOSIP's minimum representation length (53), which a strictly decoded iris record
   * misses only when it has no quality block and no image. The record length, and a
   * representation length that disagrees with the bytes, are refused by the decoder
   * (BIO_BAD_RECORD_LENGTH, BIO_BAD_REPRESENTATION_LENGTH); MOSIP's finger and face minimums
   * always hold once a record decodes.
   */
  RepresentationLength: 'MOSIP_REPRESENTATION_LENGTH',
  RepresentationNumber: 'MOSIP_REPRESENTATION_NUMBER',
  BitDepth: 'MOSIP_BIT_DEPTH',
  Compression: 'MOSIP_COMPRESSION',
  BioSubTypeMismatch: 'MOSIP_BIOSUBTYPE_MISMATCH',
  FingerCount: 'MOSIP_FINGER_COUNT',
  FingerPosition: 'MOSIP_FINGER_POSITION',
  ScaleUnits: 'MOSIP_SCALE_UNITS',
  SamplingRate: 'MOSIP_SAMPLING_RATE',
  ImpressionType: 'MOSIP_IMPRESSION_TYPE',
  EyeCount: 'MOSIP_EYE_COUNT',
  EyeLabel: 'MOSIP_EYE_LABEL',
  IrisImageType: 'MOSIP_IRIS_IMAGE_TYPE',
  IrisImageFormat: 'MOSIP_IRIS_IMAGE_FORMAT',
  TemporalSemantics: 'MOSIP_TEMPORAL_SEMANTICS',
  FaceGender: 'MOSIP_FACE_GENDER',
  FaceEyeColour: 'MOSIP_FACE_EYE_COLOUR',
  FaceHairColour: 'MOSIP_FACE_HAIR_COLOUR',
  FaceFeatureMask: 'MOSIP_FACE_FEATURE_MASK',
  FaceImageType: 'MOSIP_FACE_IMAGE_TYPE',
  FaceSamplingLevel: 'MOSIP_FACE_SAMPLING_LEVEL',
  /** The face header's image colour space field (must be 24-bit RGB). */
  FaceColourSpace: 'MOSIP_FACE_COLOUR_SPACE',
  ImageWsqUnsupported: 'MOSIP_IMAGE_WSQ_UNSUPPORTED',
  ImageNotJp2: 'MOSIP_IMAGE_NOT_JP2',
  J2kSopEph: 'MOSIP_J2K_SOP_EPH',
  Jp2HeaderMismatch: 'MOSIP_JP2_HEADER_MISMATCH',
  ImageSize: 'MOSIP_IMAGE_SIZE',
  ImageDepth: 'MOSIP_IMAGE_DEPTH',
  /** The decoded face image's colour space (the JP2 colr box must say RGB). */
  ImageColourSpace: 'MOSIP_IMAGE_COLOUR_SPACE',
  WarnColourSpace: 'MOSIP_WARN_COLOUR_SPACE',
  WarnDpi: 'MOSIP_WARN_DPI',
  WarnAspectRatio: 'MOSIP_WARN_ASPECT_RATIO',
  WarnCompressionRatio: 'MOSIP_WARN_COMPRESSION_RATIO',
} as const;

export type ValidationCode = (typeof ValidationCode)[keyof typeof ValidationCode];

/** A validation issue's code: a rule's, or the decode error that stopped the record (or its image) from being read. */
export type IssueCode = ValidationCode | BiometricsErrorCode;

export interface BiometricsErrorDetail {
  /** Name of the field as docs/biometrics.md (Record layouts) and ISO 19794 name it. */
  field?: string;
  /** Byte offset of the field from the start of the record (or of the container/codestream). */
  offset?: number;
  expected?: string | number;
  actual?: string | number;
}

export class BiometricsError extends Error {
  readonly code: BiometricsErrorCode;
  readonly field: string | undefined;
  readonly offset: number | undefined;
  readonly expected: string | number | undefined;
  readonly actual: string | number | undefined;

  constructor(code: BiometricsErrorCode, message: string, detail: BiometricsErrorDetail = {}) {
    super(message);
    this.name = 'BiometricsError';
    this.code = code;
    this.field = detail.field;
    this.offset = detail.offset;
    this.expected = detail.expected;
    this.actual = detail.actual;
  }

  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      field: this.field,
      offset: this.offset,
      expected: this.expected,
      actual: this.actual,
    };
  }
}
