import { type RawBuilder, sql } from 'kysely';
import { TrustError } from '../errors.ts';
import type { Db } from './db.ts';
import { planSearch, type SearchDto, toPage } from './search.ts';

/**
 * One generic search and filter-values engine over a list MOSIP searches (docs/pms-compatibility.md,
 * "Search and filter values"). A list is described once (its FROM clause and its MOSIP field names); the
 * request is read as MOSIP's clients send it, planned by store/search.ts, and run in SQL.
 */
export interface SearchField {
  /** The SQL expression (a constant of the list's definition, never request text). */
  sql: string;
  kind?: 'text' | 'boolean' | 'timestamp' | 'integer';
}

export interface Searchable {
  /** Constant FROM clause with its joins. */
  from: string;
  fields: Record<string, SearchField>;
  /** SQL expression of the owning partner's id: a caller that is not an admin sees only its own rows. */
  owner?: string;
  /** Constant condition every row meets (e.g. a list that is part of a table). */
  where?: string;
  /** Tie-breaker order (a unique expression). */
  order: string;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A MOSIP number: an integer or its decimal text (MOSIP's clients send both). */
function mosipNumber(v: unknown, fallback: number | undefined): number {
  if (v === undefined || v === null || v === '') {
    if (fallback === undefined)
      throw new TrustError('PMS-MSD-313', 'Invalid pagination: a number is missing');
    return fallback;
  }
  const n =
    typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : Number.NaN;
  if (!Number.isSafeInteger(n))
    throw new TrustError('PMS-MSD-313', `Invalid pagination value ${JSON.stringify(v)}`);
  return n;
}

function str(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new TrustError('PMS_COR_001', 'Invalid request parameter - a filter value must be text');
}

/** One search filter as MOSIP's SearchFilter, checked in MOSIP's order. */
function readFilter(raw: unknown, fields: Record<string, SearchField>) {
  if (!isObject(raw)) throw new TrustError('PMS_COR_001', 'Invalid request parameter - filters');
  const columnName = str(raw.columnName);
  if (!columnName) throw new TrustError('PMS-MSD-311', 'Column name is missing in a filter');
  const type = str(raw.type);
  if (!type) throw new TrustError('PMS-MSD-312', `Filter type is missing for ${columnName}`);
  const value = str(raw.value);
  const values = raw.values === undefined || raw.values === null ? undefined : raw.values;
  if (values !== undefined && !Array.isArray(values))
    throw new TrustError('PMS_COR_001', 'Invalid request parameter - values must be a list');
  if (value !== undefined && values !== undefined)
    throw new TrustError('PMS-MSD-392', `Give value or values for ${columnName}, not both`);
  if (type.toLowerCase() === 'in' && (!values || values.length === 0))
    throw new TrustError('PMS-MSD-391', `Filter values cannot be empty for ${columnName}`);
  const field = fields[columnName];
  if (field?.kind === 'boolean' && value !== undefined && !/^(true|false)$/i.test(value))
    throw new TrustError('PMS-MSD-390', `${columnName} takes true or false, not ${value}`);
  return {
    columnName,
    type,
    ...(value !== undefined ? { value: field?.kind === 'boolean' ? value.toLowerCase() : value } : {}),
    ...(values !== undefined ? { values: values.map((v) => str(v) ?? '') } : {}),
    ...(raw.fromValue !== undefined && raw.fromValue !== null ? { fromValue: str(raw.fromValue) } : {}),
    ...(raw.toValue !== undefined && raw.toValue !== null ? { toValue: str(raw.toValue) } : {}),
  } as SearchDto['filters'][number];
}

/**
 * MOSIP's SearchDto as its clients send it: filters and sort may be absent (empty), pagination is
 * required (PMS-MSD-356), page numbers may be text, pageFetch defaults to 10; pageStart is a page index.
 */
export function readSearchRequest(body: unknown, fields: Record<string, SearchField>): SearchDto {
  const b = isObject(body) ? body : {};
  const filters = b.filters ?? [];
  const sort = b.sort ?? [];
  if (!Array.isArray(filters) || !Array.isArray(sort))
    throw new TrustError('PMS_COR_001', 'Invalid request parameter - filters and sort are lists');
  if (filters.length > 20 || sort.length > 5)
    throw new TrustError('PMS_COR_001', 'Invalid request parameter - at most 20 filters and 5 sort fields');
  if (!isObject(b.pagination)) throw new TrustError('PMS-MSD-356', 'Pagination cannot be null');
  const pageStart = mosipNumber(b.pagination.pageStart, 0);
  const pageFetch = mosipNumber(b.pagination.pageFetch, 10);
  if (pageStart < 0 || pageFetch < 1 || pageFetch > 500)
    throw new TrustError('PMS-MSD-313', 'Invalid pagination: pageStart >= 0 and 1 <= pageFetch <= 500');
  return {
    filters: filters.map((f) => readFilter(f, fields)),
    sort: sort.map((s) => {
      if (!isObject(s)) throw new TrustError('PMS_COR_001', 'Invalid request parameter - sort');
      const sortField = str(s.sortField);
      if (!sortField) throw new TrustError('PMS-MSD-357', 'Sort field is missing');
      return { sortField, sortType: str(s.sortType) ?? '' };
    }),
    pagination: { pageStart, pageFetch },
  };
}

function columns(fields: Record<string, SearchField>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f.sql]));
}

