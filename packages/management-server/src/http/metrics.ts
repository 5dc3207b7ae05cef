import {
  formatPrometheus,
  httpRequestMetrics,
  MetricsRegistry,
  PROMETHEUS_CONTENT_TYPE,
} from '@mosip-trust/metrics';
import type { FastifyInstance } from 'fastify';
import { MANAGEMENT_ERRORS, ManagementError } from '../errors.ts';

/** A registration's outcome: registered, or refused with its catalogued code. */
const OUTCOMES = ['registered', ...Object.keys(MANAGEMENT_ERRORS)];

export interface ManagementMetrics {
  /** Runs a device registration and counts its outcome (the error is re-thrown). */
  registration<T>(run: () => Promise<T>): Promise<T>;
}

/**
 * The management server's metrics (docs/metrics.md): requests by method, route pattern and status, their
 * latency, and device registrations by outcome, served as `GET /metrics` in the Prometheus text format.
 * Labels come from declared sets (route patterns, statuses, catalogued codes): never a serial number,
 * device code or provider id.
 */
export function registerMetrics(app: FastifyInstance): ManagementMetrics {
  const registry = new MetricsRegistry();
  const http = httpRequestMetrics(registry, 'mosip_mgmt');
  const registrations = registry.counter(
    'mosip_mgmt_device_registrations_total',
    'Device registrations (and key rotations) asked by devices: registered, or refused with their code.',
    { outcome: OUTCOMES },
  );
  app.addHook('onRoute', (route) => http.addRoute(route.url));
  app.addHook('onResponse', async (request, reply) =>
    http.observe(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000),
  );
  app.get('/metrics', async (_request, reply) =>
    reply.type(PROMETHEUS_CONTENT_TYPE).send(formatPrometheus(registry.snapshot())),
  );
  return {
    async registration(run) {
      try {
        const result = await run();
        registrations.inc({ outcome: 'registered' });
        return result;
      } catch (e) {
        registrations.inc({ outcome: e instanceof ManagementError ? e.code : 'MGMT_INTERNAL' });
        throw e;
      }
    },
  };
}
