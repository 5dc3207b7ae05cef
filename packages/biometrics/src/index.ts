export { buildCbeffXml } from './cbeff/build.ts';
export {
  BIOVALUE_PLACEHOLDER,
  type Bir,
  type BirInput,
  CBEFF_FORMAT_TYPE,
  CBEFF_NAMESPACE,
  type CbeffBuildOptions,
  type CbeffLevel,
  type CbeffPurpose,
  type CbeffType,
  type MosipOthersOptions,
  mosipOthers,
  payloadWithPlaceholder,
  type RegistryId,
} from './cbeff/model.ts';
export { parseCbeffXml } from './cbeff/parse.ts';
export {
  BiometricsError,
  BiometricsErrorCode,
  type BiometricsErrorDetail,
  type IssueCode,
  ValidationCode,
} from './errors.ts';
export {
  type CaptureDateTime,
  type Modality,
  type Purpose,
  type QualityBlock,
  type RestampableRecord,
  restampable,
  utcDateTime,
} from './iso/common.ts';
export {
  decodeFaceRecord,
  encodeFaceRecord,
  FaceImageDataType,
  type FaceLandmark,
  type FaceRecord,
  type FaceRecordFields,
} from './iso/face.ts';
export {
  decodeFingerRecord,
  encodeFingerRecord,
  type FingerCertificationBlock,
  FingerCompression,
  type FingerExtendedBlock,
  type FingerRecord,
  type FingerRecordFields,
} from './iso/finger.ts';
export {
  decodeIrisRecord,
  encodeIrisRecord,
  IrisImageFormat,
  IrisImageType,
  IrisProperty,
  type IrisRecord,
  type IrisRecordFields,
} from './iso/iris.ts';
export { EYE_LABELS, FINGER_POSITIONS, positionCode, positionName, TEN_FINGERS } from './iso/positions.ts';
export { type DecodedImage, decodeJ2k, encodeJ2k, initCodec } from './jp2/codec.ts';
export { type CodestreamInfo, parseCodestream } from './jp2/codestream.ts';
export { isJp2, type Jp2Info, parseJp2, wrapJp2 } from './jp2/container.ts';
export { decodeJp2, encodeJp2, type Jp2EncodeOptions } from './jp2/image.ts';
export {
  clearRecordCache,
  type MadeRecord,
  type MakeRecordOptions,
  makeRecord,
  PROFILES,
} from './make.ts';
export { faceQuality, fingerQuality, irisQuality, type QualityReport } from './quality/metrics.ts';
export { type SynthFace, synthesizeFace } from './synth/face.ts';
export {
  type Degradation,
  type FingerPattern,
  type SynthFinger,
  synthesizeFinger,
  type Variant,
} from './synth/finger.ts';
export type { Image } from './synth/image.ts';
export { type SynthIris, synthesizeIris } from './synth/iris.ts';
export {
  decodeRecord,
  detectModality,
  type ImageFacts,
  type IsoRecord,
  type ValidateOptions,
  type ValidationIssue,
  type ValidationResult,
  validateRecord,
} from './validate.ts';
