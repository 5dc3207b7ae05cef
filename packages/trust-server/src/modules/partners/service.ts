import type { PartnerView } from '@mosip-trust/contracts';
import { auditedChange } from '../../audit/audited-change.ts';
import { isAdmin } from '../../auth/roles.ts';
import type { Deps } from '../../deps.ts';
import { type Actor, assertOwnPartner } from '../../domain/actor.ts';
import { TrustError } from '../../errors.ts';
import { rowBy } from '../../queries/rows.ts';
import { readSearchRequest } from '../../store/catalogue-search.ts';
import type { Db, Trx } from '../../store/db.ts';
import { applyFilters, applyPaging, planSearch, type SearchDto, toPage } from '../../store/search.ts';
import { checkDisplayFields } from './display-fields.ts';

export interface RegisterInput {
  partnerId: string;
  organizationName: string;
  address: string;
  contactNumber: string;
  emailId: string;
  partnerType: string;
  policyGroup?: string | null;
  langCode?: string | null;
  logoUrl?: string | null;
  additionalInfo?: unknown;
}

const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;
const PHONE = /^[0-9+() -]+$/;

function baseQuery(db: Db | Trx) {
  return db
    .selectFrom('partners as p')
    .leftJoin('policy_groups as g', 'g.id', 'p.policy_group_id')
    .selectAll('p')
    .select(['g.name as policy_group_name']);
}

type PartnerRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

export function toPartnerView(r: PartnerRow): PartnerView {
  return {
    partnerID: r.id,
    status: r.is_active ? 'active' : 'De-active',
    organizationName: r.name,
    contactNumber: r.contact_no,
    emailId: r.email_id,
    address: r.address,
    partnerType: r.partner_type_code,
    policyGroup: r.policy_group_name ?? null,
    policyGroupId: r.policy_group_id,
    isActive: r.is_active,
    approvalStatus: r.approval_status,
    rejectionReason: r.rejection_reason,
    logoUrl: r.logo_url,
    additionalInfo: r.additional_info ?? null,
    certificateUploaded: r.certificate_alias !== null,
    createdBy: r.created_by,
    createdDateTime: r.created_at.toISOString(),
    updatedDateTime: r.updated_at ? r.updated_at.toISOString() : null,
  };
}

export function checkContact(contactNumber: string, emailId?: string): void {
  if (contactNumber.length > 16 || !PHONE.test(contactNumber)) throw new TrustError('PMS_PRT_013');
  if (emailId !== undefined && !EMAIL.test(emailId)) throw new TrustError('PMS_PRT_012');
}

/**
 * Self-registration (MOSIP POST /partners): the calling user becomes the partner's first user.
 * Checks in MOSIP's order; the partner starts InProgress and inactive until an admin approves.
 */
/**
 * Who may register a partner: a user account acting for none yet, or an admin or a configured onboarding account,
 * which register partners for organisations and stay unlinked (docs/trust-server.md). Returns whether the actor
 * registers on behalf of others.
 */
function assertMayRegister(deps: Pick<Deps, 'config'>, actor: Actor): boolean {
  // A machine client cannot; the system actor can (bootstrap: `mosip-trust up` onboards its devices' makers).
  if (actor.kind === 'client')
    throw new TrustError('PMS_PRT_055', 'Only a user account can register a partner');
  // Anyone else becomes the partner's user, and a user acts for one partner.
  const onBehalf = isAdmin(actor) || deps.config.onboardingAccounts.includes(actor.name);
  if (!onBehalf && actor.partnerId) throw new TrustError('TS_PARTNER_USER_EXISTS');
  return onBehalf;
}

/**
 * What registration checks before it inserts, in one query (one round trip rather than four): whether
 * the e-mail (ignoring case) or the id is taken, the active partner type (by code, ignoring case) and
 * the policy group by name.
 */
function registrationLookups(trx: Trx, input: RegisterInput) {
  return trx
    .selectNoFrom((eb) => [
      eb
        .exists(
          eb
            .selectFrom('partners')
            .select('id')
            .where(trx.fn('lower', ['email_id']), '=', input.emailId.toLowerCase()),
        )
        .as('email_taken'),
      eb.exists(eb.selectFrom('partners').select('id').where('id', '=', input.partnerId)).as('id_taken'),
      typeField(trx, input, 'code').as('type_code'),
      typeField(trx, input, 'is_policy_required').as('type_policy_required'),
      groupField(trx, input, 'id').as('group_id'),
      groupField(trx, input, 'is_active').as('group_active'),
    ])
    .executeTakeFirstOrThrow();
}

