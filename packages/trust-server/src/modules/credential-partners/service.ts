import type { CredentialTypePolicyView, ExtractorsView } from '@mosip-trust/contracts';
import { sql } from 'kysely';
import { auditedChange } from '../../audit/audited-change.ts';
import type { Deps } from '../../deps.ts';
import { type Actor, assertOwnPartner } from '../../domain/actor.ts';
import {
  BIO_EXTRACTOR_PARTNER_TYPES,
  CREDENTIAL_MAPPING_PARTNER_TYPES,
  CREDENTIAL_TYPES,
} from '../../domain/partner-types.ts';
import { TrustError } from '../../errors.ts';
import { activePartner, findPartner } from '../../queries/partners.ts';
import { policyById } from '../../queries/policies.ts';
import { newId } from '../../store/ids.ts';
import { policyView } from '../policies/views.ts';

/**
 * What MOSIP's credential service asks of a credential partner: which of its policies applies to each
 * credential type, and which biometric extractor produces each biometric attribute of a policy.
 */

function assertCredentialType(credentialType: string): void {
  if (!CREDENTIAL_TYPES.includes(credentialType))
    throw new TrustError(
      'PMS_PRT_072',
      `Credential type ${JSON.stringify(credentialType)} is not one of ${CREDENTIAL_TYPES.join(', ')}.`,
    );
}

/** POST /partners/{partnerId}/credentialtype/{credentialType}/policies/{policyName}: maps (or re-maps) the type. */
export async function mapCredentialType(
  deps: Deps,
  actor: Actor,
  partnerId: string,
  credentialType: string,
  policyName: string,
): Promise<string> {
  assertOwnPartner(actor, partnerId);
  assertCredentialType(credentialType);
  const partner = await activePartner(deps.db, partnerId);
  if (!CREDENTIAL_MAPPING_PARTNER_TYPES.has(partner.partner_type_code))
    throw new TrustError(
      'PMS_PRT_070',
      `A ${partner.partner_type_code} cannot map credential types to policies.`,
    );
  if (!partner.policy_group_id)
    throw new TrustError('PMS_PRT_047', `Partner ${partnerId} is not mapped to a policy group.`);
  const policy = await deps.db
    .selectFrom('policies')
    .select(['id', 'status', 'valid_to'])
    .where('policy_group_id', '=', partner.policy_group_id)
    .where(sql<string>`lower(name)`, '=', policyName.toLowerCase())
    .orderBy('revision', 'desc')
    .executeTakeFirst();
  if (!policy)
    throw new TrustError('PMS_PRT_073', `Policy ${policyName} does not exist in the partner's group.`);
  if (policy.status !== 'PUBLISHED')
    throw new TrustError('PMS_PMP_019', `Policy ${policyName} is not published.`);
  const now = deps.clock.now();
  if (policy.valid_to < now) throw new TrustError('PMS_PMP_018', `Policy ${policyName} expired.`);
  const record = {
    action: 'credential-type.map',
    target: `partner:${partnerId}`,
    details: { credentialType, policyId: policy.id },
  };
  await auditedChange(deps, actor, record, (trx) =>
    trx
      .insertInto('credential_type_policies')
      .values({
        partner_id: partnerId,
        credential_type: credentialType,
        policy_id: policy.id,
        created_by: actor.name,
        created_at: now,
      })
      .onConflict((oc) =>
        oc
          .columns(['partner_id', 'credential_type'])
          .doUpdateSet({ policy_id: policy.id, updated_by: actor.name, updated_at: now }),
      )
      .execute(),
  );
  return 'Partner, policy and credentialType mapping done successfully.';
}

/** GET /partners/{partnerId}/credentialtype/{credentialType}/policies: the mapped policy (MOSIP's PolicyDto). */
export async function credentialTypePolicy(
  deps: Deps,
  actor: Actor,
  partnerId: string,
  credentialType: string,
): Promise<CredentialTypePolicyView> {
  assertOwnPartner(actor, partnerId);
  assertCredentialType(credentialType);
  const link = await deps.db
    .selectFrom('credential_type_policies')
    .select('policy_id')
    .where((eb) => eb.and({ partner_id: partnerId, credential_type: credentialType }))
    .executeTakeFirst();
  if (!link)
    throw new TrustError(
      'PMS_PRT_064',
      `Partner ${partnerId} has no policy for credential type ${credentialType}.`,
    );
  return { partnerId, credentialType, ...policyView(await policyById(deps.db, link.policy_id)) };
}

