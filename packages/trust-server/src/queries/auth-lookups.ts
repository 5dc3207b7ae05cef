import { createHash } from 'node:crypto';
import { pemToDerList } from '@mosip-trust/crypto';
import { sql } from 'kysely';
import type { Db } from '../store/db.ts';
import { rowBy } from './rows.ts';

// The authentication API's reads (docs/trust-server.md, "Authentication API"): one indexed lookup each,
// cached by the auth-api module and invalidated through NOTIFY trust_cache (migration 051).

export interface LicenseRow {
  id: string;
  mispId: string;
  status: string;
  validFrom: Date;
  validTo: Date;
  mispActive: boolean;
  mispApproved: boolean;
}

/** A MISP licence by the SHA-256 of its key, with its MISP's state. */
export async function findLicenseByHash(db: Db, keyHash: string): Promise<LicenseRow | undefined> {
  const r = await db
    .selectFrom('misp_licenses as l')
    .innerJoin('partners as p', 'p.id', 'l.misp_id')
    .selectAll('l')
    .select(['p.is_active', 'p.approval_status'])
    .where('l.key_hash', '=', keyHash)
    .executeTakeFirst();
  if (!r) return undefined;
  return {
    id: r.id,
    mispId: r.misp_id,
    status: r.status,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    mispActive: r.is_active,
    mispApproved: r.approval_status === 'approved',
  };
}

export interface AuthPartnerRow {
  id: string;
  name: string;
  type: string;
  active: boolean;
  approved: boolean;
  /** Upper-case hex SHA-256 of the current signature certificate: as uploaded and as re-signed by the platform. */
  certificateThumbprints: string[];
}

const sha256Upper = (der: Uint8Array) => createHash('sha256').update(der).digest('hex').toUpperCase();

/** A partner with the thumbprints of its current signature certificate (IDA compares against them). */
export async function findAuthPartner(db: Db, partnerId: string): Promise<AuthPartnerRow | undefined> {
  const p = await rowBy(db, 'partners', 'id', partnerId);
  if (!p) return undefined;
  const cert = await db
    .selectFrom('partner_certificates')
    .select(['thumbprint_sha256', 'signed_pem'])
    .where('partner_id', '=', partnerId)
    .where('usage', '=', 'SIGNATURE')
    .where('is_current', '=', sql.lit(true))
    .executeTakeFirst();
  const thumbprints = cert ? [cert.thumbprint_sha256.toUpperCase()] : [];
  const signed = cert ? pemToDerList(cert.signed_pem)[0] : undefined;
  if (signed) thumbprints.push(sha256Upper(signed));
  return {
    id: p.id,
    name: p.name,
    type: p.partner_type_code,
    active: p.is_active,
    approved: p.approval_status === 'approved',
    certificateThumbprints: thumbprints,
  };
}

export interface AuthPolicyRow {
  id: string;
  status: string;
  validFrom: Date;
  validTo: Date;
  document: unknown;
}

/** The policy version an API key is bound to (its row id), with its document. */
export async function findAuthPolicy(db: Db, policyId: string): Promise<AuthPolicyRow | undefined> {
  const r = await rowBy(db, 'policies', 'id', policyId);
  if (!r) return undefined;
  return { id: r.id, status: r.status, validFrom: r.valid_from, validTo: r.valid_to, document: r.document };
}
