import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { PARTNER_ROLES, ROLES, type Role } from '../../../auth/roles.ts';
import type { TrustDeps } from '../../../deps.ts';
import { roles } from '../../../http/access.ts';
import { type EnvelopedBody, envelopeBody, envelopeResponse, ok } from '../../../http/envelope.ts';
import { principalOf } from '../../../http/guard.ts';
import { createClientFor, disableClientFor, listClientsFor } from '../clients.ts';
import * as S from '../schemas.ts';
import { TAGS } from './login-answer.ts';

/** Machine clients: a partner's servers' credentials. */
export function registerClientRoutes(app: FastifyInstance, deps: TrustDeps): void {
  const _secureCookie = deps.config.production;
  app.get(
    '/v1/trust/clients',
    {
      config: { access: roles(ROLES.PARTNER_ADMIN, ...PARTNER_ROLES) },
      schema: {
        tags: TAGS,
        summary: 'List machine clients (a partner sees its own)',
        response: { 200: envelopeResponse(Type.Array(S.ClientView)) },
      },
    },
    async (request) => ok(request, await listClientsFor(deps, principalOf(request))),
  );

  app.post<EnvelopedBody<typeof S.CreateClientRequest>>(
    '/v1/trust/clients',
    {
      config: { access: roles(ROLES.PARTNER_ADMIN, ...PARTNER_ROLES) },
      schema: {
        tags: TAGS,
        summary:
          "Create machine credentials (client id + secret, shown once), e.g. for a device provider's management server",
        description:
          'A partner creates clients for itself; they act with its partner-type role. An admin may create clients for any partner and give them roles.',
        body: envelopeBody(S.CreateClientRequest),
        response: { 200: envelopeResponse(S.CreatedClient) },
      },
    },
    async (request) => {
      const { name, roles: wanted, partnerId } = request.body.request;
      return ok(
        request,
        await createClientFor(deps, principalOf(request), {
          name,
          roles: wanted as Role[] | undefined,
          partnerId,
        }),
      );
    },
  );

  app.delete<{ Params: Static<typeof S.ClientIdParams> }>(
    '/v1/trust/clients/:clientId',
    {
      config: { access: roles(ROLES.PARTNER_ADMIN, ...PARTNER_ROLES) },
      schema: {
        tags: TAGS,
        summary: 'Disable machine credentials and revoke their tokens',
        params: S.ClientIdParams,
        response: { 200: envelopeResponse(S.ClientView) },
      },
    },
    async (request) =>
      ok(request, await disableClientFor(deps, principalOf(request), request.params.clientId)),
  );
}