/** "finger[Left IndexFinger,Right IndexFinger]" → modality and sub types, as MOSIP stores them. */
function splitBiometric(biometric: string): { modality: string; subTypes: string | null } {
  const open = biometric.indexOf('[');
  if (open < 0) return { modality: biometric.trim(), subTypes: null };
  const close = biometric.lastIndexOf(']');
  const modality = biometric.slice(0, open).trim();
  if (close < open || modality === '')
    throw new TrustError(
      'PMS_COR_002',
      `biometric ${JSON.stringify(biometric)} is not "<modality>[<sub types>]".`,
    );
  return { modality, subTypes: biometric.slice(open + 1, close).trim() || null };
}

/**
 * POST /partners/{partnerId}/bioextractors/{policyId}: the extractors of a policy the partner has requested
 * and that is not approved yet (MOSIP fixes them before approval); one per attribute, added again replaces it.
 */
export async function addBioExtractors(
  deps: Deps,
  actor: Actor,
  partnerId: string,
  policyId: string,
  input: ExtractorsView,
): Promise<string> {
  assertOwnPartner(actor, partnerId);
  const partner = await findPartner(deps.db, partnerId);
  if (!partner) throw new TrustError('PMS_PRT_005', `Partner ${partnerId} does not exist.`);
  if (!BIO_EXTRACTOR_PARTNER_TYPES.has(partner.partner_type_code))
    throw new TrustError('PMS_PRT_063', `A ${partner.partner_type_code} does not configure extractors.`);
  const parsed = input.extractors.map((e) => ({ ...e, ...splitBiometric(e.biometric) }));
  const now = deps.clock.now();
  const record = {
    action: 'bioextractors.set',
    target: `partner:${partnerId}`,
    details: { policyId, attributes: parsed.map((e) => e.attributeName) },
  };
  await auditedChange(deps, actor, record, async (trx) => {
    const requests = await trx
      .selectFrom('policy_requests')
      .select('status')
      .where('partner_id', '=', partnerId)
      .where('policy_id', '=', policyId)
      .where('status', '<>', 'rejected')
      .execute();
    if (requests.length === 0)
      throw new TrustError('PMS_PRT_061', `Partner ${partnerId} has not requested policy ${policyId}.`);
    if (requests.some((r) => r.status === 'approved'))
      throw new TrustError(
        'PMS_PRT_062',
        'The policy request is already approved; extractors cannot change.',
      );
    for (const e of parsed) {
      await trx
        .deleteFrom('policy_bio_extractors')
        .where('partner_id', '=', partnerId)
        .where('policy_id', '=', policyId)
        .where(sql<string>`lower(attribute_name)`, '=', e.attributeName.toLowerCase())
        .execute();
      await trx
        .insertInto('policy_bio_extractors')
        .values({
          id: newId(),
          partner_id: partnerId,
          policy_id: policyId,
          attribute_name: e.attributeName,
          biometric_modality: e.modality,
          biometric_sub_types: e.subTypes,
          extractor_provider: e.extractor.provider,
          extractor_provider_version: e.extractor.version ?? null,
          created_by: actor.name,
          created_at: now,
        })
        .execute();
    }
  });
  return 'Extractors added successfully.';
}

/** GET /partners/{partnerId}/bioextractors/{policyId}: MOSIP's ExtractorsDto (PMS_PRT_064 when none). */
export async function bioExtractors(
  deps: Deps,
  actor: Actor,
  partnerId: string,
  policyId: string,
): Promise<ExtractorsView> {
  assertOwnPartner(actor, partnerId);
  const rows = await deps.db
    .selectFrom('policy_bio_extractors')
    .selectAll()
    .where('partner_id', '=', partnerId)
    .where('policy_id', '=', policyId)
    .orderBy('attribute_name')
    .execute();
  if (rows.length === 0)
    throw new TrustError('PMS_PRT_064', `No extractors for partner ${partnerId} and policy ${policyId}.`);
  return {
    extractors: rows.map((r) => ({
      attributeName: r.attribute_name,
      biometric: r.biometric_sub_types
        ? `${r.biometric_modality}[${r.biometric_sub_types}]`
        : r.biometric_modality,
      extractor: { provider: r.extractor_provider, version: r.extractor_provider_version },
    })),
  };
}
