/**
 * The device service's metrics (docs/metrics.md): requests by method and status, captures by
 * device, kind, operation and outcome (with the MDS error code), stream sessions. Every label
 * comes from a fixed set: the MDS methods, the service's own device ids and kinds, the MDS code
 * catalogue. Nothing of a request body (transaction ids, biometrics) becomes a label.
 */
import {
  formatPrometheus,
  HTTP_STATUSES,
  LATENCY_BUCKETS,
  MetricsRegistry,
  PROMETHEUS_CONTENT_TYPE,
} from '@mosip-trust/metrics';
import type { Logger } from 'pino';
import type { Device } from './device.ts';
import { MDS_ERRORS, type MdsCode } from './errors.ts';
import type { MdsHandler, MdsResponse } from './http/index.ts';
import { ALLOWED_METHODS } from './http/index.ts';
import { normalisePath } from './wire/protocol.ts';

const METHODS = ALLOWED_METHODS.split(', ');

export interface CaptureEvent {
  operation: 'CAPTURE' | 'RCAPTURE';
  /** The devices the request named (empty when it could not be parsed). */
  deviceIds: string[];
  /** The MDS code the capture answered; undefined on success. */
  errorCode: MdsCode | undefined;
}

export interface DeviceMetrics {
  capture(event: CaptureEvent): void;
  /** The protocol handler, answering `GET /metrics` itself and counting every other request. */
  wrap(handler: MdsHandler): MdsHandler;
  text(): string;
}

/** The paths a request line may name (anything else is logged as `other`). */
const PATHS = new Set(['/', '/device', '/info', '/capture', '/stream', '/metrics']);

/** Counts requests and captures; with a logger, logs one `request` line per request (method, path, status, ms). */
export function createDeviceMetrics(devices: ReadonlyMap<string, Device>, logger?: Logger): DeviceMetrics {
  const registry = new MetricsRegistry();
  const ids = [...devices.keys(), 'unknown'];
  const kinds = [...new Set([...devices.values()].map((d) => d.identity.description.kind)), 'unknown'];
  const requests = registry.counter('mosip_mds_requests_total', 'MDS requests by method and status.', {
    method: METHODS,
    status: HTTP_STATUSES,
  });
  const latency = registry.histogram(
    'mosip_mds_request_duration_seconds',
    'MDS request latency by method, seconds (a stream counts until its headers are sent).',
    { method: METHODS },
    LATENCY_BUCKETS,
  );
  const captures = registry.counter(
    'mosip_mds_captures_total',
    'Captures by device, kind, operation and outcome; errorCode is the MDS code ("" on success).',
    {
      deviceId: ids,
      kind: kinds,
      operation: ['CAPTURE', 'RCAPTURE'],
      outcome: ['ok', 'error'],
      errorCode: ['', ...Object.keys(MDS_ERRORS)],
    },
  );
  const streams = registry.counter('mosip_mds_stream_sessions_total', 'Stream sessions started.', {});
  registry.gauge('mosip_mds_stream_sessions_active', 'Stream sessions running now.', () => [
    { labels: {}, value: [...devices.values()].filter((d) => d.activity?.kind === 'stream').length },
  ]);

  const text = () => formatPrometheus(registry.snapshot());
  return {
    text,
    capture({ operation, deviceIds, errorCode }) {
      const outcome = errorCode === undefined ? 'ok' : 'error';
      for (const deviceId of deviceIds.length ? [...new Set(deviceIds)] : ['unknown']) {
        const kind = devices.get(deviceId)?.identity.description.kind ?? 'unknown';
        captures.inc({ deviceId, kind, operation, outcome, errorCode: errorCode ?? '' });
      }
    },
    wrap(handler) {
      return async (req, sinkOf) => {
        const started = performance.now();
        const done = (status: number) => {
          const seconds = (performance.now() - started) / 1000;
          requests.inc({ method: req.method, status: String(status) });
          latency.observe({ method: req.method }, seconds);
          if (!logger) return;
          const path = normalisePath(req.path);
          logger.info(
            {
              method: req.method,
              route: PATHS.has(path) ? path : 'other',
              status,
              ms: Math.round(seconds * 1000),
            },
            'request',
          );
        };
        let response: MdsResponse | undefined;
        if (req.method === 'GET' && req.path === '/metrics') {
          response = { status: 200, headers: { 'Content-Type': PROMETHEUS_CONTENT_TYPE }, body: text() };
        } else {
          let streamed = false;
          response = await handler(req, () => {
            streamed = true;
            streams.inc({});
            return sinkOf();
          });
          if (streamed) {
            done(200);
            return response;
          }
        }
        done(response?.status ?? 500);
        return response;
      };
    },
  };
}
