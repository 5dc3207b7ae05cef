import {
  type CertificateInfo,
  CryptoError,
  pemToDerList,
  type TrustDomain,
  validateChain,
} from '@mosip-trust/crypto';
import { chainFailure } from '../domain/certificate-rules.ts';
import { TrustError } from '../errors.ts';
import type { Db, Trx } from '../store/db.ts';
import { newId } from '../store/ids.ts';

// The trust anchors of each domain (ca_certificates): loading them, validating a certificate against
// them, storing a new one. Shared by the trust-domain, certificate and FTM chip modules.

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
