import type { CertificateInfo } from './certificate-info.ts';
import { CryptoError } from './errors.ts';

/** ERR_CERT_NOT_YET_VALID / ERR_CERT_EXPIRED when `at` is outside [notBefore, notAfter]. */
export function checkValidityDates(cert: CertificateInfo, at: Date): void {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
    throw new CryptoError('ERR_INVALID_INPUT', 'verification time is not a valid Date');
  }
  if (at < cert.notBefore) {
    throw new CryptoError(
      'ERR_CERT_NOT_YET_VALID',
      `certificate "${cert.subject}" is not valid before ${cert.notBefore.toISOString()}`,
      { details: { subject: cert.subject, notBefore: cert.notBefore, notAfter: cert.notAfter } },
    );
  }
  if (at > cert.notAfter) {
    throw new CryptoError(
      'ERR_CERT_EXPIRED',
      `certificate "${cert.subject}" expired ${cert.notAfter.toISOString()}`,
      { details: { subject: cert.subject, notBefore: cert.notBefore, notAfter: cert.notAfter } },
    );
  }
}
