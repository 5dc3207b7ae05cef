import { auditedChange } from '../../audit/audited-change.ts';
import { hasRole, STAFF_ROLES } from '../../auth/roles.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../domain/actor.ts';
import { TrustError } from '../../errors.ts';

/** MOSIP master's UserDetailsDto. */
export interface UserConsent {
  userId: string;
  consentGiven: boolean;
  consentGivenDateTime: string | null;
}

/**
 * MOSIP answers only a user who has a partner (`PMS_CERTIFICATE_ERROR_002` otherwise). Staff here are never
 * partners (PARTNER_ADMIN is no partner type), so a staff user records its own consent as well; a machine
 * client is no user and has none.
 */
function consentingUser(actor: Actor): string {
  if (actor.kind === 'user' && (actor.partnerId || hasRole(actor, ...STAFF_ROLES))) return actor.id;
  throw new TrustError('PMS_CERTIFICATE_ERROR_002');
}

/** GET /users/user-consent: whether the caller gave its consent, and when. */
export async function userConsent(deps: Deps, actor: Actor): Promise<UserConsent> {
  const userId = consentingUser(actor);
  const row = await deps.db
    .selectFrom('user_consents')
    .select('consent_given_at')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return { userId, consentGiven: !!row, consentGivenDateTime: row?.consent_given_at.toISOString() ?? null };
}

/** POST /users/user-consent: records the caller's consent now (given again, its time moves, as MOSIP). */
export async function giveUserConsent(deps: Deps, actor: Actor): Promise<UserConsent> {
  const userId = consentingUser(actor);
  const now = deps.clock.now();
  await auditedChange(deps, actor, { action: 'user.consent.give', target: `user:${userId}` }, (trx) =>
    trx
      .insertInto('user_consents')
      .values({ user_id: userId, consent_given_at: now, created_by: actor.name, created_at: now })
      .onConflict((oc) =>
        oc.column('user_id').doUpdateSet({ consent_given_at: now, updated_by: actor.name, updated_at: now }),
      )
      .execute(),
  );
  return { userId, consentGiven: true, consentGivenDateTime: now.toISOString() };
}
