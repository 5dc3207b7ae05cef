import type { Db } from '../store/db.ts';
import type { ThrottleConfig } from './throttle.ts';
import { releaseReservation, reserveLoginAttempt } from './throttle.ts';

/**
 * Probes of who exists: a sign-up for a taken name (answered as a free one, but signing in afterwards tells) and
 * MOSIP's e-mail verification (which says whether an e-mail is registered). Both are throttled per client address
 * with the login limit and window (docs/trust-server.md, "Login throttling" and "Sign-up"): every e-mail
 * verification and every sign-up for a taken name counts; past the limit the address gets 429 KER-ATH-429.
 */
export async function throttledProbe<T>(
  db: Db,
  config: ThrottleConfig,
  address: string,
  now: Date,
  probe: () => Promise<T>,
  counts: (outcome: { value?: T; error?: unknown }) => boolean,
): Promise<T> {
  const reservation = await reserveLoginAttempt(
    db,
    config,
    { kind: 'probe', principal: address, address },
    now,
  );
  let outcome: { value?: T; error?: unknown };
  try {
    outcome = { value: await probe() };
  } catch (error) {
    outcome = { error };
  }
  if (!counts(outcome)) await releaseReservation(db, reservation);
  else await db.updateTable('failed_logins').set({ pending: false }).where('id', '=', reservation).execute();
  if ('error' in outcome) throw outcome.error;
  return outcome.value as T;
}
