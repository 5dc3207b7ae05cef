/**
 * SBI conformance reports (docs/conformance.md) attached by a device provider to its device detail or
 * SBI version while it waits for approval, and shown with the item to the admin who decides it.
 * The report's schema is checked at the route; here: its counts, its digest, that a device detail's
 * report is about that model, ownership, and that the item is still pending.
 */
import { createHash } from 'node:crypto';
import {
  type ConformanceReport,
  type ConformanceReportBody,
  canonicalReportBody,
  reportInconsistencies,
} from '@mosip-trust/contracts';
import { auditedChange } from '../../audit/audited-change.ts';
import type { Deps } from '../../deps.ts';
import { type Actor, assertOwnPartner } from '../../domain/actor.ts';
import { TrustError } from '../../errors.ts';
import type { Db, Trx } from '../../store/db.ts';
import { deviceView, sbiView } from '../device-models/service.ts';

export type ReportTarget = 'device_detail' | 'sbi';

const LABEL: Record<ReportTarget, string> = { device_detail: 'Device detail', sbi: 'SBI version' };

async function findItem(db: Db | Trx, target: ReportTarget, id: string) {
  if (target === 'device_detail') {
    const row = await db.selectFrom('device_details').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new TrustError('PMS_AUT_005', `Device detail for id ${id} does not exist.`);
    return { row, view: deviceView(row) };
  }
  const row = await db.selectFrom('sbi_versions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new TrustError('PMS_AUT_005', `SBI version for id ${id} does not exist.`);
  return { row, view: sbiView(row) };
}

function verify(report: ConformanceReport): void {
  const problems = reportInconsistencies(report.body);
  const digest = createHash('sha256').update(canonicalReportBody(report.body), 'utf8').digest('hex');
  if (digest !== report.digest.value) problems.push('the digest does not match the report body');
  if (problems.length > 0) throw new TrustError('TS_CONFORMANCE_REPORT_INVALID', problems.join('; '));
}

/** A device detail's report must have run against a device of that type, sub-type, make and model. */
function assertAbout(
  body: ConformanceReportBody,
  d: { type_code: string; sub_type_code: string; make: string; model: string },
): void {
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  const found = body.deviceService.devices.some(
    (x) =>
      x.type === d.type_code &&
      x.deviceSubType === d.sub_type_code &&
      same(x.make, d.make) &&
      same(x.model, d.model),
  );
  if (!found)
    throw new TrustError(
      'TS_CONFORMANCE_REPORT_MISMATCH',
      `The report lists no ${d.type_code}/${d.sub_type_code} device of make ${d.make} and model ${d.model}.`,
    );
}

export async function attachReport(
  deps: Deps,
  actor: Actor,
  target: ReportTarget,
  id: string,
  report: ConformanceReport,
) {
  const { row } = await findItem(deps.db, target, id);
  assertOwnPartner(actor, row.provider_id);
  verify(report);
  if (target === 'device_detail') assertAbout(report.body, row as Parameters<typeof assertAbout>[1]);
  const { summary } = report.body;
  const at = deps.clock.now();
  const record = {
    action: `conformance.report.attach`,
    target: `${target === 'sbi' ? 'sbi' : 'device-detail'}:${id}`,
    details: { digest: report.digest.value, ...summary },
  };
  await auditedChange(deps, actor, record, async (trx) => {
    const current = await trx
      .selectFrom(target === 'sbi' ? 'sbi_versions' : 'device_details')
      .select('approval_status')
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (current.approval_status !== 'pending_approval')
      throw new TrustError(
        'TS_NOT_PENDING',
        `${LABEL[target]} ${id} is already ${current.approval_status}; a report attaches only while it waits for approval.`,
      );
    const values = {
      provider_id: row.provider_id,
      report: JSON.stringify(report),
      digest: report.digest.value,
      tool_version: report.body.tool.version,
      generated_at: new Date(report.body.generatedAt),
      total: summary.total,
      passed: summary.passed,
      failed: summary.failed,
      not_run: summary.notRun,
      attached_by: actor.name,
      attached_at: at,
    };
    await trx
      .insertInto('conformance_reports')
      .values({ target_kind: target, target_id: id, ...values })
      .onConflict((oc) => oc.columns(['target_kind', 'target_id']).doUpdateSet(values))
      .execute();
  });
  return { id, digest: report.digest.value, summary };
}

/** The item with its report (null when none is attached), for its provider or an admin. */
export async function itemWithReport(deps: Deps, actor: Actor, target: ReportTarget, id: string) {
  const { row, view } = await findItem(deps.db, target, id);
  assertOwnPartner(actor, row.provider_id);
  const stored = await deps.db
    .selectFrom('conformance_reports')
    .selectAll()
    .where('target_kind', '=', target)
    .where('target_id', '=', id)
    .executeTakeFirst();
  return {
    item: view,
    conformance: stored
      ? {
          attachedBy: stored.attached_by,
          attachedAt: stored.attached_at.toISOString(),
          report: stored.report as unknown as ConformanceReport,
        }
      : null,
  };
}
