import { type SelectQueryBuilder, type StringReference, sql } from 'kysely';
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

/** What a page may be sorted by: a column of the listed tables or a column the query selects. */
export type SortColumn<DB, TB extends keyof DB, O> = StringReference<DB, TB> | (keyof O & string);

/** A page as `readPageV2` reads it, sorted by a column of type `C`. */
export type PageV2<C extends string> = ReturnType<typeof readPageV2<C>>;

/**
 * The PageResponseV2Dto of `q`'s rows on `page`: counts every row `q` matches, then reads the page sorted by
 * the page's column, ties broken by `tiebreak` (a unique column or columns, so pages neither overlap nor skip rows).
 */
export async function pageV2<DB, TB extends keyof DB, O, T>(
  q: SelectQueryBuilder<DB, TB, O>,
  page: PageV2<SortColumn<DB, TB, O>>,
  tiebreak: StringReference<DB, TB> | StringReference<DB, TB>[],
  view: (row: O) => T,
) {
  // Kysely cannot name a selection's type over generic tables, so the count's row type is stated here.
  const total = await q
    .clearSelect()
    .select(sql`count(*)`.as('n'))
    .$castTo<{ n: string | number | bigint }>()
    .executeTakeFirstOrThrow();
  // The columns are checked by SortColumn at the call; sql.ref lets one order by a table column or a selected alias.
  let ordered = q.orderBy(sql.ref(page.sortColumn), page.sortType);
  for (const tie of [tiebreak].flat()) ordered = ordered.orderBy(sql.ref(tie));
  const rows = await ordered.offset(page.offset).limit(page.pageSize).execute();
  return {
    pageNo: page.pageNo,
    pageSize: page.pageSize,
    totalResults: Number(total.n),
    data: rows.map(view),
  };
}
