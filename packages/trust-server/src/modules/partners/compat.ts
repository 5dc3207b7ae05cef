import { auditedChange } from '../../audit/audited-change.ts';
import { ALL_ROLES } from '../../auth/roles.ts';
import type { Deps } from '../../deps.ts';
import { type Actor, assertOwnPartner } from '../../domain/actor.ts';
import { TrustError } from '../../errors.ts';
import { findPartner } from '../../queries/partners.ts';
import { newId } from '../../store/ids.ts';
import { checkContact, listPartners } from './service.ts';

/**
 * MOSIP POST /partners/{id}/contact/add: upsert keyed by (partner, e-mail); a new contact needs an
 * active partner (PMS_PMP_016), an update does not (docs/pms-compatibility.md).
 */
export async function addContact(
  deps: Deps,
  actor: Actor,
  partnerId: string,
  input: { address: string; contactNumber: string; emailId: string; is_Active?: boolean },
): Promise<string> {
  assertOwnPartner(actor, partnerId);
  checkContact(input.contactNumber, input.emailId);
  const partner = await findPartner(deps.db, partnerId);
  if (!partner) throw new TrustError('PMS_PRT_005', `Partner ${partnerId} does not exist.`);
  const record = {
    action: 'partner.contact',
    target: `partner:${partnerId}`,
    details: { emailId: input.emailId },
    unique: ['TS_CONFLICT', 'The same contact was added at the same time; retry.'] as const,
  };
  return auditedChange(deps, actor, record, async (trx) => {
    const now = deps.clock.now();
    const updated = await trx
      .updateTable('partner_contacts')
      .set({
        address: input.address,
        contact_no: input.contactNumber,
        is_active: input.is_Active ?? true,
        updated_by: actor.name,
        updated_at: now,
      })
      .where('partner_id', '=', partnerId)
      .where((eb) => eb(eb.fn('lower', ['email_id']), '=', input.emailId.toLowerCase()))
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 1) return 'Contacts details updated successfully.';
    if (!(partner.approval_status === 'approved' && partner.is_active))
      throw new TrustError('PMS_PMP_016', `Partner ${partnerId} is not active.`);
    await trx
      .insertInto('partner_contacts')
      .values({
        id: newId(),
        partner_id: partnerId,
        email_id: input.emailId,
        address: input.address,
        contact_no: input.contactNumber,
        is_active: input.is_Active ?? true,
        created_by: actor.name,
        created_at: now,
        updated_by: null,
        updated_at: null,
      })
      .execute();
    return 'Contacts details added successfully.';
  });
}

/** MOSIP GET /partners/v2: GET /partners plus logoUrl and additionalInfo. */
export async function listPartnersV2(deps: Deps, partnerType?: string) {
  const partners = await listPartners(deps.db, partnerType);
  return partners.map((p) => ({
    partnerID: p.partnerID,
    status: p.status,
    organizationName: p.organizationName,
    contactNumber: p.contactNumber,
    emailId: p.emailId,
    address: p.address,
    partnerType: p.partnerType,
    logoUrl: p.logoUrl,
    additionalInfo: p.additionalInfo ?? [],
  }));
}

/** MOSIP GET /roles: the roles the portal needs to know (its mosip.pms.ui.required.roles). */
export function listRoles(): string[] {
  return [...ALL_ROLES];
}
