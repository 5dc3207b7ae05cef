import { type ErrorCode, TrustError } from '../errors.ts';

/** PostgreSQL unique_violation (both node-postgres and PGlite expose SQLSTATE as `code`). */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23505';
}

/** A `.catch` handler: a unique violation becomes TrustError(code, message); any other error passes through. */
export function uniqueAs(code: ErrorCode, message: string): (e: unknown) => never {
  return (e) => {
    if (isUniqueViolation(e)) throw new TrustError(code, message);
    throw e;
  };
}
