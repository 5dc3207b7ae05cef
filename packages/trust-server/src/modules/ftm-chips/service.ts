import type { FtmChipView } from '@mosip-trust/contracts';
import { derToPem } from '@mosip-trust/crypto';
import type { Selectable, Updateable } from 'kysely';
import { auditedChange } from '../../audit/audited-change.ts';
import { FOREIGN_RECORD, ownsRecord } from '../../auth/own-record.ts';
import type { Deps } from '../../deps.ts';
import { type Actor, assertOwnPartner, listScope } from '../../domain/actor.ts';
import {
  canonicalDomain,
  checkCaCertificate,
  readSingleCertificate,
} from '../../domain/certificate-rules.ts';
import { type ErrorCode, TrustError } from '../../errors.ts';
import { approvalView, decidePending, listByProvider, ownedBy } from '../../queries/approvals.ts';
import { findPartner } from '../../queries/partners.ts';
import { storeCaCertificate, validateAgainstDomain } from '../../queries/trust-anchors.ts';
import type { Db } from '../../store/db.ts';
import { newId } from '../../store/ids.ts';
import type { FtmChipsTable } from '../../store/schema.ts';
import { changeUndecided } from '../undecided-change.ts';
import { assertReviewedCertificate } from './reviewed-certificate.ts';

type ChipRow = Selectable<FtmChipsTable>;

export function chipView(c: ChipRow): FtmChipView {
  return {
    ftpChipDetailId: c.id,
    ftpProviderId: c.provider_id,
    make: c.make,
    model: c.model,
    ...approvalView(c),
    certificateUploaded: c.certificate_pem !== null,
    certificateExpiry: c.certificate_not_after?.toISOString() ?? null,
    trustAnchorId: c.ca_certificate_id,
    updBy: c.updated_by,
    updDtimes: c.updated_at?.toISOString() ?? null,
  };
}

async function activeProvider(deps: Deps, providerId: string) {
  const p = await findPartner(deps.db, providerId);
  if (p?.partner_type_code !== 'FTM_Provider' || p.approval_status !== 'approved' || !p.is_active) {
    throw new TrustError(
      'PMP_AUT_030',
      `FTP provider ${providerId} does not exist or is not an active FTM provider.`,
    );
  }
  return p;
}

/** With `actor`, another provider's chip is answered as missing (src/auth/own-record.ts). */
async function chipById(db: Db, id: string, actor?: Actor): Promise<ChipRow> {
  const c = await db.selectFrom('ftm_chips').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c || !ownsRecord(actor, c.provider_id))
    throw new TrustError(
      'PMP_AUT_031',
      `FTP chip detail ${id} does not exist.`,
      c ? { details: FOREIGN_RECORD } : {},
    );
  return c;
}

const duplicateMessage = (make: string, model: string) =>
  `Chip make ${JSON.stringify(make)} and model ${JSON.stringify(model)} already exist for this provider.`;

const duplicate = (make: string, model: string) => ['PMP_AUT_032', duplicateMessage(make, model)] as const;

export async function createChip(
  deps: Deps,
  actor: Actor,
  input: { ftpProviderId: string; make: string; model: string },
) {
  assertOwnPartner(actor, input.ftpProviderId);
  const provider = await activeProvider(deps, input.ftpProviderId);
  const id = newId();
  const record = {
    action: 'ftm.chip.create',
    target: `ftm-chip:${id}`,
    details: { providerId: provider.id, make: input.make, model: input.model },
    unique: duplicate(input.make, input.model),
  };
  await auditedChange(deps, actor, record, (trx) =>
    trx
      .insertInto('ftm_chips')
      .values({
        id,
        make: input.make,
        model: input.model,
        ...ownedBy(provider, actor, deps.clock.now()),
      })
      .execute(),
  );
  return { id };
}

/** A change of a chip not yet approved (TS_APPROVED_IMMUTABLE once it is), audited against the chip. */
async function changeChip(
  deps: Deps,
  actor: Actor,
  chip: ChipRow,
  change: {
    action: string;
    details: Record<string, unknown>;
    unique: readonly [ErrorCode, string];
    set: Updateable<FtmChipsTable>;
    refused: string;
  },
): Promise<void> {
  const record = {
    action: change.action,
    target: `ftm-chip:${chip.id}`,
    details: change.details,
    unique: change.unique,
  };
  await changeUndecided(deps, actor, record, {
    table: 'ftm_chips',
    id: chip.id,
    set: change.set,
    editable: 'not_approved',
    refused: change.refused,
  });
}

export async function updateChip(
  deps: Deps,
  actor: Actor,
  input: { ftpChipDetailId: string; make: string; model: string },
) {
  const chip = await chipById(deps.db, input.ftpChipDetailId, actor);
  await changeChip(deps, actor, chip, {
    action: 'ftm.chip.update',
    details: { make: input.make, model: input.model },
    unique: duplicate(input.make, input.model),
    set: { make: input.make, model: input.model, updated_by: actor.name, updated_at: deps.clock.now() },
    refused: 'An approved chip model cannot be changed; register a new one.',
  });
  return { id: chip.id };
}

export interface ChipCertificateUpload {
  ftpProviderId: string;
  ftpChipDeatilId: string;
  isItForRegistrationDevice?: boolean;
  certificateData: string;
  organizationName: string;
  partnerDomain: string;
}

/**
 * POST /ftpchipdetail/uploadcertificate: the chip CA certificate (it issues the chips' keys, so CA rules apply),
 * its O= equal to the provider's organisation; a non-root must chain to the FTM domain. Moves the chip to
 * pending_approval. `certificateId` in the response is the chip id (MOSIP put the PEM there by mistake).
 */
