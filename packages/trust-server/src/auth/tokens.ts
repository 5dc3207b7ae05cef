import { createHash, randomBytes } from 'node:crypto';
import type { AuditLog } from '../audit/log.ts';
import type { Db, Trx } from '../store/db.ts';
import { isRole, PARTNER_TYPE_ROLE, type Principal, type Role } from './roles.ts';

/**
 * Bearer tokens are opaque random strings; the store keeps only their SHA-256, so every
 * instance verifies a token with one query and revocation takes effect at once (no in-process
 * session state: instances can run side by side).
 */
export const TOKEN_PREFIX = 'mtt_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

export async function issueToken(
  db: Db,
  subject: { userId: string } | { clientId: string },
  kind: 'password' | 'client' | 'oidc',
  ttlSeconds: number,
  now: Date,
): Promise<IssuedToken> {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
  await db
    .insertInto('auth_tokens')
    .values({
      token_hash: hashToken(token),
      user_id: 'userId' in subject ? subject.userId : null,
      client_id: 'clientId' in subject ? subject.clientId : null,
      kind,
      issued_at: now,
      expires_at: expiresAt,
    })
    .execute();
  return { token, expiresAt };
}

function roles(explicit: string[], partnerType: string | null): Role[] {
  const set = new Set<Role>(explicit.filter(isRole));
  const typeRole = partnerType ? PARTNER_TYPE_ROLE[partnerType] : undefined;
  if (typeRole) set.add(typeRole);
  return [...set];
}

/**
 * Interactive sessions (a person logged in with a password or OpenID Connect: the portal, the Swagger UI)
 * have a sliding lifetime: once half of it has passed, a use renews it for a full lifetime from now, so a
 * session ends only after tokenTtlSeconds without use, never in the middle of a task. `issued_at` then
 * records the last renewal. Machine tokens (client id + secret) keep their fixed, short lifetime.
 * See docs/trust-server.md.
 */
const SLIDING_KINDS: readonly string[] = ['password', 'oidc'];

async function renewIfHalfUsed(
  db: Db,
  token: string,
  row: { kind: string; issued_at: Date; expires_at: Date },
  now: Date,
): Promise<void> {
  if (!SLIDING_KINDS.includes(row.kind)) return;
  const lifetime = row.expires_at.getTime() - row.issued_at.getTime();
  if (row.expires_at.getTime() - now.getTime() > lifetime / 2) return;
  await db
    .updateTable('auth_tokens')
    .set({ issued_at: now, expires_at: new Date(now.getTime() + lifetime) })
    .where('token_hash', '=', hashToken(token))
    .where('revoked_at', 'is', null)
    .execute();
}

/** The principal a token stands for, or undefined when it is unknown, expired, revoked or its account disabled. */
export async function verifyToken(db: Db, token: string, now: Date): Promise<Principal | undefined> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return undefined;
  const row = await db
    .selectFrom('auth_tokens as t')
    .leftJoin('users as u', 'u.id', 't.user_id')
    .leftJoin('machine_clients as c', 'c.client_id', 't.client_id')
    .leftJoin('partners as p', (j) =>
      j.onRef('p.id', '=', (eb) => eb.fn.coalesce('u.partner_id', 'c.partner_id')),
    )
    .select([
      't.user_id',
      't.client_id',
      't.kind',
      't.issued_at',
      't.expires_at',
      't.revoked_at',
      'u.username',
      'u.roles as user_roles',
      'u.status as user_status',
      'u.partner_id as user_partner_id',
      'u.must_change_password',
      'c.roles as client_roles',
      'c.status as client_status',
      'c.partner_id as client_partner_id',
      'p.partner_type_code',
      'p.is_active as partner_is_active',
    ])
    .where('t.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || row.revoked_at || row.expires_at.getTime() <= now.getTime()) return undefined;
  if (row.user_id) {
    if (row.user_status !== 'ACTIVE' || !row.username) return undefined;
    await renewIfHalfUsed(db, token, row, now);
    return {
      kind: 'user',
      id: row.user_id,
      name: row.username,
      partnerId: row.user_partner_id ?? null,
      roles: roles(row.user_roles ?? [], row.partner_type_code ?? null),
      mustChangePassword: row.must_change_password === true,
      partnerActive: row.partner_is_active === true,
    };
  }
  if (row.client_id) {
    if (row.client_status !== 'ACTIVE') return undefined;
    return {
      kind: 'client',
      id: row.client_id,
      name: `client:${row.client_id}`,
      partnerId: row.client_partner_id ?? null,
      roles: roles(row.client_roles ?? [], row.partner_type_code ?? null),
      partnerActive: row.partner_is_active === true,
    };
  }
  return undefined;
}

/** Revokes one token; returns whether it was live. */
export async function revokeToken(db: Db, token: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('auth_tokens')
    .set({ revoked_at: now })
    .where('token_hash', '=', hashToken(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Revokes every live token of a user or client (password change, disable, admin action). */
export async function revokeAllTokens(
  db: Db,
  subject: { userId: string } | { clientId: string },
  now: Date,
): Promise<number> {
  let q = db.updateTable('auth_tokens').set({ revoked_at: now }).where('revoked_at', 'is', null);
  q =
    'userId' in subject
      ? q.where('user_id', '=', subject.userId)
      : q.where('client_id', '=', subject.clientId);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Issues a token in `trx` and audits the login with it (one transaction: no token without its audit entry). */
export async function issueAuditedToken(
  trx: Trx,
  audit: AuditLog,
  login: {
    subject: { userId: string } | { clientId: string };
    actor: string;
    kind: 'password' | 'client' | 'oidc';
    details?: Record<string, unknown>;
  },
  ttlSeconds: number,
  now: Date,
): Promise<IssuedToken> {
  const token = await issueToken(trx, login.subject, login.kind, ttlSeconds, now);
  const action = login.kind === 'client' ? 'auth.client.login' : 'auth.login';
  const target = 'clientId' in login.subject ? `client:${login.subject.clientId}` : `user:${login.actor}`;
  await audit.append(trx, {
    actor: login.actor,
    action,
    target,
    ...(login.details ? { details: login.details } : {}),
  });
  return token;
}
