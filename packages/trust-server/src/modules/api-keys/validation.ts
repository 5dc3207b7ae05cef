import { sql } from 'kysely';
import { systemClock } from '../../deps.ts';
import { type IdaErrorCode, idaRefusal } from '../../errors.ts';
import type { Db, Trx } from '../../store/db.ts';
import { hashSecret, isWellFormedSecret } from './secret.ts';

export type ApiKeyValidation =
  | { valid: true; apiKeyId: string; partnerId: string; policyId: string; label: string; validTo: Date }
  | { valid: false; errorCode: IdaErrorCode; message: string };

export interface ApiKeyRow {
  id: string;
  partner_id: string;
  policy_id: string;
  label: string;
  status: string;
  valid_from: Date;
  valid_to: Date;
  partnerActive: boolean;
  partnerStatus: string;
  policyStatus: string;
  policyValidFrom: Date;
  policyValidTo: Date;
}

/** The key with this secret hash, its partner's and policy's state: one call of api_key_lookup (migration 018). */
export async function lookupApiKey(db: Db | Trx, secretHash: string): Promise<ApiKeyRow | undefined> {
  // PL/pgSQL keeps the plan of the function's query per session: one index lookup, no re-planning.
  const { rows } = await sql<ApiKeyRow>`select id, partner_id, policy_id, label, status, valid_from, valid_to,
       partner_active as "partnerActive", partner_status as "partnerStatus", policy_status as "policyStatus",
       policy_valid_from as "policyValidFrom", policy_valid_to as "policyValidTo"
     from api_key_lookup(${secretHash})`.execute(db);
  return rows[0];
}

/**
 * Checks an API key for the auth API (IDA's order and codes, docs/trust-server-capabilities.md "API keys"): the key exists for
 * this partner, the partner is active, the policy is published and current, the key is active and within its
 * validity. One indexed lookup by the secret's SHA-256.
 */
export async function validateApiKey(
  db: Db | Trx,
  partnerId: string,
  apiKey: string,
  now: Date = systemClock.now(),
): Promise<ApiKeyValidation> {
  const notRegistered = idaRefusal('IDA-MPA-009');
  if (typeof apiKey !== 'string' || !isWellFormedSecret(apiKey)) return notRegistered;
  const row = await lookupApiKey(db, hashSecret(apiKey));
  if (!row || row.partner_id !== partnerId) return notRegistered;
  if (!(row.partnerActive && row.partnerStatus === 'approved')) return idaRefusal('IDA-MPA-012');
  const t = now.getTime();
  if (
    row.policyStatus !== 'PUBLISHED' ||
    t < row.policyValidFrom.getTime() ||
    t > row.policyValidTo.getTime()
  ) {
    return idaRefusal('IDA-MPA-019');
  }
  if (row.status !== 'ACTIVE') return idaRefusal('IDA-MPA-012', 'Partner API key is deactivated');
  if (t < row.valid_from.getTime() || t > row.valid_to.getTime()) {
    return idaRefusal('IDA-MPA-039');
  }
  return {
    valid: true,
    apiKeyId: row.id,
    partnerId: row.partner_id,
    policyId: row.policy_id,
    label: row.label,
    validTo: row.valid_to,
  };
}
