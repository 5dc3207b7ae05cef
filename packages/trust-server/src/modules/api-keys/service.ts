import { sql } from 'kysely';
import { auditedChange } from '../../audit/audited-change.ts';
import type { Deps } from '../../deps.ts';
import { type Actor, assertOwnPartner } from '../../domain/actor.ts';
import { TrustError } from '../../errors.ts';
import { activePartner, type PartnerRow } from '../../queries/partners.ts';
import type { Db, Trx } from '../../store/db.ts';
import { newId } from '../../store/ids.ts';
import { generateSecret } from './secret.ts';

/** MOSIP mosip.pmp.partner.policy.expiry.period.indays (dev default). */
export const DEFAULT_KEY_VALIDITY_DAYS = 180;
/** How long a rotated key keeps working beside its successor unless the actor says otherwise. */
export const DEFAULT_ROTATION_OVERLAP_HOURS = 24;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Only the partner itself sees a new secret (MOSIP: token user must equal partnerId, admins included). */
function assertSelf(actor: Actor, partnerId: string): void {
  if (actor.partnerId !== partnerId)
    throw new TrustError(
      'PMS_PRT_055',
      'User not authorized: only the partner itself can create or rotate its API keys.',
    );
}

// ---- keys

async function approvedPolicyFor(db: Db | Trx, partner: PartnerRow, policyName: string) {
  const row = await db
    .selectFrom('policy_requests as r')
    .innerJoin('policies as p', 'p.id', 'r.policy_id')
    .select([
      'r.id as requestId',
      'p.id as policyId',
      'p.status as policyStatus',
      'p.valid_to as policyValidTo',
      'p.revision',
    ])
    .where('r.partner_id', '=', partner.id)
    .where('r.status', '=', 'approved')
    .where(sql<string>`lower(p.name)`, '=', policyName.toLowerCase())
    .where('p.policy_group_id', '=', partner.policy_group_id ?? '')
    .orderBy('p.revision', 'desc')
    .executeTakeFirst();
  if (!row)
    throw new TrustError('PMS_PRT_109', `Policy ${policyName} is not approved for partner ${partner.id}.`);
  if (row.policyStatus !== 'PUBLISHED')
    throw new TrustError('PMS_PMP_019', `Policy ${policyName} is no longer published.`);
  return row;
}

function keyValidity(now: Date, days: number | undefined, policyValidTo: Date): Date {
  const validTo = new Date(now.getTime() + (days ?? DEFAULT_KEY_VALIDITY_DAYS) * DAY_MS);
  return validTo < policyValidTo ? validTo : policyValidTo;
}

export interface NewApiKey {
  apiKey: string;
  apiKeyId: string;
  label: string;
  policyId: string;
  partnerId: string;
  validFrom: string;
  validTo: string;
}

/** Stores a new key (only its secret's hash and prefix) valid from now; returns what the actor sees once. */
async function insertKey(
  trx: Trx,
  key: {
    id: string;
    secret: ReturnType<typeof generateSecret>;
    partnerId: string;
    policyId: string;
    requestId: string;
    label: string;
    now: Date;
    validTo: Date;
    createdBy: string;
  },
): Promise<NewApiKey> {
  await trx
    .insertInto('api_keys')
    .values({
      id: key.id,
      partner_id: key.partnerId,
      policy_id: key.policyId,
      request_id: key.requestId,
      label: key.label,
      secret_hash: key.secret.hash,
      secret_prefix: key.secret.prefix,
      valid_from: key.now,
      valid_to: key.validTo,
      created_by: key.createdBy,
      created_at: key.now,
    })
    .execute();
  return {
    apiKey: key.secret.secret,
    apiKeyId: key.id,
    label: key.label,
    policyId: key.policyId,
    partnerId: key.partnerId,
    validFrom: key.now.toISOString(),
    validTo: key.validTo.toISOString(),
  };
}

/** PATCH /partners/{partnerId}/generate/apikey: a key for an approved policy; the secret is in this response only. */
export async function generateApiKey(
  deps: Deps,
  actor: Actor,
  partnerId: string,
  input: { policyName: string; label: string; validityDays?: number },
): Promise<NewApiKey> {
  assertSelf(actor, partnerId);
  const partner = await activePartner(deps.db, partnerId);
  const approved = await approvedPolicyFor(deps.db, partner, input.policyName);
  const now = deps.clock.now();
  const validTo = keyValidity(now, input.validityDays, approved.policyValidTo);
  const secret = generateSecret();
  const id = newId();
  const labelMessage = `API key label ${JSON.stringify(input.label)} already exists for this policy.`;
  const record = {
    action: 'apikey.create',
    target: `apikey:${id}`,
    details: {
      partnerId,
      policyId: approved.policyId,
      label: input.label,
      prefix: secret.prefix,
      validTo: validTo.toISOString(),
    },
    unique: ['PMS_PRT_110', labelMessage] as const,
  };
  return auditedChange(deps, actor, record, async (trx) => {
    if (await currentKeyByLabel(trx, partnerId, approved.policyId, input.label))
      throw new TrustError('PMS_PRT_110', labelMessage);
    return insertKey(trx, {
      id,
      secret,
      partnerId,
      policyId: approved.policyId,
      requestId: approved.requestId,
      label: input.label,
      now,
      validTo,
      createdBy: actor.name,
    });
  });
}

/**
 * Overlapping rotation: a new secret under the same label; the old one keeps working for `overlapHours`
 * (never beyond its own expiry) so callers can switch without an outage.
 */
