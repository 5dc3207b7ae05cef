import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../../audit/log.ts';
import { checkPasswordPolicy } from '../../auth/password-policy.ts';
import {
  dummyPasswordHash,
  generatePassword,
  generateSecret,
  hashClientSecret,
  hashPassword,
  verifyClientSecret,
  verifyPassword,
} from '../../auth/passwords.ts';
import { isRole, type Principal, type Role } from '../../auth/roles.ts';
import {
  keepAsFailure,
  type LoginAttempt,
  releaseReservation,
  reserveLoginAttempt,
  type ThrottleConfig,
} from '../../auth/throttle.ts';
import { revokeOtherTokens } from '../../auth/token-revocation.ts';
import { type IssuedToken, issueAuditedToken, revokeAllTokens } from '../../auth/tokens.ts';
import { TrustError } from '../../errors.ts';
import type { Clock } from '../../http/module.ts';
import { type Db, withTransaction } from '../../store/db.ts';

export interface AccountDeps {
  db: Db;
  audit: AuditLog;
  clock: Clock;
  config: { tokenTtlSeconds: number; passwordMinLength: number; testScryptCost?: number } & ThrottleConfig;
}

export interface UserView {
  id: string;
  username: string;
  email: string | null;
  roles: string[];
  partnerId: string | null;
  status: string;
  mustChangePassword: boolean;
  createdAt: string;
}

const UNKNOWN_CLIENT_HASH = hashClientSecret(generateSecret());
const USERNAME = /^[A-Za-z0-9._@-]{3,64}$/;

function toView(u: {
  id: string;
  username: string;
  email: string | null;
  roles: string[];
  partner_id: string | null;
  status: string;
  must_change_password: boolean;
  created_at: Date;
}): UserView {
  return {
    id: u.id,
    username: u.username,
    email: u.email,
    roles: u.roles,
    partnerId: u.partner_id,
    status: u.status,
    mustChangePassword: u.must_change_password,
    createdAt: u.created_at.toISOString(),
  };
}

export interface CreateUserInput {
  username: string;
  email?: string | null;
  roles?: Role[];
  partnerId?: string | null;
  /** When absent a one-time password is generated (and must be changed at first use). */
  password?: string;
}

