/**
 * The catalogue of error codes of the crypto package. Codes are stable API: callers branch on
 * `error.code`, never on the message. Grouped by prefix so `code.startsWith('ERR_JWS_ALG')` etc. work.
 */
export const ERROR_CODES = {
  ERR_INVALID_INPUT: 'an argument has the wrong type or shape',
  ERR_ENCODING: 'text is not valid base64, base64url or hex',
  ERR_TIMESTAMP: 'a timestamp is not in an accepted form or is not a real date',
  ERR_KEY: 'a private or public key cannot be read (wrong passphrase, bad PEM, wrong type)',
  ERR_JWS_INVALID: 'a JWS is not three dot-separated base64url segments with a JSON header',
  ERR_JWS_ALG: 'the JWS algorithm is not one this project accepts',
  ERR_JWS_ALG_NONE: 'the JWS declares alg "none" (unsigned)',
  ERR_JWS_ALG_HMAC: 'the JWS declares an HMAC algorithm (HS256/384/512)',
  ERR_JWS_NO_CERTIFICATE: 'the JWS header carries no x5c certificate',
  ERR_JWS_KEY_MISMATCH: 'the signing key does not belong to the x5c[0] certificate (or the expected one)',
  ERR_JWS_SIGNATURE: 'the JWS signature does not verify over the header and payload',
  ERR_CERT_PARSE: 'bytes are not a DER or PEM X.509 certificate (or PKCS#7 bundle)',
  ERR_CERT_EXPIRED: 'a certificate is past its notAfter date',
  ERR_CERT_NOT_YET_VALID: 'a certificate is before its notBefore date',
  ERR_CERT_WEAK_KEY: 'a certificate key is RSA below 2048 bits or not an approved curve',
  ERR_CERT_WEAK_SIGNATURE: 'a certificate is signed with a non-SHA-2 algorithm',
  ERR_CHAIN_UNTRUSTED: 'no path from the certificate to a trust anchor of the domain',
  ERR_CHAIN_NOT_CA: 'an issuing certificate lacks basicConstraints CA=true',
  ERR_CHAIN_KEY_USAGE: 'a certificate key usage does not allow its role in the chain',
  ERR_CHAIN_PATH_LENGTH: 'an issuing certificate pathLenConstraint is exceeded',
  ERR_THUMBPRINT_MISMATCH: 'the thumbprint does not match the encryption certificate',
  ERR_SESSION_KEY: 'the session key does not decrypt with RSA-OAEP-SHA256 or is not a 256-bit key',
  ERR_DECRYPT_TRUNCATED: 'the ciphertext or session key is shorter than its format allows',
  ERR_DECRYPT_TAG: 'AES-GCM authentication failed (wrong key, IV, AAD or altered ciphertext)',
  ERR_HASH_CHAIN: 'a biometric hash does not follow from the previous hash and the record',
} as const;

export type CryptoErrorCode = keyof typeof ERROR_CODES;

/** The one error class of the crypto package. `details` carries machine-readable context (e.g. index). */
export class CryptoError extends Error {
  readonly code: CryptoErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: CryptoErrorCode,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CryptoError';
    this.code = code;
    this.details = Object.freeze({ ...options.details });
  }
}

/** Throws ERR_INVALID_INPUT unless `value` is a Uint8Array (Buffer included). */
export function assertBytes(value: unknown, name: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new CryptoError('ERR_INVALID_INPUT', `${name} must be a Uint8Array`);
  }
}

/** Throws ERR_INVALID_INPUT unless `value` is an options object (not null, not an array). */
export function assertObject(value: unknown, name: string): asserts value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CryptoError('ERR_INVALID_INPUT', `${name} must be an object`);
  }
}

/** Throws ERR_INVALID_INPUT unless `value` is a string. */
export function assertString(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string') {
    throw new CryptoError('ERR_INVALID_INPUT', `${name} must be a string`);
  }
}
