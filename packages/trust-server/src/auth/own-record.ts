import { isAdmin, type Principal } from './roles.ts';

/**
 * Records found by their own id (device details, SBI versions, FTM chips): another partner's record answers
 * exactly as a missing one, so an answer never confirms that someone else's id exists. The error carries
 * FOREIGN_RECORD so the attempt is still audited as a security refusal (src/http/refusal-auditor.ts).
 */
export const FOREIGN_RECORD = { securityRefusal: 'PMS_PRT_055' } as const;

/** Whether `caller` may see a record of `ownerPartnerId` (an admin, or the partner it acts for). */
export function ownsRecord(caller: Principal | undefined, ownerPartnerId: string | null): boolean {
  if (!caller) return true;
  return isAdmin(caller) || (!!ownerPartnerId && caller.partnerId === ownerPartnerId);
}
