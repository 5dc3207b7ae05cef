import { AuthTransactionView, MispLicenseView } from '@mosip-trust/contracts';
import { type Static, Type } from '@sinclair/typebox';
import { ROLES } from '../../auth/roles.ts';
import { roles } from '../../http/access.ts';
import { type EnvelopedBody, envelopeBody, envelopeResponse, ok } from '../../http/envelope.ts';
import { principalOf } from '../../http/guard.ts';
import type { TrustModule } from '../../http/module.ts';
import { PM, Str } from '../route-helpers.ts';
import {
  exportTransactionsCsv,
  issueLicense,
  listLicenses,
  listTransactions,
  updateLicense,
} from './service.ts';

const TAGS = ['misp'];
const MISP_OR_ADMIN = [ROLES.PARTNER_ADMIN, ROLES.MISP_PARTNER];

const IssueRequest = Type.Object({
  providerId: Str(64),
  validityDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
});
const UpdateRequest = Type.Object({
  providerId: Str(64),
  licenseKey: Type.Optional(Str(128)),
  licenseId: Type.Optional(Str(64)),
  licenseKeyStatus: Str(16),
});
const LicenseResponse = Type.Object({
  providerId: Type.String(),
  licenseId: Type.String(),
  licenseKey: Type.String(),
  licenseKeyStatus: Type.String(),
  licenseKeyExpiry: Type.String(),
});
const MispParams = Type.Object({ mispId: Str(64) });
const FilterQuery = {
  partnerId: Type.Optional(Str(64)),
  status: Type.Optional(Type.Union([Type.Literal('Y'), Type.Literal('N')])),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
};
const PageQuery = Type.Object({
  ...FilterQuery,
  pageNo: Type.Optional(Type.Integer({ minimum: 0 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});
const ExportQuery = Type.Object(FilterQuery);

export const mispModule: TrustModule = {
  name: 'misp',
  register(app, deps) {
    app.post<EnvelopedBody<typeof IssueRequest>>(
      `${PM}/misps`,
      {
        config: { access: roles(...MISP_OR_ADMIN) },
        schema: {
          tags: TAGS,
          summary:
            'Issue a licence key to an approved MISP; the key is returned once and stored only as SHA-256',
          body: envelopeBody(IssueRequest),
          response: { 200: envelopeResponse(LicenseResponse) },
        },
      },
      async (request) => ok(request, await issueLicense(deps, principalOf(request), request.body.request)),
    );

    app.put<EnvelopedBody<typeof UpdateRequest>>(
      `${PM}/misps`,
      {
        config: { access: roles(...MISP_OR_ADMIN) },
        schema: {
          tags: TAGS,
          summary:
            'licenseKeyStatus "De-active" revokes a licence (named by licenseKey or licenseId); one-way',
          body: envelopeBody(UpdateRequest),
          response: { 200: envelopeResponse(LicenseResponse) },
        },
      },
      async (request) => ok(request, await updateLicense(deps, principalOf(request), request.body.request)),
    );

    app.get(
      `${PM}/misps`,
      {
        config: { access: roles(...MISP_OR_ADMIN) },
        schema: {
          tags: TAGS,
          summary: "The caller's licences (an admin sees all); keys are never shown again",
          response: { 200: envelopeResponse(Type.Array(MispLicenseView)) },
        },
      },
      async (request) => ok(request, await listLicenses(deps, principalOf(request))),
    );

    app.get<{ Params: Static<typeof MispParams>; Querystring: Static<typeof PageQuery> }>(
      `${PM}/misps/:mispId/transactions`,
      {
        config: { access: roles(...MISP_OR_ADMIN) },
        schema: {
          tags: TAGS,
          summary:
            "Authentications made through the MISP's licence keys (which partner, when, result), newest first, filtered and paged",
          params: MispParams,
          querystring: PageQuery,
          response: {
            200: envelopeResponse(
              Type.Object({
                pageNo: Type.Integer(),
                pageSize: Type.Integer(),
                totalResults: Type.Integer(),
                data: Type.Array(AuthTransactionView),
              }),
            ),
          },
        },
      },
      async (request) =>
        ok(request, await listTransactions(deps, principalOf(request), request.params.mispId, request.query)),
    );

    app.get<{ Params: Static<typeof MispParams>; Querystring: Static<typeof ExportQuery> }>(
      `${PM}/misps/:mispId/transactions/export`,
      {
        config: { access: roles(...MISP_OR_ADMIN) },
        schema: {
          tags: TAGS,
          summary: 'The same transactions as CSV (text/csv)',
          params: MispParams,
          querystring: ExportQuery,
          response: { 200: Type.String() },
        },
      },
      async (request, reply) => {
        const csv = await exportTransactionsCsv(
          deps,
          principalOf(request),
          request.params.mispId,
          request.query,
        );
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="transactions-${request.params.mispId}.csv"`)
          .send(csv);
      },
    );
  },
};
