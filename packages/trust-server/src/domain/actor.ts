import { isAdmin, type Principal, ROLES } from '../auth/roles.ts';
import { TrustError } from '../errors.ts';

/**
 * Who acts, for every service call: a signed-in user or machine client (the principal the request
 * carried) or the system itself (bootstrap, command-line admin). Its `name` is what the audit log records.
 */
export type Actor = Principal;

/** An administrator acting outside any request: `system` at bootstrap, `cli:<os user>` from the CLI. */
export function systemActor(name: string): Actor {
  return { kind: 'system', id: name, name, partnerId: null, roles: [ROLES.PARTNER_ADMIN] };
}

/**
 * The ownership rule, in one place: an administrator may act for any partner; anyone else only for
 * the partner they act for (MOSIP PMS_PRT_055 otherwise).
 */
export function assertOwnPartner(actor: Actor, partnerId: string | null | undefined): void {
  if (isAdmin(actor)) return;
  if (!partnerId || actor.partnerId !== partnerId) throw new TrustError('PMS_PRT_055');
}

/** Which partner's rows an actor may list: null for an admin (all), else its own partner id. */
export function listScope(actor: Actor): string | null {
  if (isAdmin(actor)) return null;
  if (!actor.partnerId)
    throw new TrustError('PMS_PRT_055', 'User not authorized: the caller acts for no partner.');
  return actor.partnerId;
}