export async function uploadChipCertificate(deps: Deps, actor: Actor, input: ChipCertificateUpload) {
  assertOwnPartner(actor, input.ftpProviderId);
  const provider = await activeProvider(deps, input.ftpProviderId);
  const chip = await chipById(deps.db, input.ftpChipDeatilId);
  if (chip.provider_id !== provider.id) throw new TrustError('PMP_AUT_034');
  if (chip.approval_status === 'approved')
    throw new TrustError(
      'TS_APPROVED_IMMUTABLE',
      'The chip is approved; its certificate is a trust anchor and cannot be replaced.',
    );
  const info = readSingleCertificate(input.certificateData);
  const domain = canonicalDomain(input.partnerDomain);
  if (domain !== 'FTM')
    throw new TrustError(
      'KER_PCM_011',
      `Invalid Partner Domain: chip certificates belong to FTM, not ${domain}.`,
    );
  const now = deps.clock.now();
  checkCaCertificate(info, now);
  if (input.organizationName !== provider.name || info.organization !== provider.name) {
    throw new TrustError(
      'KER_PCM_008',
      `Partner Organization Name not Matched: certificate O=${JSON.stringify(info.organization ?? '')}, request ${JSON.stringify(input.organizationName)}, provider ${JSON.stringify(provider.name)}.`,
    );
  }
  const known = await deps.db
    .selectFrom('ca_certificates')
    .select('id')
    .where('domain', '=', 'FTM')
    .where('thumbprint_sha1', '=', info.sha1Hex)
    .executeTakeFirst();
  const otherChip = await deps.db
    .selectFrom('ftm_chips')
    .select('id')
    .where('certificate_thumbprint_sha1', '=', info.sha1Hex)
    .where('id', '<>', chip.id)
    .executeTakeFirst();
  if (known || otherChip)
    throw new TrustError(
      'KER_PCM_003',
      "Certificate already exists in store: it is already an FTM trust certificate or another chip's.",
    );
  if (!info.selfSigned)
    await validateAgainstDomain(deps.db, info, {
      domain: 'FTM',
      now,
      untrustedCode: 'KER_PCM_006',
      asCa: true,
    });
  const pem = derToPem(info.der);
  await changeChip(deps, actor, chip, {
    action: 'ftm.chip.certificate.upload',
    details: { subject: info.subject, thumbprint: info.thumbprintHex },
    unique: duplicate(chip.make, chip.model),
    set: {
      certificate_pem: pem,
      certificate_thumbprint_sha1: info.sha1Hex,
      certificate_not_after: info.notAfter,
      approval_status: 'pending_approval',
      is_active: false,
      updated_by: actor.name,
      updated_at: now,
    },
    refused: 'The chip was approved meanwhile; its certificate cannot be replaced.',
  });
  return { certificateId: chip.id, signedCertificateData: pem, timestamp: now.toISOString() };
}

/** PATCH /ftpchipdetail (admin): approve (the certificate joins the FTM trust anchors) or reject; one decision wins. */
export async function decideChip(
  deps: Deps,
  actor: Actor,
  input: { ftpChipDetailId: string; approvalStatus: boolean; certificateThumbprint?: string },
) {
  const chip = await chipById(deps.db, input.ftpChipDetailId);
  if (!chip.certificate_pem && input.approvalStatus) throw new TrustError('PMP_AUT_033');
  const record = {
    action: input.approvalStatus ? 'ftm.chip.approve' : 'ftm.chip.reject',
    target: `ftm-chip:${chip.id}`,
    details: (anchorId: string | null) => ({ providerId: chip.provider_id, trustAnchorId: anchorId }),
  };
  await auditedChange(deps, actor, record, async (trx) => {
    await decidePending(
      trx,
      'ftm_chips',
      chip.id,
      { approve: input.approvalStatus, by: actor.name, at: deps.clock.now() },
      (status) => `FTP chip detail ${chip.id} is ${status}, not pending_approval.`,
    );
    // Read inside the transaction after the decision locked the row: the certificate that was approved.
    const { certificate_pem: pem } = await trx
      .selectFrom('ftm_chips')
      .select('certificate_pem')
      .where('id', '=', chip.id)
      .executeTakeFirstOrThrow();
    if (!(input.approvalStatus && pem)) return null;
    const info = readSingleCertificate(pem);
    assertReviewedCertificate(input.certificateThumbprint, info.thumbprintHex);
    const anchor = await storeCaCertificate(trx, {
      domain: 'FTM',
      info,
      pem,
      source: 'FTM_CHIP',
      actor: actor.name,
    });
    await trx
      .updateTable('ftm_chips')
      .set({ ca_certificate_id: anchor.id })
      .where('id', '=', chip.id)
      .execute();
    return anchor.id;
  });
  return 'Status updated successfully.';
}

export async function getChipCertificate(deps: Deps, actor: Actor, chipId: string) {
  const chip = await chipById(deps.db, chipId, actor);
  if (!chip.certificate_pem) throw new TrustError('PMP_AUT_033');
  return { certificateData: chip.certificate_pem, timestamp: deps.clock.now().toISOString() };
}

export async function getChip(deps: Deps, actor: Actor, chipId: string) {
  const chip = await chipById(deps.db, chipId, actor);
  return chipView(chip);
}

export async function listChips(deps: Deps, actor: Actor) {
  return (await listByProvider(deps.db, 'ftm_chips', listScope(actor))).map(chipView);
}
