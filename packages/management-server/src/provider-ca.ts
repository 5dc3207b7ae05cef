/**
 * The device provider's keys, kept in the data directory: a CA that issues device certificates for the
 * public keys devices generate (the spec's "issue a certificate against the same public key"), and
 * the management server's signing key under it, which signs what goes to the trust server and to
 * devices. Private keys at rest are PKCS#8 encrypted under MOSIP_MGMT_KEK or a generated kek.key
 * (mode 0600). The CA certificate is what the trust server's DEVICE domain must hold
 * (docs/management-server.md).
 */

import type { KeyObject } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CertifiedKey,
  createRootCa,
  issueCertificate,
  openCertifiedKey,
  sealCertifiedKey,
} from '@mosip-trust/crypto';
import { ManagementError } from './errors.ts';

export interface ProviderKeys {
  ca: CertifiedKey;
  signer: CertifiedKey;
  /** PEM of the CA certificate (to upload to the trust server's DEVICE domain). */
  caPath: string;
}

function kek(dataDir: string, env: NodeJS.ProcessEnv): string {
  const fromEnv = env.MOSIP_MGMT_KEK;
  if (fromEnv) {
    if (fromEnv.length < 16)
      throw new ManagementError('MGMT_CONFIG', 'MOSIP_MGMT_KEK must have at least 16 characters');
    return fromEnv;
  }
  const path = join(dataDir, 'kek.key');
  if (!existsSync(path))
    writeFileSync(path, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  if ((statSync(path).mode & 0o077) !== 0)
    throw new ManagementError('MGMT_CONFIG', `${path} is readable by group or others; chmod 600 it`);
  return readFileSync(path, 'utf8').trim();
}

function load(dataDir: string, name: string, passphrase: string): CertifiedKey | undefined {
  const certPath = join(dataDir, `${name}.pem`);
  const keyPath = join(dataDir, `${name}.key`);
  if (!existsSync(certPath) || !existsSync(keyPath)) return undefined;
  const sealed = {
    certificatePem: readFileSync(certPath, 'utf8'),
    encryptedPrivateKeyPem: readFileSync(keyPath, 'utf8'),
  };
  return openCertifiedKey(sealed, passphrase);
}

function save(dataDir: string, name: string, key: CertifiedKey, passphrase: string) {
  const sealed = sealCertifiedKey(key, passphrase);
  writeFileSync(join(dataDir, `${name}.key`), sealed.encryptedPrivateKeyPem, { mode: 0o600 });
  writeFileSync(join(dataDir, `${name}.pem`), sealed.certificatePem, { mode: 0o644 });
}

/** Where the provider CA certificate is kept in the data directory. */
export const providerCaPath = (dataDir: string): string => join(dataDir, 'provider-ca.pem');

/** Loads the provider's CA and signing key, creating them for `organization` on first start. */
export async function loadOrCreateProviderKeys(
  dataDir: string,
  organization: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ProviderKeys> {
  const passphrase = kek(dataDir, env);
  let ca = load(dataDir, 'provider-ca', passphrase);
  if (!ca) {
    ca = await createRootCa({
      subject: `CN=${organization} Device CA, O=${organization}, C=IN`,
      validityDays: 3650,
    });
    save(dataDir, 'provider-ca', ca, passphrase);
  }
  let signer = load(dataDir, 'management-signer', passphrase);
  if (!signer) {
    signer = (await issueCertificate(ca, {
      subject: `CN=${organization} Management Server, O=${organization}, C=IN`,
      ca: false,
      keyUsage: 'signing',
      validityDays: 1825,
    })) as CertifiedKey;
    save(dataDir, 'management-signer', signer, passphrase);
  }
  return { ca, signer, caPath: providerCaPath(dataDir) };
}

/** A device certificate for the public key the device generated (its signing key for captures). */
export async function issueDeviceCertificate(
  keys: ProviderKeys,
  publicKey: KeyObject,
  serialNo: string,
  organization: string,
): Promise<string> {
  const cert = await issueCertificate(keys.ca, {
    subject: `CN=${serialNo}, O=${organization}, C=IN`,
    ca: false,
    keyUsage: 'signing',
    publicKey,
    validityDays: 365,
  });
  return cert.certificatePem + keys.ca.certificatePem;
}
