/**
 * The test-control (admin) API: a separate loopback HTTP server, off unless a token is configured.
 * Every request needs `Authorization: Bearer <token>` (compared in constant time); no CORS headers are
 * ever sent, requests carrying an Origin header are refused (a web page cannot use it even with the
 * token), and the Host header must name the loopback address (no DNS rebinding).
 *
 * GET  /admin/devices                    → every device with status and settings
 * POST /admin/devices/{id}               ← {status?, person?, quality?, delays?, fault?}
 * POST /admin/devices/{id}/rotate-key    → new device key and certificate
 * POST /admin/devices/{id}/register      → registers an unregistered device
 * POST /admin/devices/{id}/deregister    → forgets the registration
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Device } from '../device.ts';
import { DeviceServiceError } from '../errors.ts';
import { applyControl } from './control.ts';

export const ADMIN_TOKEN_ENV = 'MOSIP_DEVICE_ADMIN_TOKEN';
const MAX_BODY = 16 * 1024;

export interface AdminActions {
  devices: ReadonlyMap<string, Device>;
  rotateKey(device: Device): Promise<void>;
  register(device: Device): Promise<void>;
  deregister(device: Device): Promise<void>;
}

export interface AdminServer {
  readonly port: number;
  close(): Promise<void>;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

export function tokenMatches(expected: string, header: string | undefined): boolean {
  const presented = /^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '';
  return timingSafeEqual(digest(expected), digest(presented)) && presented.length > 0;
}

function describe(d: Device) {
  const desc = d.identity.description;
  const reg = d.identity.registration;
  return {
    deviceId: d.id,
    kind: desc.kind,
    type: d.type,
    purpose: d.purpose,
    serialNo: desc.serialNo,
    status: d.status(),
    registered: reg !== undefined,
    env: reg?.env ?? 'None',
    registeredVia: reg?.via ?? null,
    control: {
      status: d.control.forcedStatus ?? null,
      person: d.control.person,
      quality: d.control.quality,
      delays: d.control.delays,
      fault: d.control.fault ?? null,
    },
  };
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new DeviceServiceError('ERR_ADMIN', 'request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new DeviceServiceError('ERR_ADMIN', 'body is not JSON');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new DeviceServiceError('ERR_ADMIN', 'body must be a JSON object');
  return value as Record<string, unknown>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    Connection: 'close',
  });
  res.end(text);
}

export function startAdminServer(token: string, actions: AdminActions, port = 0): Promise<AdminServer> {
  if (token.length < 16)
    throw new DeviceServiceError('ERR_CONFIG', 'the admin token must be at least 16 characters');
  const server: Server = createServer(async (req, res) => {
    try {
      const host = req.headers.host ?? '';
      if (!/^127\.0\.0\.1(:\d+)?$/.test(host)) return send(res, 403, { error: 'Host must be 127.0.0.1' });
      if (req.headers.origin !== undefined)
        return send(res, 403, { error: 'browser requests are not allowed' });
      if (!tokenMatches(token, req.headers.authorization))
        return send(res, 401, { error: 'missing or wrong admin token' });
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const parts = url.pathname.split('/').filter(Boolean);
      if (parts[0] !== 'admin' || parts[1] !== 'devices') return send(res, 404, { error: 'not found' });
      if (parts.length === 2 && req.method === 'GET')
        return send(res, 200, [...actions.devices.values()].map(describe));
      const device = actions.devices.get(parts[2] ?? '');
      if (!device) return send(res, 404, { error: `no device ${parts[2]}` });
      if (req.method !== 'POST' && !(req.method === 'GET' && parts.length === 3))
        return send(res, 405, { error: 'method not allowed' });
      if (req.method === 'GET') return send(res, 200, describe(device));
      const body = await readBody(req);
      switch (parts[3]) {
        case undefined:
          applyControl(device.control, body);
          break;
        case 'rotate-key':
          await actions.rotateKey(device);
          break;
        case 'register':
          await actions.register(device);
          break;
        case 'deregister':
          await actions.deregister(device);
          break;
        default:
          return send(res, 404, { error: 'not found' });
      }
      return send(res, 200, describe(device));
    } catch (e) {
      const code = e instanceof DeviceServiceError ? e.code : 'ERR_ADMIN';
      const status =
        code === 'ERR_ADMIN' || code === 'ERR_CONFIG' ? 400 : code === 'ERR_NOT_REGISTERED' ? 409 : 502;
      return send(res, status, { error: (e as Error).message, code });
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const actual = (server.address() as AddressInfo).port;
      resolve({
        port: actual,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
