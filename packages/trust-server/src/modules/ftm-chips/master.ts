import { sql } from 'kysely';
import { auditedChange } from '../../audit/audited-change.ts';
import { FOREIGN_RECORD, ownsRecord } from '../../auth/own-record.ts';
import { isAdmin } from '../../auth/roles.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../domain/actor.ts';
import { readSingleCertificate } from '../../domain/certificate-rules.ts';
import { TrustError } from '../../errors.ts';
import { deactivateActive } from '../../queries/approvals.ts';
import type { Db } from '../../store/db.ts';
import { containsPattern, type PageV2Query, pageV2, readPageV2 } from '../../store/page-v2.ts';

/**
 * MOSIP master's (1.2.2/1.3 portal) FTM chip routes: deactivation, the certificate data and the admin's paged
 * list. Another provider's chip answers as a missing one (src/auth/own-record.ts), with master's code.
 */

async function ownChip(db: Db, id: string, actor: Actor) {
  const chip = await db.selectFrom('ftm_chips').selectAll().where('id', '=', id).executeTakeFirst();
  if (chip && ownsRecord(actor, chip.provider_id)) return chip;
  throw new TrustError(
    'PMS_FTM_ERROR_005',
    `FTM ${id} does not exist.`,
    chip ? { details: FOREIGN_RECORD } : {},
  );
}

/**
 * PATCH /ftpchipdetail/{ftmId} `De-Activate`: an approved chip model stops being active, for good. Its
 * certificate stays an FTM trust anchor, as MOSIP leaves it in keymanager's store.
 */
export async function deactivateChip(deps: Deps, actor: Actor, ftmId: string, status: string) {
  if (status !== 'De-Activate') throw new TrustError('PMS_DEVICE_ERROR_026');
  const chip = await ownChip(deps.db, ftmId, actor);
  if (chip.approval_status !== 'approved') throw new TrustError('PMS_FTM_ERROR_010');
  if (!chip.is_active) throw new TrustError('PMS_FTM_ERROR_007');
  const record = { action: 'ftm.chip.deactivate', target: `ftm-chip:${ftmId}` };
  await auditedChange(deps, actor, record, (trx) =>
    deactivateActive(trx, 'ftm_chips', ftmId, { by: actor.name, at: deps.clock.now() }, 'PMS_FTM_ERROR_007'),
  );
  return { ftmId, status: chip.approval_status, isActive: false };
}

/**
 * GET /ftpchipdetail/{ftmId}/certificate-data: the uploaded certificate and the "MOSIP-signed" one, with their
 * dates (MOSIP reports the certificate's notBefore as its upload time). keymanager does not re-sign FTM
 * certificates by default (`mosip.kernel.partner.resign.ftm.domain.certs=false`), so both halves are the
 * uploaded chip CA certificate, as for a partner certificate of the FTM domain. An expired half is answered
 * empty and flagged, as MOSIP.
 */
export async function chipCertificateData(deps: Deps, actor: Actor, ftmId: string) {
  const chip = await ownChip(deps.db, ftmId, actor);
  if (chip.approval_status === 'rejected') throw new TrustError('PMS_FTM_ERROR_008');
  if (chip.approval_status === 'pending_cert_upload' || !chip.certificate_pem)
    throw new TrustError('PMS_FTM_ERROR_011');
  if (chip.approval_status === 'approved' && !chip.is_active) throw new TrustError('PMS_FTM_ERROR_009');
  const info = readSingleCertificate(chip.certificate_pem);
  const expired = info.notAfter.getTime() < deps.clock.now().getTime();
  const data = expired ? '' : chip.certificate_pem;
  const dates = { from: info.notBefore.toISOString(), till: info.notAfter.toISOString() };
  return {
    caSignedCertificateData: data,
    caSignedCertUploadDateTime: dates.from,
    caSignedCertExpiryDateTime: dates.till,
    isCaSignedCertificateExpired: expired,
    mosipSignedCertificateData: data,
    mosipSignedCertUploadDateTime: dates.from,
    mosipSignedCertExpiryDateTime: dates.till,
    isMosipSignedCertificateExpired: expired,
  };
}

export interface ChipListQuery extends PageV2Query {
  partnerId?: string;
  orgName?: string;
  ftmId?: string;
  make?: string;
  model?: string;
  status?: 'approved' | 'rejected' | 'pending_cert_upload' | 'pending_approval' | 'deactivated';
}

/** The chip's status as master's lists show it: an approved chip no longer active is `deactivated`. */
const listedStatus = sql<string>`case when c.approval_status = 'approved' and not c.is_active then 'deactivated' else c.approval_status end`;

/** GET /ftpchipdetail/v2 (admin): every provider's chip models, newest first by default. */
export async function listChipsV2(db: Db, actor: Actor, f: ChipListQuery) {
  const p = readPageV2(
    f,
    {
      partnerId: 'c.provider_id',
      orgName: 'p.name',
      ftmId: 'c.id',
      make: 'c.make',
      model: 'c.model',
      status: 'status',
      createdDateTime: 'c.created_at',
    },
    { field: 'createdDateTime', type: 'desc' },
  );
  let q = db.selectFrom('ftm_chips as c').innerJoin('partners as p', 'p.id', 'c.provider_id');
  // The route is the admin's; the rule is kept here too so no caller ever lists another provider's chips.
  if (!isAdmin(actor)) q = q.where('c.provider_id', '=', actor.partnerId ?? '');
  if (f.partnerId) q = q.where('c.provider_id', 'ilike', containsPattern(f.partnerId));
  if (f.orgName) q = q.where('p.name', 'ilike', containsPattern(f.orgName));
  if (f.ftmId) q = q.where('c.id', 'ilike', containsPattern(f.ftmId));
  if (f.make) q = q.where('c.make', 'ilike', containsPattern(f.make));
  if (f.model) q = q.where('c.model', 'ilike', containsPattern(f.model));
  if (f.status) q = q.where(listedStatus, '=', f.status);
  return pageV2(
    q.select([
      'c.id',
      'c.provider_id',
      'p.name as org_name',
      'c.make',
      'c.model',
      listedStatus.as('status'),
      'c.is_active',
      sql<boolean>`c.certificate_pem is not null`.as('certificate_available'),
      'c.created_at',
    ]),
    p,
    'c.id',
    (r) => ({
      ftmId: r.id,
      partnerId: r.provider_id,
      orgName: r.org_name,
      make: r.make,
      model: r.model,
      status: r.status,
      isActive: r.is_active,
      isCertificateAvailable: r.certificate_available,
      createdDateTime: r.created_at.toISOString(),
    }),
  );
}
