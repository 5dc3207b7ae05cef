import {
  formatPrometheus,
  httpRequestMetrics,
  type MetricSnapshot,
  MetricsRegistry,
  PROMETHEUS_CONTENT_TYPE,
} from '@mosip-trust/metrics';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ROLES } from '../auth/roles.ts';
import { IDA_ERRORS, type IdaErrorCode } from '../errors.ts';
import type { StorePoolStats } from '../store/db.ts';
import { PUBLIC, roles } from './access.ts';
import { envelopeResponse, ok } from './envelope.ts';

/**
 * The trust server's metrics (docs/metrics.md): `GET /metrics` in the Prometheus text format and
 * `GET /v1/trust/metrics`, the same registry as JSON for the admin's dashboard. Labels are route
 * patterns (never the raw URL), methods, statuses and catalogued codes: no personal data.
 */
export interface TrustMetrics {
  /** Counts one authentication of the auth API: accepted, or refused with its IDA code. */
  authentication(outcome: { ok: true } | { ok: false; errorCode: IdaErrorCode }): void;
  snapshot(): MetricSnapshot[];
}

declare module 'fastify' {
  interface FastifyInstance {
    trustMetrics: TrustMetrics;
  }
}

const Sample = Type.Object({
  labels: Type.Record(Type.String(), Type.String()),
  value: Type.Optional(Type.Number()),
  buckets: Type.Optional(Type.Array(Type.Object({ le: Type.String(), count: Type.Number() }))),
  sum: Type.Optional(Type.Number()),
  count: Type.Optional(Type.Number()),
});
export const MetricView = Type.Object({
  name: Type.String(),
  help: Type.String(),
  type: Type.Union([Type.Literal('counter'), Type.Literal('gauge'), Type.Literal('histogram')]),
  samples: Type.Array(Sample),
});
type MetricViewT = Static<typeof MetricView>;

/** JSON has no +Inf: bucket bounds are written as Prometheus writes them. */
function toView(m: MetricSnapshot): MetricViewT {
  const samples = m.samples.map(({ buckets, ...s }) =>
    buckets
      ? {
          ...s,
          buckets: buckets.map((b) => ({
            le: Number.isFinite(b.le) ? String(b.le) : '+Inf',
            count: b.count,
          })),
        }
      : s,
  );
  return { ...m, samples };
}

/** Adds the request hooks, the store gauges and the two routes to the root app (before the modules). */
export function registerMetrics(
  app: FastifyInstance,
  store: { kind: string; poolStats: () => StorePoolStats } | undefined,
): void {
  const registry = new MetricsRegistry();
  const http = httpRequestMetrics(registry, 'mosip_trust');
  const authentications = registry.counter(
    'mosip_trust_authentications_total',
    'Authentications through the auth API: accepted (result="ok") or refused with their IDA error code.',
    { result: ['ok', 'refused'], errorCode: ['', ...Object.keys(IDA_ERRORS)] },
  );
  if (store) {
    registry.gauge(
      'mosip_trust_store_connections',
      "Store connections by state (pg pool, or PGlite's one connection).",
      () => {
        const s = store.poolStats();
        return [
          { labels: { store: store.kind, state: 'total' }, value: s.total },
          { labels: { store: store.kind, state: 'idle' }, value: s.idle },
        ];
      },
    );
    registry.gauge('mosip_trust_store_waiting', 'Queries waiting for a store connection.', () => [
      { labels: { store: store.kind }, value: store.poolStats().waiting },
    ]);
  }

  app.decorate('trustMetrics', {
    authentication(outcome) {
      authentications.inc(
        outcome.ok ? { result: 'ok', errorCode: '' } : { result: 'refused', errorCode: outcome.errorCode },
      );
    },
    snapshot: () => registry.snapshot(),
  } satisfies TrustMetrics);

  app.addHook('onRoute', (route) => http.addRoute(route.url));
  app.addHook('onResponse', async (request, reply) =>
    http.observe(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000),
  );

  app.get(
    '/metrics',
    {
      // Public, like Prometheus exporters: labels are route patterns, statuses and codes (docs/metrics.md).
      config: { access: PUBLIC },
      schema: { tags: ['system'], summary: 'Metrics in the Prometheus text exposition format', hide: true },
    },
    async (_request, reply) =>
      reply.type(PROMETHEUS_CONTENT_TYPE).send(formatPrometheus(registry.snapshot())),
  );
  app.get(
    '/v1/trust/metrics',
    {
      config: { access: roles(ROLES.PARTNER_ADMIN) },
      schema: {
        tags: ['system'],
        summary: 'The metrics of /metrics as JSON (the admin dashboard)',
        response: { 200: envelopeResponse(Type.Array(MetricView)) },
      },
    },
    async (request) => ok(request, registry.snapshot().map(toView)),
  );
}
