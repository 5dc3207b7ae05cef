/**
 * A small MDS client over node:http (which sends custom methods such as MOSIPDISC as they are):
 * used by the CLI's device commands, the tests and the benchmark.
 */
import { request } from 'node:http';
import { DeviceServiceError } from '../errors.ts';

export interface MdsReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export function mdsCall(
  port: number,
  method: string,
  path: string,
  body?: unknown,
  timeoutMs = 30_000,
): Promise<MdsReply> {
  const payload =
    body === undefined
      ? undefined
      : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: payload ? { 'Content-Type': 'application/json', 'Content-Length': payload.length } : {},
        timeout: timeoutMs,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () =>
      req.destroy(
        new DeviceServiceError('ERR_PROTOCOL', `no answer from 127.0.0.1:${port} within ${timeoutMs} ms`),
      ),
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Calls and parses the JSON answer. */
export async function mdsJson<T = unknown>(
  port: number,
  method: string,
  path: string,
  body?: unknown,
  timeoutMs?: number,
): Promise<T> {
  const reply = await mdsCall(port, method, path, body, timeoutMs);
  try {
    return JSON.parse(reply.body.toString('utf8')) as T;
  } catch {
    throw new DeviceServiceError(
      'ERR_PROTOCOL',
      `127.0.0.1:${port} answered ${method} with HTTP ${reply.status} and no JSON`,
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
 * Opens STREAM and hands each JPEG frame to `onFrame` (parsed by its Content-Length part header)
 * until `maxFrames` frames, the end of the stream, or `signal`.
 */
export function readStream(
  port: number,
  body: unknown,
  onFrame: (jpeg: Buffer, index: number) => void,
  opts: { maxFrames?: number; signal?: AbortSignal } = {},
): Promise<{ status: number; frames: number; contentType: string; errorBody?: Buffer }> {
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'STREAM',
        path: '/stream',
        headers: { 'Content-Type': 'application/json', 'Content-Length': payload.length },
        agent: false,
        signal: opts.signal,
      },
      (res) => {
        const contentType = String(res.headers['content-type'] ?? '');
        let frames = 0;
        let buffered = Buffer.alloc(0);
        const finish = () =>
          resolve({
            status: res.statusCode ?? 0,
            frames,
            contentType,
            ...(contentType.startsWith('multipart/') ? {} : { errorBody: buffered }),
          });
        res.on('data', (chunk: Buffer) => {
          buffered = Buffer.concat([buffered, chunk]);
          if (!contentType.startsWith('multipart/')) return;
          for (;;) {
            const head = buffered.indexOf('\r\n\r\n');
            if (head < 0) return;
            const match = /Content-Length: (\d+)/.exec(buffered.subarray(0, head).toString('latin1'));
            if (!match)
              return res.destroy(
                new DeviceServiceError('ERR_PROTOCOL', 'stream part without Content-Length'),
              );
            const length = Number(match[1]);
            const start = head + 4;
            if (buffered.length < start + length + 2) return;
            onFrame(buffered.subarray(start, start + length), frames);
            frames += 1;
            buffered = buffered.subarray(start + length + 2);
            if (opts.maxFrames !== undefined && frames >= opts.maxFrames) {
              res.destroy();
              return finish();
            }
          }
        });
        res.on('end', finish);
        res.on('close', finish);
        res.on('error', reject);
      },
    );
    req.on('error', (e) =>
      opts.signal?.aborted ? resolve({ status: 0, frames: 0, contentType: '' }) : reject(e),
    );
    req.end(payload);
  });
}
