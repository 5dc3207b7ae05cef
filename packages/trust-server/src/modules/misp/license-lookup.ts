import type { Deps } from '../../deps.ts';
import type { Actor } from '../../domain/actor.ts';
import { activeMisp, issueLicense } from './service.ts';

export interface LicenseLookup {
  providerId: string;
  licenseId: string;
  /** Present only when this call issued the licence: keys are stored as hashes and shown once. */
  licenseKey?: string;
  licenseKeyPrefix: string;
  licenseKeyStatus: 'Active';
  licenseKeyExpiry: string;
}

/**
 * GET /misps/{mispId}/licenseKey (admin): the MISP's live licence or, when none is live, a new one (MOSIP
 * generates one then too). A live licence is answered by its prefix: its key is never stored.
 */
export async function lookupLicense(deps: Deps, actor: Actor, mispId: string): Promise<LicenseLookup> {
  const misp = await activeMisp(deps.db, mispId);
  const live = await deps.db
    .selectFrom('misp_licenses')
    .select(['id', 'key_prefix', 'valid_to'])
    .where('misp_id', '=', misp.id)
    .where('status', '=', 'ACTIVE')
    .where('valid_to', '>', deps.clock.now())
    .executeTakeFirst();
  if (live)
    return {
      providerId: misp.id,
      licenseId: live.id,
      licenseKeyPrefix: live.key_prefix,
      licenseKeyStatus: 'Active',
      licenseKeyExpiry: live.valid_to.toISOString(),
    };
  const issued = await issueLicense(deps, actor, { providerId: misp.id });
  return {
    providerId: issued.providerId,
    licenseId: issued.licenseId,
    licenseKey: issued.licenseKey,
    licenseKeyPrefix: issued.licenseKey.slice(0, 8),
    licenseKeyStatus: 'Active',
    licenseKeyExpiry: issued.licenseKeyExpiry,
  };
}
