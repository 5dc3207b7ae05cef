// @peculiar/x509 resolves its ASN.1 parsers through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import { X509Certificate } from '@peculiar/x509';

/** What a reviewer needs to see of a certificate (docs/portal.md: warn 30 days before expiry). */
export interface CertificateFacts {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  sha256: string;
  daysLeft: number;
  selfSigned: boolean;
}

const DAY_MS = 86_400_000;

/** Parses the first certificate of a PEM text. */
export async function certificateFacts(pem: string, now = new Date()): Promise<CertificateFacts> {
  const cert = new X509Certificate(pem);
  const thumbprint = new Uint8Array(await cert.getThumbprint('SHA-256'));
  return {
    subject: cert.subject,
    issuer: cert.issuer,
    serialNumber: cert.serialNumber,
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    sha256: [...thumbprint].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':'),
    daysLeft: Math.floor((cert.notAfter.getTime() - now.getTime()) / DAY_MS),
    selfSigned: cert.subject === cert.issuer,
  };
}
