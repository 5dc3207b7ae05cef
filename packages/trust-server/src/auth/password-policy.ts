import { TrustError } from '../errors.ts';

/**
 * The password policy (docs/trust-server.md, "Passwords"): a minimum length and a refusal of trivial
 * passwords, no composition rules for their own sake. Trivial: one character repeated, a short pattern
 * repeated (`abcabcabcabc`), an ascending or descending run (`123456789012`), the user name with little
 * else, or one of a few passwords every guessing list starts with.
 */
const COMMON = new Set([
  'password',
  'passw0rd',
  'qwerty',
  'qwertyuiop',
  'iloveyou',
  'letmein',
  'welcome',
  'admin',
  'administrator',
  'changeme',
  'trustno1',
  'mosip',
  'abc123',
]);

function weak(message: string): never {
  throw new TrustError('TS_WEAK_PASSWORD', message);
}

function isRepeatedPattern(p: string): boolean {
  for (let period = 1; period <= 4; period++) {
    if (p.length < period * 3) break;
    let repeats = true;
    for (let i = period; i < p.length && repeats; i++) repeats = p[i] === p[i - period];
    if (repeats) return true;
  }
  return false;
}

/** Ascending or descending, digits wrapping (`1234567890`, `9876543210`). */
function isRun(p: string): boolean {
  const codes = [...p].map((c) => c.codePointAt(0) ?? 0);
  const isDigit = (c: number) => c >= 48 && c <= 57;
  const step = (a: number, b: number) =>
    isDigit(a) && isDigit(b) ? ((((b - a + 10) % 10) + 4) % 10) - 4 : b - a;
  const first = step(codes[0] ?? 0, codes[1] ?? 0);
  if (first !== 1 && first !== -1) return false;
  return codes.every((c, i) => i === 0 || step(codes[i - 1] ?? 0, c) === first);
}

export function checkPasswordPolicy(password: string, minLength: number, username?: string): void {
  if (password.length < minLength) weak(`Password must have at least ${minLength} characters`);
  if (password.length > 256) weak('Password must have at most 256 characters');
  const lower = password.toLowerCase();
  if (isRepeatedPattern(lower)) weak('Password must not be one character or a short pattern repeated');
  if (isRun(lower)) weak('Password must not be a run of consecutive characters');
  if (COMMON.has(lower.replace(/[0-9!@#$%^&*._-]+$/, ''))) weak('Password is too common');
  if (username && username.length >= 3) {
    const rest = lower.split(username.toLowerCase()).join('');
    if (rest.length < 6) weak('Password must not be the user name or close to it');
  }
}
