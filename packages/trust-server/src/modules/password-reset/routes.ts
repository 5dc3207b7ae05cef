import { type Static, Type } from '@sinclair/typebox';
import { principalOf } from '../../auth/guard.ts';
import { generatePassword, hashPassword } from '../../auth/passwords.ts';
import { ROLES } from '../../auth/roles.ts';
import { revokeOtherTokens } from '../../auth/token-revocation.ts';
import { TrustError } from '../../errors.ts';
import { roles } from '../../http/access.ts';
import { envelopeResponse, ok } from '../../http/envelope.ts';
import type { TrustModule } from '../../http/module.ts';
import { withTransaction } from '../../store/db.ts';

const Params = Type.Object({ userId: Type.String({ minLength: 1, maxLength: 64 }) });

/**
 * An admin resets a user's password: a new one-time password (to be changed at first use) and every token of
 * the user revoked, so sessions opened with the old password end at once.
 */
export const passwordResetModule: TrustModule = {
  name: 'password-reset',
  register(app, deps) {
    app.post<{ Params: Static<typeof Params> }>(
      '/v1/trust/users/:userId/password-reset',
      {
        config: { access: roles(ROLES.PARTNER_ADMIN) },
        schema: {
          tags: ['accounts'],
          summary: "Reset a user's password to a generated one-time password and revoke all its tokens",
          params: Params,
          response: {
            200: envelopeResponse(Type.Object({ oneTimePassword: Type.String(), revoked: Type.Integer() })),
          },
        },
      },
      async (request) => {
        const actor = principalOf(request).name;
        const oneTimePassword = generatePassword();
        const hash = await hashPassword(oneTimePassword, deps.config.testScryptCost);
        const revoked = await withTransaction(deps.db, async (trx) => {
          const user = await trx
            .updateTable('users')
            .set({ password_hash: hash, must_change_password: true, updated_at: deps.clock.now() })
            .where('id', '=', request.params.userId)
            .where('oidc_subject', 'is', null)
            .returning('username')
            .executeTakeFirst();
          if (!user) throw new TrustError('TS_USER_NOT_FOUND');
          const n = await revokeOtherTokens(trx, request.params.userId, undefined, deps.clock.now());
          await deps.audit.append(trx, {
            actor,
            action: 'auth.password.reset',
            target: `user:${user.username}`,
            details: { tokensRevoked: n },
          });
          return n;
        });
        return ok(request, { oneTimePassword, revoked });
      },
    );
  },
};