function typeField<C extends 'code' | 'is_policy_required'>(trx: Trx, input: RegisterInput, column: C) {
  return (
    trx
      .selectFrom('partner_types')
      .select(column)
      .where(trx.fn('lower', ['code']), '=', input.partnerType.toLowerCase())
      .where('is_active', '=', true)
      // Both fields from the same row, should two codes ever differ only in case.
      .orderBy('code')
      .limit(1)
  );
}

function groupField<C extends 'id' | 'is_active'>(trx: Trx, input: RegisterInput, column: C) {
  return trx
    .selectFrom('policy_groups')
    .select(column)
    .where('name', '=', input.policyGroup ?? '');
}

export async function registerPartner(
  deps: Deps,
  actor: Actor,
  input: RegisterInput,
): Promise<{ partnerId: string; status: string }> {
  checkDisplayFields(input);
  const onBehalf = assertMayRegister(deps, actor);
  checkContact(input.contactNumber, input.emailId);
  if (/\s/.test(input.partnerId)) throw new TrustError('PMS_PRT_066');
  if (input.partnerId.length > deps.config.partnerIdMaxLength) throw new TrustError('PMS_PRT_052');
  const record = {
    action: 'partner.register',
    target: `partner:${input.partnerId}`,
    details: (partnerType: string) => ({
      partnerType,
      organizationName: input.organizationName,
      policyGroup: input.policyGroup || null,
      onBehalf,
    }),
  };
  await auditedChange(deps, actor, record, async (trx) => {
    const found = await registrationLookups(trx, input);
    if (found.email_taken) throw new TrustError('PMS_PRT_011');
    if (found.id_taken) throw new TrustError('PMS_PRT_051');
    if (!found.type_code) throw new TrustError('PMS_PRT_010');
    let policyGroupId: string | null = null;
    if (input.policyGroup) {
      if (!found.group_id) throw new TrustError('PMS_PRT_002');
      if (!found.group_active) throw new TrustError('PMS_PMP_023');
      policyGroupId = found.group_id;
    } else if (found.type_policy_required) {
      throw new TrustError('PMS_PRT_108', `Policy group is Mandatory for ${found.type_code}`);
    }
    const insert = trx.insertInto('partners').values({
      id: input.partnerId,
      name: input.organizationName,
      address: input.address,
      contact_no: input.contactNumber,
      email_id: input.emailId,
      partner_type_code: found.type_code,
      policy_group_id: policyGroupId,
      rejection_reason: null,
      lang_code: input.langCode ?? null,
      logo_url: input.logoUrl ?? null,
      additional_info: input.additionalInfo === undefined ? null : JSON.stringify(input.additionalInfo),
      certificate_alias: null,
      created_by: actor.name,
      created_at: deps.clock.now(),
      updated_by: null,
      updated_at: null,
    });
    if (onBehalf) {
      await insert.execute();
      return found.type_code;
    }
    // A user acts for one partner: only a user without one gets here, and only once. The partner and
    // the link in one statement (one round trip); no link rolls the partner back with the transaction.
    const linked = await trx
      .with('partner', () => insert.returning('id'))
      .updateTable('users')
      .set({ partner_id: input.partnerId, updated_at: deps.clock.now() })
      .where('id', '=', actor.id)
      .where('partner_id', 'is', null)
      .executeTakeFirst();
    if (Number(linked.numUpdatedRows) !== 1) throw new TrustError('TS_PARTNER_USER_EXISTS');
    return found.type_code;
  });
  return { partnerId: input.partnerId, status: 'InProgress' };
}

export async function getPartner(db: Db | Trx, partnerId: string): Promise<PartnerView> {
  const row = await baseQuery(db).where('p.id', '=', partnerId).executeTakeFirst();
  if (!row) throw new TrustError('PMS_PRT_005');
  return toPartnerView(row);
}

/** GET /partners/{id}: one partner, for an admin or the partner itself. */
export function viewPartner(deps: Deps, actor: Actor, partnerId: string): Promise<PartnerView> {
  assertOwnPartner(actor, partnerId);
  return getPartner(deps.db, partnerId);
}

export async function listPartners(db: Db, partnerType?: string): Promise<PartnerView[]> {
  let q = baseQuery(db).orderBy('p.created_at').orderBy('p.id').limit(10_000);
  if (partnerType)
    q = q.where((eb) => eb(eb.fn('lower', ['p.partner_type_code']), '=', partnerType.toLowerCase()));
  return (await q.execute()).map(toPartnerView);
}

/** MOSIP field names (Partner entity) searchable through POST /partners/search. */
const SEARCH_COLUMNS: Record<string, string> = {
  id: 'p.id',
  name: 'p.name',
  emailId: 'p.email_id',
  partnerTypeCode: 'p.partner_type_code',
  approvalStatus: 'p.approval_status',
  isActive: 'p.is_active',
  policyGroupId: 'p.policy_group_id',
  crDtimes: 'p.created_at',
};

