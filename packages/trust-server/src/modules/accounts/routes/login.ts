import type { TrustDeps } from '../../../deps.ts';
import { PUBLIC } from '../../../http/access.ts';
import type { Routes } from '../../../http/route.ts';
import * as S from '../schemas.ts';
import { clientLogin, login } from '../service.ts';
import { loginAnswer } from './login-answer.ts';

/** Password and client-secret login on MOSIP auth manager paths. */
export function registerLoginRoutes(r: Routes, deps: TrustDeps): void {
  const secureCookie = deps.config.production;
  const ok = 'combination had been validated successfully';
  r.post(
    '/v1/authmanager/authenticate/useridPwd',
    PUBLIC,
    'Log in with user name and password (MOSIP auth manager path); returns a bearer token',
    { body: S.UserPasswordLogin, response: S.LoginResponse },
    async ({ body, request, reply }) => {
      const result = await login(deps, body.userName, body.password, request.ip);
      return loginAnswer(reply, result, `Username and password ${ok}`, secureCookie, { mustChangePassword: result.user.mustChangePassword });
    },
  );
  r.post('/v1/authmanager/authenticate/clientidsecretkey', PUBLIC, 'Log in a server with client id and secret (MOSIP auth manager path); returns a bearer token', { body: S.ClientSecretLogin, response: S.LoginResponse }, async (c) =>
    loginAnswer(c.reply, await clientLogin(deps, c.body.clientId, c.body.secretKey, c.request.ip), `Clientid and Token ${ok}`, secureCookie),
  );
}
