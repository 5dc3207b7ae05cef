import { TrustError } from '../errors.ts';
import type { Db, Trx } from '../store/db.ts';

/** The partner fields other tables' rules read (type, approval, activity, organisation name). */
export interface PartnerRow {
  id: string;
  name: string;
  partner_type_code: string;
  policy_group_id: string | null;
  approval_status: string;
  is_active: boolean;
}

export async function findPartner(db: Db | Trx, id: string): Promise<PartnerRow | undefined> {
  return db
    .selectFrom('partners')
    .select(['id', 'name', 'partner_type_code', 'policy_group_id', 'approval_status', 'is_active'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The partner, approved and active (PMS_PRT_005 when it does not exist, PMS_PMP_016 when not active). */
export async function activePartner(db: Db | Trx, id: string): Promise<PartnerRow> {
  const partner = await findPartner(db, id);
  if (!partner) throw new TrustError('PMS_PRT_005', `Partner ${id} does not exist.`);
  if (!(partner.approval_status === 'approved' && partner.is_active))
    throw new TrustError('PMS_PMP_016', `Partner ${id} is not active.`);
  return partner;
}
