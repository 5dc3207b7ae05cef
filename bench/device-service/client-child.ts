/**
 * One benchmark client in its own process, as each browser or registration client is its own process:
 * for every request it opens a new TCP connection, sends the request's bytes (the ones `mdsCall` sends,
 * byte for byte), reads the whole response until the service closes the connection, checks it (status
 * 200, Content-Length equal to the body read, no non-zero MDS errorCode) and times it from before the
 * connect to the end of the response. Nothing else runs in the process, so a request waits for the
 * service, not for other clients' work.
 *
 * Speaks to the parent over IPC: sends `{ ready: true }`, then answers each `RunCommand` with
 * `{ result: RunResult }`; exits when the IPC channel closes.
 */
import { connect } from 'node:net';

export interface RunCommand {
  port: number;
  method: string;
  path: string;
  /** JSON request body, as `mdsCall` serialises it. */
  body?: unknown;
  requests: number;
}

export interface RunResult {
  /** ms from connect to the end of the response, one per request. */
  times: number[];
  /** CPU time of this process over the run, ms, and the kernel's part of it. */
  cpuMs: number;
  systemMs: number;
}

/** The request exactly as node:http writes it for `mdsCall(port, method, path, body)` (`agent: false`). */
export function requestBytes(port: number, method: string, path: string, body?: unknown): Buffer {
  const host = `Host: 127.0.0.1:${port}\r\nConnection: close\r\n`;
  if (body === undefined)
    return Buffer.from(`${method} ${path} HTTP/1.1\r\n${host}Content-Length: 0\r\n\r\n`, 'latin1');
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  const head = `${method} ${path} HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: ${payload.length}\r\n${host}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), payload]);
}

const ERROR_CODE = Buffer.from('"errorCode":"', 'latin1');
const ONE = 0x31;
const NINE = 0x39;

/** Throws unless the raw response is a complete HTTP 200 whose MDS body has no non-zero errorCode. */
function checkResponse(raw: Buffer): void {
  const headEnd = raw.indexOf('\r\n\r\n');
  const head = raw.toString('latin1', 0, Math.max(0, headEnd));
  const length = /\r\ncontent-length: *(\d+)/i.exec(head);
  let ok =
    headEnd >= 0 && head.startsWith('HTTP/1.1 200 ') && Number(length?.[1]) === raw.length - headEnd - 4;
  for (let at = raw.indexOf(ERROR_CODE, headEnd); ok && at >= 0; at = raw.indexOf(ERROR_CODE, at + 1))
    ok = !((raw[at + ERROR_CODE.length] ?? 0) >= ONE && (raw[at + ERROR_CODE.length] ?? 0) <= NINE);
  if (!ok) throw new Error(`unexpected answer: ${raw.toString('utf8', 0, 300)}`);
}

/**
 * The response is read into buffers this process reuses (node:net's `onread`), as a browser's network
 * stack does, rather than into a new zero-filled 64 KiB buffer per read plus a concatenation.
 */
const readBuffer = Buffer.allocUnsafe(64 * 1024);
let response = Buffer.allocUnsafe(128 * 1024);

/** One request on a new connection; resolves with its wall-clock time once the service has closed. */
function once(port: number, request: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let length = 0;
    const socket = connect(
      {
        host: '127.0.0.1',
        port,
        noDelay: true,
        onread: {
          buffer: readBuffer,
          callback: (n: number) => {
            if (length + n > response.length) {
              const bigger = Buffer.allocUnsafe(2 * (length + n));
              response.copy(bigger, 0, 0, length);
              response = bigger;
            }
            readBuffer.copy(response, length, 0, n);
            length += n;
            return true;
          },
        },
      },
      () => socket.write(request),
    );
    socket.on('error', reject);
    socket.on('end', () => {
      const ms = performance.now() - started;
      try {
        checkResponse(response.subarray(0, length));
        resolve(ms);
      } catch (e) {
        reject(e);
      }
    });
  });
}

async function run(cmd: RunCommand): Promise<RunResult> {
  const request = requestBytes(cmd.port, cmd.method, cmd.path, cmd.body);
  const times: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < cmd.requests; i++) times.push(await once(cmd.port, request));
  const used = process.cpuUsage(cpu);
  return { times, cpuMs: (used.user + used.system) / 1000, systemMs: used.system / 1000 };
}

if (process.send) {
  process.on('message', (cmd: RunCommand) => {
    run(cmd).then(
      (result) => process.send?.({ result }),
      (err: Error) => process.send?.({ error: err.message }),
    );
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ ready: true });
}
