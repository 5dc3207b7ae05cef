/** The management server's error catalogue: one code per refusal, with its HTTP status. */
export const MANAGEMENT_ERRORS = {
  MGMT_INVALID_REQUEST: { status: 400, message: 'The request does not match its schema' },
  MGMT_DEVICE_SIGNATURE: { status: 401, message: 'The device data signature or FTM chain is not valid' },
  MGMT_DEVICE_DATA: { status: 400, message: 'The device data is incomplete or inconsistent' },
  MGMT_TIMESTAMP: { status: 400, message: 'The device data timestamp is outside the accepted window' },
  MGMT_WRONG_PROVIDER: { status: 403, message: 'The device belongs to another device provider' },
  MGMT_UNKNOWN_DEVICE: { status: 404, message: 'No such device in the fleet' },
  MGMT_DEVICE_RETIRED: { status: 409, message: 'The device is de-registered or revoked' },
  MGMT_NOT_FOUND: { status: 404, message: 'No such route' },
  MGMT_UNAUTHORIZED: { status: 401, message: 'Missing or wrong operator token' },
  MGMT_SBI_NOT_APPROVED: { status: 409, message: 'The binary hash matches no approved SBI version' },
  MGMT_TRUST_SERVER: { status: 502, message: 'The trust server refused or could not be reached' },
  MGMT_CONFIG: { status: 500, message: 'Invalid configuration' },
  MGMT_INTERNAL: { status: 500, message: 'Internal error' },
} as const;

export type ManagementErrorCode = keyof typeof MANAGEMENT_ERRORS;

export class ManagementError extends Error {
  readonly status: number;
  constructor(
    readonly code: ManagementErrorCode,
    message: string = MANAGEMENT_ERRORS[code].message,
  ) {
    super(message);
    this.name = 'ManagementError';
    this.status = MANAGEMENT_ERRORS[code].status;
  }
}
