import { randomUUID } from 'node:crypto';
import type { UserView } from '@mosip-trust/contracts';
import { auditedChange } from '../../audit/audited-change.ts';
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
import { isRole, type Role } from '../../auth/roles.ts';
import {
  keepAsFailure,
  type LoginAttempt,
  releaseReservation,
  reserveLoginAttempt,
} from '../../auth/throttle.ts';
import { revokeOtherTokens } from '../../auth/token-revocation.ts';
import { type IssuedToken, issueAuditedToken, revokeAllTokens, revokeToken } from '../../auth/tokens.ts';
import type { Deps } from '../../deps.ts';
import { type Actor, assertOwnPartner } from '../../domain/actor.ts';
import { TrustError } from '../../errors.ts';
import { findPartner } from '../../queries/partners.ts';
import { rowBy, rowByFolded } from '../../queries/rows.ts';
import { type Db, withTransaction } from '../../store/db.ts';

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
  deps: Deps,
  actor: Actor,
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
  const record = {
    action: 'user.create',
    target: `user:${input.username}`,
    details: { roles: input.roles ?? [], partnerId: input.partnerId ?? null },
    // Two concurrent creations of one name: the loser gets the same answer as a name taken earlier.
    unique: ['TS_USER_EXISTS', 'User name already exists'] as const,
  };
  const user = await auditedChange(deps, actor, record, async (trx) => {
    const clash = await rowByFolded(trx, 'users', 'username', input.username);
    if (clash) throw new TrustError('TS_USER_EXISTS');
    return trx
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
  });
  return generated === undefined
    ? { user: toView(user) }
    : { user: toView(user), oneTimePassword: generated };
}

/** The audit action, refusal code and reasons (unknown, wrong secret, disabled) of a failed sign-in. */
const REFUSALS = {
  user: {
    action: 'auth.login.failed',
    code: 'TS_LOGIN_FAILED',
    reasons: ['unknown user', 'wrong password', 'account disabled'],
  },
  client: {
    action: 'auth.client.failed',
    code: 'TS_CLIENT_AUTH_FAILED',
    reasons: ['unknown client', 'wrong secret', 'client disabled'],
  },
} as const;

/**
 * The active account whose secret matched; otherwise the failure is audited and its throttle reservation
 * kept as a failure, in one transaction, and the sign-in refused.
 */
async function admitted<R extends { status: string }>(
  deps: Deps,
  attempt: LoginAttempt & { kind: keyof typeof REFUSALS },
  reservation: number,
  account: R | undefined,
  valid: boolean,
): Promise<R> {
  if (account && valid && account.status === 'ACTIVE') return account;
  const { action, code, reasons } = REFUSALS[attempt.kind];
  const reason = !account ? reasons[0] : !valid ? reasons[1] : reasons[2];
  await withTransaction(deps.db, async (trx) => {
    await keepAsFailure(trx, reservation);
    const target = `${attempt.kind}:${attempt.principal.slice(0, 64)}`;
    await deps.audit.append(trx, {
      actor: 'anonymous',
      action,
      target,
      details: { reason, address: attempt.address },
    });
  });
  throw new TrustError(code);
}

/**
 * Checks a user name and password; audits success and failure; issues a bearer token.
 * Refused with 429 KER-ATH-429 while the user name or `address` has too many recent failures.
 */
export async function login(
  deps: Deps,
  username: string,
  password: string,
  address: string,
): Promise<IssuedToken & { user: UserView }> {
  const attempt = { kind: 'user', principal: username, address } as const;
  const reservation = await reserveLoginAttempt(deps.db, deps.config, attempt, deps.clock.now());
  const user = await rowByFolded(deps.db, 'users', 'username', username);
  const valid = await verifyPassword(
    password,
    user?.password_hash ?? (await dummyPasswordHash(deps.config.testScryptCost)),
  );
  const account = await admitted(deps, attempt, reservation, user, valid);
  const token = await signedIn(deps, reservation, {
    subject: { userId: account.id },
    actor: account.username,
    kind: 'password',
  });
  return { ...token, user: toView(account) };
}

/** Client id + secret for servers; audits success and failure; throttled like `login`. */
export async function clientLogin(
  deps: Deps,
  clientId: string,
  secret: string,
  address: string,
): Promise<IssuedToken> {
  const attempt = { kind: 'client', principal: clientId, address } as const;
  const reservation = await reserveLoginAttempt(deps.db, deps.config, attempt, deps.clock.now());
  const client = await rowBy(deps.db, 'machine_clients', 'client_id', clientId);
  // An unknown client id costs the same hash as a known one: the answer's timing does not reveal client ids.
  const valid = await verifyClientSecret(secret, client?.secret_hash ?? UNKNOWN_CLIENT_HASH);
  await admitted(deps, attempt, reservation, client, valid);
  return signedIn(deps, reservation, { subject: { clientId }, actor: `client:${clientId}`, kind: 'client' });
}

/** A sign-in that passed: its throttle reservation released and its token issued and audited, in one transaction. */
async function signedIn(
  deps: Deps,
  reservation: number,
  login: Parameters<typeof issueAuditedToken>[2],
): Promise<IssuedToken> {
  return withTransaction(deps.db, async (trx) => {
    await releaseReservation(trx, reservation);
    return issueAuditedToken(trx, deps.audit, login, deps.config.tokenTtlSeconds, deps.clock.now());
  });
}

/**
 * Changes the caller's password and revokes every other token of the user (`keepTokenHash`: the
 * calling token stays valid). The new password must differ from the current (one-time) one.
 */
