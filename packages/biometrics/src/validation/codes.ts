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
