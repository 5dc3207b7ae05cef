import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type BuildSerializer = NonNullable<
  NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildSerializer']
>;

/**
 * fastify's own response serializers (fast-json-stringify), each compiled on the first reply that uses it
 * rather than for every route and status when the app is built: a start compiles none of the hundreds of
 * response schemas that no request has used yet (docs/performance.md, target 1). The wire output is the one
 * fastify's default compiler gives: the same compiler, called later.
 */
export const lazySerializers: BuildSerializer = (externalSchemas, options) => {
  const compile = SerializerSelector()(externalSchemas, options);
  return (route) => {
    let serialize: ((data: unknown) => string) | undefined;
    return (data: unknown) => {
      serialize ??= compile(route);
      return serialize(data);
    };
  };
};
