import { sql } from 'kysely';
import { type Deps, systemClock } from '../../deps.ts';
import { type Actor, assertOwnPartner } from '../../domain/actor.ts';
import { TrustError } from '../../errors.ts';
import { findPartner, type PartnerRow } from '../../queries/partners.ts';
import { findPublishedByName } from '../../queries/policies.ts';
import { type Db, type Trx, withTransaction } from '../../store/db.ts';
import { newId } from '../../store/ids.ts';
import { uniqueAs } from '../../store/unique.ts';
import { generateSecret, hashSecret, isWellFormedSecret } from './secret.ts';

/** MOSIP mosip.pmp.partner.policy.expiry.period.indays (dev default). */
export const DEFAULT_KEY_VALIDITY_DAYS = 180;
/** How long a rotated key keeps working beside its successor unless the actor says otherwise. */
export const DEFAULT_ROTATION_OVERLAP_HOURS = 24;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Partner types that hold API keys (authentication and credential partners). */
const KEY_PARTNER_TYPES = new Set(['Auth_Partner', 'Credential_Partner']);

function assertActivePartner(partner: PartnerRow | undefined, partnerId: string): PartnerRow {
  if (!partner) throw new TrustError('PMS_PRT_005', `Partner ${partnerId} does not exist.`);
  if (!(partner.approval_status === 'approved' && partner.is_active))
    throw new TrustError('PMS_PMP_016', `Partner ${partnerId} is not active.`);
  return partner;
}

/** Only the partner itself sees a new secret (MOSIP: token user must equal partnerId, admins included). */
function assertSelf(actor: Actor, partnerId: string): void {
  if (actor.partnerId !== partnerId)
    throw new TrustError(
      'PMS_PRT_055',
      'User not authorized: only the partner itself can create or rotate its API keys.',
    );
}

// ---- policy mapping requests

export async function requestPolicy(
  deps: Deps,
  actor: Actor,
  partnerId: string,
  input: { policyName: string; useCaseDescription: string },
) {
  assertOwnPartner(actor, partnerId);
  const partner = assertActivePartner(await findPartner(deps.db, partnerId), partnerId);
  if (!KEY_PARTNER_TYPES.has(partner.partner_type_code)) {
    throw new TrustError('PMS_PRT_048', `A ${partner.partner_type_code} does not request policies.`);
  }
  if (!partner.policy_group_id)
    throw new TrustError('PMS_PRT_047', `Partner ${partnerId} is not mapped to a policy group.`);
  const group = await deps.db
    .selectFrom('policy_groups')
    .selectAll()
    .where('id', '=', partner.policy_group_id)
    .executeTakeFirstOrThrow();
  if (!group.is_active) throw new TrustError('PMS_PMP_023', `Policy group ${group.name} is not active.`);
  const policy = await findPublishedByName(deps.db, group.id, input.policyName);
  if (!policy) {
    const any = await deps.db
      .selectFrom('policies')
      .select('status')
      .where('policy_group_id', '=', group.id)
      .where(sql<string>`lower(name)`, '=', input.policyName.toLowerCase())
      .executeTakeFirst();
    if (any) throw new TrustError('PMS_PMP_019', `Policy ${input.policyName} is not published.`);
    throw new TrustError('PMS_PRT_098', `Policy ${input.policyName} is not in policy group ${group.name}.`);
  }
  const now = deps.clock.now();
  if (policy.valid_to.getTime() < now.getTime())
    throw new TrustError('PMS_PMP_018', `Policy ${input.policyName} expired.`);
  const message = (state: string) => `Mapping exists for given policy and partner and is in ${state} state.`;
  return withTransaction(deps.db, async (trx) => {
    const open = await trx
      .selectFrom('policy_requests')
      .select('status')
      .where('partner_id', '=', partnerId)
      .where('policy_id', '=', policy.id)
      .where('status', '<>', 'rejected')
      .executeTakeFirst();
    if (open) throw new TrustError('PMS_PRT_053', message(open.status));
    const id = newId();
    await trx
      .insertInto('policy_requests')
      .values({
        id,
        partner_id: partnerId,
        policy_id: policy.id,
        use_case: input.useCaseDescription,
        created_by: actor.name,
        created_at: now,
      })
      .execute();
    await deps.audit.append(trx, {
      actor: actor.name,
      action: 'apikey.request.create',
      target: `policy-request:${id}`,
      details: { partnerId, policyId: policy.id, revision: policy.revision },
    });
    return { mappingkey: id, message: 'Policy mapping request submitted successfully.' };
  }).catch(uniqueAs('PMS_PRT_053', message('InProgress')));
}