/** Creates a local account. Returns the view and the generated one-time password, if any. */
export async function createUser(
  deps: AccountDeps,
  actor: string,
  input: CreateUserInput,
): Promise<{ user: UserView; oneTimePassword?: string }> {
  if (!USERNAME.test(input.username)) {
    throw new TrustError(
      'PMS_COR_001',
      'Invalid request parameter - user name must be 3-64 of A-Z a-z 0-9 . _ @ - :username',
    );
  }
  const generated = input.password === undefined ? generatePassword() : undefined;
  const password = input.password ?? (generated as string);
  if (input.password !== undefined)
    checkPasswordPolicy(input.password, deps.config.passwordMinLength, input.username);
  for (const r of input.roles ?? []) if (!isRole(r)) throw new TrustError('PMS_COR_002', `Unknown role ${r}`);
  const hash = await hashPassword(password, deps.config.testScryptCost);
  const user = await withTransaction(deps.db, async (trx) => {
    const clash = await trx
      .selectFrom('users')
      .select('id')
      .where(trx.fn('lower', ['username']), '=', input.username.toLowerCase())
      .executeTakeFirst();
    if (clash) throw new TrustError('TS_USER_EXISTS');
    const row = await trx
      .insertInto('users')
      .values({
        id: randomUUID(),
        username: input.username,
        email: input.email ?? null,
        password_hash: hash,
        roles: input.roles ?? [],
        partner_id: input.partnerId ?? null,
        must_change_password: generated !== undefined,
        oidc_subject: null,
        created_at: deps.clock.now(),
        updated_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await deps.audit.append(trx, {
      actor,
      action: 'user.create',
      target: `user:${row.username}`,
      details: { roles: row.roles, partnerId: row.partner_id },
    });
    return row;
  });
  return generated === undefined
    ? { user: toView(user) }
    : { user: toView(user), oneTimePassword: generated };
}

/** Audits a failed login and keeps its throttle reservation as a failure, in one transaction. */
function recordFailure(
  deps: AccountDeps,
  attempt: LoginAttempt,
  reservation: number,
  audit: { action: string; target: string; reason: string },
): Promise<void> {
  return withTransaction(deps.db, async (trx) => {
    await keepAsFailure(trx, reservation);
    await deps.audit.append(trx, {
      actor: 'anonymous',
      action: audit.action,
      target: audit.target,
      details: { reason: audit.reason, address: attempt.address },
    });
  });
}

/**
 * Checks a user name and password; audits success and failure; issues a bearer token.
 * Refused with 429 KER-ATH-429 while the user name or `address` has too many recent failures.
 */
export async function login(
  deps: AccountDeps,
  username: string,
  password: string,
  address: string,
): Promise<IssuedToken & { user: UserView }> {
  const attempt: LoginAttempt = { kind: 'user', principal: username, address };
  const reservation = await reserveLoginAttempt(deps.db, deps.config, attempt, deps.clock.now());
  const user = await deps.db
    .selectFrom('users')
    .selectAll()
    .where(deps.db.fn('lower', ['username']), '=', username.toLowerCase())
    .executeTakeFirst();
  const valid = await verifyPassword(
    password,
    user?.password_hash ?? (await dummyPasswordHash(deps.config.testScryptCost)),
  );
  if (!user || !valid || user.status !== 'ACTIVE') {
    await recordFailure(deps, attempt, reservation, {
      action: 'auth.login.failed',
      target: `user:${username.slice(0, 64)}`,
      reason: !user ? 'unknown user' : !valid ? 'wrong password' : 'account disabled',
    });
    throw new TrustError('TS_LOGIN_FAILED');
  }
  return withTransaction(deps.db, async (trx) => {
    await releaseReservation(trx, reservation);
    const token = await issueAuditedToken(
      trx,
      deps.audit,
      { subject: { userId: user.id }, actor: user.username, kind: 'password' },
      deps.config.tokenTtlSeconds,
      deps.clock.now(),
    );
    return { ...token, user: toView(user) };
  });
}

/** Client id + secret for servers; audits success and failure; throttled like `login`. */
export async function clientLogin(
  deps: AccountDeps,
  clientId: string,
  secret: string,
  address: string,
): Promise<IssuedToken> {
  const attempt: LoginAttempt = { kind: 'client', principal: clientId, address };
  const reservation = await reserveLoginAttempt(deps.db, deps.config, attempt, deps.clock.now());
  const client = await deps.db
    .selectFrom('machine_clients')
    .selectAll()
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  // An unknown client id costs the same hash as a known one: the answer's timing does not reveal client ids.
  const valid = await verifyClientSecret(secret, client?.secret_hash ?? UNKNOWN_CLIENT_HASH);
  if (!client || !valid || client.status !== 'ACTIVE') {
    await recordFailure(deps, attempt, reservation, {
      action: 'auth.client.failed',
      target: `client:${clientId.slice(0, 64)}`,
      reason: !client ? 'unknown client' : !valid ? 'wrong secret' : 'client disabled',
    });
    throw new TrustError('TS_CLIENT_AUTH_FAILED');
  }
  return withTransaction(deps.db, async (trx) => {
    await releaseReservation(trx, reservation);
    return issueAuditedToken(
      trx,
      deps.audit,
      { subject: { clientId }, actor: `client:${clientId}`, kind: 'client' },
      deps.config.tokenTtlSeconds,
      deps.clock.now(),
    );
  });
}

/**
 * Changes the caller's password and revokes every other token of the user (`keepTokenHash`: the
 * calling token stays valid). The new password must differ from the current (one-time) one.
 */
export async function changePassword(
  deps: AccountDeps,
  principal: Principal,
  current: string,
  next: string,
  keepTokenHash?: string,
): Promise<void> {
  if (principal.kind !== 'user') throw new TrustError('KER_ATH_403', 'Machine clients have no password');
  const user = await deps.db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', principal.id)
    .executeTakeFirstOrThrow();
  checkPasswordPolicy(next, deps.config.passwordMinLength, user.username);
  if (!user.password_hash || !(await verifyPassword(current, user.password_hash))) {
    await deps.audit.appendNow(deps.db, {
      actor: principal.name,
      action: 'auth.password.change.failed',
      target: `user:${user.username}`,
    });
    throw new TrustError('TS_LOGIN_FAILED', 'Current password is wrong');
  }
  if (next === current)
    throw new TrustError(
      'TS_WEAK_PASSWORD',
      'The new password must differ from the current (one-time) password',
    );
  const hash = await hashPassword(next, deps.config.testScryptCost);
  await withTransaction(deps.db, async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: hash, must_change_password: false, updated_at: deps.clock.now() })
      .where('id', '=', user.id)
      .execute();
    const revoked = await revokeOtherTokens(trx, user.id, keepTokenHash, deps.clock.now());
    await deps.audit.append(trx, {
      actor: principal.name,
      action: 'auth.password.change',
      target: `user:${user.username}`,
      details: { otherTokensRevoked: revoked },
    });
  });
}

