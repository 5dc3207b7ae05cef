import {
  type CertificateInfo,
  CryptoError,
  derToPem,
  pemToDerList,
  type TrustDomain,
  validateChain,
} from '@mosip-trust/crypto';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../domain/actor.ts';
import { TrustError, wireCode } from '../../errors.ts';
import { type Db, type Trx, withTransaction } from '../../store/db.ts';
import { newId } from '../../store/ids.ts';
import { uniqueAs } from '../../store/unique.ts';
import { canonicalDomain, chainFailure, checkCaCertificate, readCaUpload } from '../certificates/rules.ts';

/** The certificates of one domain usable right now, as keymanager's getTrustAnchors: date-valid only. */
export interface DomainTrustStore {
  anchors: Buffer[];
  intermediates: Buffer[];
}

export async function loadTrustStore(
  db: Db | Trx,
  domain: TrustDomain,
  now: Date,
): Promise<DomainTrustStore> {
  const rows = await db
    .selectFrom('ca_certificates')
    .select(['kind', 'source', 'certificate_pem'])
    .where('domain', '=', domain)
    .where('not_before', '<=', now)
    .where('not_after', '>=', now)
    .execute();
  const der = (pem: string) => pemToDerList(pem)[0] as Buffer;
  // Roots anchor the domain; an approved FTM chip certificate is an anchor of FTM in its own right.
  const isAnchor = (r: { kind: string; source: string }) => r.kind === 'ROOT' || r.source === 'FTM_CHIP';
  return {
    anchors: rows.filter(isAnchor).map((r) => der(r.certificate_pem)),
    intermediates: rows.filter((r) => !isAnchor(r)).map((r) => der(r.certificate_pem)),
  };
}

/**
 * Validates `leaf` against the domain's stored chains. `asCa`: the leaf is itself a CA being added, so
 * the domain's leaf key-usage rule (digitalSignature and the like) does not apply to it.
 */
export async function validateAgainstDomain(
  db: Db | Trx,
  leaf: CertificateInfo,
  opts: {
    domain: TrustDomain;
    now: Date;
    untrustedCode: 'KER_PCM_005' | 'KER_PCM_006';
    asCa?: boolean;
    /** The domain whose leaf key-usage rule applies, when it differs from the store's domain. */
    leafProfile?: TrustDomain;
  },
): Promise<CertificateInfo[]> {
  const store = await loadTrustStore(db, opts.domain, opts.now);
  try {
    const { chain } = await validateChain(leaf.der, {
      domain: opts.leafProfile ?? opts.domain,
      ...store,
      at: opts.now,
    });
    return chain;
  } catch (e) {
    // validateChain checks the leaf's key usage last, after every other rule passed.
    if (
      opts.asCa &&
      e instanceof CryptoError &&
      e.code === 'ERR_CHAIN_KEY_USAGE' &&
      e.details.subject === leaf.subject
    ) {
      return [leaf];
    }
    throw chainFailure(e, opts.untrustedCode);
  }
}

/**
 * Inserts a CA certificate unless the domain already holds it; returns the stored row's id either way.
 * Idempotent under concurrency: two transactions adding the same certificate (say, the platform CAs with
 * several partners' first uploads into a domain) meet at the (domain, thumbprint) constraint, and
 * `on conflict do nothing` makes the later one wait for the first and then read its row instead of failing.
 */
