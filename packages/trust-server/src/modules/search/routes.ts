import { pageResponse } from '@mosip-trust/contracts';
import { Type } from '@sinclair/typebox';
import { ROLES, type Role } from '../../auth/roles.ts';
import { roles } from '../../http/access.ts';
import { type EnvelopedBody, envelopeBody, envelopeResponse, ok } from '../../http/envelope.ts';
import { principalOf } from '../../http/guard.ts';
import type { TrustModule } from '../../http/module.ts';
import {
  API_KEY_REQUESTS,
  API_KEYS,
  DEVICE_DETAILS,
  DEVICE_SUB_TYPES,
  FTM_CHIPS,
  MISP_LICENSES,
  PARTNER_TYPES,
  PARTNERS,
  POLICIES,
  POLICY_GROUPS,
  REGISTERED_DEVICES,
  SBI_DEVICE_LINKS,
  SBI_VERSIONS,
} from '../../queries/searchables.ts';
import type { Searchable } from '../../store/catalogue-search.ts';
import { PM, POL } from '../route-helpers.ts';
import { filterValuesOf, searchList } from './service.ts';

const TAGS = ['search'];
const { PARTNER_ADMIN, POLICYMANAGER, AUTH_PARTNER, CREDENTIAL_PARTNER, ONLINE_VERIFICATION_PARTNER } = ROLES;
const { ABIS_PARTNER, DEVICE_PROVIDER, FTM_PROVIDER, MISP_PARTNER } = ROLES;

/**
 * The body as MOSIP's clients send it: the SearchDto / FilterValueDto members are read by
 * store/catalogue-search.ts (string numbers, defaults, PMS-MSD codes), so the schema only bounds it.
 */
const LooseRequest = Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), { maxProperties: 16 });
const Row = Type.Record(Type.String(), Type.Unknown());
const FilterValuesResponse = Type.Object({
  filters: Type.Array(
    Type.Object({ fieldID: Type.String(), fieldValue: Type.String(), fieldCode: Type.String() }),
  ),
});

interface ListRoute {
  path: string;
  list: Searchable;
  kind: 'search' | 'filtervalues';
  access: Role[];
  policyType?: boolean;
  summary: string;
}

const DEVICE_ROLES = [PARTNER_ADMIN, DEVICE_PROVIDER, FTM_PROVIDER];
const KEY_READERS = [PARTNER_ADMIN, AUTH_PARTNER, CREDENTIAL_PARTNER, ONLINE_VERIFICATION_PARTNER];
const POLICY_READERS = [PARTNER_ADMIN, POLICYMANAGER, AUTH_PARTNER, CREDENTIAL_PARTNER];
const PARTNER_READERS = [
  PARTNER_ADMIN,
  AUTH_PARTNER,
  DEVICE_PROVIDER,
  FTM_PROVIDER,
  CREDENTIAL_PARTNER,
  ONLINE_VERIFICATION_PARTNER,
];

