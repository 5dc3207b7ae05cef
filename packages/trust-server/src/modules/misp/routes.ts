import { AuthTransactionView, MispLicenseView } from '@mosip-trust/contracts';
import { Type } from '@sinclair/typebox';
import { ROLES } from '../../auth/roles.ts';
import { routeModule } from '../../http/route.ts';
import { NumberedPage, Paging, PM, Str } from '../route-helpers.ts';
import { exportTransactionsCsv, issueLicense, listLicenses, listTransactions, updateLicense } from './service.ts';

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
const PageQuery = Type.Object({ ...FilterQuery, ...Paging });
const ExportQuery = Type.Object(FilterQuery);
const TransactionPage = NumberedPage(AuthTransactionView);

export const mispModule = routeModule('misp', ['misp'], (r, deps) => {
  r.post(`${PM}/misps`, MISP_OR_ADMIN, 'Issue a licence key to an approved MISP; the key is returned once and stored only as SHA-256', { body: IssueRequest, response: LicenseResponse }, (c) => issueLicense(deps, c.actor, c.body));
  r.put(`${PM}/misps`, MISP_OR_ADMIN, 'licenseKeyStatus "De-active" revokes a licence (named by licenseKey or licenseId); one-way', { body: UpdateRequest, response: LicenseResponse }, (c) => updateLicense(deps, c.actor, c.body));
  r.get(`${PM}/misps`, MISP_OR_ADMIN, "The caller's licences (an admin sees all); keys are never shown again", { response: Type.Array(MispLicenseView) }, (c) => listLicenses(deps, c.actor));
  r.get(
    `${PM}/misps/:mispId/transactions`,
    MISP_OR_ADMIN,
    "Authentications made through the MISP's licence keys (which partner, when, result), newest first, filtered and paged",
    { params: MispParams, query: PageQuery, response: TransactionPage },
    (c) => listTransactions(deps, c.actor, c.params.mispId, c.query),
  );
  r.get(`${PM}/misps/:mispId/transactions/export`, MISP_OR_ADMIN, 'The same transactions as CSV (text/csv)', { params: MispParams, query: ExportQuery, raw: { 200: Type.String() } }, async ({ actor, params, query, reply }) => {
    const csv = await exportTransactionsCsv(deps, actor, params.mispId, query);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="transactions-${params.mispId}.csv"`).send(csv);
  });
});