export async function rotateApiKey(
  deps: Deps,
  actor: Actor,
  partnerId: string,
  policyId: string,
  input: { label: string; overlapHours?: number; validityDays?: number },
): Promise<NewApiKey & { previousApiKeyId: string; previousValidTo: string }> {
  assertSelf(actor, partnerId);
  await activePartner(deps.db, partnerId);
  const now = deps.clock.now();
  const secret = generateSecret();
  const id = newId();
  const record = {
    action: 'apikey.rotate',
    target: `apikey:${id}`,
    details: (r: {
      partnerId: string;
      label: string;
      previousApiKeyId: string;
      previousValidTo: string;
    }) => ({
      partnerId,
      policyId,
      label: r.label,
      previousApiKeyId: r.previousApiKeyId,
      previousValidTo: r.previousValidTo,
      prefix: secret.prefix,
    }),
  };
  return auditedChange(deps, actor, record, async (trx) => {
    const old = await currentKeyByLabel(trx, partnerId, policyId, input.label);
    if (!old)
      throw new TrustError(
        'PMS_PRT_111',
        `No API key labelled ${JSON.stringify(input.label)} for policy ${policyId}.`,
      );
    if (old.status !== 'ACTIVE')
      throw new TrustError('PMS_PMS_022', 'A revoked API key cannot be rotated; generate a new one.');
    const policy = await trx
      .selectFrom('policies')
      .select(['status', 'valid_to'])
      .where('id', '=', policyId)
      .executeTakeFirstOrThrow();
    if (policy.status !== 'PUBLISHED')
      throw new TrustError('PMS_PMP_019', 'The policy of this key is no longer published.');
    const overlapEnd = new Date(
      now.getTime() + (input.overlapHours ?? DEFAULT_ROTATION_OVERLAP_HOURS) * HOUR_MS,
    );
    const previousValidTo = overlapEnd < old.valid_to ? overlapEnd : old.valid_to;
    const updated = await trx
      .updateTable('api_keys')
      .set({ superseded_by: id, valid_to: previousValidTo })
      .where('id', '=', old.id)
      .where('superseded_by', 'is', null)
      .where('status', '=', 'ACTIVE')
      .returning('id')
      .executeTakeFirst();
    if (!updated)
      throw new TrustError(
        'TS_CONFLICT',
        'The key was rotated or revoked by another request at the same time.',
      );
    const validTo = keyValidity(now, input.validityDays, policy.valid_to);
    const issued = await insertKey(trx, {
      id,
      secret,
      partnerId,
      policyId,
      requestId: old.request_id,
      label: old.label,
      now,
      validTo,
      createdBy: actor.name,
    });
    return {
      ...issued,
      previousApiKeyId: old.id,
      previousValidTo: previousValidTo.toISOString(),
    };
  });
}

/** PATCH /partners/{partnerId}/policy/{policyId}/apiKey/status: "De-active" revokes every key of the label (one-way). */
export async function setApiKeyStatus(
  deps: Deps,
  actor: Actor,
  partnerId: string,
  policyId: string,
  input: { label: string; status: string },
) {
  assertOwnPartner(actor, partnerId);
  const wanted = input.status.toLowerCase();
  if (wanted !== 'active' && wanted !== 'de-active')
    throw new TrustError(
      'PMS_PM_058',
      `Status must be Active or De-active, not ${JSON.stringify(input.status)}.`,
    );
  const keysOf = (db: Db | Trx) =>
    db
      .selectFrom('api_keys')
      .select(['id', 'status'])
      .where('partner_id', '=', partnerId)
      .where('policy_id', '=', policyId)
      .where(sql<string>`lower(label)`, '=', input.label.toLowerCase())
      .execute();
  const missing = () =>
    new TrustError(
      'PMS_PRT_111',
      `No API key labelled ${JSON.stringify(input.label)} for partner ${partnerId} and policy ${policyId}.`,
    );
  if (wanted === 'active') {
    const keys = await keysOf(deps.db);
    if (keys.length === 0) throw missing();
    if (keys.some((k) => k.status === 'REVOKED')) throw new TrustError('TS_APIKEY_REVOKED');
    return 'Partner apikey activated successfully.';
  }
  const record = {
    action: 'apikey.revoke',
    target: `partner:${partnerId}`,
    details: (ids: string[]) => ({ policyId, label: input.label, apiKeyIds: ids }),
  };
  await auditedChange(deps, actor, record, async (trx) => {
    const keys = await keysOf(trx);
    if (keys.length === 0) throw missing();
    const revoked = await trx
      .updateTable('api_keys')
      .set({ status: 'REVOKED', revoked_at: deps.clock.now(), revoked_by: actor.name })
      .where(
        'id',
        'in',
        keys.map((k) => k.id),
      )
      .where('status', '=', 'ACTIVE')
      .returning('id')
      .execute();
    if (revoked.length === 0) throw new TrustError('PMS_PMS_022', 'The API key is already de-activated.');
    return revoked.map((r) => r.id);
  });
  return 'Partner apikey de-activated successfully.';
}

/** The current (not superseded) key of a label, case-insensitive. */
export function currentKeyByLabel(trx: Trx, partnerId: string, policyId: string, label: string) {
  return trx
    .selectFrom('api_keys')
    .selectAll()
    .where('partner_id', '=', partnerId)
    .where('policy_id', '=', policyId)
    .where(sql<string>`lower(label)`, '=', label.toLowerCase())
    .where('superseded_by', 'is', null)
    .executeTakeFirst();
}
