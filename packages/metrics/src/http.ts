import { HTTP_STATUSES, LATENCY_BUCKETS, type MetricsRegistry } from './registry.ts';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
/** Requests no route matched (404s) are counted under this route label. */
export const UNMATCHED_ROUTE = 'unmatched';

export interface HttpRequestMetrics {
  /** Declares a route pattern as a `route` label value (each server adds its patterns as it registers them). */
  addRoute(pattern: string): void;
  /** Counts one answered request; `route` is the matched pattern (undefined: no route matched). */
  observe(method: string, route: string | undefined, status: number, seconds: number): void;
}

/**
 * The two figures every HTTP server of the project keeps (docs/metrics.md): `<prefix>_http_requests_total`
 * by method, route pattern and status, and `<prefix>_http_request_duration_seconds` by method and route
 * pattern. A URL that is not a declared pattern is never a label.
 */
export function httpRequestMetrics(registry: MetricsRegistry, prefix: string): HttpRequestMetrics {
  const routes = new Set<string>([UNMATCHED_ROUTE]);
  const requests = registry.counter(
    `${prefix}_http_requests_total`,
    'HTTP requests by method, route pattern and status.',
    { method: METHODS, route: routes, status: HTTP_STATUSES },
  );
  const latency = registry.histogram(
    `${prefix}_http_request_duration_seconds`,
    'HTTP request latency by method and route pattern, seconds.',
    { method: METHODS, route: routes },
    LATENCY_BUCKETS,
  );
  return {
    addRoute: (pattern) => {
      routes.add(pattern);
    },
    observe(method, route, status, seconds) {
      const r = route ?? UNMATCHED_ROUTE;
      requests.inc({ method, route: r, status: String(status) });
      latency.observe({ method, route: r }, seconds);
    },
  };
}
