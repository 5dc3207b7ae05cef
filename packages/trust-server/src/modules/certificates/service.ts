import { type CertificateInfo, derToPem, type TrustDomain, toP7b } from '@mosip-trust/crypto';
import { type Selectable, sql } from 'kysely';
import { auditedChange } from '../../audit/audited-change.ts';
import type { Deps } from '../../deps.ts';
import { type Actor, assertOwnPartner } from '../../domain/actor.ts';
import {
  canonicalDomain,
  checkPartnerCertificate,
  readSingleCertificate,
} from '../../domain/certificate-rules.ts';
import {
  domainForPartner,
  ENCRYPTION_PARTNER_TYPES,
  PARTNER_TYPE_DOMAIN,
} from '../../domain/partner-types.ts';
import { TrustError } from '../../errors.ts';
import type { PlatformKeys } from '../../keys/platform-keys.ts';
import { findPartner } from '../../queries/partners.ts';
import { storeCaCertificate, validateAgainstDomain } from '../../queries/trust-anchors.ts';
import type { Db, Trx } from '../../store/db.ts';
import { newId } from '../../store/ids.ts';
import type { PartnerCertificatesTable } from '../../store/schema.ts';

export type CertificateUsage = 'SIGNATURE' | 'ENCRYPTION';

export { PARTNER_TYPE_DOMAIN };

export interface PartnerCertificateUpload {
  partnerId: string;
  certificateData: string;
  partnerDomain: string;
  certificateUsage?: string;
}

export interface UploadedPartnerCertificate {
  certificateId: string;
  signedCertificateData: string;
  timestamp: string;
}

function usageOf(input: string | undefined): CertificateUsage {
  const usage = (input ?? 'SIGNATURE').toUpperCase();
  if (usage !== 'SIGNATURE' && usage !== 'ENCRYPTION') {
    throw new TrustError('PMS_COR_002', `certificateUsage must be SIGNATURE or ENCRYPTION, not "${input}".`);
  }
  return usage;
}

/**
 * POST /partners/certificate/upload: keymanager's partner-certificate rules (docs/trust-server-capabilities.md), then the platform
 * partner CA re-signs it (FTM domain: kept as uploaded, as keymanager's default) and the platform CAs join the
 * domain's store so the re-signed copy chains there. One transaction with its audit entry.
 */
