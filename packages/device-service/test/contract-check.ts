/** Checks a value against a contracts schema: the schema (ajv) and the key order of every object it names. */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// ajv is CommonJS: its module object is the class itself.
const Ajv = require('ajv') as typeof import('ajv').default;
const ajv = new Ajv({ strict: false, allErrors: true });

/** The parts of a TypeBox (JSON) schema the key-order check walks. */
interface TSchema {
  properties?: Record<string, TSchema>;
  items?: TSchema;
  anyOf?: TSchema[];
}

/** Keys present in `value`, in the order the schema declares them (the wire order). */
function orderErrors(schema: TSchema, value: unknown, at: string): string[] {
  const items = schema.items;
  if (Array.isArray(value) && items) return value.flatMap((v, i) => orderErrors(items, v, `${at}[${i}]`));
  if (schema.anyOf) {
    const fitting = schema.anyOf.find((s) => ajv.validate(s, value));
    return fitting ? orderErrors(fitting, value, at) : [];
  }
  const properties = schema.properties;
  if (!properties || !value || typeof value !== 'object') return [];
  const declared = Object.keys(properties);
  const keys = Object.keys(value);
  const extra = keys.filter((k) => !declared.includes(k));
  if (extra.length > 0) return [`${at} has keys the contract does not name: ${extra.join(', ')}`];
  const expected = declared.filter((k) => keys.includes(k));
  if (expected.join() !== keys.join()) return [`${at} key order ${keys.join()} is not ${expected.join()}`];
  return expected.flatMap((k) =>
    orderErrors(properties[k] as TSchema, (value as Record<string, unknown>)[k], `${at}.${k}`),
  );
}

export function contractErrors(contract: object, value: unknown): string[] {
  const schema = contract as TSchema;
  if (!ajv.validate(schema, value)) return (ajv.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  return orderErrors(schema, value, '$');
}
