import type {
  AdminPartnerRow,
  AdminPartnerView,
  PartnerCertificateDetailsView,
  PartnerV3View,
} from '@mosip-trust/contracts';
import { sql } from 'kysely';
import type { Actor } from '../../domain/actor.ts';
import { TrustError } from '../../errors.ts';
import type { Db } from '../../store/db.ts';
import { containsPattern, type PageV2Query, pageV2, readPageV2 } from '../../store/page-v2.ts';

/**
 * The partners of MOSIP master's newer portal (GET /partners/v3, /partners/partner-certificates-details,
 * /admin-partners). MOSIP lists the partners whose user_id is the caller; here a user acts for one partner,
 * so a partner's user gets at most that one and a user acting for none gets an empty list.
 */
function partnersWithCertificate(db: Db) {
  return db
    .selectFrom('partners as p')
    .leftJoin('policy_groups as g', 'g.id', 'p.policy_group_id')
    .leftJoin('partner_certificates as c', (j) =>
      j
        .onRef('c.partner_id', '=', 'p.id')
        .on('c.usage', '=', 'SIGNATURE')
        .on('c.is_current', '=', sql.lit(true)),
    )
    .selectAll('p')
    .select([
      'g.name as group_name',
      'g.description as group_description',
      'c.subject as cert_subject',
      'c.created_at as cert_uploaded_at',
      'c.not_after as cert_not_after',
    ]);
}

const ownPartners = (db: Db, actor: Actor) =>
  partnersWithCertificate(db).where('p.id', '=', actor.partnerId ?? '');

/** The certificate's subject CN as MOSIP names "issued to", else the whole subject. */
function issuedTo(subject: string | null): string | null {
  if (subject === null) return null;
  return /(?:^|[,/]\s*)CN=([^,/]+)/.exec(subject)?.[1]?.trim() ?? subject;
}

export interface V3Filter {
  status: string;
  policyGroupAvailable?: boolean;
  partnerType?: string;
}

/** GET /partners/v3?status=approved[&policyGroupAvailable=true][&partnerType=…]. */
export async function listOwnPartnersV3(db: Db, actor: Actor, f: V3Filter): Promise<PartnerV3View[]> {
  let q = ownPartners(db, actor).where('p.approval_status', '=', f.status as never);
  if (f.policyGroupAvailable === true) q = q.where('p.policy_group_id', 'is not', null);
  if (f.policyGroupAvailable === false) q = q.where('p.policy_group_id', 'is', null);
  if (f.partnerType)
    q = q.where((eb) => eb(eb.fn('lower', ['p.partner_type_code']), '=', f.partnerType?.toLowerCase()));
  return (await q.execute()).map((r) => ({
    partnerId: r.id,
    partnerType: r.partner_type_code,
    policyGroupId: r.policy_group_id,
    policyGroupName: r.group_name,
    policyGroupDescription: r.group_description,
  }));
}

/** GET /partners/partner-certificates-details: the caller's partners and their signature certificate. */
export async function listOwnCertificateDetails(
  db: Db,
  actor: Actor,
): Promise<PartnerCertificateDetailsView[]> {
  return (await ownPartners(db, actor).execute()).map((r) => ({
    partnerId: r.id,
    partnerType: r.partner_type_code,
    isPartnerActive: r.is_active,
    isCertificateAvailable: r.cert_subject !== null,
    certificateIssuedTo: issuedTo(r.cert_subject),
    certificateUploadDateTime: r.cert_uploaded_at?.toISOString() ?? null,
    certificateExpiryDateTime: r.cert_not_after?.toISOString() ?? null,
  }));
}

/** MOSIP's sort fields of GET /admin-partners and the columns behind them. */
const ADMIN_SORT = {
  partnerId: 'p.id',
  partnerType: 'p.partner_type_code',
  orgName: 'p.name',
  policyGroupName: 'g.name',
  emailAddress: 'p.email_id',
  status: 'p.approval_status',
  isActive: 'p.is_active',
  createdDateTime: 'p.created_at',
} as const;

export interface AdminPartnerQuery extends PageV2Query {
  partnerId?: string;
  partnerTypeCode?: string;
  organizationName?: string;
  policyGroupName?: string;
  emailAddress?: string;
  certificateUploadStatus?: string;
  isActive?: boolean;
}

/** GET /admin-partners: every partner as MOSIP's PageResponseV2Dto, page 0 of 8 by default. */
export async function listAdminPartners(db: Db, f: AdminPartnerQuery) {
  const page = readPageV2(f, ADMIN_SORT, { field: 'createdDateTime', type: 'desc' });
  let q = partnersWithCertificate(db);
  if (f.partnerId) q = q.where('p.id', 'ilike', containsPattern(f.partnerId));
  if (f.partnerTypeCode) q = q.where('p.partner_type_code', 'ilike', containsPattern(f.partnerTypeCode));
  if (f.organizationName) q = q.where('p.name', 'ilike', containsPattern(f.organizationName));
  if (f.policyGroupName) q = q.where('g.name', 'ilike', containsPattern(f.policyGroupName));
  if (f.emailAddress) q = q.where('p.email_id', 'ilike', containsPattern(f.emailAddress));
  if (f.certificateUploadStatus === 'uploaded') q = q.where('c.id', 'is not', null);
  if (f.certificateUploadStatus === 'not_uploaded') q = q.where('c.id', 'is', null);
  if (f.isActive !== undefined) q = q.where('p.is_active', '=', f.isActive);
  return pageV2(
    q,
    page,
    'p.id',
    (r): AdminPartnerRow => ({
      partnerId: r.id,
      partnerType: r.partner_type_code,
      orgName: r.name,
      policyGroupId: r.policy_group_id,
      policyGroupName: r.group_name,
      emailAddress: r.email_id,
      certificateUploadStatus: r.cert_subject === null ? 'not_uploaded' : 'uploaded',
      status: r.approval_status,
      isActive: r.is_active,
      createdDateTime: r.created_at.toISOString(),
    }),
  );
}

/** GET /admin-partners/{partnerId}. Names are not kept for accounts here: firstName and lastName are null. */
export async function viewAdminPartner(db: Db, partnerId: string): Promise<AdminPartnerView> {
  const r = await partnersWithCertificate(db).where('p.id', '=', partnerId).executeTakeFirst();
  if (!r) throw new TrustError('PMS_PRT_005', `Partner ${partnerId} does not exist.`);
  return {
    partnerId: r.id,
    firstName: null,
    lastName: null,
    approvalStatus: r.approval_status,
    createdDateTime: r.created_at.toISOString(),
    partnerType: r.partner_type_code,
    organizationName: r.name,
    contactNumber: r.contact_no,
    policyGroupName: r.group_name,
    policyGroupDescription: r.group_description,
    emailId: r.email_id,
    certificateUploadDateTime: r.cert_uploaded_at?.toISOString() ?? null,
    certificateExpiryDateTime: r.cert_not_after?.toISOString() ?? null,
    isCertificateAvailable: r.cert_subject !== null,
    isActive: r.is_active,
  };
}
