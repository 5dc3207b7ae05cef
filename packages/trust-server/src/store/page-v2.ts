import { type SelectQueryBuilder, sql } from 'kysely';
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

/** `q` ordered as read with `readPageV2` (ties broken by `ties`, so pages never overlap) and cut to that page. */
export function inPage<DB, TB extends keyof DB, O>(
  q: SelectQueryBuilder<DB, TB, O>,
  p: { sortColumn: string; sortType: 'asc' | 'desc'; offset: number; pageSize: number },
  ...ties: string[]
): SelectQueryBuilder<DB, TB, O> {
  let ordered = q.orderBy(sql.ref(p.sortColumn), p.sortType);
  for (const tie of ties) ordered = ordered.orderBy(sql.ref(tie));
  return ordered.offset(p.offset).limit(p.pageSize);
}