export async function changePassword(
  deps: Deps,
  actor: Actor,
  current: string,
  next: string,
  keepTokenHash?: string,
): Promise<void> {
  if (actor.kind !== 'user') throw new TrustError('KER_ATH_403', 'Machine clients have no password');
  const user = await deps.db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', actor.id)
    .executeTakeFirstOrThrow();
  checkPasswordPolicy(next, deps.config.passwordMinLength, user.username);
  if (!user.password_hash || !(await verifyPassword(current, user.password_hash))) {
    await deps.audit.appendNow(deps.db, {
      actor: actor.name,
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
  const record = {
    action: 'auth.password.change',
    target: `user:${user.username}`,
    details: (revoked: number) => ({ otherTokensRevoked: revoked }),
  };
  await auditedChange(deps, actor, record, async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: hash, must_change_password: false, updated_at: deps.clock.now() })
      .where('id', '=', user.id)
      .execute();
    return revokeOtherTokens(trx, user.id, keepTokenHash, deps.clock.now());
  });
}

export async function listUsers(db: Db, partnerId?: string): Promise<UserView[]> {
  let q = db.selectFrom('users').selectAll().orderBy('created_at').orderBy('id').limit(1000);
  if (partnerId) q = q.where('partner_id', '=', partnerId);
  return (await q.execute()).map(toView);
}

/** Revokes the calling token (logout), audited. */
export function logout(deps: Deps, actor: Actor, token: string): Promise<boolean> {
  const record = { action: 'auth.logout', target: `${actor.kind}:${actor.name}` };
  return auditedChange(deps, actor, record, (trx) => revokeToken(trx, token, deps.clock.now()));
}

/** Self sign-up (when configured): a user with no role and no partner, recorded as acting for itself. */
/** Sign-up's one answer, for a free and for a taken name alike (docs/trust-server.md, "Sign-up"). */
export const SIGNUP_ANSWER =
  'If this user name was free, the account exists now: sign in with the password you chose. If signing in fails, the name was taken: sign up with another.';

/**
 * Self sign-up. A taken name answers exactly as a free one, so the answer tells an outsider nothing: the attempt
 * is audited (`user.signup.taken`) and `created` (for the route's throttle, never for the client) is false. Both
 * paths hash the password first, so neither is grossly faster.
 */
export async function signUp(
  deps: Deps,
  input: { username: string; password: string; email: string | null; address: string },
): Promise<{ answer: { username: string; message: string }; created: boolean }> {
  if (!deps.config.selfSignup) throw new TrustError('TS_SIGNUP_DISABLED');
  const self: Actor = { kind: 'user', id: input.username, name: input.username, partnerId: null, roles: [] };
  const answer = { username: input.username, message: SIGNUP_ANSWER };
  try {
    await createUser(deps, self, { username: input.username, password: input.password, email: input.email });
    return { answer, created: true };
  } catch (error) {
    if (!(error instanceof TrustError && error.code === 'TS_USER_EXISTS')) throw error;
    await withTransaction(deps.db, (trx) =>
      deps.audit.append(trx, {
        actor: 'anonymous',
        action: 'user.signup.taken',
        target: `user:${input.username}`,
        details: { address: input.address },
      }),
    );
    return { answer, created: false };
  }
}

/** GET /v1/trust/partners/{id}/users: a partner's users, for an admin or the partner itself. */
export function listPartnerUsers(deps: Deps, actor: Actor, partnerId: string): Promise<UserView[]> {
  assertOwnPartner(actor, partnerId);
  return listUsers(deps.db, partnerId);
}

/** POST /v1/trust/partners/{id}/users: a user acting for the partner, with a generated one-time password. */
export async function addPartnerUser(
  deps: Deps,
  actor: Actor,
  partnerId: string,
  input: { username: string; email?: string | null | undefined },
): Promise<{ user: UserView; oneTimePassword?: string }> {
  assertOwnPartner(actor, partnerId);
  if (!(await findPartner(deps.db, partnerId))) throw new TrustError('PMS_PRT_005');
  return createUser(deps, actor, { username: input.username, email: input.email ?? null, partnerId });
}

/** Enables or disables an account; disabling revokes its tokens. */
export async function setUserStatus(
  deps: Deps,
  actor: Actor,
  userId: string,
  status: 'ACTIVE' | 'DISABLED',
): Promise<UserView> {
  const record = {
    action: status === 'DISABLED' ? 'user.disable' : 'user.enable',
    target: (row: { username: string }) => `user:${row.username}`,
  };
  const row = await auditedChange(deps, actor, record, async (trx) => {
    const row = await trx
      .updateTable('users')
      .set({ status, updated_at: deps.clock.now() })
      .where('id', '=', userId)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new TrustError('TS_USER_NOT_FOUND');
    if (status === 'DISABLED') await revokeAllTokens(trx, { userId }, deps.clock.now());
    return row;
  });
  return toView(row);
}

export async function revokeUserTokens(deps: Deps, actor: Actor, userId: string): Promise<number> {
  const record = {
    action: 'auth.token.revoke',
    target: (r: { username: string; revoked: number }) => `user:${r.username}`,
    details: (r: { username: string; revoked: number }) => ({ revoked: r.revoked }),
  };
  const { revoked } = await auditedChange(deps, actor, record, async (trx) => {
    const user = await trx.selectFrom('users').select('username').where('id', '=', userId).executeTakeFirst();
    if (!user) throw new TrustError('TS_USER_NOT_FOUND');
    return { username: user.username, revoked: await revokeAllTokens(trx, { userId }, deps.clock.now()) };
  });
  return revoked;
}

export async function adminExists(db: Db): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('status', '=', 'ACTIVE')
    .where((eb) => eb(eb.val('PARTNER_ADMIN'), '=', eb.fn.any('roles')))
    .executeTakeFirst();
  return !!row;
}
