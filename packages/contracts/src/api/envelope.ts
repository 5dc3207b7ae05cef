import { type Static, type TSchema, Type } from '@sinclair/typebox';

// MOSIP's request/response wrappers: requests `{id, version, requesttime, metadata, request}`,
// responses `{id, version, responsetime, metadata, response, errors}` with `errors: []` on success and
// `response: null` on error (docs/trust-server.md).

export const ErrorItem = Type.Object({ errorCode: Type.String(), message: Type.String() });

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** The request wrapper around `schema`; only `request` is required, as in MOSIP's RequestWrapper. */
export function envelopeBody<T extends TSchema>(schema: T) {
  return Type.Object({
    id: Type.Optional(Nullable(Type.String({ maxLength: 256 }))),
    version: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
    // MOSIP's RequestWrapper reads requesttime as yyyy-MM-dd'T'HH:mm:ss.SSS'Z' and refuses any other form.
    requesttime: Type.Optional(
      Nullable(
        Type.String({ maxLength: 64, pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$' }),
      ),
    ),
    metadata: Type.Optional(Type.Unknown()),
    request: schema,
  });
}

/** The response wrapper around `schema`. */
export function envelopeResponse<T extends TSchema>(schema: T) {
  return Type.Object({
    id: Nullable(Type.String()),
    version: Nullable(Type.String()),
    responsetime: Type.String(),
    metadata: Type.Null(),
    response: schema,
    errors: Type.Array(ErrorItem),
  });
}

export const ErrorEnvelope = Type.Object({
  id: Nullable(Type.String()),
  version: Nullable(Type.String()),
  responsetime: Type.String(),
  metadata: Type.Null(),
  response: Type.Null(),
  errors: Type.Array(ErrorItem),
});

/** A response envelope around `T`. */
export type Envelope<T> = {
  id: string | null;
  version: string | null;
  responsetime: string;
  metadata: null;
  response: T;
  errors: Static<typeof ErrorItem>[];
};
