// Public API of @mosip-trust/crypto: pure functions, no I/O. Errors are CryptoError with stable codes.

export { type AuthRequest, type AuthRequestInput, buildAuthRequest } from './auth-request.ts';
export {
  type CertificateInfo,
  certificatePublicKey,
  derToPem,
  fromP7b,
  parseCertificate,
  pemToDerList,
  thumbprintBase64Url,
  thumbprintHex,
  toP7b,
} from './certificate-info.ts';
export {
  type CertifiedKey,
  createRootCa,
  type IssuedCertificate,
  type IssueOptions,
  issueCertificate,
  type KeyUsageProfile,
} from './certificate-issuer.ts';
export {
  createDevelopmentPki,
  DEVELOPMENT_DOMAIN_ROOTS,
  DEVELOPMENT_ROLES,
  type DevelopmentPki,
  type DevelopmentRole,
  type DevelopmentRoleSpec,
} from './dev-pki.ts';
export { fromBase64Any, fromBase64Url, fromHex, toBase64, toBase64Url, toHexUpper } from './encoding.ts';
export {
  deriveAadIv,
  openBiometric,
  openBiometricAsync,
  sealBiometric,
  thumbprintBytes,
  unwrapSessionKeyOnPool,
} from './envelope.ts';
export { CryptoError, type CryptoErrorCode, ERROR_CODES } from './errors.ts';
export { chainHash, type HashChainElement, verifyHashChain } from './hash-chain.ts';
export {
  type JwsSigner,
  jwsHeaderSegment,
  type SignJwsOptions,
  signDetachedJws,
  signJws,
  type VerifiedJws,
  type VerifyJwsOptions,
  verifyJws,
} from './jws.ts';
export {
  decryptPrivateKeyPem,
  encryptPrivateKeyPem,
  generateRsaKeyPair,
  importPrivateKeyPem,
  privateKeyToPem,
} from './keys.ts';
export { type AsciiPiece, signJwsPieces } from './piece-jws.ts';
export { openCertifiedKey, type SealedCertifiedKey, sealCertifiedKey } from './sealed-key.ts';
export { deviceTimestamp, millisTimestamp, parseTimestamp } from './time.ts';
export { TRUST_DOMAINS, type TrustDomain, type ValidateChainOptions, validateChain } from './trust.ts';
export { checkValidityDates } from './validity.ts';
