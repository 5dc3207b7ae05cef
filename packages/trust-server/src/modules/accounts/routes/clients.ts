import { Type } from '@sinclair/typebox';
import { PARTNER_ROLES, ROLES, type Role } from '../../../auth/roles.ts';
import type { TrustDeps } from '../../../deps.ts';
import type { Routes } from '../../../http/route.ts';
import { createClientFor, disableClientFor, listClientsFor } from '../clients.ts';
import * as S from '../schemas.ts';

/** Machine clients: a partner's servers' credentials. */
export function registerClientRoutes(r: Routes, deps: TrustDeps): void {
  const PARTNER_OR_ADMIN = [ROLES.PARTNER_ADMIN, ...PARTNER_ROLES];
  r.get('/v1/trust/clients', PARTNER_OR_ADMIN, 'List machine clients (a partner sees its own)', { response: Type.Array(S.ClientView) }, (c) => listClientsFor(deps, c.actor));
  r.post(
    '/v1/trust/clients',
    PARTNER_OR_ADMIN,
    "Create machine credentials (client id + secret, shown once), e.g. for a device provider's management server",
    {
      description: 'A partner creates clients for itself; they act with its partner-type role. An admin may create clients for any partner and give them roles.',
      body: S.CreateClientRequest,
      response: S.CreatedClient,
    },
    ({ actor, body: { name, roles, partnerId } }) => createClientFor(deps, actor, { name, roles: roles as Role[] | undefined, partnerId }),
  );
  r.delete('/v1/trust/clients/:clientId', PARTNER_OR_ADMIN, 'Disable machine credentials and revoke their tokens', { params: S.ClientIdParams, response: S.ClientView }, (c) => disableClientFor(deps, c.actor, c.params.clientId));
}