export async function uploadPartnerCertificate(
  deps: Deps & { keys: PlatformKeys },
  actor: Actor,
  input: PartnerCertificateUpload,
): Promise<UploadedPartnerCertificate> {
  assertOwnPartner(actor, input.partnerId);
  const usage = usageOf(input.certificateUsage);
  // Parsed before the partner is read, so that the partner and the certificate's other owner are one
  // query; a parse failure is still reported after the partner's own refusals, in keymanager's order.
  let info: CertificateInfo | undefined;
  let unreadable: unknown;
  try {
    info = readSingleCertificate(input.certificateData);
  } catch (e) {
    unreadable = e;
  }
  const partner = await partnerAndThumbprintOwner(deps.db, input.partnerId, info?.sha1Hex);
  if (!partner) throw new TrustError('PMS_PRT_005', `Partner ${input.partnerId} does not exist.`);
  if (
    partner.approval_status === 'rejected' ||
    (partner.approval_status === 'approved' && !partner.is_active)
  ) {
    throw new TrustError('PMS_PMP_016', `Partner ${partner.id} is not active.`);
  }
  if (usage === 'ENCRYPTION' && !ENCRYPTION_PARTNER_TYPES.has(partner.partner_type_code))
    throw new TrustError('TS_CERT_USAGE_NOT_ALLOWED');
  if (!info) throw unreadable;
  const requested = canonicalDomain(input.partnerDomain);
  const domain = domainForPartner(requested, partner.partner_type_code);
  const expected = PARTNER_TYPE_DOMAIN[partner.partner_type_code];
  if (domain !== expected) {
    throw new TrustError(
      'KER_PCM_011',
      `Invalid Partner Domain: a ${partner.partner_type_code} uploads into ${expected ?? 'no'} domain, not ${domain}.`,
    );
  }
  const now = deps.clock.now();
  checkPartnerCertificate(info, { now, organization: partner.name, usage });
  if (partner.thumbprint_taken)
    throw new TrustError(
      'KER_PCM_003',
      'Certificate already exists in store: it is registered to another partner.',
    );
  // An encryption certificate's key enciphers rather than signs: check its path with the encryption leaf rule
  // (the CREDENTIAL profile) against this domain's own anchors.
  const leafProfile = usage === 'ENCRYPTION' ? ('CREDENTIAL' as const) : domain;
  const chain = await validateAgainstDomain(deps.db, info, {
    domain,
    now,
    untrustedCode: 'KER_PCM_006',
    leafProfile,
  }).catch(async (e: unknown) => {
    // MOSIP's clients put the CAs of a credential partner or MISP into AUTH, the domain they named.
    if (requested === domain || !(e instanceof TrustError) || e.code !== 'KER_PCM_006') throw e;
    return validateAgainstDomain(deps.db, info, {
      domain: requested,
      now,
      untrustedCode: 'KER_PCM_006',
      leafProfile,
    });
  });

  let signedDer: Buffer;
  let signedNotAfter: Date;
  let chainDers: Buffer[];
  if (domain === 'FTM') {
    signedDer = info.der;
    signedNotAfter = info.notAfter;
    chainDers = chain.map((c) => c.der);
  } else {
    const signed = await deps.keys.resignPartnerCertificate(info.der, info);
    signedDer = signed.certificateDer;
    signedNotAfter = signed.notAfter;
    chainDers = [signedDer, deps.keys.partnerCa.certificateDer, deps.keys.rootCa.certificateDer];
  }
  const id = newId();
  const record = {
    action: 'certificate.partner.upload',
    target: `partner:${partner.id}`,
    details: {
      certificateId: id,
      usage,
      domain,
      subject: info.subject,
      thumbprint: info.thumbprintHex,
      resigned: domain !== 'FTM',
      activates: deps.config.onboardingMode === 'certificate' && partner.approval_status === 'InProgress',
    },
    unique: [
      'TS_CONFLICT',
      'Another certificate upload for this partner ran at the same time; retry.',
    ] as const,
  };
  await auditedChange(deps, actor, record, async (trx) => {
    await trx
      .updateTable('partner_certificates')
      .set({ is_current: false })
      .where('partner_id', '=', partner.id)
      .where('usage', '=', usage)
      // A literal, not a parameter: a generic plan of the named statement can then use the partial indexes
      // on `where is_current` (docs/performance.md, "Round 7").
      .where('is_current', '=', sql.lit(true))
      .execute();
    const insert = trx.insertInto('partner_certificates').values({
      id,
      partner_id: partner.id,
      usage,
      domain,
      subject: info.subject,
      organization: info.organization ?? '',
      serial_number: info.serialNumber,
      not_before: info.notBefore,
      not_after: info.notAfter,
      thumbprint_sha1: info.sha1Hex,
      thumbprint_sha256: info.thumbprintHex,
      original_pem: derToPem(info.der),
      signed_pem: derToPem(signedDer),
      signed_not_after: signedNotAfter,
      chain_p7b: toP7b(chainDers).toString('base64'),
      created_by: actor.name,
    });
    if (usage === 'SIGNATURE') {
      // The certificate and the partner's alias to it in one statement (one round trip).
      await trx
        .with('certificate', () => insert.returning('id'))
        .updateTable('partners')
        .set({
          certificate_alias: id,
          updated_by: actor.name,
          updated_at: now,
          // Onboarding mode "certificate" (MOSIP's): the upload is the approval (docs/trust-server.md).
          ...(deps.config.onboardingMode === 'certificate' && partner.approval_status === 'InProgress'
            ? { approval_status: 'approved' as const, is_active: true }
            : {}),
        })
        .where('id', '=', partner.id)
        .execute();
    } else {
      await insert.execute();
    }
    if (domain !== 'FTM') await storePlatformCas(trx, deps.keys, domain, actor.name);
  });
  return { certificateId: id, signedCertificateData: derToPem(signedDer), timestamp: now.toISOString() };
}

/** The uploading partner, and whether another partner's current certificate has this SHA-1 thumbprint. */
function partnerAndThumbprintOwner(db: Db, partnerId: string, sha1Hex: string | undefined) {
  return db
    .selectFrom('partners')
    .select(['id', 'name', 'partner_type_code', 'approval_status', 'is_active'])
    .select((eb) =>
      (sha1Hex === undefined
        ? sql<boolean>`false`
        : sql<boolean>`${eb.exists(
            eb
              .selectFrom('partner_certificates as c')
              .select('c.partner_id')
              .where('c.thumbprint_sha1', '=', sha1Hex)
              .whereRef('c.partner_id', '<>', 'partners.id')
              .where('c.is_current', '=', sql.lit(true)),
          )}`
      ).as('thumbprint_taken'),
    )
    .where('id', '=', partnerId)
    .executeTakeFirst();
}

/**
 * Domains known to hold both platform CAs, per set of platform keys (a server's): ca_certificates rows
 * are never changed or removed, so once seen committed they stay, and later uploads skip the query.
 */
