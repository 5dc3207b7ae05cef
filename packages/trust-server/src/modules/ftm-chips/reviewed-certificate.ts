import { TrustError } from '../../errors.ts';

/**
 * An approval names what was reviewed (docs/trust-server.md, "FTM chips"): `certificateThumbprint`, the
 * SHA-256 thumbprint of the chip certificate the admin looked at. Checked against the certificate the
 * decision locked, in the decision's transaction: a certificate replaced after review fails the approval
 * with 409 TS_CHANGED_SINCE_REVIEW and nothing becomes an FTM anchor. MOSIP's admin portal sends no
 * thumbprint on this MOSIP path, so it stays optional there; every client of ours sends it.
 */
export function assertReviewedCertificate(reviewed: string | undefined, current: string): void {
  if (reviewed === undefined) return;
  const normal = (t: string) => t.replaceAll(':', '').toUpperCase();
  if (normal(reviewed) !== normal(current))
    throw new TrustError(
      'TS_CHANGED_SINCE_REVIEW',
      'The chip certificate changed after it was reviewed; review the current certificate and approve again',
    );
}
