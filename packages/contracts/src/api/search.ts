import { type Static, type TSchema, Type } from '@sinclair/typebox';

/**
 * MOSIP's SearchDto (docs/trust-server.md, "Search"): filters on entity field names, sort, and
 * pagination where `pageStart` is a 0-based page index.
 */
export const SearchFilter = Type.Object({
  columnName: Type.String({ minLength: 1, maxLength: 64 }),
  type: Type.String({ minLength: 1, maxLength: 16 }),
  value: Type.Optional(Type.String({ maxLength: 256 })),
  values: Type.Optional(Type.Array(Type.String({ maxLength: 256 }), { maxItems: 100 })),
  fromValue: Type.Optional(Type.String({ maxLength: 64 })),
  toValue: Type.Optional(Type.String({ maxLength: 64 })),
});

export const SearchDto = Type.Object({
  filters: Type.Array(SearchFilter, { maxItems: 20 }),
  sort: Type.Array(
    Type.Object({ sortField: Type.String({ maxLength: 64 }), sortType: Type.String({ maxLength: 8 }) }),
    { maxItems: 5 },
  ),
  pagination: Type.Object({
    pageStart: Type.Integer({ minimum: 0 }),
    pageFetch: Type.Integer({ minimum: 1, maximum: 500 }),
  }),
});
export type SearchDto = Static<typeof SearchDto>;

/** MOSIP's PageResponseDto around `item`: `data` is null for an empty page. */
export function pageResponse<T extends TSchema>(item: T) {
  return Type.Object({
    fromRecord: Type.Integer(),
    toRecord: Type.Integer(),
    totalRecord: Type.Integer(),
    data: Type.Union([Type.Array(item), Type.Null()]),
  });
}
