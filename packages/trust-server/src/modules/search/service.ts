import { isAdmin } from '../../auth/roles.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../domain/actor.ts';
import { TrustError } from '../../errors.ts';
import {
  readFilterValueRequest,
  readSearchRequest,
  runFilterValues,
  runSearch,
  type Searchable,
} from '../../store/catalogue-search.ts';

/** A caller that is not an admin sees only its own partner's rows of an owned list (MOSIP's SearchHelper rule). */
function ownerOf(actor: Actor, list: Searchable): string | null {
  if (!list.owner || isAdmin(actor)) return null;
  return actor.partnerId ?? '';
}

/**
 * Extra top-level members MOSIP puts beside a SearchDto: `policyType` (required on policy lists, a
 * type or "all") narrows to one type.
 */
function typeFilter(body: Record<string, unknown>, requirePolicyType: boolean) {
  if (!requirePolicyType) return [];
  const policyType = body.policyType;
  if (typeof policyType !== 'string' || policyType.trim() === '')
    throw new TrustError('PMS_COR_001', 'Invalid request parameter - must not be blank :policyType');
  if (policyType.toLowerCase() === 'all') return [];
  return [{ columnName: 'policyType', type: 'equals', value: policyType }];
}

/** MOSIP's search (a SearchDto, answered with a page of rows) or filter values (a FilterValueDto) over one list. */
export async function searchOrFilterValues(
  deps: Deps,
  actor: Actor,
  list: Searchable,
  kind: 'search' | 'values',
  body: Record<string, unknown>,
  options: { policyType?: boolean } = {},
) {
  const extra = typeFilter(body, options.policyType ?? false);
  const owner = ownerOf(actor, list);
  if (kind === 'search') {
    const filters = [...(Array.isArray(body.filters) ? body.filters : []), ...extra];
    return runSearch(deps.db, list, readSearchRequest({ ...body, filters }, list.fields), owner);
  }
  const optional = Array.isArray(body.optionalFilters) ? body.optionalFilters : [];
  const request = readFilterValueRequest({ ...body, optionalFilters: [...optional, ...extra] }, list.fields);
  return runFilterValues(deps.db, list, request, owner);
}
