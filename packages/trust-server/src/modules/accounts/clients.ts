import { randomUUID } from 'node:crypto';
import type { ClientView } from '@mosip-trust/contracts';
import { auditedChange } from '../../audit/audited-change.ts';
import { generateSecret, hashClientSecret } from '../../auth/passwords.ts';
import { isAdmin, type Role } from '../../auth/roles.ts';
import { revokeAllTokens } from '../../auth/tokens.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../domain/actor.ts';
import { TrustError } from '../../errors.ts';
import { rowBy } from '../../queries/rows.ts';
import type { Db } from '../../store/db.ts';

/** Machine clients: credentials a partner's server uses (client id + secret). */
function toClientView(c: {
  client_id: string;
  name: string;
  roles: string[];
  partner_id: string | null;
  status: string;
  created_by: string;
  created_at: Date;
}): ClientView {
  return {
    clientId: c.client_id,
    name: c.name,
    roles: c.roles,
    partnerId: c.partner_id,
    status: c.status,
    createdBy: c.created_by,
    createdAt: c.created_at.toISOString(),
  };
}

/** Creates machine credentials; the secret is returned once and only its scrypt hash is kept. */
export async function createClient(
  deps: Deps,
  actor: Actor,
  input: { name: string; roles: Role[]; partnerId: string | null },
): Promise<{ client: ClientView; secretKey: string }> {
  const secretKey = generateSecret();
  const hash = hashClientSecret(secretKey);
  const clientId = `mc-${randomUUID()}`;
  const record = {
    action: 'client.create',
    target: `client:${clientId}`,
    details: { name: input.name, roles: input.roles, partnerId: input.partnerId },
  };
  const row = await auditedChange(deps, actor, record, async (trx) => {
    if (input.partnerId) {
      const partner = await trx
        .selectFrom('partners')
        .select('id')
        .where('id', '=', input.partnerId)
        .executeTakeFirst();
      if (!partner) throw new TrustError('PMS_PRT_005');
    }
    return trx
      .insertInto('machine_clients')
      .values({
        client_id: clientId,
        name: input.name,
        secret_hash: hash,
        roles: input.roles,
        partner_id: input.partnerId,
        created_by: actor.name,
        created_at: deps.clock.now(),
        updated_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  return { client: toClientView(row), secretKey };
}

export async function listClients(db: Db, partnerId?: string): Promise<ClientView[]> {
  let q = db.selectFrom('machine_clients').selectAll().orderBy('created_at').orderBy('client_id').limit(1000);
  if (partnerId) q = q.where('partner_id', '=', partnerId);
  return (await q.execute()).map(toClientView);
}

export async function getClient(db: Db, clientId: string): Promise<ClientView> {
  const row = await rowBy(db, 'machine_clients', 'client_id', clientId);
  if (!row) throw new TrustError('TS_CLIENT_NOT_FOUND');
  return toClientView(row);
}

/** Disables machine credentials and revokes their tokens. */
export async function disableClient(deps: Deps, actor: Actor, clientId: string): Promise<ClientView> {
  const record = { action: 'client.disable', target: `client:${clientId}` };
  const row = await auditedChange(deps, actor, record, async (trx) => {
    const row = await trx
      .updateTable('machine_clients')
      .set({ status: 'DISABLED', updated_at: deps.clock.now() })
      .where('client_id', '=', clientId)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new TrustError('TS_CLIENT_NOT_FOUND');
    await revokeAllTokens(trx, { clientId }, deps.clock.now());
    return row;
  });
  return toClientView(row);
}

/** True when at least one active PARTNER_ADMIN account exists. */

/** GET /v1/trust/clients: an admin sees every client, a partner its own. */
export async function listClientsFor(deps: Deps, actor: Actor): Promise<ClientView[]> {
  if (isAdmin(actor)) return listClients(deps.db);
  if (!actor.partnerId) throw new TrustError('PMS_PRT_055');
  return listClients(deps.db, actor.partnerId);
}

/**
 * POST /v1/trust/clients: an admin creates clients for any partner and gives them roles; a partner
 * creates clients for itself only, acting with its partner-type role.
 */
export async function createClientFor(
  deps: Deps,
  actor: Actor,
  input: { name: string; roles?: Role[] | undefined; partnerId?: string | null | undefined },
): Promise<{ client: ClientView; secretKey: string }> {
  if (isAdmin(actor))
    return createClient(deps, actor, {
      name: input.name,
      roles: input.roles ?? [],
      partnerId: input.partnerId ?? null,
    });
  if (
    !actor.partnerId ||
    (input.partnerId && input.partnerId !== actor.partnerId) ||
    (input.roles && input.roles.length > 0)
  )
    throw new TrustError('PMS_PRT_055');
  return createClient(deps, actor, { name: input.name, roles: [], partnerId: actor.partnerId });
}

/** DELETE /v1/trust/clients/{id}: an admin, or the partner the client acts for. */
export async function disableClientFor(deps: Deps, actor: Actor, clientId: string): Promise<ClientView> {
  const client = await getClient(deps.db, clientId);
  if (!isAdmin(actor) && (!actor.partnerId || client.partnerId !== actor.partnerId))
    throw new TrustError('PMS_PRT_055');
  return disableClient(deps, actor, client.clientId);
}