/**
 * PUT /partners/policy/{mappingkey}: the admin approves or rejects (a reason is required to reject).
 * The conditional update lets exactly one of two concurrent decisions win; the other gets PMS_PM_034/035.
 */
export async function decidePolicyRequest(
  deps: Deps,
  actor: Actor,
  mappingKey: string,
  input: { status: string; reason?: string },
) {
  const decision = input.status.toLowerCase();
  if (decision !== 'approved' && decision !== 'rejected')
    throw new TrustError(
      'PMS_PM_045',
      `Status must be Approved or Rejected, not ${JSON.stringify(input.status)}.`,
    );
  const reason = input.reason?.trim() || null;
  if (decision === 'rejected' && !reason) throw new TrustError('TS_REASON_REQUIRED');
  return withTransaction(deps.db, async (trx) => {
    const request = await trx
      .selectFrom('policy_requests')
      .selectAll()
      .where('id', '=', mappingKey)
      .executeTakeFirst();
    if (!request) throw new TrustError('PMS_PMP_007', `Policy mapping request ${mappingKey} does not exist.`);
    if (decision === 'approved' && request.status === 'InProgress') {
      const policy = await trx
        .selectFrom('policies')
        .select(['status', 'valid_to'])
        .where('id', '=', request.policy_id)
        .executeTakeFirstOrThrow();
      if (policy.status !== 'PUBLISHED')
        throw new TrustError('PMS_PMP_019', 'The requested policy version is no longer published.');
      assertActivePartner(await findPartner(trx, request.partner_id), request.partner_id);
    }
    const now = deps.clock.now();
    const row = await trx
      .updateTable('policy_requests')
      .set({ status: decision, reason, decided_by: actor.name, decided_at: now })
      .where('id', '=', mappingKey)
      .where('status', '=', 'InProgress')
      .returning('id')
      .executeTakeFirst();
    if (!row) {
      const after = await trx
        .selectFrom('policy_requests')
        .select('status')
        .where('id', '=', mappingKey)
        .executeTakeFirstOrThrow();
      throw after.status === 'approved' ? new TrustError('PMS_PM_034') : new TrustError('PMS_PM_035');
    }
    await deps.audit.append(trx, {
      actor: actor.name,
      action: `apikey.request.${decision === 'approved' ? 'approve' : 'reject'}`,
      target: `policy-request:${mappingKey}`,
      details: { partnerId: request.partner_id, policyId: request.policy_id, ...(reason ? { reason } : {}) },
    });
    return decision === 'approved'
      ? 'Policy mapping approved successfully'
      : 'Policy mapping rejected successfully';
  });
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
  const partner = assertActivePartner(await findPartner(deps.db, partnerId), partnerId);
  const approved = await approvedPolicyFor(deps.db, partner, input.policyName);
  const now = deps.clock.now();
  const validTo = keyValidity(now, input.validityDays, approved.policyValidTo);
  const secret = generateSecret();
  const id = newId();
  const labelMessage = `API key label ${JSON.stringify(input.label)} already exists for this policy.`;
  return withTransaction(deps.db, async (trx) => {
    const taken = await trx
      .selectFrom('api_keys')
      .select('id')
      .where('partner_id', '=', partnerId)
      .where('policy_id', '=', approved.policyId)
      .where(sql<string>`lower(label)`, '=', input.label.toLowerCase())
      .where('superseded_by', 'is', null)
      .executeTakeFirst();
    if (taken) throw new TrustError('PMS_PRT_110', labelMessage);
    const issued = await insertKey(trx, {
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
    await deps.audit.append(trx, {
      actor: actor.name,
      action: 'apikey.create',
      target: `apikey:${id}`,
      details: {
        partnerId,
        policyId: approved.policyId,
        label: input.label,
        prefix: secret.prefix,
        validTo: validTo.toISOString(),
      },
    });
    return issued;
  }).catch(uniqueAs('PMS_PRT_110', labelMessage));
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
  assertActivePartner(await findPartner(deps.db, partnerId), partnerId);
  const now = deps.clock.now();
  const secret = generateSecret();
  const id = newId();
  return withTransaction(deps.db, async (trx) => {
    const old = await trx
      .selectFrom('api_keys')
      .selectAll()
      .where('partner_id', '=', partnerId)
      .where('policy_id', '=', policyId)
      .where(sql<string>`lower(label)`, '=', input.label.toLowerCase())
      .where('superseded_by', 'is', null)
      .executeTakeFirst();
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
    await deps.audit.append(trx, {
      actor: actor.name,
      action: 'apikey.rotate',
      target: `apikey:${id}`,
      details: {
        partnerId,
        policyId,
        label: old.label,
        previousApiKeyId: old.id,
        previousValidTo: previousValidTo.toISOString(),
        prefix: secret.prefix,
      },
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
  return withTransaction(deps.db, async (trx) => {
    const keys = await trx
      .selectFrom('api_keys')
      .select(['id', 'status'])
      .where('partner_id', '=', partnerId)
      .where('policy_id', '=', policyId)
      .where(sql<string>`lower(label)`, '=', input.label.toLowerCase())
      .execute();
    if (keys.length === 0)
      throw new TrustError(
        'PMS_PRT_111',
        `No API key labelled ${JSON.stringify(input.label)} for partner ${partnerId} and policy ${policyId}.`,
      );
    if (wanted === 'active') {
      if (keys.some((k) => k.status === 'REVOKED')) throw new TrustError('TS_APIKEY_REVOKED');
      return 'Partner apikey activated successfully.';
    }
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
    await deps.audit.append(trx, {
      actor: actor.name,
      action: 'apikey.revoke',
      target: `partner:${partnerId}`,
      details: { policyId, label: input.label, apiKeyIds: revoked.map((r) => r.id) },
    });
    return 'Partner apikey de-activated successfully.';
  });
}

/** GET /partners/{partnerId}/apikey/request: the partner's requests, each with its keys (never their secrets). */
export async function listPartnerRequests(deps: Deps, actor: Actor, partnerId: string) {
  assertOwnPartner(actor, partnerId);
  if (!(await findPartner(deps.db, partnerId)))
    throw new TrustError('PMS_PRT_005', `Partner ${partnerId} does not exist.`);
  const requests = await deps.db
    .selectFrom('policy_requests as r')
    .innerJoin('policies as p', 'p.id', 'r.policy_id')
    .select([
      'r.id',
      'r.status',
      'r.use_case',
      'r.reason',
      'r.created_at',
      'r.decided_at',
      'p.id as policyId',
      'p.name as policyName',
      'p.revision',
    ])
    .where('r.partner_id', '=', partnerId)
    .orderBy('r.created_at')
    .execute();
  const keys = await deps.db
    .selectFrom('api_keys')
    .selectAll()
    .where('partner_id', '=', partnerId)
    .orderBy('created_at')
    .execute();
  const now = deps.clock.now().getTime();
  return requests.map((r) => {
    const own = keys.filter((k) => k.request_id === r.id);
    const live = own.filter((k) => k.status === 'ACTIVE' && k.valid_to.getTime() > now);
    return {
      apiKeyReqID: r.id,
      apiKeyRequestStatus: r.status,
      partnerApiKey: null,
      apikeyStatus: live.length > 0,
      validityTill:
        live.length > 0 ? new Date(Math.max(...live.map((k) => k.valid_to.getTime()))).toISOString() : null,
      policyId: r.policyId,
      policyName: r.policyName,
      policyRevision: r.revision,
      useCaseDescription: r.use_case,
      reason: r.reason,
      requestedAt: r.created_at.toISOString(),
      decidedAt: r.decided_at?.toISOString() ?? null,
      apiKeys: own.map((k) => ({
        apiKeyId: k.id,
        label: k.label,
        keyPrefix: k.secret_prefix,
        status: k.status === 'REVOKED' ? 'revoked' : k.valid_to.getTime() <= now ? 'expired' : 'active',
        validFrom: k.valid_from.toISOString(),
        validTo: k.valid_to.toISOString(),
        supersededBy: k.superseded_by,
      })),
    };
  });
}

/** GET /partners/apikey (admin): every policy mapping request, optionally of one status. */
export async function listAllRequests(deps: Deps, status?: string) {
  let q = deps.db
    .selectFrom('policy_requests as r')
    .innerJoin('partners as pa', 'pa.id', 'r.partner_id')
    .innerJoin('policies as p', 'p.id', 'r.policy_id')
    .select([
      'r.id',
      'r.status',
      'r.use_case',
      'r.created_at',
      'pa.id as partnerId',
      'pa.name as orgName',
      'p.id as policyId',
      'p.name as policyName',
    ])
    .orderBy('r.created_at');
  if (status) q = q.where('r.status', '=', status as 'InProgress' | 'approved' | 'rejected');
  const rows = await q.execute();
  return {
    apikeyRequests: rows.map((r) => ({
      partnerID: r.partnerId,
      status: r.status,
      organizationName: r.orgName,
      policyId: r.policyId,
      policyName: r.policyName,
      policyDesc: r.use_case,
      apiKeyReqNo: r.id,
      requestedAt: r.created_at.toISOString(),
    })),
  };
}

// ---- validation on the auth path

export type ApiKeyValidation =
  | { valid: true; apiKeyId: string; partnerId: string; policyId: string; label: string; validTo: Date }
  | { valid: false; errorCode: string; message: string };

/**
 * Checks an API key for the auth API (reference server-verification §8.3 order and IDA codes): the key exists for
 * this partner, the partner is active, the policy is published and current, the key is active and within its
 * validity. One indexed lookup by the secret's SHA-256.
 */
export async function validateApiKey(
  db: Db | Trx,
  partnerId: string,
  apiKey: string,
  now: Date = systemClock.now(),
): Promise<ApiKeyValidation> {
  const notRegistered = {
    valid: false as const,
    errorCode: 'IDA-MPA-009',
    message: 'Partner is not registered',
  };
  if (typeof apiKey !== 'string' || !isWellFormedSecret(apiKey)) return notRegistered;
  // One indexed lookup through api_key_lookup (migration 018), whose plan the session keeps.
  const { rows } = await sql<{
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
  }>`select id, partner_id, policy_id, label, status, valid_from, valid_to,
       partner_active as "partnerActive", partner_status as "partnerStatus", policy_status as "policyStatus",
       policy_valid_from as "policyValidFrom", policy_valid_to as "policyValidTo"
     from api_key_lookup(${hashSecret(apiKey)})`.execute(db);
  const row = rows[0];
  if (!row || row.partner_id !== partnerId) return notRegistered;
  if (!(row.partnerActive && row.partnerStatus === 'approved'))
    return { valid: false, errorCode: 'IDA-MPA-012', message: 'Partner is deactivated' };
  const t = now.getTime();
  if (
    row.policyStatus !== 'PUBLISHED' ||
    t < row.policyValidFrom.getTime() ||
    t > row.policyValidTo.getTime()
  ) {
    return { valid: false, errorCode: 'IDA-MPA-019', message: 'Partner policy is not active' };
  }
  if (row.status !== 'ACTIVE')
    return { valid: false, errorCode: 'IDA-MPA-012', message: 'Partner API key is deactivated' };
  if (t < row.valid_from.getTime() || t > row.valid_to.getTime()) {
    return {
      valid: false,
      errorCode: 'IDA-MPA-039',
      message: 'Partner API is expired or using before Commence Start Date',
    };
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
