/**
 * The trust server's one error class and its catalogue of stable codes.
 * MOSIP PMS codes are used where the reference gives one (so MOSIP clients recognise them);
 * our own codes start with TS_. `status` is the HTTP status the API answers with.
 */
export interface ErrorDefinition {
  status: number;
  message: string;
}

export const ERRORS = {
  // Generic request problems.
  PMS_COR_001: { status: 400, message: 'Invalid request parameter' },
  PMS_COR_002: { status: 400, message: 'Invalid input parameter' },
  PMS_COR_003: { status: 500, message: 'Could not process the request' },
  TS_NOT_FOUND: { status: 404, message: 'No such route' },
  TS_BODY_TOO_LARGE: { status: 413, message: 'Request body is too large' },
  TS_UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Unsupported content type' },
  TS_CONFLICT: { status: 409, message: 'The item was changed by another request' },
  TS_RATE_LIMITED: { status: 429, message: 'Too many requests' },
  // Authentication and authorisation (MOSIP kernel auth adapter codes).
  KER_ATH_401: { status: 401, message: 'Authentication Failed' },
  KER_ATH_403: { status: 403, message: 'Forbidden' },
  TS_LOGIN_FAILED: { status: 401, message: 'Invalid user name or password' },
  TS_CLIENT_AUTH_FAILED: { status: 401, message: 'Invalid client id or secret' },
  TS_ACCOUNT_DISABLED: { status: 403, message: 'Account is disabled' },
  TS_USER_EXISTS: { status: 409, message: 'User name already exists' },
  TS_USER_NOT_FOUND: { status: 404, message: 'User does not exist' },
  TS_CLIENT_NOT_FOUND: { status: 404, message: 'Machine client does not exist' },
  TS_WEAK_PASSWORD: { status: 400, message: 'Password does not meet the policy' },
  TS_SIGNUP_DISABLED: { status: 403, message: 'Self sign-up is disabled' },
  TS_OIDC_DISABLED: { status: 404, message: 'OpenID Connect login is not configured' },
  TS_OIDC_FAILED: { status: 401, message: 'OpenID Connect login failed' },
  TS_PASSWORD_CHANGE_REQUIRED: { status: 403, message: 'The one-time password must be changed first' },
  TS_PARTNER_USER_EXISTS: { status: 409, message: 'This user already acts for a partner' },
  // Search (MOSIP PMS-MSD codes).
  'PMS-MSD-311': { status: 400, message: 'Invalid column name' },
  'PMS-MSD-312': { status: 400, message: 'Invalid filter type' },
  'PMS-MSD-313': { status: 400, message: 'Invalid pagination' },
  'PMS-MSD-357': { status: 400, message: 'Invalid sort field' },
  'PMS-MSD-358': { status: 400, message: 'Invalid sort type' },
  // Partners (MOSIP PMS codes).
  PMS_PRT_002: { status: 404, message: 'Policy group does not exist' },
  PMS_PRT_005: { status: 404, message: 'Partner does not exist' },
  PMS_PRT_010: { status: 400, message: 'Partner type does not exist' },
  PMS_PRT_011: { status: 409, message: 'E-mail already exists' },
  PMS_PRT_012: { status: 400, message: 'Invalid e-mail' },
  PMS_PRT_013: { status: 400, message: 'Invalid mobile number' },
  PMS_PRT_047: { status: 400, message: 'Partner is not mapped to a policy group' },
  PMS_PRT_048: { status: 400, message: 'Policy group is not required for this partner type' },
  PMS_PRT_050: { status: 409, message: 'Policy group cannot be changed for an active partner' },
  PMS_PRT_051: { status: 409, message: 'Partner id already exists' },
  PMS_PRT_052: { status: 400, message: 'Partner id is too long' },
  PMS_PRT_055: { status: 403, message: 'User not authorized' },
  PMS_PRT_066: { status: 400, message: 'Partner id must not contain spaces' },
  PMS_PRT_108: { status: 400, message: 'Policy group is mandatory for this partner type' },
  PMS_PMP_005: { status: 404, message: 'Partner id does not exist' },
  PMS_PMP_016: { status: 409, message: 'Partner is not active' },
  PMS_PMP_023: { status: 409, message: 'Policy group is not active' },
  PMS_PM_058: { status: 400, message: 'Status must be Active or De-active' },
  TS_PARTNER_NOT_PENDING: { status: 409, message: 'Partner is not waiting for approval' },
  TS_PARTNER_NOT_APPROVED: { status: 409, message: 'Partner is not approved' },
  TS_PARTNER_REJECTED: { status: 409, message: 'Partner registration was rejected' },
  // Audit.
  TS_AUDIT_CHAIN_BROKEN: { status: 500, message: 'Audit log hash chain is broken' },
  // Store, configuration and platform keys.
  TS_STORE_LOCKED: { status: 500, message: 'Data directory is in use by another process' },
  TS_STORE_FAILED: { status: 500, message: 'Store operation failed' },
  TS_MIGRATION_CHANGED: { status: 500, message: 'An applied migration was changed' },
  TS_CONFIG_INVALID: { status: 500, message: 'Invalid configuration' },
  TS_KEK_MISSING: { status: 500, message: 'Key-encryption key is missing' },
  TS_KEK_INVALID: { status: 500, message: 'Key-encryption key does not open the stored keys' },
  TS_INTERNAL: { status: 500, message: 'Internal error' },
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof ERRORS;

/** The wire form of a code: KER_ATH_401 is sent as MOSIP's KER-ATH-401; others are unchanged. */
export function wireCode(code: string): string {
  return code.startsWith('KER_') ? code.replaceAll('_', '-') : code;
}

export class TrustError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details?: unknown;

  constructor(
    code: ErrorCode | (string & {}),
    message?: string,
    options?: { status?: number; details?: unknown; cause?: unknown },
  ) {
    const known = (ERRORS as Record<string, ErrorDefinition>)[code];
    super(
      message ?? known?.message ?? code,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'TrustError';
    this.code = code;
    this.status = options?.status ?? known?.status ?? 500;
    if (options?.details !== undefined) this.details = options.details;
  }
}
