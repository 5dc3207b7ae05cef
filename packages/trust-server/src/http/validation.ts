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

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? bodyAjv : paramAjv;
  return ajv.compile(schema as object) as ReturnType<FastifySchemaCompiler<unknown>>;
};
