/**
 * MDS calls to a device service given by its URL, over node:http (which sends custom methods such as
 * MOSIPDISC as they are). The suite talks to any vendor's service this way, never in process.
 */
import { request } from 'node:http';
import { ConformanceError } from './errors.ts';

export interface MdsTarget {
  host: string;
  port: number;
}

export function targetOf(url: string): MdsTarget {
  const u = new URL(url);
  if (u.protocol !== 'http:')
    throw new ConformanceError('DEVICE_SERVICE_UNREACHABLE', `not an http URL: ${url}`);
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port || 80) };
}

export function mdsRequest(
  to: MdsTarget,
  method: string,
  path: string,
  body?: unknown,
  timeoutMs = 30_000,
): Promise<{ status: number; body: Buffer }> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body), 'utf8');
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: to.host,
        port: to.port,
        method,
        path,
        headers: payload ? { 'Content-Type': 'application/json', 'Content-Length': payload.length } : {},
        timeout: timeoutMs,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () =>
      req.destroy(
        new ConformanceError(
          'DEVICE_SERVICE_UNREACHABLE',
          `no answer from ${to.host}:${to.port} to ${method} within ${timeoutMs} ms`,
        ),
      ),
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Calls and parses the JSON answer. */
export async function mdsJson(
  to: MdsTarget,
  method: string,
  path: string,
  body?: unknown,
  timeoutMs?: number,
): Promise<unknown> {
  const reply = await mdsRequest(to, method, path, body, timeoutMs);
  try {
    return JSON.parse(reply.body.toString('utf8'));
  } catch {
    throw new ConformanceError(
      'DEVICE_SERVICE_PROTOCOL',
      `${to.host}:${to.port} answered ${method} ${path} with HTTP ${reply.status} and no JSON`,
    );
  }
}

/** Decodes a JWS payload (or an unsigned base64url block) as JSON without verifying it. */
export function decodePayload(block: string): Record<string, unknown> {
  const parts = block.split('.');
  const segment = parts.length === 3 ? parts[1] : parts[0];
  return JSON.parse(Buffer.from(segment ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

/**
 * Opens STREAM and resolves `firstFrame` when the first multipart part arrives; the returned promise
 * settles when the stream ends or `signal` aborts it.
 */
export function openStream(
  to: MdsTarget,
  body: unknown,
  onFirstFrame: () => void,
  signal: AbortSignal,
): Promise<void> {
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  return new Promise((resolve) => {
    const req = request(
      {
        host: to.host,
        port: to.port,
        method: 'STREAM',
        path: '/stream',
        headers: { 'Content-Type': 'application/json', 'Content-Length': payload.length },
        agent: false,
        signal,
      },
      (res) => {
        let seen = Buffer.alloc(0);
        res.on('data', (chunk: Buffer) => {
          if (seen.length < 4096) seen = Buffer.concat([seen, chunk]);
          if (/Content-Length: \d+\r\n\r\n/.test(seen.toString('latin1'))) onFirstFrame();
        });
        res.on('end', () => resolve());
        res.on('close', () => resolve());
        res.on('error', () => resolve());
      },
    );
    req.on('error', () => resolve());
    req.end(payload);
  });
}
