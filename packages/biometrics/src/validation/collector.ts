/** The shapes a validation answers with, and the collector the rule checks report into. */
import type { IssueCode, ValidationCode } from '../errors.ts';
import type { Modality, Purpose } from '../iso/common.ts';
import type { FaceRecord } from '../iso/face.ts';
import type { FingerRecord } from '../iso/finger.ts';
import type { IrisRecord } from '../iso/iris.ts';
import type { CodestreamInfo } from '../jp2/codestream.ts';

export type IsoRecord = FingerRecord | IrisRecord | FaceRecord;

export interface ValidationIssue {
  /** Stable code: a BIO_* decode code, or MOSIP_* for a rule. */
  code: IssueCode;
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

export class Collector {
  errors: ValidationIssue[] = [];
  warnings: ValidationIssue[] = [];
  check(ok: boolean, code: IssueCode, field: string, message: string, offset?: number): void {
    if (!ok) this.errors.push({ code, field, offset, message });
  }
  warn(ok: boolean, code: ValidationCode, field: string, message: string): void {
    if (!ok) this.warnings.push({ code, field, message });
  }
}

export const inRange = (v: number, lo: number, hi: number) => v >= lo && v <= hi;
