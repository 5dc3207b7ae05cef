/**
 * The one error class of the biometrics package and the catalogue of its stable codes.
 * Decoders and validators attach the field, the byte offset and what was expected, so a
 * rejected record can be fixed without reading the decoder's source.
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

export interface BiometricsErrorDetail {
  /** Name of the field as the reference tables name it. */
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
