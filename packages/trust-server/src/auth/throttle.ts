import { sql } from 'kysely';
import { TrustError } from '../errors.ts';
import type { Db, Trx } from '../store/db.ts';

/**
 * Login throttling (docs/trust-server.md, "Login throttling"), counted in the store so every instance
 * shares it:
 * - per account: `maxFailures` failed (or in-flight) attempts for one user name or client id within the
 *   window lock that account, from every address;
 * - per address: failures against `maxFailures` different accounts from one address (password spraying)
 *   lock that address. Failures aimed at one account count once here, so they never stop another account
 *   from signing in from the same address (or from behind the same proxy).
 * An attempt is reserved (a pending row) under one advisory lock before its password is checked, so
 * concurrent guesses at one account are counted while in flight and cannot pass its limit. The address
 * limit counts settled failures only: many users logging in at once behind one address are not refused. The client address is fastify's
 * `request.ip`: X-Forwarded-For is believed only from the configured trusted proxies.
 */
export interface ThrottleConfig {
  loginMaxFailures: number;
  loginFailureWindowSeconds: number;
}

export interface LoginAttempt {
  kind: 'user' | 'client' | 'probe';
  /** The user name or client id as given (a probe: the address). */
  principal: string;
  /** The client's address. */
  address: string;
}

/** pg_advisory_xact_lock key of the reservation step. */
const THROTTLE_LOCK = 7_310_003;
const key = (principal: string) => principal.toLowerCase().slice(0, 64);

/** Reserves a slot for this attempt, or refuses it with 429 KER-ATH-429. Returns the reservation's id. */
export async function reserveLoginAttempt(
  db: Db,
  config: ThrottleConfig,
  attempt: LoginAttempt,
  now: Date,
): Promise<number> {
  const since = new Date(now.getTime() - config.loginFailureWindowSeconds * 1000);
  const principal = key(attempt.principal);
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${THROTTLE_LOCK})`.execute(trx);
    await trx.deleteFrom('failed_logins').where('at', '<', since).execute();
    const row = await trx
      .selectFrom('failed_logins')
      .select((eb) => [
        eb.fn
          .count<number>('id')
          .filterWhere((w) => w.and([w('kind', '=', attempt.kind), w('principal', '=', principal)]))
          .as('byAccount'),
        sql<number>`count(distinct (kind, principal)) filter (where address = ${attempt.address} and not pending)`.as(
          'accountsFromAddress',
        ),
        eb.fn.min('at').as('oldest'),
      ])
      .where('at', '>=', since)
      .where((w) =>
        w.or([
          w.and([w('kind', '=', attempt.kind), w('principal', '=', principal)]),
          w('address', '=', attempt.address),
        ]),
      )
      .executeTakeFirstOrThrow();
    const byAccount = Number(row.byAccount) >= config.loginMaxFailures;
    // A new account from an address that already failed against the limit's number of accounts.
    const byAddress = Number(row.accountsFromAddress) >= config.loginMaxFailures;
    if (byAccount || byAddress) {
      const oldest = row.oldest ? new Date(row.oldest).getTime() : now.getTime();
      const retryAfterSeconds = Math.max(
        1,
        Math.ceil((oldest + config.loginFailureWindowSeconds * 1000 - now.getTime()) / 1000),
      );
      const what = byAccount ? (attempt.kind === 'user' ? 'this user name' : 'this client') : 'this address';
      throw new TrustError(
        'KER_ATH_429',
        `Too many failed login attempts for ${what}; try again in ${retryAfterSeconds} s`,
        { details: { retryAfterSeconds } },
      );
    }
    const inserted = await trx
      .insertInto('failed_logins')
      .values({ at: now, kind: attempt.kind, principal, address: attempt.address, pending: true })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(inserted.id);
  });
}

/** The attempt failed: its reservation stays as a failure (in the transaction of its audit entry). */
export async function keepAsFailure(trx: Trx, reservation: number): Promise<void> {
  await trx.updateTable('failed_logins').set({ pending: false }).where('id', '=', reservation).execute();
}

/** The attempt succeeded: its reservation goes. */
export async function releaseReservation(db: Db | Trx, reservation: number): Promise<void> {
  await db.deleteFrom('failed_logins').where('id', '=', reservation).execute();
}
