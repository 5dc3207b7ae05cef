import type { Role } from '../../../src/index.ts';
import type { TestPartner } from '../server.ts';
import type { Caller, Fixtures } from './types.ts';

/** A record id a setup made; a missing one fails the test (never a placeholder id). */
export function need(fx: Fixtures, key: string): string {
  const id = fx.extra[key];
  if (!id) throw new Error(`matrix setup did not create ${key}`);
  return id;
}

/** The caller's own partner, or `fallback`'s for staff callers; a missing one fails the test. */
export function partnerOf(fx: Fixtures, caller: Caller, fallback: Role): TestPartner {
  const own = fx.partners[caller] ?? fx.partners[fallback];
  if (!own) throw new Error(`matrix setup has no ${fallback} partner`);
  return own;
}
