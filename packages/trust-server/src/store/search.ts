import type { SearchDto } from '@mosip-trust/contracts';
import { type SelectQueryBuilder, sql } from 'kysely';
import { TrustError } from '../errors.ts';

export type { SearchDto };

export interface PlannedSearch {
  where: { column: string; op: '=' | 'ilike' | 'in' | 'between'; value: unknown }[];
  orderBy: { column: string; direction: 'asc' | 'desc' }[];
  offset: number;
  limit: number;
}

/**
 * The store side of MOSIP's search (its shape is in @mosip-trust/contracts): checks a SearchDto against
 * the searchable fields (MOSIP field name -> SQL column) and turns it into conditions applied with
 * Kysely, paging in SQL. Throws MOSIP's PMS-MSD codes.
 */
export function planSearch(dto: SearchDto, columns: Record<string, string>): PlannedSearch {
  const column = (name: string, code: 'PMS-MSD-311' | 'PMS-MSD-357') => {
    const c = columns[name];
    if (!c)
      throw new TrustError(
        code,
        `${code === 'PMS-MSD-311' ? 'Invalid column name' : 'Invalid sort field'}: ${name}`,
      );
    return c;
  };
  const escapeLike = (v: string) => v.replace(/[\\%_]/g, (m) => `\\${m}`);
  const where = dto.filters.map((f) => {
    const c = column(f.columnName, 'PMS-MSD-311');
    const type = f.type.toLowerCase();
    const value = f.value ?? '';
    switch (type) {
      case 'equals':
        return { column: c, op: 'ilike' as const, value: escapeLike(value) };
      case 'contains':
        return { column: c, op: 'ilike' as const, value: `%${escapeLike(value.replace(/^\*|\*$/g, ''))}%` };
      case 'startswith':
        return { column: c, op: 'ilike' as const, value: `${escapeLike(value)}%` };
      case 'in':
        if (!f.values?.length) throw new TrustError('PMS-MSD-312', 'Filter type in needs values');
        return { column: c, op: 'in' as const, value: f.values };
      case 'between':
        if (f.fromValue === undefined || f.toValue === undefined)
          throw new TrustError('PMS-MSD-312', 'Filter type between needs fromValue and toValue');
        return { column: c, op: 'between' as const, value: [f.fromValue, f.toValue] };
      default:
        throw new TrustError('PMS-MSD-312', `Invalid filter type: ${f.type}`);
    }
  });
  const orderBy = dto.sort.map((s) => {
    const direction = s.sortType.toLowerCase();
    if (direction !== 'asc' && direction !== 'desc')
      throw new TrustError('PMS-MSD-358', `Invalid sort type: ${s.sortType}`);
    return { column: column(s.sortField, 'PMS-MSD-357'), direction: direction as 'asc' | 'desc' };
  });
  return {
    where,
    orderBy,
    offset: dto.pagination.pageStart * dto.pagination.pageFetch,
    limit: dto.pagination.pageFetch,
  };
}

export function toPage<T>(rows: T[], total: number, offset: number) {
  if (rows.length === 0) return { fromRecord: 0, toRecord: 0, totalRecord: total, data: null };
  return { fromRecord: offset + 1, toRecord: offset + rows.length, totalRecord: total, data: rows };
}

/** Applies the planned filters to a Kysely select (columns come only from the whitelist). */
export function applyFilters<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  plan: PlannedSearch,
): SelectQueryBuilder<DB, TB, O> {
  let q = query;
  for (const w of plan.where) {
    const ref = sql.ref(w.column);
    if (w.op === 'ilike') q = q.where(sql<boolean>`${ref}::text ilike ${w.value as string}`);
    else if (w.op === 'in') q = q.where(sql<boolean>`${ref}::text in (${sql.join(w.value as string[])})`);
    else {
      const [from, to] = w.value as [string, string];
      q = q.where(sql<boolean>`${ref}::text between ${from} and ${to}`);
    }
  }
  return q;
}

export function applyPaging<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  plan: PlannedSearch,
  defaultOrder: string,
): SelectQueryBuilder<DB, TB, O> {
  let q = query;
  for (const o of plan.orderBy) q = q.orderBy(sql.ref(o.column), o.direction);
  return q.orderBy(sql.ref(defaultOrder)).offset(plan.offset).limit(plan.limit);
}
