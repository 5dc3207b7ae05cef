import { Type } from '@sinclair/typebox';
import { ROLES } from '../../auth/roles.ts';
import { routeModule } from '../../http/route.ts';
import { resetPassword } from './service.ts';

const Params = Type.Object({ userId: Type.String({ minLength: 1, maxLength: 64 }) });

/** An admin resets a user's password (src/modules/password-reset/service.ts). */
export const passwordResetModule = routeModule('password-reset', ['accounts'], (r, deps) => {
  r.post(
    '/v1/trust/users/:userId/password-reset',
    [ROLES.PARTNER_ADMIN],
    "Reset a user's password to a generated one-time password and revoke all its tokens",
    { params: Params, response: Type.Object({ oneTimePassword: Type.String(), revoked: Type.Integer() }) },
    (c) => resetPassword(deps, c.actor, c.params.userId),
  );
});