const platformCasStored = new WeakMap<PlatformKeys, Set<TrustDomain>>();

/**
 * keymanager uploads the [PMS, ROOT] part of the returned chain into the domain (duplicates ignored).
 * They are there after the domain's first upload: one query sees both before any is stored.
 */
async function storePlatformCas(
  trx: Trx,
  keys: PlatformKeys,
  domain: TrustDomain,
  actor: string,
): Promise<void> {
  const known = platformCasStored.get(keys) ?? new Set<TrustDomain>();
  platformCasStored.set(keys, known);
  if (known.has(domain)) return;
  const cas = [
    [keys.rootCa, keys.rootCaInfo],
    [keys.partnerCa, keys.partnerCaInfo],
  ] as const;
  const stored = await trx
    .selectFrom('ca_certificates')
    .select(trx.fn.countAll<number>().as('n'))
    .where('domain', '=', domain)
    .where(
      'thumbprint_sha1',
      'in',
      cas.map(([, info]) => info.sha1Hex),
    )
    .executeTakeFirstOrThrow();
  // Both found: committed by earlier uploads (this transaction has stored none yet).
  if (Number(stored.n) === cas.length) {
    known.add(domain);
    return;
  }
  for (const [key, info] of cas) {
    await storeCaCertificate(trx, { domain, info, pem: key.certificatePem, source: 'PLATFORM', actor });
  }
}

export interface PartnerCertificateRecord {
  certificateId: string;
  partnerId: string;
  certificateUsage: CertificateUsage;
  partnerDomain: TrustDomain;
  subject: string;
  thumbprint: string;
  originalPem: string;
  signedPem: string;
  notAfter: Date;
  signedNotAfter: Date;
  uploadedAt: Date;
}

/** The partner's current certificate of a usage (the auth API compares the request certificate's thumbprint with it). */
export async function findCurrentCertificate(db: Db | Trx, partnerId: string, usage: CertificateUsage) {
  const row = await db
    .selectFrom('partner_certificates')
    .selectAll()
    .where('partner_id', '=', partnerId)
    .where('usage', '=', usage)
    .where('is_current', '=', sql.lit(true))
    .executeTakeFirst();
  return row && certificateRecord(row);
}

function certificateRecord(row: Selectable<PartnerCertificatesTable>): PartnerCertificateRecord {
  return {
    certificateId: row.id,
    partnerId: row.partner_id,
    certificateUsage: row.usage,
    partnerDomain: row.domain,
    subject: row.subject,
    thumbprint: row.thumbprint_sha256,
    originalPem: row.original_pem,
    signedPem: row.signed_pem,
    notAfter: row.not_after,
    signedNotAfter: row.signed_not_after,
    uploadedAt: row.created_at,
  };
}

async function currentOrFail(deps: Deps, actor: Actor, partnerId: string, usageInput: string | undefined) {
  assertOwnPartner(actor, partnerId);
  const usage = usageOf(usageInput);
  if (!(await findPartner(deps.db, partnerId)))
    throw new TrustError('PMS_PRT_005', `Partner ${partnerId} does not exist.`);
  const cert = await findCurrentCertificate(deps.db, partnerId, usage);
  if (!cert)
    throw new TrustError(
      'PMS_PRT_108',
      `No ${usage.toLowerCase()} certificate is uploaded for partner ${partnerId}.`,
      { status: 404 },
    );
  return cert;
}

/** GET /partners/{partnerId}/certificate: the platform-signed PEM, as MOSIP. */
export async function getPartnerCertificate(deps: Deps, actor: Actor, partnerId: string, usage?: string) {
  const cert = await currentOrFail(deps, actor, partnerId, usage);
  return { certificateData: cert.signedPem, timestamp: deps.clock.now().toISOString() };
}

/** GET /partners/{partnerId}/certificate-data (MOSIP master): both the uploaded and the platform-signed certificate. */
export async function getPartnerCertificateData(deps: Deps, actor: Actor, partnerId: string, usage?: string) {
  const cert = await currentOrFail(deps, actor, partnerId, usage);
  const now = deps.clock.now().getTime();
  return {
    certificateId: cert.certificateId,
    certificateUsage: cert.certificateUsage,
    partnerDomain: cert.partnerDomain,
    certThumbprint: cert.thumbprint,
    caSignedCertificateData: cert.originalPem,
    isCaSignedCertificateExpired: cert.notAfter.getTime() < now,
    mosipSignedCertificateData: cert.signedPem,
    isMosipSignedCertificateExpired: cert.signedNotAfter.getTime() < now,
    uploadedAt: cert.uploadedAt.toISOString(),
  };
}
