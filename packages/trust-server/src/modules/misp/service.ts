import { auditedChange } from '../../audit/audited-change.ts';
import { type Deps, systemClock } from '../../deps.ts';
import { type Actor, assertOwnPartner, listScope } from '../../domain/actor.ts';
import { type IdaErrorCode, idaRefusal, TrustError } from '../../errors.ts';
import { findPartner } from '../../queries/partners.ts';
import type { Db, Trx } from '../../store/db.ts';
import { newId } from '../../store/ids.ts';
import { hashSecret } from '../api-keys/secret.ts';
import { toCsv } from './csv.ts';
import { generateLicenseKey, isWellFormedLicenseKey } from './license-key.ts';

/** Licence validity unless the request says otherwise (MOSIP dev: 90 days). */
export const DEFAULT_LICENSE_VALIDITY_DAYS = 90;
const DAY_MS = 86_400_000;

export async function activeMisp(db: Db | Trx, mispId: string) {
  const p = await findPartner(db, mispId);
  if (!p) throw new TrustError('PMS_MSP_005', `MISP partner ${mispId} does not exist.`);
  if (p.partner_type_code !== 'MISP_Partner')
    throw new TrustError('PMS_MSP_009', `Partner ${mispId} is a ${p.partner_type_code}, not a MISP.`);
  if (p.approval_status !== 'approved' || !p.is_active)
    throw new TrustError('PMS_MSP_405', `MISP partner ${mispId} is not approved and active.`);
  return p;
}

/** POST /misps: a licence for an approved MISP; the key is in this response only (stored as SHA-256). */
export async function issueLicense(
  deps: Deps,
  actor: Actor,
  input: { providerId: string; validityDays?: number },
) {
  assertOwnPartner(actor, input.providerId);
  const misp = await activeMisp(deps.db, input.providerId);
  const now = deps.clock.now();
  const key = generateLicenseKey();
  const id = newId();
  const validTo = new Date(now.getTime() + (input.validityDays ?? DEFAULT_LICENSE_VALIDITY_DAYS) * DAY_MS);
  const record = {
    action: 'misp.license.issue',
    target: `misp-license:${id}`,
    details: { mispId: misp.id, prefix: key.slice(0, 8), validTo: validTo.toISOString() },
    unique: ['PMS_MSP_416', `MISP ${misp.id} was issued a licence at the same time.`] as const,
  };
  await auditedChange(deps, actor, record, async (trx) => {
    // A licence past its expiry no longer blocks a new one.
    await trx
      .updateTable('misp_licenses')
      .set({ status: 'EXPIRED' })
      .where('misp_id', '=', misp.id)
      .where('status', '=', 'ACTIVE')
      .where('valid_to', '<', now)
      .execute();
    const live = await trx
      .selectFrom('misp_licenses')
      .select('id')
      .where('misp_id', '=', misp.id)
      .where('status', '=', 'ACTIVE')
      .executeTakeFirst();
    if (live)
      throw new TrustError(
        'PMS_MSP_416',
        `MISP ${misp.id} already holds an active licence (${live.id}); revoke it first.`,
      );
    await trx
      .insertInto('misp_licenses')
      .values({
        id,
        misp_id: misp.id,
        key_hash: hashSecret(key),
        key_prefix: key.slice(0, 8),
        valid_from: now,
        valid_to: validTo,
        created_by: actor.name,
        created_at: now,
      })
      .execute();
  });
  return {
    providerId: misp.id,
    licenseId: id,
    licenseKey: key,
    licenseKeyStatus: 'Active',
    licenseKeyExpiry: validTo.toISOString(),
  };
}

/** PUT /misps: "De-active" revokes (one-way); the licence is named by its key or, for the admin, its id. */
export async function updateLicense(
  deps: Deps,
  actor: Actor,
  input: { providerId: string; licenseKey?: string; licenseId?: string; licenseKeyStatus: string },
) {
  assertOwnPartner(actor, input.providerId);
  const wanted = input.licenseKeyStatus.toLowerCase();
  if (wanted !== 'active' && wanted !== 'de-active')
    throw new TrustError(
      'PMS_MSP_407',
      `Status must be Active or De-active, not ${JSON.stringify(input.licenseKeyStatus)}.`,
    );
  if (!input.licenseKey && !input.licenseId)
    throw new TrustError('PMS_COR_001', 'Invalid request parameter - licenseKey or licenseId is required');
  let q = deps.db.selectFrom('misp_licenses').selectAll().where('misp_id', '=', input.providerId);
  q = input.licenseKey
    ? q.where('key_hash', '=', hashSecret(input.licenseKey))
    : q.where('id', '=', input.licenseId ?? '');
  const license = await q.executeTakeFirst();
  if (!license) throw new TrustError('PMS_MSP_408');
  const view = (status: string) => ({
    providerId: license.misp_id,
    licenseId: license.id,
    licenseKey: input.licenseKey ?? `${license.key_prefix}…`,
    licenseKeyStatus: status,
    licenseKeyExpiry: license.valid_to.toISOString(),
  });
  if (wanted === 'active') {
    if (license.status !== 'ACTIVE')
      throw new TrustError(
        'TS_LICENSE_REVOKED',
        `Licence ${license.id} is ${license.status.toLowerCase()} and cannot be re-activated.`,
      );
    return view('active');
  }
  const record = {
    action: 'misp.license.revoke',
    target: `misp-license:${license.id}`,
    details: { mispId: license.misp_id },
  };
  await auditedChange(deps, actor, record, async (trx) => {
    const row = await trx
      .updateTable('misp_licenses')
      .set({ status: 'REVOKED', revoked_at: deps.clock.now(), revoked_by: actor.name })
      .where((eb) => eb.and({ id: license.id, status: 'ACTIVE' }))
      .returning('id')
      .executeTakeFirst();
    if (!row)
      throw new TrustError(
        'TS_CONFLICT',
        `Licence ${license.id} is already ${license.status.toLowerCase()}.`,
      );
  });
  return view('de-active');
}

