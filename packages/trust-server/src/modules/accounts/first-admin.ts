import type { Deps } from '../../deps.ts';
import type { Actor } from '../../domain/actor.ts';
import { adminExists, createUser } from './service.ts';

/**
 * Creates the first PARTNER_ADMIN when the store has none (server bootstrap from
 * MOSIP_TRUST_ADMIN_USER/PASSWORD, `mosip-trust up`). Without a password a one-time password is
 * generated and returned once; it is never stored in clear and must be changed at first login.
 * Returns undefined when an admin already exists.
 */
export async function ensureFirstAdmin(
  deps: Deps,
  actor: Actor,
  input: { username: string; password?: string },
): Promise<{ username: string; oneTimePassword?: string } | undefined> {
  if (await adminExists(deps.db)) return undefined;
  const { user, oneTimePassword } = await createUser(deps, actor, {
    username: input.username,
    roles: ['PARTNER_ADMIN'],
    ...(input.password !== undefined ? { password: input.password } : {}),
  });
  return { username: user.username, ...(oneTimePassword ? { oneTimePassword } : {}) };
}
