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
