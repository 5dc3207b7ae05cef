/**
 * The trust server's one error class and its one catalogue of stable codes (every module's).
 * MOSIP PMS codes are used where MOSIP has one (docs/trust-server.md, "Error codes") (so MOSIP clients recognise them);
 * our own codes start with TS_. `status` is the HTTP status the API answers with.
 */
import { REGISTRY_ERRORS } from './modules/registered-devices/errors.ts';

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
  TS_CHANGED_SINCE_REVIEW: { status: 409, message: 'The item changed after it was reviewed' },
  TS_RATE_LIMITED: { status: 429, message: 'Too many requests' },
  TS_CROSS_SITE_REFUSED: {
    status: 403,
    message: 'Cross-site request refused: send the X-XSRF-TOKEN header or call from an allowed origin',
  },
  // Authentication and authorisation (MOSIP kernel auth adapter codes).
  KER_ATH_401: { status: 401, message: 'Authentication Failed' },
  KER_ATH_403: { status: 403, message: 'Forbidden' },
  // Ours, in the auth adapter's form (MOSIP has no login throttling code).
  KER_ATH_429: { status: 429, message: 'Too many failed login attempts; try again later' },
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
  TS_PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    message:
      'The one-time password must be changed first: POST /v1/trust/auth/password with {"request":{"currentPassword":"…","newPassword":"…"}}',
  },
  TS_PARTNER_USER_EXISTS: { status: 409, message: 'This user already acts for a partner' },
  // Search (MOSIP PMS-MSD codes).
  'PMS-MSD-311': { status: 400, message: 'Invalid column name' },
  'PMS-MSD-312': { status: 400, message: 'Invalid filter type' },
  'PMS-MSD-313': { status: 400, message: 'Invalid pagination' },
  'PMS-MSD-357': { status: 400, message: 'Invalid sort field' },
  'PMS-MSD-358': { status: 400, message: 'Invalid sort type' },
  'PMS-MSD-356': { status: 400, message: 'Pagination cannot be null' },
  'PMS-MSD-317': { status: 400, message: 'Filter column is not allowed' },
  'PMS-MSD-390': { status: 400, message: 'Invalid value for a boolean column' },
  'PMS-MSD-391': { status: 400, message: 'Filter values cannot be empty' },
  'PMS-MSD-392': { status: 400, message: 'Filter value and values cannot be given together' },
  // MOSIP master's V2 list paging (PageResponseV2Dto).
  PMS_PS_ERROR_006: { status: 400, message: 'pageNo and pageSize must be given together' },
  PMS_PS_ERROR_007: { status: 400, message: 'Invalid sort field or sort type' },
  // Partners (MOSIP PMS codes).
  PMS_PRT_002: { status: 404, message: 'Policy group does not exist' },
  // "Partner does not exist": MOSIP answers PMS_PRT_005 on partner-service paths (GET/PUT /partners/{id},
  // certificate upload, policy mapping) and PMS_PMP_005 on its partner-manager status paths (PATCH
  // /partners/{id}, approve, reject); see docs/trust-server.md "Error codes". Both stay for the wire.
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
  TS_PARTNER_INACTIVE: {
    status: 403,
    message: 'The partner is not approved and active: it may only read its own records',
  },
  PMS_PRT_066: { status: 400, message: 'Partner id must not contain spaces' },
  // MOSIP reuses this code: policy group missing at registration (this entry) and, with 404, no certificate uploaded.
  PMS_PRT_108: { status: 400, message: 'Policy group is mandatory for this partner type' },
  PMS_PMP_005: { status: 404, message: 'Partner id does not exist' },
  PMS_PMP_016: { status: 409, message: 'Partner is not active' },
  PMS_PMP_023: { status: 409, message: 'Policy group is not active' },
  PMS_PM_058: { status: 400, message: 'Status must be Active or De-active' },
  TS_PARTNER_NOT_PENDING: { status: 409, message: 'Partner is not waiting for approval' },
  TS_PARTNER_NOT_APPROVED: { status: 409, message: 'Partner is not approved' },
  TS_PARTNER_REJECTED: { status: 409, message: 'Partner registration was rejected' },
  // Certificates (keymanager PartnerCertificateManager, docs/trust-server-capabilities.md).
  KER_PCM_001: { status: 400, message: 'Invalid Certificate uploaded.' },
  KER_KMS_013: { status: 400, message: 'Certificate Parsing Error.' },
  KER_PCM_003: { status: 409, message: 'Certificate already exists in store.' },
  KER_PCM_004: { status: 400, message: 'Certificate Dates are not valid.' },
  KER_PCM_005: { status: 400, message: 'Root CA Certificate not found.' },
  KER_PCM_006: { status: 400, message: 'Root CA/Intermediate CA Certificates not found.' },
  KER_PCM_007: { status: 400, message: 'Certificate version not supported.' },
  KER_PCM_008: { status: 400, message: 'Partner Organization Name not Matched.' },
  KER_PCM_010: { status: 400, message: 'Invalid Certificate ID provided.' },
  KER_PCM_011: { status: 400, message: 'Invalid Partner Domain.' },
  KER_PCM_012: { status: 404, message: 'Partner Certificate not found.' },
  KER_PCM_013: { status: 400, message: 'Certificate Key Size is less than allowed size.' },
  KER_PCM_014: { status: 400, message: 'Certificate Signature algorithm not supported.' },
  KER_PCM_015: { status: 400, message: 'Self Signed Certificate not allowed as partner.' },
  KER_PCM_017: {
    status: 400,
    message: 'CA Certificate validity is less than the required minimum validity.',
  },
  KER_PCM_018: { status: 400, message: 'Invalid CA Certificate type.' },
  KER_PMS_020: { status: 400, message: 'Certificate is future dated.' },
  KER_KMS_021: {
    status: 400,
    message: 'Partner certificate validity is less than the required minimum validity.',
  },
  TS_CERT_PARTNER_IS_CA: {
    status: 400,
    message: 'A CA certificate cannot be uploaded as a partner certificate.',
  },
  TS_CERT_KEY_USAGE: {
    status: 400,
    message: 'The certificate key usage does not allow the use it is uploaded for.',
  },
  TS_CERT_USAGE_NOT_ALLOWED: {
    status: 400,
    message: 'An encryption certificate is only taken from authentication and credential partners.',
  },
  // Policy groups and policies (policy manager).
  PMS_POL_008: { status: 404, message: 'Policy id does not exist' },
  PMS_POL_009: { status: 409, message: 'Policy name already exists in the policy group' },
  PMS_POL_014: { status: 409, message: 'Policy group exists with the same name' },
  PMS_POL_015: { status: 400, message: 'Policy group and policy not mapped' },
  PMS_POL_016: { status: 404, message: 'Policy group id does not exist' },
  PMS_POL_017: { status: 404, message: 'No active API key policy for the partner' },
  PMS_POL_019: { status: 404, message: 'Policy group name does not exist' },
  PMS_POL_020: { status: 409, message: 'Policy already published' },
  PMS_POL_023: { status: 400, message: 'Policy type not allowed' },
  PMS_POL_045: { status: 400, message: 'Status must be Active or De-active' },
  PMS_POL_051: { status: 400, message: 'Policy does not match the schema' },
  // MOSIP's policy-validator codes for a policy document against its type's schema.
  PMS_PV_005: { status: 400, message: 'Invalid input parameter in policy data' },
  PMS_PV_006: { status: 400, message: 'Missing input parameter in policy data' },
  PMS_POL_053: { status: 409, message: 'Policy group is not active' },
  PMS_POL_054: { status: 409, message: 'Cannot activate an unpublished policy' },
  PMS_POL_056: { status: 409, message: 'Active policies exist under the policy group' },
  PMS_POL_057: { status: 409, message: 'Active API keys exist under the policy' },
  PMS_POL_058: { status: 409, message: 'Status of this policy cannot be changed' },
  // MOSIP master's (1.2.2/1.3) deactivation codes.
  PMS_POL_062: { status: 409, message: 'Policy is already deactivated' },
  PMS_POL_063: { status: 409, message: 'Policy has approved partner policy requests' },
  PMS_POL_064: { status: 409, message: 'Policy has pending partner policy requests' },
  PMS_POL_065: { status: 404, message: 'Policy does not exist' },
  PMS_POL_067: { status: 409, message: 'Policy group is already deactivated' },
  PMS_POL_068: { status: 404, message: 'Policy group does not exist' },
  PMS_POL_069: { status: 409, message: 'Active or draft policies exist under the policy group' },
  PMS_POL_072: { status: 409, message: 'Policy is not activated' },
  PMS_POL_073: { status: 400, message: 'Status must be De-Activate' },
  TS_POLICY_DRAFT_EXISTS: { status: 409, message: 'A newer draft version of this policy already exists' },
  TS_POLICY_SUPERSEDED: {
    status: 409,
    message: 'A newer version of this policy exists; change the latest version',
  },
  // Policy requests and API keys.
  PMS_PRT_053: { status: 409, message: 'Mapping exists for the given policy and partner' },
  PMS_PRT_098: { status: 404, message: 'Policy not found in the partner policy group' },
  PMS_PRT_109: { status: 409, message: 'Policy is not approved for the partner' },
  PMS_PRT_110: { status: 409, message: 'API key label already exists' },
  PMS_PRT_111: { status: 404, message: 'API key not found for the partner, policy and label' },
  PMS_PMP_007: { status: 404, message: 'Policy mapping request does not exist' },
  PMS_PMP_018: { status: 409, message: 'Policy expired' },
  PMS_PMP_019: { status: 409, message: 'Policy not active' },
  PMS_PM_034: { status: 409, message: 'Policy mapping request is already approved' },
  PMS_PM_035: { status: 409, message: 'Policy mapping request is already rejected' },
  PMS_PM_045: { status: 400, message: 'Status must be Approved or Rejected' },
  PMS_PMS_022: { status: 409, message: 'API key is not active' },
  PMS_PMP_009: { status: 404, message: 'Partner and API key mapping does not exist' },
  PMS_PMP_014: { status: 404, message: 'Policy does not exist' },
  PMS_PMP_015: { status: 404, message: 'No API key requests' },
  PMS_PMP_50: { status: 404, message: 'API key and policy mapping does not exist' },
  PMS_PMP_51: { status: 400, message: "Policy is not in the partner's policy group" },
  // Credential partners: credential-type policies and biometric extractors.
  PMS_PRT_061: { status: 404, message: 'Partner and policy mapping does not exist' },
  PMS_PRT_062: { status: 409, message: 'Policy request is already approved; extractors cannot be added' },
  PMS_PRT_063: { status: 400, message: 'Extractors are only for configured partner types' },
  PMS_PRT_064: { status: 404, message: 'No details found' },
  PMS_PRT_070: { status: 400, message: 'Credential type mapping is not allowed for this partner type' },
  PMS_PRT_072: { status: 400, message: 'Credential type is not allowed' },
  PMS_PRT_073: { status: 404, message: 'Policy does not exist' },
  TS_APIKEY_REVOKED: { status: 409, message: 'A revoked API key cannot be re-activated' },
  TS_APIKEY_VALIDITY_ORDER: { status: 400, message: 'An API key validity window must end after it starts' },
  TS_APIKEY_BEYOND_POLICY: { status: 409, message: 'An API key cannot be valid beyond its policy' },
  TS_REASON_REQUIRED: { status: 400, message: 'A reason is required to reject' },
  // FTM chips, device details, SBI versions.
  PMP_AUT_030: { status: 404, message: 'FTP provider does not exist or is not active' },
  PMP_AUT_031: { status: 404, message: 'FTP chip detail does not exist' },
  PMP_AUT_032: { status: 409, message: 'FTP chip detail already exists for the make and model' },
  PMP_AUT_033: { status: 409, message: 'Certificate is not uploaded for the chip' },
  PMP_AUT_034: { status: 403, message: 'Chip detail does not belong to the FTP provider' },
  PMS_AUT_001: { status: 400, message: 'Device sub-type not found for the device type' },
  PMS_AUT_002: { status: 404, message: 'Device provider does not exist or is not active' },
  PMS_AUT_003: { status: 409, message: 'Device detail already exists' },
  PMS_AUT_005: { status: 404, message: 'Device detail does not exist' },
  PMS_AUT_007: { status: 404, message: 'Secure biometric interface not found' },
  PMS_AUT_025: { status: 400, message: 'approvalStatus must be Activate or De-activate' },
  PMS_AUT_026: { status: 400, message: 'approvalStatus must be Activate or De-activate' },
  PMS_AUT_507: { status: 400, message: 'SBI expiry date must be after its creation date' },
  PMS_AUT_508: { status: 400, message: 'SBI expiry date is in the past' },
  PMS_AUT_512: { status: 409, message: 'SBI version already exists for the provider' },
  PMS_AUT_027: { status: 409, message: 'Device detail is not approved' },
  PMS_AUT_028: { status: 409, message: 'Device detail is rejected' },
  PMS_AUT_509: { status: 400, message: 'Device detail and SBI belong to different providers' },
  PMS_AUT_510: { status: 404, message: 'Device detail and SBI mapping does not exist' },
  PMS_AUT_511: { status: 409, message: 'SBI is not approved and active' },
  // MOSIP master's (1.2.2/1.3) device and SBI codes.
  PMS_DEVICE_ERROR_005: { status: 404, message: 'SBI do not exists.' },
  PMS_DEVICE_ERROR_006: { status: 404, message: 'Device do not exists.' },
  PMS_DEVICE_ERROR_009: {
    status: 409,
    message: 'Unable to add device because the associated SBI is not approved.',
  },
  PMS_DEVICE_ERROR_010: {
    status: 409,
    message: 'Given device details are not in pending for approval status.',
  },
  PMS_DEVICE_ERROR_012: { status: 404, message: 'SBI and Device mapping does not exists.' },
  PMS_DEVICE_ERROR_014: { status: 409, message: 'The selected device has been already deactivated.' },
  PMS_DEVICE_ERROR_020: { status: 409, message: 'The selected SBI is already deactivated.' },
  PMS_DEVICE_ERROR_021: { status: 409, message: 'SBI for which device is being added is expired' },
  PMS_DEVICE_ERROR_022: { status: 409, message: 'The selected SBI is not in an approved status.' },
  PMS_DEVICE_ERROR_023: { status: 409, message: 'The selected Device is not in an approved status.' },
  PMS_DEVICE_ERROR_026: { status: 400, message: 'Request status should be De-Activate' },
  PMS_DEVICE_ERROR_027: { status: 400, message: 'Request status should be either approved or rejected' },
  PMS_DEVICE_ERROR_028: {
    status: 409,
    message: 'Unable to add device because the associated SBI is already rejected',
  },
  PMS_DEVICE_ERROR_029: {
    status: 409,
    message: 'Unable to add device because the associated SBI is already deactivated',
  },
  // MOSIP master's FTM chip routes (PATCH /ftpchipdetail/{id}, GET /ftpchipdetail/{id}/certificate-data).
  PMS_FTM_ERROR_005: { status: 404, message: 'FTM Details do not exists.' },
  PMS_FTM_ERROR_007: { status: 409, message: 'The selected FTM is already deactivated.' },
  PMS_FTM_ERROR_008: { status: 409, message: 'Cannot download the certificate for a rejected FTM' },
  PMS_FTM_ERROR_009: { status: 409, message: 'Cannot download the certificate for a deactivated FTM' },
  PMS_FTM_ERROR_010: { status: 409, message: 'The selected FTM is not in an approved status.' },
  PMS_FTM_ERROR_011: { status: 404, message: 'The certificate has not been uploaded for the given FTM' },
  // MOSIP master's user consent: the caller is no user with a partner (nor staff here).
  PMS_CERTIFICATE_ERROR_002: { status: 403, message: 'User Id does not exists.' },
  TS_NOT_PENDING: { status: 409, message: 'The item is no longer waiting for approval' },
  TS_APPROVED_IMMUTABLE: { status: 409, message: 'An approved item cannot be changed' },
  // MISP licences and the transaction view.
  PMS_MSP_005: { status: 404, message: 'MISP partner does not exist' },
  PMS_MSP_009: { status: 400, message: 'Partner is not a MISP' },
  PMS_MSP_405: { status: 409, message: 'MISP partner is not active' },
  PMS_MSP_407: { status: 400, message: 'Status must be Active or De-active' },
  PMS_MSP_408: { status: 404, message: 'MISP and licence key combination not found' },
  PMS_MSP_416: { status: 409, message: 'An active licence already exists for the MISP' },
  TS_LICENSE_REVOKED: { status: 409, message: 'A revoked licence cannot be re-activated' },
  TS_TRANSACTION_NOT_FOUND: { status: 404, message: 'No such authentication transaction of the caller' },
  TS_BAD_PAGE: { status: 400, message: 'pageNo must be >= 0 and pageSize between 1 and 500' },
  // Audit.
  TS_AUDIT_CHAIN_BROKEN: { status: 500, message: 'Audit log hash chain is broken' },
  // Store, configuration and platform keys.
  TS_DATA_DIR_UNSAFE: { status: 500, message: 'The data directory is not private to the running user' },
  TS_STORE_LOCKED: { status: 500, message: 'Data directory is in use by another process' },
  TS_STORE_UNAVAILABLE: { status: 503, message: 'The database is not reachable; try again shortly' },
  TS_STORE_FAILED: { status: 500, message: 'Store operation failed' },
  TS_MIGRATION_CHANGED: { status: 500, message: 'An applied migration was changed' },
  TS_CONFIG_INVALID: { status: 500, message: 'Invalid configuration' },
  TS_PORT_IN_USE: { status: 500, message: 'The port is in use' },
  TS_KEK_MISSING: { status: 500, message: 'Key-encryption key is missing' },
  TS_KEK_INVALID: { status: 500, message: 'Key-encryption key does not open the stored keys' },
  TS_INTERNAL: { status: 500, message: 'Internal error' },
  // SBI conformance reports (docs/conformance.md).
  TS_CONFORMANCE_REPORT_INVALID: { status: 400, message: 'The conformance report does not verify' },
  TS_CONFORMANCE_REPORT_MISMATCH: { status: 400, message: 'The conformance report is about another device' },
  // Device registry (its own file, docs/trust-server-capabilities.md "Device registry").
  ...REGISTRY_ERRORS,
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof ERRORS;

