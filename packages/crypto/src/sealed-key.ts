import { pemToDerList } from './certificate-info.ts';
import type { CertifiedKey } from './certificate-issuer.ts';
import { assertObject, CryptoError } from './errors.ts';
import { decryptPrivateKeyPem, encryptPrivateKeyPem } from './keys.ts';

/** A certified key at rest: its certificate PEM and its private key as encrypted PKCS#8 PEM. */
export interface SealedCertifiedKey {
  certificatePem: string;
  encryptedPrivateKeyPem: string;
}

/** Seals `key` for storage, the private key encrypted under `passphrase` (as `encryptPrivateKeyPem`). */
export function sealCertifiedKey(key: CertifiedKey, passphrase: string): SealedCertifiedKey {
  assertObject(key, 'key');
  return {
    certificatePem: key.certificatePem,
    encryptedPrivateKeyPem: encryptPrivateKeyPem(key.privateKey, passphrase),
  };
}

/**
 * The certified key `sealCertifiedKey` stored. ERR_KEY when the private key does not decrypt under
 * `passphrase` (checked first), ERR_CERT_PARSE when the PEM holds no certificate.
 */
export function openCertifiedKey(sealed: SealedCertifiedKey, passphrase: string): CertifiedKey {
  assertObject(sealed, 'sealed key');
  const privateKey = decryptPrivateKeyPem(sealed.encryptedPrivateKeyPem, passphrase);
  const [der] = pemToDerList(sealed.certificatePem);
  if (!der) throw new CryptoError('ERR_CERT_PARSE', 'no PEM CERTIFICATE block found');
  return { certificatePem: sealed.certificatePem, certificateDer: der, privateKey };
}
