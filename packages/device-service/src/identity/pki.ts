/**
 * Local certificate authorities kept in the state directory:
 * - the factory FTM root that issues each simulated chip's certificate (always present: every simulated
 *   device has an FTM chip);
 * - in development mode, a development PKI: a device-provider CA that issues device certificates at
 *   offline registration, and a development platform root with an IDA-FIR-like encryption certificate
 *   that Auth captures are encrypted to when no --encryption-cert is given.
 * CA certificates are also written as PEM files for upload to a trust server.
 */
import { writeFile } from 'node:fs/promises';
import { type CertifiedKey, createRootCa, issueCertificate, pemToDerList } from '@mosip-trust/crypto';
import { DeviceServiceError } from '../errors.ts';
import type { StateStore } from './state-store.ts';

interface StoredCa {
  certificatePem: string;
  keyPem: string;
}

async function loadCa(store: StateStore, name: string): Promise<CertifiedKey | undefined> {
  const stored = await store.readJson<StoredCa>(name);
  if (!stored) return undefined;
  const der = pemToDerList(stored.certificatePem)[0];
  if (!der) throw new DeviceServiceError('ERR_STATE', `${name} holds no certificate`);
  return {
    certificateDer: der,
    certificatePem: stored.certificatePem,
    privateKey: store.openKey(stored.keyPem),
  };
}

async function saveCa(
  store: StateStore,
  name: string,
  ca: { certificatePem: string; privateKey?: CertifiedKey['privateKey'] },
): Promise<void> {
  if (!ca.privateKey) throw new DeviceServiceError('ERR_STATE', `${name}: no private key to store`);
  await store.writeJson(name, { certificatePem: ca.certificatePem, keyPem: store.sealKey(ca.privateKey) });
}

export interface PkiOptions {
  organization: string;
}

/** The simulated FTM manufacturer's root; created on first use. */
export async function factoryFtmRoot(store: StateStore, opts: PkiOptions): Promise<CertifiedKey> {
  const existing = await loadCa(store, 'ftm-root.json');
  if (existing) return existing;
  const root = await createRootCa({
    subject: `CN=FTM Root, O=${opts.organization}, C=IN`,
    validityDays: 3650,
  });
  await saveCa(store, 'ftm-root.json', root);
  await writeFile(store.path('ftm-root.pem'), root.certificatePem, { mode: 0o644 });
  return root;
}

/** The factory FTM root's certificate, its key left sealed (created when new). */
export async function factoryFtmRootPem(store: StateStore, opts: PkiOptions): Promise<string> {
  const stored = await store.readJson<StoredCa>('ftm-root.json');
  return stored ? stored.certificatePem : (await factoryFtmRoot(store, opts)).certificatePem;
}

/** Issues a chip (FTM) certificate for a new device. */
export async function issueChipCertificate(
  ftmRoot: CertifiedKey,
  serialNo: string,
  organization: string,
): Promise<CertifiedKey> {
  const chip = await issueCertificate(ftmRoot, {
    subject: `CN=FTM Chip ${serialNo}, O=${organization}, C=IN`,
    ca: false,
    keyUsage: 'signing',
    validityDays: 3650,
  });
  if (!chip.privateKey) throw new DeviceServiceError('ERR_STATE', 'chip certificate issued without a key');
  return { ...chip, privateKey: chip.privateKey };
}

export interface DevelopmentPkiMaterial {
  deviceProviderCa: CertifiedKey;
  platformRoot: CertifiedKey;
  encryption: CertifiedKey;
}

/** The development PKI of --dev mode, created once per state directory. */
export async function developmentPki(store: StateStore, opts: PkiOptions): Promise<DevelopmentPkiMaterial> {
  let deviceProviderCa = await loadCa(store, 'dev-device-provider-ca.json');
  let platformRoot = await loadCa(store, 'dev-platform-root.json');
  let encryption = await loadCa(store, 'dev-encryption.json');
  if (!deviceProviderCa) {
    deviceProviderCa = await createRootCa({
      subject: `CN=Development Device Provider CA, O=${opts.organization}, C=IN`,
      validityDays: 1825,
    });
    await saveCa(store, 'dev-device-provider-ca.json', deviceProviderCa);
    await writeFile(store.path('dev-device-provider-ca.pem'), deviceProviderCa.certificatePem, {
      mode: 0o644,
    });
  }
  if (!platformRoot) {
    platformRoot = await createRootCa({
      subject: 'CN=Development Platform Root, O=MOSIP Development, C=IN',
      validityDays: 1825,
    });
    await saveCa(store, 'dev-platform-root.json', platformRoot);
    encryption = undefined;
  }
  if (!encryption) {
    const issued = await issueCertificate(platformRoot, {
      subject: 'CN=IDA-FIR, O=MOSIP Development, C=IN',
      ca: false,
      keyUsage: 'encryption',
      validityDays: 730,
    });
    if (!issued.privateKey)
      throw new DeviceServiceError('ERR_STATE', 'encryption certificate issued without a key');
    encryption = { ...issued, privateKey: issued.privateKey };
    await saveCa(store, 'dev-encryption.json', encryption);
    await writeFile(store.path('dev-encryption-cert.pem'), encryption.certificatePem, { mode: 0o644 });
  }
  return { deviceProviderCa, platformRoot, encryption };
}
