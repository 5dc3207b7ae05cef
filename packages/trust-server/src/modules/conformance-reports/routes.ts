import { ConformanceReport, DeviceDetailView, SbiVersionView } from '@mosip-trust/contracts';
import { type TSchema, Type } from '@sinclair/typebox';
import { ROLES } from '../../auth/roles.ts';
import { routeModule } from '../../http/route.ts';
import { Str } from '../route-helpers.ts';
import { attachReport, itemWithReport, type ReportTarget } from './service.ts';

const IdParams = Type.Object({ id: Str(64) });
const Summary = Type.Object({
  total: Type.Integer(),
  passed: Type.Integer(),
  failed: Type.Integer(),
  notRun: Type.Integer(),
});
const Attached = Type.Object({ id: Type.String(), digest: Type.String(), summary: Summary });
const WithReport = (view: TSchema) =>
  Type.Object({
    item: view,
    conformance: Type.Union([Type.Object({ attachedBy: Type.String(), attachedAt: Type.String(), report: ConformanceReport }), Type.Null()]),
  });

/**
 * Our own paths beside MOSIP's (which stay unchanged): POST attaches the report `mosip-trust
 * conformance --report` wrote, GET returns the item with it (docs/conformance.md).
 */
export const conformanceReportsModule = routeModule('conformance-reports', ['conformance reports'], (r, deps) => {
  const access = [ROLES.PARTNER_ADMIN, ROLES.DEVICE_PROVIDER];
  const targets: [string, ReportTarget, TSchema, string][] = [
    ['device-details', 'device_detail', DeviceDetailView, 'a device detail'],
    ['sbi-versions', 'sbi', SbiVersionView, 'an SBI version'],
  ];
  for (const [segment, target, view, what] of targets) {
    const path = `/v1/trust/${segment}/:id/conformance-report`;
    r.post(path, access, `Attach an SBI conformance report to ${what} waiting for approval (replaces an earlier one)`, { params: IdParams, body: ConformanceReport, response: Attached }, (c) =>
      attachReport(deps, c.actor, target, c.params.id, c.body),
    );
    r.get(path, access, `${what[0]?.toUpperCase()}${what.slice(1)} with its conformance report (null when none)`, { params: IdParams, response: WithReport(view) }, (c) => itemWithReport(deps, c.actor, target, c.params.id));
  }
});
