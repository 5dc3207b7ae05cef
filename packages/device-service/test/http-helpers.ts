/** Test helpers for the HTTP transport tests: raw sockets writing exact bytes. */
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MdsHandler } from '../src/http/index.ts';

export interface ExchangeOptions {
  /** Pause between chunks (ms); 0 = back to back. */
  gapMs?: number;
  /** Half-close (FIN) after the last chunk. */
  end?: boolean;
  /** Give up waiting for the server to close after this long (ms) and return what arrived. */
  timeoutMs?: number;
  /** Fail instead (the server must close the connection itself; the bound only prevents a hang). */
  serverMustClose?: boolean;
}

/** Connects, writes the chunks, and returns every byte received until the server closes. */
export async function exchange(
  port: number,
  chunks: (string | Buffer)[],
  opts: ExchangeOptions = {},
): Promise<Buffer> {
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  const received: Buffer[] = [];
  const closed = new Promise<void>((resolve) => {
    socket.on('data', (d: Buffer) => received.push(d));
    socket.on('close', () => resolve());
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  for (const [i, chunk] of chunks.entries()) {
    if (i > 0 && opts.gapMs) await sleep(opts.gapMs);
    if (socket.destroyed) break;
    socket.write(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk);
  }
  if (opts.end) socket.end();
  let gaveUp = false;
  const timer = setTimeout(() => {
    gaveUp = true;
    socket.destroy();
  }, opts.timeoutMs ?? 5000);
  await closed;
  clearTimeout(timer);
  if (gaveUp && opts.serverMustClose) throw new Error('the server did not close the connection');
  return Buffer.concat(received);
}

/** Echoes what the transport delivered: method, path, query and body. */
export const echoHandler: MdsHandler = async (req) => ({
  status: 200,
  body: JSON.stringify({
    method: req.method,
    path: req.path,
    query: req.query.toString(),
    body: req.body.toString('utf8'),
  }),
});

/** The exact bytes of an echo response (written out independently of the transport's serialiser). */
export function echoResponse(
  port: number,
  echo: { method: string; path: string; query?: string; body: string },
  extra: { connection?: 'close' | 'keep-alive'; cors?: string } = {},
): string {
  const body = JSON.stringify({
    method: echo.method,
    path: echo.path,
    query: echo.query ?? '',
    body: echo.body,
  });
  return (
    'HTTP/1.1 200 OK\r\n' +
    'Content-Type: application/json\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    'Cache-Control: no-store\r\n' +
    `Location: http://127.0.0.1:${port}/\r\n` +
    (extra.cors ?? 'Access-Control-Allow-Origin: *\r\n') +
    `Connection: ${extra.connection ?? 'close'}\r\n` +
    '\r\n' +
    body
  );
}

/** Splits a byte string into the responses it contains (each with a Content-Length). */
export function splitResponses(bytes: Buffer): string[] {
  const out: string[] = [];
  let rest = bytes.toString('latin1');
  while (rest.length > 0) {
    const headEnd = rest.indexOf('\r\n\r\n');
    if (headEnd < 0) {
      out.push(rest);
      break;
    }
    const m = /\r\nContent-Length: (\d+)\r\n/.exec(rest.slice(0, headEnd + 2));
    const len = headEnd + 4 + (m ? Number(m[1]) : 0);
    out.push(rest.slice(0, len));
    rest = rest.slice(len);
  }
  return out;
}

export function statusOf(response: Buffer | string): number {
  const text = typeof response === 'string' ? response : response.toString('latin1');
  const m = /^HTTP\/1\.1 (\d{3}) /.exec(text);
  return m ? Number(m[1]) : -1;
}
