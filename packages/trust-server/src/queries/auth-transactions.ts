import { createHash } from 'node:crypto';
import type { AuthTraceStep, AuthTransactionTrace } from '@mosip-trust/contracts';
import { TrustError } from '../errors.ts';
import type { Db, Trx } from '../store/db.ts';
import { newId } from '../store/ids.ts';

// The authentication transaction log (table auth_transactions, migrations 015 and 050): written once per
// call of the authentication API, read by the partner, the MISP of the licence (docs/trust-server.md,
// "Authentication API") and the MISP's transaction view.

export interface AuthTransactionInput {
  requestTime: Date;
  responseTime: Date;
  transactionId: string;
  partnerId: string;
  partnerName?: string | null;
  apiKeyId?: string | null;
  policyId?: string | null;
  mispId?: string | null;
  mispLicenseId?: string | null;
  /** Requested auth types, e.g. ["bio", "otp"]; stored comma-joined as autn_txn.auth_type_code. */
  authTypes: string[];
  success: boolean;
  statusComment?: string;
  errorCode?: string | null;
  /** Every error code of the answer (the first is `errorCode`). */
  errorCodes?: string[];
  /** The individual id: only its upper-case hex SHA-256 is stored. */
  individualId?: string | null;
  individualIdType?: string | null;
  domainUri?: string | null;
  env?: string | null;
  latencyMs?: number | null;
  /** The decision trace: every check, in order, with its outcome (no biometric data, no individual id). */
  trace?: AuthTraceStep[];
  failedCheck?: string | null;
  matchPerformed?: boolean | null;
}

/** The auth_transactions row of one call (checked: a row without its identifying fields is a bug). */
export function authTransactionRow(id: string, input: AuthTransactionInput) {
  if (
    !input.transactionId ||
    !input.partnerId ||
    !(input.requestTime instanceof Date) ||
    !(input.responseTime instanceof Date)
  ) {
    throw new TrustError(
      'PMS_COR_002',
      'recordAuthTransaction needs transactionId, partnerId, requestTime and responseTime.',
    );
  }
  const authType = input.authTypes.join(',');
  return {
    id,
    request_time: input.requestTime,
    response_time: input.responseTime,
    transaction_id: input.transactionId,
    partner_id: input.partnerId,
    partner_name: input.partnerName ?? null,
    api_key_id: input.apiKeyId ?? null,
    policy_id: input.policyId ?? null,
    misp_id: input.mispId ?? null,
    misp_license_id: input.mispLicenseId ?? null,
    auth_type_code: authType,
    status_code: input.success ? ('Y' as const) : ('N' as const),
    status_comment: input.statusComment ?? `${authType} ${input.success ? 'Success' : 'Failed'}`,
    error_code: input.errorCode ?? null,
    ref_id_hash: input.individualId
      ? createHash('sha256').update(input.individualId).digest('hex').toUpperCase()
      : null,
    ref_id_type: input.individualIdType ?? null,
    domain_uri: input.domainUri ?? null,
    env: input.env ?? null,
    latency_ms: input.latencyMs ?? null,
    decision_trace: input.trace ? JSON.stringify(input.trace) : null,
    error_codes: JSON.stringify(input.errorCodes ?? (input.errorCode ? [input.errorCode] : [])),
    failed_check: input.failedCheck ?? null,
    match_performed: input.matchPerformed ?? null,
  };
}

/** Writes one auth transaction row (one indexed insert). Returns its id. */
export async function recordAuthTransaction(trx: Db | Trx, input: AuthTransactionInput): Promise<string> {
  const id = newId();
  await trx.insertInto('auth_transactions').values(authTransactionRow(id, input)).execute();
  return id;
}

type Row = {
  id: string;
  transaction_id: string;
  request_time: Date;
  response_time: Date;
  partner_id: string;
  misp_id: string | null;
  misp_license_id: string | null;
  api_key_id: string | null;
  policy_id: string | null;
  auth_type_code: string;
  status_code: 'Y' | 'N';
  error_code: string | null;
  error_codes: unknown;
  failed_check: string | null;
  match_performed: boolean | null;
  decision_trace: unknown;
};

function traceView(r: Row): AuthTransactionTrace {
  const codes = Array.isArray(r.error_codes)
    ? (r.error_codes as string[])
    : r.error_code
      ? [r.error_code]
      : [];
  return {
    id: r.id,
    transactionId: r.transaction_id,
    requestTime: r.request_time.toISOString(),
    responseTime: r.response_time.toISOString(),
    partnerId: r.partner_id,
    mispId: r.misp_id,
    licenseId: r.misp_license_id,
    apiKeyId: r.api_key_id,
    policyId: r.policy_id,
    authTypes: r.auth_type_code ? r.auth_type_code.split(',') : [],
    status: r.status_code === 'Y' ? 'success' : 'failure',
    errorCodes: codes,
    failedCheck: r.failed_check,
    matchPerformed: r.match_performed,
    trace: Array.isArray(r.decision_trace) ? (r.decision_trace as AuthTraceStep[]) : [],
  };
}

const TRACE_COLUMNS = [
  'id',
  'transaction_id',
  'request_time',
  'response_time',
  'partner_id',
  'misp_id',
  'misp_license_id',
  'api_key_id',
  'policy_id',
  'auth_type_code',
  'status_code',
  'error_code',
  'error_codes',
  'failed_check',
  'match_performed',
  'decision_trace',
] as const;

/**
 * The rows with this transactionID that `partyId` may read: made by it as the partner, or through a
 * licence of it as the MISP. Newest first.
 */
export async function findTracesFor(
  db: Db,
  transactionId: string,
  partyId: string,
): Promise<AuthTransactionTrace[]> {
  const rows = await db
    .selectFrom('auth_transactions')
    .select(TRACE_COLUMNS)
    .where('transaction_id', '=', transactionId)
    .where((eb) => eb.or([eb('partner_id', '=', partyId), eb('misp_id', '=', partyId)]))
    .orderBy('request_time', 'desc')
    .orderBy('id')
    .limit(100)
    .execute();
  return (rows as Row[]).map(traceView);
}

/** A partner's own authentications, newest first, paged (pageNo from 0). */
export async function listPartnerTransactions(
  db: Db,
  partnerId: string,
  page: { pageNo: number; pageSize: number },
): Promise<{ totalResults: number; data: AuthTransactionTrace[] }> {
  const total = await db
    .selectFrom('auth_transactions')
    .select(db.fn.countAll<number>().as('n'))
    .where('partner_id', '=', partnerId)
    .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('auth_transactions')
    .select(TRACE_COLUMNS)
    .where('partner_id', '=', partnerId)
    .orderBy('request_time', 'desc')
    .orderBy('id')
    .limit(page.pageSize)
    .offset(page.pageNo * page.pageSize)
    .execute();
  return { totalResults: Number(total.n), data: (rows as Row[]).map(traceView) };
}