/** GET /misps: the actor's own licences (an admin sees all); never the keys, only their first characters. */
export async function listLicenses(deps: Deps, actor: Actor) {
  const scope = listScope(actor);
  let q = deps.db.selectFrom('misp_licenses').selectAll().orderBy('created_at').orderBy('id');
  if (scope) q = q.where('misp_id', '=', scope);
  const now = deps.clock.now().getTime();
  return (await q.execute()).map((l) => ({
    mispId: l.misp_id,
    licenseId: l.id,
    licenseKeyPrefix: l.key_prefix,
    status: l.status === 'ACTIVE' && l.valid_to.getTime() < now ? 'EXPIRED' : l.status,
    isActive: l.status === 'ACTIVE' && l.valid_to.getTime() >= now,
    validFromDate: l.valid_from.toISOString(),
    validToDate: l.valid_to.toISOString(),
    createdBy: l.created_by,
    createdDateTime: l.created_at.toISOString(),
  }));
}

export type LicenseValidation =
  | { valid: true; mispId: string; licenseId: string }
  | { valid: false; errorCode: IdaErrorCode; message: string };

/** The auth API's licence check (IDA codes, docs/trust-server-capabilities.md "MISP licences"). */
export async function validateLicenseKey(
  db: Db | Trx,
  licenseKey: string,
  now: Date = systemClock.now(),
): Promise<LicenseValidation> {
  const missing = idaRefusal('IDA-MPA-007');
  if (typeof licenseKey !== 'string' || !isWellFormedLicenseKey(licenseKey)) return missing;
  const l = await db
    .selectFrom('misp_licenses')
    .selectAll()
    .where('key_hash', '=', hashSecret(licenseKey))
    .executeTakeFirst();
  if (!l) return missing;
  if (l.status === 'REVOKED') return idaRefusal('IDA-MPA-017');
  if (now < l.valid_from) return missing;
  if (now > l.valid_to || l.status === 'EXPIRED') return idaRefusal('IDA-MPA-008');
  return { valid: true, mispId: l.misp_id, licenseId: l.id };
}

export interface TransactionFilter {
  partnerId?: string;
  status?: 'Y' | 'N';
  from?: string;
  to?: string;
}

function parseBound(value: string | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime()))
    throw new TrustError('PMS_COR_002', `${name} must be an ISO-8601 date-time.`);
  return d;
}

function filtered(db: Db, mispId: string, f: TransactionFilter) {
  const from = parseBound(f.from, 'from');
  const to = parseBound(f.to, 'to');
  let q = db.selectFrom('auth_transactions').where('misp_id', '=', mispId);
  if (f.partnerId) q = q.where('partner_id', '=', f.partnerId);
  if (f.status) q = q.where('status_code', '=', f.status);
  if (from) q = q.where('request_time', '>=', from);
  if (to) q = q.where('request_time', '<', to);
  return q;
}

const TRANSACTION_COLUMNS = [
  'transactionId',
  'requestTime',
  'responseTime',
  'partnerId',
  'partnerName',
  'authType',
  'status',
  'statusComment',
  'errorCode',
  'licenseId',
] as const;

function transactionView(r: {
  transaction_id: string;
  request_time: Date;
  response_time: Date;
  partner_id: string;
  partner_name: string | null;
  auth_type_code: string;
  status_code: 'Y' | 'N';
  status_comment: string;
  error_code: string | null;
  misp_license_id: string | null;
}) {
  return {
    transactionId: r.transaction_id,
    requestTime: r.request_time.toISOString(),
    responseTime: r.response_time.toISOString(),
    partnerId: r.partner_id,
    partnerName: r.partner_name,
    authType: r.auth_type_code,
    status: r.status_code === 'Y' ? 'success' : 'failure',
    statusComment: r.status_comment,
    errorCode: r.error_code,
    licenseId: r.misp_license_id,
  };
}

/** The MISP's view of authentications made through its licences, newest first, paged (pageNo from 0). */
export async function listTransactions(
  deps: Deps,
  actor: Actor,
  mispId: string,
  f: TransactionFilter & { pageNo?: number; pageSize?: number },
) {
  assertOwnPartner(actor, mispId);
  const pageNo = f.pageNo ?? 0;
  const pageSize = f.pageSize ?? 20;
  if (pageNo < 0 || pageSize < 1 || pageSize > 500) throw new TrustError('TS_BAD_PAGE');
  const total = await filtered(deps.db, mispId, f)
    .select(deps.db.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await filtered(deps.db, mispId, f)
    .selectAll()
    .orderBy('request_time', 'desc')
    .orderBy('id')
    .limit(pageSize)
    .offset(pageNo * pageSize)
    .execute();
  return { pageNo, pageSize, totalResults: Number(total.n), data: rows.map(transactionView) };
}

/** The same rows as CSV (at most `limit`, newest first). */
export async function exportTransactionsCsv(
  deps: Deps,
  actor: Actor,
  mispId: string,
  f: TransactionFilter,
  limit = 100_000,
): Promise<string> {
  assertOwnPartner(actor, mispId);
  const rows = await filtered(deps.db, mispId, f)
    .selectAll()
    .orderBy('request_time', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
  return toCsv(TRANSACTION_COLUMNS, rows.map(transactionView));
}