/** The WHERE clause: planned filters, the list's own condition, and the owner restriction. */
function conditions(list: Searchable, dto: SearchDto, ownerId: string | null) {
  const plan = planSearch(dto, columns(list.fields));
  const parts: RawBuilder<unknown>[] = [sql`true`];
  if (list.where) parts.push(sql.raw(list.where));
  if (ownerId !== null && list.owner) parts.push(sql`${sql.raw(list.owner)} = ${ownerId}`);
  for (const w of plan.where) {
    const col = sql.raw(w.column);
    if (w.op === 'ilike') parts.push(sql`${col}::text ilike ${w.value as string}`);
    else if (w.op === 'in') parts.push(sql`${col}::text in (${sql.join(w.value as string[])})`);
    else {
      const [from, to] = w.value as [string, string];
      const field = Object.values(list.fields).find((f) => f.sql === w.column);
      if (field?.kind === 'timestamp') {
        if (Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to)))
          throw new TrustError('PMS-MSD-317', 'between takes two datetimes for a datetime column');
        parts.push(sql`${col} between ${new Date(from)} and ${new Date(to)}`);
      } else if (field?.kind === 'integer') {
        parts.push(sql`${col} between ${mosipNumber(from, undefined)} and ${mosipNumber(to, undefined)}`);
      } else parts.push(sql`${col}::text between ${from} and ${to}`);
    }
  }
  return { plan, where: sql.join(parts, sql` and `) };
}

function rowOut(row: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(row)) out[k] = v instanceof Date ? v.toISOString() : v;
  return out;
}

/** MOSIP search: a PageResponseDto of rows named as MOSIP's entity fields. `ownerId` null = every row. */
export async function runSearch(db: Db, list: Searchable, dto: SearchDto, ownerId: string | null) {
  const { plan, where } = conditions(list, dto, ownerId);
  const select = sql.join(
    Object.entries(list.fields).map(([name, f]) => sql`${sql.raw(f.sql)} as ${sql.ref(name)}`),
  );
  const from = sql.raw(list.from);
  const total = await sql<{ n: string | number }>`select count(*) as n from ${from} where ${where}`.execute(
    db,
  );
  const order = sql.join(
    [...plan.orderBy.map((o) => sql`${sql.raw(o.column)} ${sql.raw(o.direction)}`), sql.raw(list.order)],
    sql`, `,
  );
  const rows = await sql<Json>`select ${select} from ${from} where ${where}
    order by ${order} offset ${plan.offset} limit ${plan.limit}`.execute(db);
  return toPage(rows.rows.map(rowOut), Number(total.rows[0]?.n ?? 0), plan.offset);
}

/** MOSIP's FilterValueDto: the distinct (or all) values of some columns, narrowed by optional filters. */
export function readFilterValueRequest(body: unknown, fields: Record<string, SearchField>) {
  const b = isObject(body) ? body : {};
  if (!Array.isArray(b.filters) || b.filters.length === 0 || b.filters.length > 10)
    throw new TrustError('PMS_COR_001', 'Invalid request parameter - filters :filters');
  const wanted = b.filters.map((f) => {
    if (!isObject(f)) throw new TrustError('PMS_COR_001', 'Invalid request parameter - filters');
    const columnName = str(f.columnName);
    if (!columnName) throw new TrustError('PMS-MSD-311', 'Column name is missing in a filter');
    const field = fields[columnName];
    if (!field) throw new TrustError('PMS-MSD-311', `Invalid column name: ${columnName}`);
    const type = (str(f.type) ?? 'unique').toLowerCase();
    if (type !== 'all' && type !== 'unique' && type !== 'empty')
      throw new TrustError('PMS-MSD-312', `Invalid filter type: ${str(f.type)}`);
    return { columnName, field, type, text: str(f.text) };
  });
  const optional = b.optionalFilters ?? [];
  if (!Array.isArray(optional))
    throw new TrustError('PMS_COR_001', 'Invalid request parameter - optionalFilters');
  const optionalFilters = readSearchRequest(
    { filters: optional, sort: [], pagination: { pageStart: 0, pageFetch: 1 } },
    fields,
  ).filters;
  return { wanted, optionalFilters };
}

/** Largest number of values one filter-values column answers (MOSIP's mosip.pms.filtervalue.max_columns, deployed 100). */
const MAX_FILTER_VALUES = 100;

export async function runFilterValues(
  db: Db,
  list: Searchable,
  request: ReturnType<typeof readFilterValueRequest>,
  ownerId: string | null,
) {
  const { where } = conditions(
    list,
    { filters: request.optionalFilters, sort: [], pagination: { pageStart: 0, pageFetch: 1 } },
    ownerId,
  );
  const from = sql.raw(list.from);
  const out: { fieldID: string; fieldValue: string; fieldCode: string }[] = [];
  for (const w of request.wanted) {
    const col = sql.raw(w.field.sql);
    const text = w.text
      ? sql` and ${col}::text ilike ${`${w.text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`}`
      : sql``;
    const distinct = w.type === 'all' ? sql`` : sql`distinct`;
    const rows = await sql<{ v: string }>`select ${distinct} ${col}::text as v from ${from}
      where ${where} and ${col} is not null ${text} order by v limit ${MAX_FILTER_VALUES}`.execute(db);
    for (const r of rows.rows) out.push({ fieldID: w.columnName, fieldValue: r.v, fieldCode: r.v });
  }
  return { filters: out };
}
