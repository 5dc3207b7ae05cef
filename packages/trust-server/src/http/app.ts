import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { Type } from '@sinclair/typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { sql } from 'kysely';
import type { DestinationStream } from 'pino';
import type { TrustDeps } from '../deps.ts';
import type { Store } from '../store/db.ts';
import type { Access } from './access.ts';
import { PUBLIC } from './access.ts';
import { ErrorEnvelope } from './envelope.ts';
import { errorHandler, notFoundHandler } from './error-handler.ts';
import { createGuard } from './guard.ts';
import { installInputGuard } from './input-guard.ts';
import { registerMetrics } from './metrics.ts';
import type { TrustModule } from './module.ts';
import { TRUST_MODULES } from './modules.ts';
import { createOriginCheck } from './origin-check.ts';
import { registerPortal } from './portal.ts';
import { createRefusalAuditor } from './refusal-auditor.ts';
import { lazySerializers } from './serialization.ts';
import { validatorCompiler } from './validation.ts';

/** One row of the route table (read by the authorization-matrix and bad-input tests). */
export interface RouteInfo {
  method: string;
  url: string;
  access: Access;
  /** Whether the route declares a request body schema. */
  hasBody: boolean;
  schema: Record<string, unknown> | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered with an access declaration. */
    trustRoutes: RouteInfo[];
  }
}

/** Log redaction: credentials and keys never reach the log. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.secret',
  '*.secretKey',
  '*.clientSecret',
  '*.token',
  '*.privateKey',
  '*.kek',
  '*.apiKey',
  '*.licenseKey',
];

export interface AppOptions {
  /** fastify logger option; default: pino at config.logLevel with redaction. */
  logger?: FastifyServerOptions['logger'];
  /** Where the default logger writes (default stdout); ignored when `logger` is given. */
  logStream?: DestinationStream;
  /** The route modules (default: every module in src/http/modules.ts). */
  modules?: TrustModule[];
  /** The store's connection figures for /metrics (omitted: no store gauges). */
  store?: Pick<Store, 'kind' | 'poolStats'>;
}

function describeAccess(access: Access): string {
  if (access.kind === 'public') return 'Access: public.';
  const who = access.kind === 'authenticated' ? 'any authenticated caller' : access.roles.join(', ');
  return `Access: ${who}.`;
}

/** Builds the trust server's fastify app (not listening). */
export async function createApp(
  base: Omit<TrustDeps, 'logger'>,
  options: AppOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? {
      level: base.config.logLevel,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    bodyLimit: base.config.bodyLimit,
    exposeHeadRoutes: false,
    routerOptions: { ignoreTrailingSlash: true },
    return503OnClosing: true,
    // request.ip from X-Forwarded-For only when the peer is a configured proxy (login throttling).
    trustProxy: base.config.trustedProxies.length > 0 ? base.config.trustedProxies : false,
    schemaController: { compilersFactory: { buildSerializer: lazySerializers } },
  });
  const deps: TrustDeps = { ...base, logger: app.log };
  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  app.decorate('trustRoutes', [] as RouteInfo[]);

  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/docs')) return; // the reference page's own assets
    const access = route.config?.access;
    if (!access) throw new Error(`route ${route.method} ${route.url} declares no config.access`);
    const schema = (route.schema ?? {}) as Record<string, unknown>;
    const response = (schema.response ?? {}) as Record<string, unknown>;
    response['4xx'] ??= ErrorEnvelope;
    response['5xx'] ??= ErrorEnvelope;
    schema.response = response;
    schema.description = [schema.description, describeAccess(access)].filter(Boolean).join('\n\n');
    if (access.kind !== 'public') schema.security = [{ bearer: [] }];
    route.schema = schema;
    for (const method of [route.method].flat()) {
      app.trustRoutes.push({ method, url: route.url, access, hasBody: !!schema.body, schema });
    }
  });
  installInputGuard(app);
  app.addHook('onRequest', createGuard(deps.db, deps.clock));
  app.addHook('onRequest', createOriginCheck(deps.config.allowedOrigins));
  app.addHook('onError', createRefusalAuditor(deps));
  registerMetrics(app, options.store);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'mosip-trust trust server',
        version: '0.1.0',
        description:
          'Partner management (MOSIP PMS compatible paths and envelopes), accounts, audit. Errors answer a 4xx/5xx status with the MOSIP error envelope.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });

  app.get(
    '/health',
    {
      config: { access: PUBLIC },
      schema: {
        tags: ['system'],
        summary: 'Readiness: answers 200 when the store answers',
        response: { 200: Type.Object({ status: Type.Literal('UP'), store: Type.String() }) },
      },
    },
    async () => {
      await sql`select 1`.execute(deps.db);
      return { status: 'UP' as const, store: deps.config.databaseUrl ? 'postgres' : 'pglite' };
    },
  );
  app.get(
    '/openapi.json',
    {
      config: { access: PUBLIC },
      schema: { tags: ['system'], summary: 'This OpenAPI document', hide: true },
    },
    async () => app.swagger(),
  );

  for (const module of options.modules ?? TRUST_MODULES) {
    await module.register(app, deps);
  }
  await registerPortal(app);
  await app.ready();
  return app;
}
