import type { Static, TSchema } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import type { Principal, Role } from '../auth/roles.ts';
import type { TrustDeps } from '../deps.ts';
import { type Access, roles } from './access.ts';
import { envelopeBody, envelopeResponse, ok } from './envelope.ts';
import { principalOf } from './guard.ts';
import type { TrustModule } from './module.ts';

/** What a route validates and answers, besides its method, path, access and summary. */
export interface RouteSchemas<P extends TSchema, Q extends TSchema, B extends TSchema> {
  description?: string;
  params?: P;
  query?: Q;
  /** The `request` member of MOSIP's request wrapper; the route validates the whole wrapper. */
  body?: B;
  /** The `response` member of the success envelope the route answers with status 200. */
  response?: TSchema;
  /**
   * The answers by status, sent as the handler returns them, not wrapped in MOSIP's envelope
   * (redirects, CSV, keymanager's own shape, answers the handler wraps itself).
   */
  raw?: Record<number, TSchema>;
  /** Callable with a one-time password not yet changed (see FastifyContextConfig). */
  allowOneTimePassword?: boolean;
}

/** What a handler gets: the validated parts, the caller, and the request and reply for the rare route that needs them. */
export interface RouteCall<P extends TSchema, Q extends TSchema, B extends TSchema> {
  deps: TrustDeps;
  params: Static<P>;
  query: Static<Q>;
  body: Static<B>;
  /** The authenticated caller (a public route has none: reading it answers 401). */
  readonly actor: Principal;
  request: FastifyRequest;
  reply: FastifyReply;
}

type Declare = <P extends TSchema = TSchema, Q extends TSchema = TSchema, B extends TSchema = TSchema>(
  url: string,
  access: Access | readonly Role[],
  summary: string,
  schemas: RouteSchemas<P, Q, B>,
  run: (call: RouteCall<P, Q, B>) => unknown,
) => void;

export type Routes = Record<'get' | 'post' | 'put' | 'patch' | 'delete', Declare>;

/**
 * Declares routes the one way every trust-server route is declared: the access rule in `config.access`,
 * the schemas under the module's tags (the body inside MOSIP's request wrapper, the answer inside its
 * response envelope), and a handler that returns the service's result, wrapped here once.
 */
export function routes(app: FastifyInstance, deps: TrustDeps, tags: string[]): Routes {
  const declare =
    (method: HTTPMethods): Declare =>
    (url, access, summary, s, run) => {
      const response = s.raw ?? (s.response ? { 200: envelopeResponse(s.response) } : undefined);
      app.route({
        method,
        url,
        config: {
          access: Array.isArray(access) ? roles(...(access as Role[])) : (access as Access),
          ...(s.allowOneTimePassword ? { allowOneTimePassword: true } : {}),
        },
        schema: {
          tags,
          summary,
          ...(s.description ? { description: s.description } : {}),
          ...(s.params ? { params: s.params } : {}),
          ...(s.query ? { querystring: s.query } : {}),
          ...(s.body ? { body: envelopeBody(s.body) } : {}),
          ...(response ? { response } : {}),
        },
        handler: async (request, reply) => {
          const result = await run({
            deps,
            params: request.params as never,
            query: request.query as never,
            body: (request.body as { request?: unknown } | undefined)?.request as never,
            get actor() {
              return principalOf(request);
            },
            request,
            reply,
          });
          return s.raw ? result : ok(request, result);
        },
      });
    };
  return {
    get: declare('GET'),
    post: declare('POST'),
    put: declare('PUT'),
    patch: declare('PATCH'),
    delete: declare('DELETE'),
  };
}

/** A module of routes declared with `routes()` under one list of tags. */
export function routeModule(
  name: string,
  tags: string[],
  declare: (r: Routes, deps: TrustDeps) => void,
): TrustModule {
  return { name, register: (app, deps) => declare(routes(app, deps, tags), deps) };
}
