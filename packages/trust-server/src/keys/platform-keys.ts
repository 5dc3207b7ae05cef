import {
  type CertificateInfo,
  type CertifiedKey,
  CryptoError,
  certificatePublicKey,
  createRootCa,
  type IssuedCertificate,
  issueCertificate,
  openCertifiedKey,
  parseCertificate,
  sealCertifiedKey,
} from '@mosip-trust/crypto';
import { sql } from 'kysely';
import { TrustError } from '../errors.ts';
import type { Db, Trx } from '../store/db.ts';

/** The platform's own keys, created at first start and kept in the store under the KEK. */
export interface PlatformKeys {
  /** MOSIP root CA ("ROOT" application id in keymanager). */
  rootCa: CertifiedKey;
  /** The partner CA ("PMS") that re-signs partner certificates; issued by rootCa. */
  partnerCa: CertifiedKey;
  /** The platform's signing key (responses, events). */
  signing: CertifiedKey;
  /** The platform's encryption key (IDA-FIR-like: devices encrypt biometrics to it). */
  encryption: CertifiedKey;
  /** Parsed descriptions of rootCa and partnerCa (parsed once at load: every partner upload stores them). */
  rootCaInfo: CertificateInfo;
  partnerCaInfo: CertificateInfo;
  /**
   * Issues a copy of a partner certificate (same subject, key and validity, clipped to the partner CA) signed
   * by partnerCa; `notAfter` is the copy's expiry. Pass the certificate's parsed `info` when the caller has it.
   */
  resignPartnerCertificate(
    der: Uint8Array,
    info?: CertificateInfo,
  ): Promise<IssuedCertificate & { notAfter: Date }>;
}

type KeyName = 'ROOT' | 'PMS' | 'SIGN' | 'ENC';
/** pg_advisory_xact_lock key: instances starting together create the keys once. */
const KEYS_LOCK = 7_310_003;

async function createAll(): Promise<Record<KeyName, CertifiedKey>> {
  const root = await createRootCa({
    subject: 'CN=MOSIP Trust Root CA, OU=ROOT, O=mosip-trust, C=IN',
    validityDays: 3650,
  });
  // The three key pairs are generated at once (on libuv's pool, one per core) rather than one after another.
  const [pms, sign, enc] = (await Promise.all([
    issueCertificate(root, {
      subject: 'CN=MOSIP Trust Partner CA, OU=PMS, O=mosip-trust, C=IN',
      ca: true,
      pathLength: 0,
      validityDays: 3000,
    }),
    issueCertificate(root, {
      subject: 'CN=MOSIP Trust Signing, OU=PMS, O=mosip-trust, C=IN',
      ca: false,
      keyUsage: 'signing',
      validityDays: 1095,
    }),
    issueCertificate(root, {
      subject: 'CN=MOSIP Trust Encryption, OU=IDA-FIR, O=mosip-trust, C=IN',
      ca: false,
      keyUsage: 'encryption',
      validityDays: 1095,
    }),
  ])) as CertifiedKey[];
  return { ROOT: root, PMS: pms as CertifiedKey, SIGN: sign as CertifiedKey, ENC: enc as CertifiedKey };
}

function restore(
  row: { certificate_pem: string; encrypted_private_key_pem: string },
  kek: string,
): CertifiedKey {
  const sealed = {
    certificatePem: row.certificate_pem,
    encryptedPrivateKeyPem: row.encrypted_private_key_pem,
  };
  try {
    return openCertifiedKey(sealed, kek);
  } catch (cause) {
    if (cause instanceof CryptoError && cause.code === 'ERR_KEY')
      throw new TrustError('TS_KEK_INVALID', undefined, { cause });
    throw cause;
  }
}

/** Loads the platform keys, creating and storing them (encrypted under `kek`) on first start. */
export async function loadPlatformKeys(db: Db, kek: string): Promise<PlatformKeys> {
  const rows = await db.transaction().execute(async (trx: Trx) => {
    await sql`select pg_advisory_xact_lock(${KEYS_LOCK})`.execute(trx);
    const existing = await trx.selectFrom('platform_keys').selectAll().execute();
    if (existing.length > 0) return existing;
    const created = await createAll();
    const values = Object.entries(created).map(([name, key]) => {
      const sealed = sealCertifiedKey(key, kek);
      return {
        name,
        certificate_pem: sealed.certificatePem,
        encrypted_private_key_pem: sealed.encryptedPrivateKeyPem,
      };
    });
    await trx.insertInto('platform_keys').values(values).execute();
    return trx.selectFrom('platform_keys').selectAll().execute();
  });
  const byName = new Map(rows.map((r) => [r.name, r]));
  const get = (name: KeyName): CertifiedKey => {
    const row = byName.get(name);
    if (!row) throw new TrustError('TS_STORE_FAILED', `platform key ${name} is missing`);
    return restore(row, kek);
  };
  const partnerCa = get('PMS');
  const rootCa = get('ROOT');
  const partnerCaInfo = parseCertificate(partnerCa.certificateDer);
  return {
    rootCa,
    partnerCa,
    signing: get('SIGN'),
    encryption: get('ENC'),
    rootCaInfo: parseCertificate(rootCa.certificateDer),
    partnerCaInfo,
    async resignPartnerCertificate(der, known) {
      const info = known ?? parseCertificate(der);
      // Whole seconds, as X.509 times hold them, so this is exactly the issued certificate's notAfter.
      const notAfter = new Date(Math.min(info.notAfter.getTime(), partnerCaInfo.notAfter.getTime()));
      const issued = await issueCertificate(partnerCa, {
        subject: info.subject,
        ca: false,
        publicKey: certificatePublicKey(der),
        notBefore: info.notBefore,
        notAfter,
        keyUsage: info.keyUsage.includes('keyEncipherment') ? 'encryption' : 'signing',
      });
      return { ...issued, notAfter };
    },
  };
}