/**
 * MOSIP POST /partners/search, the request read as MOSIP's clients send it (string page numbers, absent
 * sort); an unknown partnerType is refused with PMS_PRT_010; an actor without PARTNER_ADMIN sees only its own partner.
 */
export async function searchPartners(db: Db, actor: Actor, body: Record<string, unknown>) {
  const partnerType = body.partnerType;
  if (typeof partnerType !== 'string' || partnerType.trim() === '')
    throw new TrustError('PMS_COR_001', 'Invalid request parameter - must not be blank :partnerType');
  const dto: SearchDto = readSearchRequest(body, {
    ...Object.fromEntries(Object.entries(SEARCH_COLUMNS).map(([k, c]) => [k, { sql: c }])),
    isActive: { sql: 'p.is_active', kind: 'boolean' },
  });
  const plan = planSearch(dto, SEARCH_COLUMNS);
  let q = baseQuery(db);
  if (partnerType.toLowerCase() !== 'all') {
    const type = partnerType.toLowerCase();
    const known = await db
      .selectFrom('partner_types')
      .select('code')
      .where(db.fn('lower', ['code']), '=', type)
      .executeTakeFirst();
    if (!known) throw new TrustError('PMS_PRT_010', `Partner type ${partnerType} does not exist.`);
    q = q.where((eb) => eb(eb.fn('lower', ['p.partner_type_code']), '=', type));
  }
  if (!isAdmin(actor)) q = q.where('p.id', '=', actor.partnerId ?? '');
  q = applyFilters(q, plan);
  const total = await q.clearSelect().select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await applyPaging(q, plan, 'p.id').execute();
  return toPage(rows.map(toPartnerView), Number(total.n), plan.offset);
}

async function changeStatus(
  deps: Deps,
  actor: Actor,
  partnerId: string,
  action: string,
  update: {
    set: { approval_status?: 'approved' | 'rejected'; is_active?: boolean; rejection_reason?: string | null };
    /** The row must be in this state for the change to apply (optimistic concurrency). */
    where: { approval_status?: 'InProgress' | 'approved'; is_active?: boolean };
    refused: () => TrustError;
  },
  details: Record<string, unknown> = {},
): Promise<PartnerView> {
  const record = { action, target: `partner:${partnerId}`, details };
  return auditedChange(deps, actor, record, async (trx) => {
    let q = trx
      .updateTable('partners')
      .set((eb) => ({
        ...update.set,
        updated_by: actor.name,
        updated_at: deps.clock.now(),
        version: eb('version', '+', 1),
      }))
      .where('id', '=', partnerId);
    if (update.where.approval_status) q = q.where('approval_status', '=', update.where.approval_status);
    if (update.where.is_active !== undefined) q = q.where('is_active', '=', update.where.is_active);
    // The changed row, read back with its policy group's name in the same statement.
    const changed = await trx
      .with('p', () => q.returningAll())
      .selectFrom('p')
      .leftJoin('policy_groups as g', 'g.id', 'p.policy_group_id')
      .selectAll('p')
      .select(['g.name as policy_group_name'])
      .executeTakeFirst();
    if (!changed) {
      const exists = await rowBy(trx, 'partners', 'id', partnerId);
      throw exists ? update.refused() : new TrustError('PMS_PMP_005');
    }
    return toPartnerView(changed);
  });
}

/** Admin approval: InProgress -> approved and active. Of two concurrent approvals only one matches the row. */
export function approvePartner(deps: Deps, actor: Actor, partnerId: string): Promise<PartnerView> {
  return changeStatus(deps, actor, partnerId, 'partner.approve', {
    set: { approval_status: 'approved', is_active: true, rejection_reason: null },
    where: { approval_status: 'InProgress' },
    refused: () => new TrustError('TS_PARTNER_NOT_PENDING'),
  });
}

export function rejectPartner(
  deps: Deps,
  actor: Actor,
  partnerId: string,
  reason: string,
): Promise<PartnerView> {
  return changeStatus(
    deps,
    actor,
    partnerId,
    'partner.reject',
    {
      set: { approval_status: 'rejected', is_active: false, rejection_reason: reason },
      where: { approval_status: 'InProgress' },
      refused: () => new TrustError('TS_PARTNER_NOT_PENDING'),
    },
    { reason },
  );
}

/** MOSIP PATCH /partners/{id}: "Active" / "De-active" (case-insensitive); only an approved partner can be active. */
export function setPartnerActive(
  deps: Deps,
  actor: Actor,
  partnerId: string,
  status: string,
): Promise<PartnerView> {
  const s = status.toLowerCase();
  if (s !== 'active' && s !== 'de-active') throw new TrustError('PMS_PM_058');
  const activate = s === 'active';
  return changeStatus(deps, actor, partnerId, activate ? 'partner.activate' : 'partner.deactivate', {
    set: { is_active: activate },
    where: activate ? { approval_status: 'approved' } : {},
    refused: () => new TrustError('TS_PARTNER_NOT_APPROVED'),
  });
}

