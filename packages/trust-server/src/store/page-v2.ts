import { TrustError } from '../errors.ts';

/** The paging and sort query of MOSIP master's list routes (PageResponseV2Dto). */
export interface PageV2Query {
  pageNo?: number;
  pageSize?: number;
  sortFieldName?: string;
  sortType?: string;
}

/**
 * Reads MOSIP master's paging as its list routes do: page 0 of 8 by default, pageNo and pageSize together
 * (PMS_PS_ERROR_006), a sort field of `sorts` and asc/desc (PMS_PS_ERROR_007).
 */
export function readPageV2<C extends string>(
  q: PageV2Query,
  sorts: Record<string, C>,
  defaults: { field: string; type: 'asc' | 'desc' },
) {
  if ((q.pageNo === undefined) !== (q.pageSize === undefined)) throw new TrustError('PMS_PS_ERROR_006');
  const sortType = (q.sortType ?? defaults.type).toLowerCase();
  if (sortType !== 'asc' && sortType !== 'desc') throw new TrustError('PMS_PS_ERROR_007');
  const field = q.sortFieldName ?? defaults.field;
  const sortColumn = Object.hasOwn(sorts, field) ? sorts[field] : undefined;
  if (!sortColumn) throw new TrustError('PMS_PS_ERROR_007', `Invalid sort field ${field}.`);
  const pageNo = q.pageNo ?? 0;
  const pageSize = q.pageSize ?? 8;
  return { pageNo, pageSize, offset: pageNo * pageSize, sortColumn, sortType: sortType as 'asc' | 'desc' };
}

/** An ILIKE pattern matching text that contains `v` (its wildcards escaped). */
export const containsPattern = (v: string) => `%${v.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/** The PageResponseV2Dto of one page read with `readPageV2`. */
export function pageV2Answer<T>(
  p: { pageNo: number; pageSize: number },
  total: { n: number | string | bigint },
  data: T[],
) {
  return { pageNo: p.pageNo, pageSize: p.pageSize, totalResults: Number(total.n), data };
}
