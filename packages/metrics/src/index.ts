export { formatPrometheus, PROMETHEUS_CONTENT_TYPE } from './format.ts';
export { type HttpRequestMetrics, httpRequestMetrics, UNMATCHED_ROUTE } from './http.ts';
export {
  Counter,
  Gauge,
  Histogram,
  HTTP_STATUSES,
  LATENCY_BUCKETS,
  type LabelSpec,
  type MetricSnapshot,
  MetricsRegistry,
  OTHER,
  type SampleSnapshot,
} from './registry.ts';
