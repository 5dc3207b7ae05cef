/** Shared test fixtures: a device service in a temporary state directory, raw-socket requests. */
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordSource } from '../src/capture/record-source.ts';
import {
  biometricRecordSource,
  DeviceService,
  type DeviceServiceOptions,
  type DeviceSpec,
} from '../src/index.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
let shared: RecordSource | undefined;
/** One cached record source per test process: synthesis happens once per person/position. */
export function records(): RecordSource {
  shared ??= biometricRecordSource();
  return shared;
}

export interface Running {
  service: DeviceService;
  stateDir: string;
  stop(): Promise<void>;
}

export async function startService(
  devices: DeviceSpec[],
  extra: Partial<DeviceServiceOptions> = {},
): Promise<Running> {
  const stateDir = await mkdtemp(join(tmpdir(), 'mds-test-'));
  const service = await DeviceService.start({
    stateDir,
    devices,
    dev: true,
    records: records(),
    port: 0,
    admin: { token: ADMIN_TOKEN },
    env: { MOSIP_DEVICE_KEK: 'test-kek-0123456789abcdef' },
    ...extra,
  });
  return {
    service,
    stateDir,
    async stop() {
      await service.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

/** Sends raw bytes and returns everything the server wrote until it closed the connection. */
export function rawExchange(port: number, bytes: string | Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('end', () => resolve(Buffer.concat(chunks)));
    socket.on('error', reject);
    socket.write(bytes);
  });
}

export interface RawResponse {
  statusLine: string;
  headers: Map<string, string>;
  headerOrder: string[];
  body: Buffer;
}

export function parseRaw(raw: Buffer): RawResponse {
  const end = raw.indexOf('\r\n\r\n');
  const [statusLine = '', ...lines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const headers = new Map<string, string>();
  const headerOrder: string[] = [];
  for (const l of lines) {
    const i = l.indexOf(':');
    headers.set(l.slice(0, i).toLowerCase(), l.slice(i + 1).trim());
    headerOrder.push(l.slice(0, i));
  }
  return { statusLine, headers, headerOrder, body: raw.subarray(end + 4) };
}

export async function admin(
  port: number,
  path: string,
  body?: unknown,
  token = ADMIN_TOKEN,
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: await res.json() };
}

/** A registration client-like RCAPTURE body (strings for numbers, nulls), with overrides. */
export function rcaptureBody(
  transactionId: string,
  over: Record<string, unknown> = {},
  bio: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    env: 'Developer',
    purpose: 'Registration',
    specVersion: '0.9.5',
    timeout: '10000',
    captureTime: '2024-01-15T10:20:30.123456',
    transactionId,
    bio: [
      {
        type: 'Finger',
        count: '4',
        bioSubType: null,
        exception: null,
        requestedScore: '40',
        deviceId: '1',
        deviceSubId: '1',
        previousHash: null,
        ...bio,
      },
    ],
    customOpts: null,
    ...over,
  };
}
