import type { FastifyInstance } from 'fastify';
import type { TrustDeps } from '../../../deps.ts';
import { PUBLIC } from '../../../http/access.ts';
import { type EnvelopedBody, envelopeBody, envelopeResponse } from '../../../http/envelope.ts';
import * as S from '../schemas.ts';
import { clientLogin, login } from '../service.ts';
import { loginAnswer, TAGS } from './login-answer.ts';

/** Password and client-secret login on MOSIP auth manager paths. */
export function registerLoginRoutes(app: FastifyInstance, deps: TrustDeps): void {
  const secureCookie = deps.config.production;
  app.post<EnvelopedBody<typeof S.UserPasswordLogin>>(
    '/v1/authmanager/authenticate/useridPwd',
    {
      config: { access: PUBLIC },
      schema: {
        tags: TAGS,
        summary: 'Log in with user name and password (MOSIP auth manager path); returns a bearer token',
        body: envelopeBody(S.UserPasswordLogin),
        response: { 200: envelopeResponse(S.LoginResponse) },
      },
    },
    async (request, reply) => {
      const { userName, password } = request.body.request;
      const result = await login(deps, userName, password, request.ip);
      return loginAnswer(
        request,
        reply,
        result,
        'Username and password combination had been validated successfully',
        secureCookie,
        {
          mustChangePassword: result.user.mustChangePassword,
        },
      );
    },
  );

  app.post<EnvelopedBody<typeof S.ClientSecretLogin>>(
    '/v1/authmanager/authenticate/clientidsecretkey',
    {
      config: { access: PUBLIC },
      schema: {
        tags: TAGS,
        summary:
          'Log in a server with client id and secret (MOSIP auth manager path); returns a bearer token',
        body: envelopeBody(S.ClientSecretLogin),
        response: { 200: envelopeResponse(S.LoginResponse) },
      },
    },
    async (request, reply) => {
      const { clientId, secretKey } = request.body.request;
      const result = await clientLogin(deps, clientId, secretKey, request.ip);
      return loginAnswer(
        request,
        reply,
        result,
        'Clientid and Token combination had been validated successfully',
        secureCookie,
      );
    },
  );
}
