/**
 * The verifier's error catalogue: one code per refusal reason, each with MOSIP's code for the same
 * condition where MOSIP has one (docs/verifier.md, "Checks and codes"). Codes never change meaning.
 */

export const ERROR_CODES = {
  VER_REQUEST_INVALID: { mosip: 'IDA-MLC-006', message: 'the capture request is missing or malformed' },
  VER_RESPONSE_INVALID: { mosip: 'IDA-MLC-006', message: 'the capture response is missing or malformed' },
  VER_ELEMENT_ERROR: {
    mosip: 'IDA-MLC-006',
    message: 'a biometric element carries a device error and no data',
  },
  VER_DATA_SIGNATURE: {
    mosip: 'IDA-MPA-001',
    message: 'the data JWS is malformed or its signature does not verify with the x5c[0] key',
  },
  VER_DATA_CERTIFICATE: {
    mosip: 'IDA-MPA-001',
    message: 'the data x5c[0] is missing, not a certificate, or outside its validity dates',
  },
  VER_DATA_UNTRUSTED: { mosip: 'IDA-MPA-001', message: 'the data certificate does not chain to DEVICE' },
  VER_DATA_FIELDS: {
    mosip: 'IDA-MLC-006',
    message: 'the data block lacks bioValue, timestamp or (Auth) sessionKey',
  },
  VER_PURPOSE: { mosip: undefined, message: 'data.purpose differs from the request purpose' },
  VER_DIGITAL_ID_SIGNATURE: {
    mosip: 'IDA-MPA-001',
    message: 'the digitalId JWS is missing, malformed or its signature does not verify with the x5c[0] key',
  },
  VER_DIGITAL_ID_CERTIFICATE: {
    mosip: 'IDA-MPA-001',
    message: 'the digitalId x5c[0] is missing, not a certificate, or outside its validity dates',
  },
  VER_DIGITAL_ID_UNTRUSTED: {
    mosip: 'IDA-MPA-001',
    message: 'the digitalId certificate does not chain to its trust domain',
  },
  VER_DEVICE_NOT_REGISTERED: { mosip: 'IDA-DPM-001', message: 'the device is not registered' },
  VER_DEVICE_REVOKED: { mosip: 'IDA-DPM-001', message: 'the device registration is revoked' },
  VER_DEVICE_RETIRED: { mosip: 'IDA-DPM-001', message: 'the device is de-registered (retired)' },
  VER_DEVICE_MISMATCH: {
    mosip: 'ADM-DPM-008',
    message: 'the digital ID or deviceCode differs from the registered device',
  },
  VER_MODEL_NOT_APPROVED: { mosip: 'PMS_AUT_018', message: 'the device model is not approved' },
  VER_SBI_NOT_APPROVED: { mosip: 'ADM-DPM-005', message: 'the device service (SBI) version is not approved' },
  VER_REGISTRY_UNAVAILABLE: { mosip: undefined, message: 'the device registry could not be asked' },
  VER_THUMBPRINT: {
    mosip: 'IDA-MPA-003',
    message: 'the thumbprint names no encryption certificate this verifier holds a key for',
  },
  VER_SESSION_KEY: {
    mosip: 'IDA-MPA-003',
    message: 'the session key does not decrypt with RSA-OAEP-SHA256 (MGF1-SHA256)',
  },
  VER_DECRYPT: { mosip: 'IDA-MPA-003', message: 'the bioValue does not decrypt or decode' },
  VER_HASH_MISSING: { mosip: 'IDA-MLC-006', message: 'a biometric element has no hash' },
  VER_HASH_CHAIN: { mosip: 'IDA-BIA-014', message: 'the hash chain does not hold' },
  VER_BIO_TYPE: {
    mosip: 'IDA-DPM-004',
    message: 'bioType differs from the digital ID type or the requested type',
  },
  VER_DOMAIN_URI_MISMATCH: { mosip: 'IDA-MLC-024', message: 'data.domainUri differs from the request' },
  VER_DOMAIN_URI_NOT_ALLOWED: { mosip: 'IDA-MLC-009', message: 'domainUri is not an allowed domain' },
  VER_ENV_MISMATCH: { mosip: 'IDA-MLC-024', message: 'data.env differs from the request env' },
  VER_ENV_NOT_ALLOWED: { mosip: 'IDA-MLC-009', message: 'env is not an allowed environment' },
  VER_TRANSACTION_ID: { mosip: 'IDA-MLC-009', message: 'data.transactionId differs from the request' },
  VER_REPLAY: { mosip: undefined, message: 'this transactionId was already accepted' },
  VER_TIMESTAMP_FORMAT: { mosip: 'IDA-MLC-009', message: 'a timestamp or dateTime is not a valid date-time' },
  VER_TIMESTAMP_WINDOW: {
    mosip: 'IDA-MLC-001',
    message: 'the last segment timestamp or digital ID dateTime is outside the accepted window',
  },
  VER_SEGMENT_TIMESTAMP: {
    mosip: 'IDA-MLC-030',
    message: 'successive segment timestamps are not 0..120 s apart',
  },
  VER_SEGMENT_DATETIME: {
    mosip: 'IDA-MLC-031',
    message: 'successive digital ID dateTimes are not 0..120 s apart',
  },
  VER_COUNT_MISMATCH: {
    mosip: undefined,
    message: 'the number of elements differs from the requested count',
  },
  VER_FINGER_COUNT: { mosip: 'IDA-BIA-003', message: 'more than 10 fingers' },
  VER_FINGER_DUPLICATE: { mosip: 'IDA-BIA-002', message: 'a finger appears twice' },
  VER_IRIS_COUNT: { mosip: 'IDA-BIA-008', message: 'more than 2 irises' },
  VER_IRIS_DUPLICATE: { mosip: 'IDA-BIA-007', message: 'an iris appears twice' },
  VER_FACE_COUNT: { mosip: 'IDA-BIA-009', message: 'more than 1 face' },
  VER_DEVICE_DETAILS: {
    mosip: 'IDA-MLC-006',
    message: 'deviceCode, deviceServiceVersion or a digital ID field is empty',
  },
} as const satisfies Record<string, { mosip: string | undefined; message: string }>;

export type VerifierErrorCode = keyof typeof ERROR_CODES;

/** A refusal raised inside a check: its code and a short reason (never biometric data). */
export class CheckFailure extends Error {
  constructor(
    readonly code: VerifierErrorCode,
    reason: string,
  ) {
    super(reason);
    this.name = 'CheckFailure';
  }
}

/** Thrown for misuse of the API (wrong option types), never for a bad capture. */
export class VerifierError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VerifierError';
  }
}
