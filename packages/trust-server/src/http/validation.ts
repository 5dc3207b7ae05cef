import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

// ajv-formats is CommonJS; under nodenext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;

const common: Options = { allErrors: false, strict: false, useDefaults: true, removeAdditional: false };

/**
 * Bodies are validated as sent: no type coercion, so `"partnerId": 5` is an error rather than "5".
 * Path and query parameters arrive as strings and are coerced to the schema's types.
 */
const bodyAjv = new Ajv({ ...common, coerceTypes: false });
const paramAjv = new Ajv({ ...common, coerceTypes: 'array' });
addFormats(bodyAjv);
addFormats(paramAjv);

type AjvValidate = ((data: unknown, ctx?: unknown) => boolean) & { errors?: unknown };

/**
 * Each route's validator is compiled by ajv on the route's first request, not when the app is built: a start
 * compiles nothing that no request uses (docs/performance.md, target 1). The wrapper keeps what fastify reads
 * from an ajv function: `errors` after a failed call, and `schemaEnv`, which makes fastify pass the parent
 * (needed for defaults and coercion of the root value).
 */
export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? bodyAjv : paramAjv;
  let compiled: AjvValidate | undefined;
  const validate = Object.assign(
    (data: unknown, ctx?: unknown): boolean => {
      compiled ??= ajv.compile(schema as object) as AjvValidate;
      const valid = compiled(data, ctx);
      validate.errors = valid ? null : compiled.errors;
      return valid;
    },
    { errors: null as unknown, schemaEnv: true },
  );
  return validate as unknown as ReturnType<FastifySchemaCompiler<unknown>>;
};
