import type { CaCertificateView } from '@mosip-trust/contracts';
import { derToPem } from '@mosip-trust/crypto';
import { auditedChange } from '../../audit/audited-change.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../domain/actor.ts';
import { canonicalDomain, checkCaCertificate, readCaUpload } from '../../domain/certificate-rules.ts';
import { TrustError, wireCode } from '../../errors.ts';
import { storeCaCertificate, validateAgainstDomain } from '../../queries/trust-anchors.ts';
import type { Db } from '../../store/db.ts';
import { containsPattern, type PageV2Query, pageV2, readPageV2 } from '../../store/page-v2.ts';

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
  const record = {
    action: 'trust.ca.upload',
    target: `domain:${domain}`,
    details: (results: CaUploadResult['certificates']) => {
      const stored = results.filter((r) => r.certificateId !== null);
      return {
        domain,
        stored: stored.map((r) => ({ id: r.certificateId, subject: r.subject, thumbprint: r.thumbprint })),
        failed: results.length - stored.length,
      };
    },
    unique: ['KER_PCM_003', 'Certificate already exists in store (uploaded concurrently).'] as const,
  };
  const results = await auditedChange(deps, actor, record, async (trx) => {
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
    if (!results.some((r) => r.certificateId !== null)) throw firstError ?? new TrustError('KER_PCM_001');
    return results;
  });
  const stored = results.filter((r) => r.certificateId !== null);
  return {
    status: stored.length === results.length ? 'Upload Success.' : 'Partial Upload Success.',
    timestamp: now.toISOString(),
    certificates: results,
  };
}

/** Sortable fields of the trust-chain list (MOSIP's names -> columns). */
const CA_SORT = {
  uploadTime: 'created_at',
  issuedTo: 'subject',
  issuedBy: 'issuer',
  validFromDate: 'not_before',
  validTillDate: 'not_after',
  partnerDomain: 'domain',
  caCertificateType: 'kind',
} as const;

export interface CaListQuery extends PageV2Query {
  domain?: string;
  kind?: 'ROOT' | 'INTERMEDIATE';
  certificateId?: string;
  issuedTo?: string;
  issuedBy?: string;
}

/**
 * The trust-chain certificates as MOSIP master's GET /trust-chain-certificates answers them: a
 * PageResponseV2Dto, page 0 of 8 by default; pageNo and pageSize come together (PMS_PS_ERROR_006).
 */
export async function listCaCertificates(db: Db, now: Date, filter: CaListQuery) {
  const page = readPageV2(filter, CA_SORT, { field: 'uploadTime', type: 'asc' });
  let q = db.selectFrom('ca_certificates');
  if (filter.domain) q = q.where('domain', '=', canonicalDomain(filter.domain));
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  if (filter.certificateId) q = q.where('id', '=', filter.certificateId);
  if (filter.issuedTo) q = q.where('subject', 'ilike', containsPattern(filter.issuedTo));
  if (filter.issuedBy) q = q.where('issuer', 'ilike', containsPattern(filter.issuedBy));
  return pageV2(
    q.selectAll(),
    page,
    'id',
    (r): CaCertificateView => ({
      certId: r.id,
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
    }),
  );
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