export async function listUsers(db: Db, partnerId?: string): Promise<UserView[]> {
  let q = db.selectFrom('users').selectAll().orderBy('created_at').orderBy('id').limit(1000);
  if (partnerId) q = q.where('partner_id', '=', partnerId);
  return (await q.execute()).map(toView);
}

/** Enables or disables an account; disabling revokes its tokens. */
export async function setUserStatus(
  deps: AccountDeps,
  actor: string,
  userId: string,
  status: 'ACTIVE' | 'DISABLED',
): Promise<UserView> {
  return withTransaction(deps.db, async (trx) => {
    const row = await trx
      .updateTable('users')
      .set({ status, updated_at: deps.clock.now() })
      .where('id', '=', userId)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new TrustError('TS_USER_NOT_FOUND');
    if (status === 'DISABLED') await revokeAllTokens(trx, { userId }, deps.clock.now());
    await deps.audit.append(trx, {
      actor,
      action: status === 'DISABLED' ? 'user.disable' : 'user.enable',
      target: `user:${row.username}`,
    });
    return toView(row);
  });
}

export async function revokeUserTokens(deps: AccountDeps, actor: string, userId: string): Promise<number> {
  return withTransaction(deps.db, async (trx) => {
    const user = await trx.selectFrom('users').select('username').where('id', '=', userId).executeTakeFirst();
    if (!user) throw new TrustError('TS_USER_NOT_FOUND');
    const n = await revokeAllTokens(trx, { userId }, deps.clock.now());
    await deps.audit.append(trx, {
      actor,
      action: 'auth.token.revoke',
      target: `user:${user.username}`,
      details: { revoked: n },
    });
    return n;
  });
}

export interface ClientView {
  clientId: string;
  name: string;
  roles: string[];
  partnerId: string | null;
  status: string;
  createdBy: string;
  createdAt: string;
}

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
  deps: AccountDeps,
  actor: string,
  input: { name: string; roles: Role[]; partnerId: string | null },
): Promise<{ client: ClientView; secretKey: string }> {
  const secretKey = generateSecret();
  const hash = hashClientSecret(secretKey);
  const clientId = `mc-${randomUUID()}`;
  const row = await withTransaction(deps.db, async (trx) => {
    if (input.partnerId) {
      const partner = await trx
        .selectFrom('partners')
        .select('id')
        .where('id', '=', input.partnerId)
        .executeTakeFirst();
      if (!partner) throw new TrustError('PMS_PRT_005');
    }
    const created = await trx
      .insertInto('machine_clients')
      .values({
        client_id: clientId,
        name: input.name,
        secret_hash: hash,
        roles: input.roles,
        partner_id: input.partnerId,
        created_by: actor,
        created_at: deps.clock.now(),
        updated_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await deps.audit.append(trx, {
      actor,
      action: 'client.create',
      target: `client:${clientId}`,
      details: { name: input.name, roles: input.roles, partnerId: input.partnerId },
    });
    return created;
  });
  return { client: toClientView(row), secretKey };
}

export async function listClients(db: Db, partnerId?: string): Promise<ClientView[]> {
  let q = db.selectFrom('machine_clients').selectAll().orderBy('created_at').orderBy('client_id').limit(1000);
  if (partnerId) q = q.where('partner_id', '=', partnerId);
  return (await q.execute()).map(toClientView);
}

export async function getClient(db: Db, clientId: string): Promise<ClientView> {
  const row = await db
    .selectFrom('machine_clients')
    .selectAll()
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  if (!row) throw new TrustError('TS_CLIENT_NOT_FOUND');
  return toClientView(row);
}

/** Disables machine credentials and revokes their tokens. */
export async function disableClient(deps: AccountDeps, actor: string, clientId: string): Promise<ClientView> {
  return withTransaction(deps.db, async (trx) => {
    const row = await trx
      .updateTable('machine_clients')
      .set({ status: 'DISABLED', updated_at: deps.clock.now() })
      .where('client_id', '=', clientId)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new TrustError('TS_CLIENT_NOT_FOUND');
    await revokeAllTokens(trx, { clientId }, deps.clock.now());
    await deps.audit.append(trx, { actor, action: 'client.disable', target: `client:${clientId}` });
    return toClientView(row);
  });
}

/** True when at least one active PARTNER_ADMIN account exists. */
export async function adminExists(db: Db): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('status', '=', 'ACTIVE')
    .where((eb) => eb(eb.val('PARTNER_ADMIN'), '=', eb.fn.any('roles')))
    .executeTakeFirst();
  return !!row;
}