export async function storeCaCertificate(
  trx: Trx,
  input: {
    domain: TrustDomain;
    info: CertificateInfo;
    pem: string;
    source: 'UPLOAD' | 'PLATFORM' | 'FTM_CHIP';
    actor: string;
    asAnchor?: boolean;
  },
): Promise<{ id: string; created: boolean }> {
  const stored = () =>
    trx
      .selectFrom('ca_certificates')
      .select('id')
      .where('domain', '=', input.domain)
      .where('thumbprint_sha1', '=', input.info.sha1Hex)
      .executeTakeFirst();
  const existing = await stored();
  if (existing) return { id: existing.id, created: false };
  const issuerRow = input.info.selfSigned
    ? undefined
    : await trx
        .selectFrom('ca_certificates')
        .select('id')
        .where('domain', '=', input.domain)
        .where('subject', '=', input.info.issuer)
        .orderBy('not_after', 'desc')
        .executeTakeFirst();
  const id = newId();
  const inserted = await trx
    .insertInto('ca_certificates')
    .values({
      id,
      domain: input.domain,
      kind: input.info.selfSigned ? 'ROOT' : 'INTERMEDIATE',
      subject: input.info.subject,
      issuer: input.info.issuer,
      issuer_id: input.info.selfSigned ? id : (issuerRow?.id ?? null),
      serial_number: input.info.serialNumber,
      not_before: input.info.notBefore,
      not_after: input.info.notAfter,
      thumbprint_sha1: input.info.sha1Hex,
      thumbprint_sha256: input.info.thumbprintHex,
      certificate_pem: input.pem,
      source: input.source,
      created_by: input.actor,
    })
    .onConflict((oc) => oc.columns(['domain', 'thumbprint_sha1']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id, created: true };
  const winner = await stored();
  if (!winner) throw new TrustError('TS_STORE_FAILED', 'CA certificate neither inserted nor found');
  return { id: winner.id, created: false };
}

export type UploadStatus = 'Upload Success.' | 'Partial Upload Success.' | 'Upload Failed.';

export interface CaUploadResult {
  status: UploadStatus;
  timestamp: string;
  certificates: {
    certificateId: string | null;
    subject: string;
    thumbprint: string;
    errorCode: string | null;
    message: string | null;
  }[];
}

/**
 * POST /partners/certificate/ca/upload: each certificate (issuer first) must pass the CA rules and be new
 * in the domain; a root is stored as such, anything else must chain to the domain's stored roots.
 * One certificate: any failure is the error. Several: stored ones and failures are reported (MOSIP's
 * "Partial Upload Success."); when none is stored the first failure is the error. One transaction.
 */
export async function uploadCaCertificates(
  deps: Deps,
  actor: Actor,
  input: { certificateData: string; partnerDomain: string },
): Promise<CaUploadResult> {
  const certs = readCaUpload(input.certificateData);
  const domain = canonicalDomain(input.partnerDomain);
  const now = deps.clock.now();
  // Two uploads of the same certificate at once: the unique (domain, thumbprint) constraint decides.
  return withTransaction<CaUploadResult>(deps.db, async (trx) => {
    const results: CaUploadResult['certificates'] = [];
    let firstError: Error | undefined;
    for (const info of certs) {
      try {
        const duplicate = await trx
          .selectFrom('ca_certificates')
          .select('id')
          .where('domain', '=', domain)
          .where('thumbprint_sha1', '=', info.sha1Hex)
          .executeTakeFirst();
        if (duplicate)
          throw new TrustError(
            'KER_PCM_003',
            `Certificate already exists in store: ${info.subject} (domain ${domain}).`,
          );
        checkCaCertificate(info, now);
        if (!info.selfSigned)
          await validateAgainstDomain(trx, info, { domain, now, untrustedCode: 'KER_PCM_005', asCa: true });
        const stored = await storeCaCertificate(trx, {
          domain,
          info,
          pem: derToPem(info.der),
          source: 'UPLOAD',
          actor: actor.name,
        });
        // Another transaction stored it between the check above and this insert.
        if (!stored.created)
          throw new TrustError(
            'KER_PCM_003',
            `Certificate already exists in store: ${info.subject} (domain ${domain}).`,
          );
        results.push({
          certificateId: stored.id,
          subject: info.subject,
          thumbprint: info.thumbprintHex,
          errorCode: null,
          message: null,
        });
      } catch (e) {
        if (!(e instanceof TrustError)) throw e;
        firstError ??= e;
        results.push({
          certificateId: null,
          subject: info.subject,
          thumbprint: info.thumbprintHex,
          errorCode: wireCode(e.code),
          message: e.message,
        });
      }
    }
    const stored = results.filter((r) => r.certificateId !== null);
    if (stored.length === 0) throw firstError ?? new TrustError('KER_PCM_001');
    await deps.audit.append(trx, {
      actor: actor.name,
      action: 'trust.ca.upload',
      target: `domain:${domain}`,
      details: {
        domain,
        stored: stored.map((r) => ({ id: r.certificateId, subject: r.subject, thumbprint: r.thumbprint })),
        failed: results.length - stored.length,
      },
    });
    return {
      status: stored.length === results.length ? 'Upload Success.' : 'Partial Upload Success.',
      timestamp: now.toISOString(),
      certificates: results,
    };
  }).catch(uniqueAs('KER_PCM_003', 'Certificate already exists in store (uploaded concurrently).'));
}

export interface CaCertificateView {
  certificateId: string;
  partnerDomain: TrustDomain;
  caCertificateType: 'ROOT' | 'INTERMEDIATE';
  issuedTo: string;
  issuedBy: string;
  issuerId: string | null;
  certThumbprint: string;
  serialNumber: string;
  validFromDate: string;
  validTillDate: string;
  uploadTime: string;
  source: string;
  status: 'valid' | 'expired';
}

/** The trust-chain certificates, optionally of one domain / kind (MOSIP master GET /trust-chain-certificates). */
export async function listCaCertificates(
  db: Db,
  now: Date,
  filter: { domain?: string; kind?: 'ROOT' | 'INTERMEDIATE' },
): Promise<CaCertificateView[]> {
  let q = db.selectFrom('ca_certificates').selectAll();
  if (filter.domain) q = q.where('domain', '=', canonicalDomain(filter.domain));
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  const rows = await q.orderBy('created_at', 'asc').orderBy('id').execute();
  return rows.map((r) => ({
    certificateId: r.id,
    partnerDomain: r.domain,
    caCertificateType: r.kind,
    issuedTo: r.subject,
    issuedBy: r.issuer,
    issuerId: r.issuer_id,
    certThumbprint: r.thumbprint_sha256,
    serialNumber: r.serial_number,
    validFromDate: r.not_before.toISOString(),
    validTillDate: r.not_after.toISOString(),
    uploadTime: r.created_at.toISOString(),
    source: r.source,
    status: r.not_after.getTime() < now.getTime() ? 'expired' : 'valid',
  }));
}

export async function getCaCertificatePem(db: Db, id: string): Promise<string> {
  const row = await db
    .selectFrom('ca_certificates')
    .select('certificate_pem')
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new TrustError('KER_PCM_010', `No CA certificate with id ${id}.`);
  return row.certificate_pem;
}
