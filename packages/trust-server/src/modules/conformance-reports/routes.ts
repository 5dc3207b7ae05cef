import { ConformanceReport, DeviceDetailView, SbiVersionView } from '@mosip-trust/contracts';
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { ROLES } from '../../auth/roles.ts';
import { roles } from '../../http/access.ts';
import { type EnvelopedBody, envelopeBody, envelopeResponse, ok } from '../../http/envelope.ts';
import { principalOf } from '../../http/guard.ts';
import type { TrustModule } from '../../http/module.ts';
import { Str } from '../route-helpers.ts';
import { attachReport, itemWithReport, type ReportTarget } from './service.ts';

const TAGS = ['conformance reports'];
const IdParams = Type.Object({ id: Str(64) });
const Summary = Type.Object({
  total: Type.Integer(),
  passed: Type.Integer(),
  failed: Type.Integer(),
  notRun: Type.Integer(),
});
const Attached = envelopeResponse(
  Type.Object({ id: Type.String(), digest: Type.String(), summary: Summary }),
);
const WithReport = (view: TSchema) =>
  envelopeResponse(
    Type.Object({
      item: view,
      conformance: Type.Union([
        Type.Object({ attachedBy: Type.String(), attachedAt: Type.String(), report: ConformanceReport }),
        Type.Null(),
      ]),
    }),
  );

/**
 * Our own paths beside MOSIP's (which stay unchanged): POST attaches the report `mosip-trust
 * conformance --report` wrote, GET returns the item with it (docs/conformance.md).
 */
export const conformanceReportsModule: TrustModule = {
  name: 'conformance-reports',
  register(app, deps) {
    const access = { access: roles(ROLES.PARTNER_ADMIN, ROLES.DEVICE_PROVIDER) };
    const routes: [string, ReportTarget, TSchema, string][] = [
      ['device-details', 'device_detail', DeviceDetailView, 'a device detail'],
      ['sbi-versions', 'sbi', SbiVersionView, 'an SBI version'],
    ];
    for (const [segment, target, view, what] of routes) {
      const path = `/v1/trust/${segment}/:id/conformance-report`;
      app.post<EnvelopedBody<typeof ConformanceReport> & { Params: Static<typeof IdParams> }>(
        path,
        {
          config: access,
          schema: {
            tags: TAGS,
            summary: `Attach an SBI conformance report to ${what} waiting for approval (replaces an earlier one)`,
            params: IdParams,
            body: envelopeBody(ConformanceReport),
            response: { 200: Attached },
          },
        },
        async (request) =>
          ok(
            request,
            await attachReport(deps, principalOf(request), target, request.params.id, request.body.request),
          ),
      );
      app.get<{ Params: Static<typeof IdParams> }>(
        path,
        {
          config: access,
          schema: {
            tags: TAGS,
            summary: `${what[0]?.toUpperCase()}${what.slice(1)} with its conformance report (null when none)`,
            params: IdParams,
            response: { 200: WithReport(view) },
          },
        },
        async (request) =>
          ok(request, await itemWithReport(deps, principalOf(request), target, request.params.id)),
      );
    }
  },
};