/** MOSIP PUT /partners/{id} (and v2): the partner's own contact and profile fields. */
export async function updateProfile(
  deps: Deps,
  actor: Actor,
  partnerId: string,
  input: { address: string; contactNumber: string; logoUrl?: string; additionalInfo?: unknown },
): Promise<{ partnerId: string; status: string }> {
  assertOwnPartner(actor, partnerId);
  checkContact(input.contactNumber);
  checkDisplayFields(input);
  const record = {
    action: 'partner.update',
    target: `partner:${partnerId}`,
    details: { fields: Object.keys(input) },
  };
  return auditedChange(deps, actor, record, async (trx) => {
    const row = await trx
      .updateTable('partners')
      .set((eb) => ({
        address: input.address,
        contact_no: input.contactNumber,
        ...(input.logoUrl !== undefined ? { logo_url: input.logoUrl } : {}),
        ...(input.additionalInfo !== undefined
          ? { additional_info: JSON.stringify(input.additionalInfo) }
          : {}),
        updated_by: actor.name,
        updated_at: deps.clock.now(),
        version: eb('version', '+', 1),
      }))
      .where('id', '=', partnerId)
      .returning(['id', 'approval_status'])
      .executeTakeFirst();
    if (!row) throw new TrustError('PMS_PRT_005');
    return { partnerId: row.id, status: row.approval_status };
  });
}

/** MOSIP PUT /partners/{id}/policygroup/{name}: only while the partner is not active and its type takes a policy group. */
export async function setPolicyGroup(
  deps: Deps,
  actor: Actor,
  partnerId: string,
  groupName: string,
): Promise<void> {
  assertOwnPartner(actor, partnerId);
  const record = {
    action: 'partner.policygroup',
    target: `partner:${partnerId}`,
    details: { policyGroup: groupName },
  };
  await auditedChange(deps, actor, record, async (trx) => {
    const partner = await trx
      .selectFrom('partners as p')
      .innerJoin('partner_types as t', 't.code', 'p.partner_type_code')
      .select(['p.id', 'p.is_active', 't.is_policy_required'])
      .where('p.id', '=', partnerId)
      .executeTakeFirst();
    if (!partner) throw new TrustError('PMS_PRT_005');
    if (!partner.is_policy_required) throw new TrustError('PMS_PRT_048');
    const group = await rowBy(trx, 'policy_groups', 'name', groupName);
    if (!group) throw new TrustError('PMS_PRT_002');
    if (!group.is_active) throw new TrustError('PMS_PMP_023');
    const changed = await trx
      .updateTable('partners')
      .set((eb) => ({
        policy_group_id: group.id,
        updated_by: actor.name,
        updated_at: deps.clock.now(),
        version: eb('version', '+', 1),
      }))
      .where('id', '=', partnerId)
      .where('is_active', '=', false)
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) !== 1) throw new TrustError('PMS_PRT_050');
  });
}

/**
 * MOSIP PUT /partners/email/verify. MOSIP's answer says whether the e-mail is registered (as POST /partners's
 * PMS_PRT_011 does), so only a caller about to register a partner may ask: `assertMayRegister`
 * (docs/pms-compatibility.md). The route counts every call against the address's probe limit.
 */
export async function verifyEmail(
  deps: Pick<Deps, 'db' | 'config'>,
  actor: Actor,
  emailId: string,
): Promise<{ emailExists: boolean; policyRequiredPartnerTypes: string[] }> {
  assertMayRegister(deps, actor);
  const { db } = deps;
  if (!EMAIL.test(emailId)) throw new TrustError('PMS_PRT_012');
  const clash = await db
    .selectFrom('partners')
    .select('id')
    .where(db.fn('lower', ['email_id']), '=', emailId.toLowerCase())
    .executeTakeFirst();
  const types = await db
    .selectFrom('partner_types')
    .select('code')
    .where('is_policy_required', '=', true)
    .orderBy('code')
    .execute();
  return { emailExists: !!clash, policyRequiredPartnerTypes: types.map((t) => t.code.toUpperCase()) };
}

export async function listPartnerTypes(db: Db) {
  const rows = await db.selectFrom('partner_types').selectAll().orderBy('code').execute();
  return rows.map((t) => ({
    code: t.code,
    partnerDescription: t.description,
    role: t.role,
    isPolicyRequired: t.is_policy_required,
    isActive: t.is_active,
  }));
}
