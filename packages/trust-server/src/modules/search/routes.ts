import { pageResponse } from '@mosip-trust/contracts';
import { Type } from '@sinclair/typebox';
import { ROLES, type Role } from '../../auth/roles.ts';
import { routeModule } from '../../http/route.ts';
import { API_KEY_REQUESTS, API_KEYS, DEVICE_DETAILS, DEVICE_SUB_TYPES, FTM_CHIPS, MISP_LICENSES, PARTNER_TYPES, PARTNERS, POLICIES, POLICY_GROUPS, REGISTERED_DEVICES, SBI_DEVICE_LINKS, SBI_VERSIONS } from '../../queries/searchables.ts';
import type { Searchable } from '../../store/catalogue-search.ts';
import { PM, POL } from '../route-helpers.ts';
import { searchOrFilterValues } from './service.ts';

const { PARTNER_ADMIN, POLICYMANAGER, AUTH_PARTNER, CREDENTIAL_PARTNER, ONLINE_VERIFICATION_PARTNER } = ROLES;
const { ABIS_PARTNER, DEVICE_PROVIDER, FTM_PROVIDER, MISP_PARTNER } = ROLES;

/**
 * The body as MOSIP's clients send it: the SearchDto / FilterValueDto members are read by
 * store/catalogue-search.ts (string numbers, defaults, PMS-MSD codes), so the schema only bounds it.
 */
const LooseRequest = Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), { maxProperties: 16 });
const Row = Type.Record(Type.String(), Type.Unknown());
const FilterValuesResponse = Type.Object({
  filters: Type.Array(Type.Object({ fieldID: Type.String(), fieldValue: Type.String(), fieldCode: Type.String() })),
});

/** A search or filter-values route: path, list, kind, who may call it, summary. */
type ListRoute = [string, Searchable, 'search' | 'values', Role[], string];

const DEVICE_ROLES = [PARTNER_ADMIN, DEVICE_PROVIDER, FTM_PROVIDER];
const KEY_READERS = [PARTNER_ADMIN, AUTH_PARTNER, CREDENTIAL_PARTNER, ONLINE_VERIFICATION_PARTNER];
const POLICY_READERS = [PARTNER_ADMIN, POLICYMANAGER, AUTH_PARTNER, CREDENTIAL_PARTNER];
const PARTNER_READERS = [PARTNER_ADMIN, AUTH_PARTNER, DEVICE_PROVIDER, FTM_PROVIDER, CREDENTIAL_PARTNER, ONLINE_VERIFICATION_PARTNER];

const KEY_SEARCHERS = [...KEY_READERS, ABIS_PARTNER];
const FTM_ROLES = [PARTNER_ADMIN, FTM_PROVIDER];
const MISP_ROLES = [PARTNER_ADMIN, MISP_PARTNER];
const POLICY_MANAGERS = [PARTNER_ADMIN, POLICYMANAGER];
const POLS = `${POL}/policies`;
const [P, KR, DD, SBI] = [`${PM}/partners`, `${PM}/partners/apikey/request`, `${PM}/devicedetail`, `${PM}/securebiometricinterface`];

/** Every MOSIP 1.2 search and filter-values path besides POST /partners/search (partners module), with MOSIP's role lists. */
export const LIST_ROUTES: ListRoute[] = [
  [`${P}/filtervalues`, PARTNERS, 'values', PARTNER_READERS, 'Partner column values'],
  [`${P}/partnertype/search`, PARTNER_TYPES, 'search', PARTNER_READERS, 'Search partner types'],
  [`${KR}/search`, API_KEY_REQUESTS, 'search', KEY_SEARCHERS, 'Search policy mapping (API key) requests'],
  [`${KR}/filtervalues`, API_KEY_REQUESTS, 'values', KEY_READERS, 'Policy mapping request column values'],
  [`${P}/apikey/search`, API_KEYS, 'search', KEY_SEARCHERS, 'Search API keys (never their secrets)'],
  [`${POLS}/search`, POLICIES, 'search', POLICY_MANAGERS, 'Search policies (policyType required, or "all")'],
  [`${POLS}/filtervalues`, POLICIES, 'values', POLICY_READERS, 'Policy column values (policyType required)'],
  [`${POLS}/group/search`, POLICY_GROUPS, 'search', POLICY_READERS, 'Search policy groups'],
  [`${POLS}/group/filtervalues`, POLICY_GROUPS, 'values', POLICY_READERS, 'Policy group column values'],
  [`${DD}/search`, DEVICE_DETAILS, 'search', DEVICE_ROLES, 'Search device details'],
  [`${DD}/filtervalues`, DEVICE_DETAILS, 'values', DEVICE_ROLES, 'Device detail column values'],
  [`${DD}/deviceType/search`, DEVICE_SUB_TYPES, 'search', DEVICE_ROLES, 'Search device types and sub-types'],
  [`${DD}/deviceType/filtervalues`, DEVICE_SUB_TYPES, 'values', DEVICE_ROLES, 'Device type values'],
  [`${DD}/deviceSubType/filtervalues`, DEVICE_SUB_TYPES, 'values', DEVICE_ROLES, 'Device sub-type values'],
  [`${SBI}/search`, SBI_VERSIONS, 'search', DEVICE_ROLES, 'Search SBI versions'],
  [`${SBI}/filtervalues`, SBI_VERSIONS, 'values', DEVICE_ROLES, 'SBI column values'],
  [`${PM}/ftpchipdetail/search`, FTM_CHIPS, 'search', FTM_ROLES, 'Search FTM chips'],
  [`${PM}/ftpchipdetail/filtervalues`, FTM_CHIPS, 'values', FTM_ROLES, 'FTM chip column values'],
  [`${PM}/misps/search`, MISP_LICENSES, 'search', MISP_ROLES, 'Search MISP licences (key prefixes only)'],
  [`${PM}/misps/filtervalues`, MISP_LICENSES, 'values', MISP_ROLES, 'MISP licence column values'],
  [`${SBI}/devicedetails/map/search`, SBI_DEVICE_LINKS, 'search', DEVICE_ROLES, 'Search device models mapped to SBI versions'],
  ...['/v1/masterdata', PM].map((base): ListRoute => [`${base}/registereddevices/search`, REGISTERED_DEVICES, 'search', [PARTNER_ADMIN, DEVICE_PROVIDER], 'Search registered devices']),
];

/** MOSIP's search and filter-values endpoints, all through one engine (store/catalogue-search.ts). */
export const searchModule = routeModule('search', ['search'], (r, deps) => {
  for (const [path, list, kind, access, summary] of LIST_ROUTES) {
    // MOSIP's policy lists are asked for one policy type at a time.
    const policyType = list === POLICIES;
    const search = kind === 'search';
    r.post(path, access, `${summary} (MOSIP ${search ? 'SearchDto' : 'FilterValueDto'}); a partner sees only its own rows`, { body: LooseRequest, response: search ? pageResponse(Row) : FilterValuesResponse }, (c) =>
      searchOrFilterValues(deps, c.actor, list, kind, c.body, { policyType }),
    );
  }
});
