export { formatPrometheus, PROMETHEUS_CONTENT_TYPE } from './format.ts';
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
