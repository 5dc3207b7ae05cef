import { type Static, Type } from '@sinclair/typebox';
import { ROLES } from '../../auth/roles.ts';
import { roles } from '../../http/access.ts';
import { envelopeResponse, ok } from '../../http/envelope.ts';
import { principalOf } from '../../http/guard.ts';
import type { TrustModule } from '../../http/module.ts';
import { resetPassword } from './service.ts';

const Params = Type.Object({ userId: Type.String({ minLength: 1, maxLength: 64 }) });

/** An admin resets a user's password (src/modules/password-reset/service.ts). */
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
      async (request) => ok(request, await resetPassword(deps, principalOf(request), request.params.userId)),
    );
  },
};