/** The wire form of a code: KER_ATH_401 is sent as MOSIP's KER-ATH-401; others are unchanged. */
export function wireCode(code: string): string {
  return code.startsWith('KER_') ? code.replaceAll('_', '-') : code;
}

/**
 * The authentication path's refusals (MOSIP IDA codes). They are answers of validateApiKey and
 * validateLicenseKey to the auth API, not thrown errors; the message is IDA's.
 */
export const IDA_ERRORS = {
  'IDA-MPA-007': 'License key does not belong to a registered MISP/Partner',
  'IDA-MPA-008': 'License key of MISP has expired',
  'IDA-MPA-009': 'Partner is not registered',
  'IDA-MPA-012': 'Partner is deactivated',
  'IDA-MPA-017': 'License key of MISP is blocked',
  'IDA-MPA-019': 'Partner policy is not active',
  'IDA-MPA-039': 'Partner API is expired or using before Commence Start Date',
  // The authentication API's other refusals (docs/trust-server.md, "Authentication API").
  'IDA-MLC-006': 'Missing Input parameter',
  'IDA-MLC-009': 'Invalid Input parameter',
  'IDA-MLC-012': 'Consent is not obtained',
  'IDA-MPA-001': 'Digital signature verification failed for signature header',
  'IDA-MPA-003': 'Unable to decrypt Request',
  'IDA-MPA-006': 'Requested auth type is not allowed by the partner policy',
  'IDA-MPA-015': 'Mandatory auth type is missing in the request',
  'IDA-MPA-016': 'HMAC Validation failed',
  'IDA-MPA-021': 'Signature certificate does not match the partner certificate',
  'IDA-MPA-022': 'Certificate (x5c) missing in the signature header',
  'IDA-BIA-001': 'Biometric data did not match',
  'IDA-MPA-038': 'Invalid URL: licence key, partner id and API key expected',
  // Ours where IDA answers several causes with one code.
  TS_AUTH_LICENSE_NOT_YET_VALID: 'License key of MISP is not valid yet',
  TS_AUTH_MISP_INACTIVE: 'MISP of the licence key is deactivated',
  TS_AUTH_APIKEY_UNKNOWN: 'API key is not registered for the partner',
  TS_AUTH_APIKEY_REVOKED: 'Partner API key is revoked',
  TS_AUTH_NOT_AUTH_PARTNER: 'Partner is not an authentication partner',
  TS_AUTH_CERT_MISSING: 'Partner has no signature certificate uploaded',
  TS_AUTH_CAPTURE_REFUSED: 'Biometric capture verification failed',
  TS_AUTH_UNSUPPORTED_MEDIA_TYPE: 'Content type must be application/json',
} as const;

export type IdaErrorCode = keyof typeof IDA_ERRORS;

/** An IDA refusal, with IDA's message unless a more precise one is given (same code). */
export function idaRefusal(
  code: IdaErrorCode,
  message: string = IDA_ERRORS[code],
): { valid: false; errorCode: IdaErrorCode; message: string } {
  return { valid: false, errorCode: code, message };
}

export class TrustError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details?: unknown;

  constructor(
    code: ErrorCode,
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