/** Every MOSIP 1.2 search and filter-values path besides POST /partners/search (partners module), with MOSIP's role lists. */
export const LIST_ROUTES: ListRoute[] = [
  {
    path: `${PM}/partners/filtervalues`,
    list: PARTNERS,
    kind: 'filtervalues',
    access: PARTNER_READERS,
    summary: 'Partner column values',
  },
  {
    path: `${PM}/partners/partnertype/search`,
    list: PARTNER_TYPES,
    kind: 'search',
    access: PARTNER_READERS,
    summary: 'Search partner types',
  },
  {
    path: `${PM}/partners/apikey/request/search`,
    list: API_KEY_REQUESTS,
    kind: 'search',
    access: [...KEY_READERS, ABIS_PARTNER],
    summary: 'Search policy mapping (API key) requests',
  },
  {
    path: `${PM}/partners/apikey/request/filtervalues`,
    list: API_KEY_REQUESTS,
    kind: 'filtervalues',
    access: KEY_READERS,
    summary: 'Policy mapping request column values',
  },
  {
    path: `${PM}/partners/apikey/search`,
    list: API_KEYS,
    kind: 'search',
    access: [...KEY_READERS, ABIS_PARTNER],
    summary: 'Search API keys (never their secrets)',
  },
  {
    path: `${POL}/policies/search`,
    list: POLICIES,
    kind: 'search',
    access: [PARTNER_ADMIN, POLICYMANAGER],
    policyType: true,
    summary: 'Search policies (policyType required, or "all")',
  },
  {
    path: `${POL}/policies/filtervalues`,
    list: POLICIES,
    kind: 'filtervalues',
    access: POLICY_READERS,
    policyType: true,
    summary: 'Policy column values (policyType required)',
  },
  {
    path: `${POL}/policies/group/search`,
    list: POLICY_GROUPS,
    kind: 'search',
    access: POLICY_READERS,
    summary: 'Search policy groups',
  },
  {
    path: `${POL}/policies/group/filtervalues`,
    list: POLICY_GROUPS,
    kind: 'filtervalues',
    access: POLICY_READERS,
    summary: 'Policy group column values',
  },
  {
    path: `${PM}/devicedetail/search`,
    list: DEVICE_DETAILS,
    kind: 'search',
    access: DEVICE_ROLES,
    summary: 'Search device details',
  },
  {
    path: `${PM}/devicedetail/filtervalues`,
    list: DEVICE_DETAILS,
    kind: 'filtervalues',
    access: DEVICE_ROLES,
    summary: 'Device detail column values',
  },
  {
    path: `${PM}/devicedetail/deviceType/search`,
    list: DEVICE_SUB_TYPES,
    kind: 'search',
    access: DEVICE_ROLES,
    summary: 'Search device types and sub-types',
  },
  {
    path: `${PM}/devicedetail/deviceType/filtervalues`,
    list: DEVICE_SUB_TYPES,
    kind: 'filtervalues',
    access: DEVICE_ROLES,
    summary: 'Device type values',
  },
  {
    path: `${PM}/devicedetail/deviceSubType/filtervalues`,
    list: DEVICE_SUB_TYPES,
    kind: 'filtervalues',
    access: DEVICE_ROLES,
    summary: 'Device sub-type values',
  },
  {
    path: `${PM}/securebiometricinterface/search`,
    list: SBI_VERSIONS,
    kind: 'search',
    access: DEVICE_ROLES,
    summary: 'Search SBI versions',
  },
  {
    path: `${PM}/securebiometricinterface/filtervalues`,
    list: SBI_VERSIONS,
    kind: 'filtervalues',
    access: DEVICE_ROLES,
    summary: 'SBI column values',
  },
  {
    path: `${PM}/securebiometricinterface/devicedetails/map/search`,
    list: SBI_DEVICE_LINKS,
    kind: 'search',
    access: DEVICE_ROLES,
    summary: 'Search device models mapped to SBI versions',
  },
  ...['/v1/masterdata', PM].map((base) => ({
    path: `${base}/registereddevices/search`,
    list: REGISTERED_DEVICES,
    kind: 'search' as const,
    access: [PARTNER_ADMIN, DEVICE_PROVIDER],
    summary: 'Search registered devices',
  })),
  {
    path: `${PM}/ftpchipdetail/search`,
    list: FTM_CHIPS,
    kind: 'search',
    access: [PARTNER_ADMIN, FTM_PROVIDER],
    summary: 'Search FTM chips',
  },
  {
    path: `${PM}/ftpchipdetail/filtervalues`,
    list: FTM_CHIPS,
    kind: 'filtervalues',
    access: [PARTNER_ADMIN, FTM_PROVIDER],
    summary: 'FTM chip column values',
  },
  {
    path: `${PM}/misps/search`,
    list: MISP_LICENSES,
    kind: 'search',
    access: [PARTNER_ADMIN, MISP_PARTNER],
    summary: 'Search MISP licences (key prefixes only)',
  },
  {
    path: `${PM}/misps/filtervalues`,
    list: MISP_LICENSES,
    kind: 'filtervalues',
    access: [PARTNER_ADMIN, MISP_PARTNER],
    summary: 'MISP licence column values',
  },
];

/** MOSIP's search and filter-values endpoints, all through one engine (store/catalogue-search.ts). */
export const searchModule: TrustModule = {
  name: 'search',
  register(app, deps) {
    for (const r of LIST_ROUTES) {
      app.post<EnvelopedBody<typeof LooseRequest>>(
        r.path,
        {
          config: { access: roles(...r.access) },
          schema: {
            tags: TAGS,
            summary: `${r.summary} (MOSIP ${r.kind === 'search' ? 'SearchDto' : 'FilterValueDto'}); a partner sees only its own rows`,
            body: envelopeBody(LooseRequest),
            response: {
              200: envelopeResponse(r.kind === 'search' ? pageResponse(Row) : FilterValuesResponse),
            },
          },
        },
        async (request) => {
          const actor = principalOf(request);
          const body = request.body.request;
          const options = { policyType: r.policyType ?? false };
          return ok(
            request,
            r.kind === 'search'
              ? await searchList(deps, actor, r.list, body, options)
              : await filterValuesOf(deps, actor, r.list, body, options),
          );
        },
      );
    }
  },
};
