export { formatPrometheus, PROMETHEUS_CONTENT_TYPE } from './format.ts';
export {
  Counter,
  Gauge,
  HTTP_STATUSES,
  Histogram,
  LATENCY_BUCKETS,
  type LabelSpec,
  type MetricSnapshot,
  MetricsRegistry,
  OTHER,
  type SampleSnapshot,
} from './registry.ts';
