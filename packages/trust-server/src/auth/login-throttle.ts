import { TrustError } from '../errors.ts';
import type { Db, Trx } from '../store/db.ts';

/**
 * Login throttling: failed logins are rows in the store, so every instance counts the same attempts
 * (no in-process state). A user name (or client id) or a client address with `maxFailures` failures
 * within the window is refused with 429 KER-ATH-429 before its password is even checked; the refusal
 * itself is not counted, so the lock lifts once the window has passed the recorded failures.
 * The count and the record are not one atomic step: concurrent guesses can pass the limit by at most
 * the number of requests in flight.
 */
export interface ThrottleConfig {
  loginMaxFailures: number;
  loginFailureWindowSeconds: number;
}

export interface LoginAttempt {
  kind: 'user' | 'client';
  /** The user name or client id as given. */
  principal: string;
  /** The client's address (fastify `request.ip`). */
  address: string;
}

const key = (principal: string) => principal.toLowerCase().slice(0, 64);

export async function assertLoginAllowed(
  db: Db,
  config: ThrottleConfig,
  attempt: LoginAttempt,
  now: Date,
): Promise<void> {
  const since = new Date(now.getTime() - config.loginFailureWindowSeconds * 1000);
  const principal = key(attempt.principal);
  const row = await db
    .selectFrom('failed_logins')
    .select((eb) => [
      eb.fn
        .count<number>('id')
        .filterWhere((w) => w.and([w('kind', '=', attempt.kind), w('principal', '=', principal)]))
        .as('byPrincipal'),
      eb.fn.count<number>('id').filterWhere('address', '=', attempt.address).as('byAddress'),
      eb.fn.min('at').as('oldest'),
    ])
    .where('at', '>', since)
    .where((w) =>
      w.or([
        w.and([w('kind', '=', attempt.kind), w('principal', '=', principal)]),
        w('address', '=', attempt.address),
      ]),
    )
    .executeTakeFirstOrThrow();
  if (Number(row.byPrincipal) < config.loginMaxFailures && Number(row.byAddress) < config.loginMaxFailures)
    return;
  const oldest = row.oldest ? new Date(row.oldest).getTime() : now.getTime();
  const retryAfterSeconds = Math.max(
    1,
    Math.ceil((oldest + config.loginFailureWindowSeconds * 1000 - now.getTime()) / 1000),
  );
  throw new TrustError(
    'KER_ATH_429',
    `Too many failed login attempts for this ${attempt.kind === 'user' ? 'user name' : 'client'} or address; try again in ${retryAfterSeconds} s`,
    { details: { retryAfterSeconds } },
  );
}

/** Records a failed login (in the transaction of its audit entry) and drops failures older than the window. */
export async function recordFailedLogin(
  trx: Trx,
  config: ThrottleConfig,
  attempt: LoginAttempt,
  now: Date,
): Promise<void> {
  await trx
    .deleteFrom('failed_logins')
    .where('at', '<', new Date(now.getTime() - config.loginFailureWindowSeconds * 1000))
    .execute();
  await trx
    .insertInto('failed_logins')
    .values({ at: now, kind: attempt.kind, principal: key(attempt.principal), address: attempt.address })
    .execute();
}
