import { auditedChange } from '../../audit/audited-change.ts';
import { generatePassword, hashPassword } from '../../auth/passwords.ts';
import { revokeOtherTokens } from '../../auth/token-revocation.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../domain/actor.ts';
import { TrustError } from '../../errors.ts';

type Reset = { username: string; revoked: number };

/**
 * An admin resets a user's password: a new one-time password (to be changed at first use) and every token of
 * the user revoked, so sessions opened with the old password end at once. Accounts signing in through
 * OpenID Connect have no local password and answer as missing.
 */
export async function resetPassword(
  deps: Deps,
  actor: Actor,
  userId: string,
): Promise<{ oneTimePassword: string; revoked: number }> {
  const oneTimePassword = generatePassword();
  const hash = await hashPassword(oneTimePassword, deps.config.testScryptCost);
  const record = {
    action: 'auth.password.reset',
    target: (r: Reset) => `user:${r.username}`,
    details: (r: Reset) => ({ tokensRevoked: r.revoked }),
  };
  const { revoked } = await auditedChange(deps, actor, record, async (trx) => {
    const user = await trx
      .updateTable('users')
      .set({ password_hash: hash, must_change_password: true, updated_at: deps.clock.now() })
      .where('id', '=', userId)
      .where('oidc_subject', 'is', null)
      .returning('username')
      .executeTakeFirst();
    if (!user) throw new TrustError('TS_USER_NOT_FOUND');
    return {
      username: user.username,
      revoked: await revokeOtherTokens(trx, userId, undefined, deps.clock.now()),
    };
  });
  return { oneTimePassword, revoked };
}
