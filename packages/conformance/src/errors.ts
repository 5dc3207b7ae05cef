/** The conformance package's error catalogue. */
export type ConformanceErrorCode =
  | 'CTK_NOT_FOUND'
  | 'CTK_INVALID'
  | 'DEVICE_SERVICE_UNREACHABLE'
  | 'DEVICE_SERVICE_PROTOCOL'
  | 'REPORT_INVALID';

export class ConformanceError extends Error {
  constructor(
    readonly code: ConformanceErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ConformanceError';
  }
}
