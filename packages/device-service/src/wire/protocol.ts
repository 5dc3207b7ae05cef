/**
 * The MDS protocol handler: routes the transport's requests to discovery, device info, capture,
 * registration capture and stream, and answers every failure with the reference's error shapes.
 */
import { type CaptureContext, executeCapture, planCapture } from '../capture/capture.ts';
import { sleep } from '../capture/capture-loop.ts';
import { runStream } from '../capture/stream.ts';
import type { ControlledMethod } from '../control/control.ts';
import type { Device } from '../device.ts';
import { DeviceServiceError, type MdsCode, mdsError, protocolError } from '../errors.ts';
import type { MdsHandler, MdsRequest, MdsResponse, MdsStreamSink } from '../http/index.ts';
import type { CaptureEvent } from '../metrics.ts';
import { asciiJson } from './json.ts';
import {
  type CaptureOperation,
  parseCaptureRequest,
  parseDiscoverRequest,
  parseJsonObject,
  parseStreamRequest,
} from './request.ts';
import { ResponseCache } from './response-cache.ts';
import { captureErrorBody, captureResponseBody, errorArray } from './responses.ts';

export interface ProtocolContext extends CaptureContext {
  /** The port the service listens on (for callbackId); read at request time. */
  port(): number;
  /** Told the outcome of every CAPTURE/RCAPTURE (for /metrics). */
  onCapture?(event: CaptureEvent): void;
}

type Operation = 'discover' | 'info' | 'capture' | 'rcapture' | 'stream';

const ROUTES: Record<string, Partial<Record<string, Operation>>> = {
  '/device': { MOSIPDISC: 'discover' },
  '/': { POST: 'discover', GET: 'discover', MOSIPDISC: 'discover' },
  '/info': { MOSIPDINFO: 'info' },
  '/capture': { CAPTURE: 'capture', RCAPTURE: 'rcapture' },
  '/stream': { STREAM: 'stream' },
};

