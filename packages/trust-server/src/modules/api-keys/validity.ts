import { auditedChange } from '../../audit/audited-change.ts';
import type { Deps } from '../../deps.ts';
import { type Actor, assertOwnPartner } from '../../domain/actor.ts';
import { TrustError } from '../../errors.ts';
import { currentKeyByLabel } from './service.ts';

/**
 * PATCH /partners/{partnerId}/policy/{policyId}/apiKey/validity: sets the validity window of the current
 * key of a label (MOSIP keys expire; this is how a partner or the admin shortens, ends or extends one).
 * The window must end after it starts and not beyond the policy's own validity; a revoked key keeps its
 * revocation. Audited as apikey.validity with the old and the new window.
 */
export async function setApiKeyValidity(
  deps: Deps,
  actor: Actor,
  partnerId: string,
  policyId: string,
  input: { label: string; validFrom?: string; validTo: string },
): Promise<{ apiKeyId: string; validFrom: string; validTo: string }> {
  assertOwnPartner(actor, partnerId);
  const validTo = new Date(input.validTo);
  const from = input.validFrom === undefined ? undefined : new Date(input.validFrom);
  if (Number.isNaN(validTo.getTime()) || (from && Number.isNaN(from.getTime())))
    throw new TrustError('PMS_COR_001', 'validFrom and validTo must be ISO 8601 date-times.');
  const record = {
    action: 'apikey.validity',
    target: `partner:${partnerId}`,
    details: (r: { apiKeyId: string; validFrom: string; validTo: string; before: string[] }) => ({
      policyId,
      label: input.label,
      apiKeyId: r.apiKeyId,
      before: r.before,
      after: [r.validFrom, r.validTo],
    }),
  };
  const done = await auditedChange(deps, actor, record, async (trx) => {
    const key = await currentKeyByLabel(trx, partnerId, policyId, input.label);
    if (!key)
      throw new TrustError(
        'PMS_PRT_111',
        `No API key labelled ${JSON.stringify(input.label)} for partner ${partnerId} and policy ${policyId}.`,
      );
    if (key.status !== 'ACTIVE')
      throw new TrustError(
        'PMS_PMS_022',
        'A revoked API key keeps its revocation; its validity is not changed.',
      );
    const validFrom = from ?? key.valid_from;
    if (validTo.getTime() <= validFrom.getTime())
      throw new TrustError(
        'TS_APIKEY_VALIDITY_ORDER',
        `validTo ${validTo.toISOString()} is not after validFrom ${validFrom.toISOString()}.`,
      );
    const policy = await trx
      .selectFrom('policies')
      .select('valid_to')
      .where('id', '=', policyId)
      .executeTakeFirstOrThrow();
    if (validTo.getTime() > policy.valid_to.getTime())
      throw new TrustError(
        'TS_APIKEY_BEYOND_POLICY',
        `The policy is valid until ${policy.valid_to.toISOString()}; the key cannot be valid beyond it.`,
      );
    await trx
      .updateTable('api_keys')
      .set({ valid_from: validFrom, valid_to: validTo })
      .where('id', '=', key.id)
      .execute();
    return {
      apiKeyId: key.id,
      validFrom: validFrom.toISOString(),
      validTo: validTo.toISOString(),
      before: [key.valid_from.toISOString(), key.valid_to.toISOString()],
    };
  });
  return { apiKeyId: done.apiKeyId, validFrom: done.validFrom, validTo: done.validTo };
}
