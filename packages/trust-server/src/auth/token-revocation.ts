import type { Trx } from '../store/db.ts';

/** Revokes every live token of a user except `keepTokenHash` (the caller's own, after a password change). */
export async function revokeOtherTokens(
  trx: Trx,
  userId: string,
  keepTokenHash: string | undefined,
  now: Date,
): Promise<number> {
  let q = trx
    .updateTable('auth_tokens')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (keepTokenHash) q = q.where('token_hash', '!=', keepTokenHash);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
