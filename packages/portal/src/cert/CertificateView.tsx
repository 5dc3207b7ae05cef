import { ErrorText, useLoad } from '../ui/kit.tsx';
import type { CertificateFacts } from './certificate.ts';

/** Days before expiry when the page warns (kept here so the parser loads only with a certificate). */
const EXPIRY_WARNING_DAYS = 30;

/** The X.509 parser is loaded with the first certificate shown, not with the portal's first page. */
const parse = async (pem: string) => (await import('./certificate.ts')).certificateFacts(pem);

function expiryNote(facts: CertificateFacts) {
  if (facts.daysLeft < 0) return <strong className="warn">Expired {-facts.daysLeft} days ago</strong>;
  if (facts.daysLeft <= EXPIRY_WARNING_DAYS)
    return <strong className="warn">Expires in {facts.daysLeft} days: renew it now</strong>;
  return <span>{facts.daysLeft} days to expiry</span>;
}

/** A certificate shown in full: subject, issuer, validity, fingerprint and days to expiry. */
export function CertificateView({ pem, title }: { pem: string; title: string }) {
  const { data, error } = useLoad(() => parse(pem), [pem]);
  return (
    <section className="certificate" aria-label={title}>
      <h3>{title}</h3>
      <ErrorText error={error} />
      {data && (
        <dl>
          <dt>Subject</dt>
          <dd>{data.subject}</dd>
          <dt>Issuer</dt>
          <dd>
            {data.issuer}
            {data.selfSigned ? ' (self-signed)' : ''}
          </dd>
          <dt>Serial number</dt>
          <dd className="mono">{data.serialNumber}</dd>
          <dt>Valid</dt>
          <dd>
            {data.notBefore.toISOString().slice(0, 10)} to {data.notAfter.toISOString().slice(0, 10)} (
            {expiryNote(data)})
          </dd>
          <dt>SHA-256 fingerprint</dt>
          <dd className="mono wrap">{data.sha256}</dd>
        </dl>
      )}
    </section>
  );
}