/** `//capture` (callbackId + "/capture") and `/capture/` are the same path. */
export function normalisePath(path: string): string {
  const trimmed = path.replace(/^\/+/, '/').replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

/** The headers of every answer on this port: one frozen record, so the transport checks it once. */
let standard: { port: number; headers: Readonly<Record<string, string>> } | undefined;
function standardHeaders(port: number): Readonly<Record<string, string>> {
  if (standard?.port !== port)
    standard = {
      port,
      headers: Object.freeze({
        'Content-Type': 'application/json',
        'Cache-Control': 'no-store',
        Location: `http://127.0.0.1:${port}/`,
      }),
    };
  return standard.headers;
}

function answer(
  port: number,
  body: MdsResponse['body'],
  status = 200,
  extra?: Record<string, string>,
): MdsResponse {
  const headers = extra ? { ...standardHeaders(port), ...extra } : standardHeaders(port);
  return { status, headers, body };
}

function json(port: number, value: unknown, status = 200, extra?: Record<string, string>): MdsResponse {
  return answer(port, asciiJson(value), status, extra);
}

function invalidUrl(port: number, status: 404 | 405, allow?: string): MdsResponse {
  return json(port, errorArray('500'), status, allow ? { Allow: allow } : undefined);
}

/**
 * The test controls' delay for this method (the longest the devices set), or undefined when there is
 * none: the common case then costs no await.
 */
function delayFor(
  devices: Iterable<Device>,
  method: ControlledMethod,
  req: MdsRequest,
): Promise<void> | undefined {
  let ms = 0;
  for (const d of devices) ms = Math.max(ms, d.control.delays[method] ?? 0);
  return ms > 0 ? sleep(ms, req.signal) : undefined;
}

export function createProtocolHandler(ctx: ProtocolContext): MdsHandler {
  const devices = () => [...ctx.devices.values()];
  const cache = new ResponseCache();

  async function discover(req: MdsRequest): Promise<MdsResponse> {
    const port = ctx.port();
    let type: string;
    try {
      type = parseDiscoverRequest(req.body);
    } catch {
      return json(port, errorArray('501'));
    }
    const all = devices();
    const delay = delayFor(all, 'MOSIPDISC', req);
    if (delay) await delay;
    const matching = all.filter((d) => type === 'Biometric Device' || d.type === type);
    if (matching.length === 0) return json(port, errorArray('503'));
    return answer(port, cache.discovery(type, matching, port));
  }

  async function info(req: MdsRequest): Promise<MdsResponse> {
    const port = ctx.port();
    const all = devices();
    const delay = delayFor(all, 'MOSIPDINFO', req);
    if (delay) await delay;
    if (all.length === 0) return json(port, errorArray('503'));
    return answer(port, await cache.info(all, port));
  }

  async function capture(req: MdsRequest, op: CaptureOperation): Promise<MdsResponse> {
    const port = ctx.port();
    const auth = op === 'CAPTURE';
    let specVersion = '';
    try {
      const raw = parseJsonObject(req.body);
      if (typeof raw.specVersion === 'string') specVersion = raw.specVersion;
    } catch {
      // reported below by parseCaptureRequest
    }
    let deviceIds: string[] = [];
    try {
      const purpose = auth ? 'Auth' : 'Registration';
      if (!devices().some((d) => d.purpose === purpose)) throw protocolError(auth ? '809' : '709');
      const request = parseCaptureRequest(req.body, op);
      deviceIds = request.bio.map((b) => b.deviceId);
      const planned = planCapture(ctx, request, op);
      const biometrics = await executeCapture(ctx, request, planned, op, req.signal);
      ctx.onCapture?.({ operation: op, deviceIds, errorCode: undefined });
      return answer(port, captureResponseBody(biometrics));
    } catch (e) {
      const code: MdsCode = e instanceof DeviceServiceError && e.mdsCode ? e.mdsCode : auth ? '810' : '710';
      ctx.onCapture?.({ operation: op, deviceIds, errorCode: code });
      return json(port, captureErrorBody(specVersion, code, auth));
    }
  }

  async function stream(req: MdsRequest, sinkOf: () => MdsStreamSink): Promise<MdsResponse | undefined> {
    const port = ctx.port();
    const fail = (code: MdsCode) => json(port, { error: mdsError(code) });
    if (!devices().some((d) => d.purpose === 'Registration')) return fail('601');
    let request: ReturnType<typeof parseStreamRequest>;
    try {
      request = parseStreamRequest(req.body);
    } catch (e) {
      return fail((e as DeviceServiceError).mdsCode ?? '610');
    }
    const device = ctx.devices.get(request.deviceId);
    if (!device?.subIds.includes(request.deviceSubId)) return fail('605');
    if (device.purpose !== 'Registration') return fail('606');
    const status = device.status();
    if (status === 'Not Registered') return fail('100');
    if (status !== 'Ready') return fail('607');
    await delayFor([device], 'STREAM', req);
    const activity = device.begin('stream', request.deviceSubId);
    if (!activity) return fail('607');
    try {
      await runStream({
        device,
        activity,
        records: ctx.records,
        sink: sinkOf(),
        timeoutMs: request.timeoutMs,
        frameIntervalMs: ctx.frameIntervalMs,
      });
    } finally {
      device.end(activity);
    }
    return undefined;
  }

  return async (req, sinkOf) => {
    const port = ctx.port();
    const path = normalisePath(req.path);
    const route = ROUTES[path];
    if (!route) return invalidUrl(port, 404);
    const op = route[req.method];
    if (!op) return invalidUrl(port, 405, [...Object.keys(route), 'OPTIONS'].join(', '));
    switch (op) {
      case 'discover':
        return discover(req);
      case 'info':
        return info(req);
      case 'capture':
        return capture(req, 'CAPTURE');
      case 'rcapture':
        return capture(req, 'RCAPTURE');
      case 'stream':
        return stream(req, sinkOf);
    }
  };
}
