export { findCtkDir } from './ctk-dir.ts';
export { type CtkCase, loadCases } from './definitions.ts';
export { ConformanceError, type ConformanceErrorCode } from './errors.ts';
export { adminApiOperator, type Operator } from './operator.ts';
export { buildReport, type ConformanceReport, reportDigest, verifyReport } from './report.ts';
export {
  type CaseResult,
  type CaseStatus,
  type ListedDevice,
  type RunOptions,
  type RunSummary,
  runConformance,
} from './runner.ts';
export type { TrustAnchors } from './validators.ts';
