// The trust-server benchmark's HTTP client, run in a worker thread so that the server (the main thread, or
// server processes of their own) and the client do not share one event loop: the client's CPU is then not
// taken from the server's thread. Keep-alive HTTP/1.1 (node:http, lighter than fetch's web streams) at a
// fixed concurrency; each job sends its prepared requests once, in order, spread round robin over the
// servers' URLs, and every answer must be 200. Reports latencies and the CPU this thread used.

import { readFileSync, readlinkSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { parentPort } from 'node:worker_threads';

export interface PreparedRequest {
  method: string;
  path: string;
  token?: string | undefined;
  /** The JSON body, already serialised (the same envelope the bench's `call` sends). */
  body?: string | undefined;
}

export interface LoadJob {
  /** The servers' base URLs; request i goes to urls[i % urls.length]. */
  urls: string[];
  requests: PreparedRequest[];
  concurrency: number;
  /** Return the answers' bodies (by request index), for what a later step needs from them. */
  keepBodies?: boolean;
}

export interface LoadResult {
  latencies: number[];
  elapsedSeconds: number;
  /** CPU time of this thread alone (user + system), from /proc/thread-self/stat. */
  cpuMs: number;
  /** This thread's id (Linux), to tell it apart among the process's threads. */
  tid: number;
  /** The first refusal, if any request was not answered 200 (the job then stops). */
  error?: string;
  /** With `keepBodies`: each answer's body, by request index. */
  bodies?: string[];
}

/** This thread's CPU time in ms (Linux; clock ticks of 10 ms). */
export function threadCpuMs(): number {
  const stat = readFileSync('/proc/thread-self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function send(agent: Agent, base: string, r: PreparedRequest): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = {};
    if (r.token) headers.authorization = `Bearer ${r.token}`;
    if (r.body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(r.body);
    }
    const req = httpRequest(`${base}${r.path}`, { method: r.method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(r.body);
  });
}

async function run(agent: Agent, job: LoadJob): Promise<LoadResult> {
  const latencies: number[] = [];
  const bodies: string[] = [];
  let error: string | undefined;
  let next = 0;
  const cpuStart = threadCpuMs();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: job.concurrency }, async () => {
      for (let i = next++; i < job.requests.length && !error; i = next++) {
        const r = job.requests[i] as PreparedRequest;
        const t0 = performance.now();
        const res = await send(agent, job.urls[i % job.urls.length] as string, r);
        latencies.push(performance.now() - t0);
        if (job.keepBodies) bodies[i] = res.body;
        // The body is read whole (as the fetch client did) and parsed only when refused.
        if (res.status !== 200) error ??= `${r.method} ${r.path}: ${res.status} ${res.body.slice(0, 300)}`;
      }
    }),
  );
  const elapsedSeconds = (performance.now() - started) / 1000;
  const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  return {
    latencies,
    elapsedSeconds,
    cpuMs: threadCpuMs() - cpuStart,
    tid,
    ...(error ? { error } : {}),
    ...(job.keepBodies ? { bodies } : {}),
  };
}

const port = parentPort;
if (port) {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  port.on('message', (job: LoadJob | 'close') => {
    if (job === 'close') {
      agent.destroy();
      port.close();
      return;
    }
    run(agent, job).then(
      (result) => port.postMessage(result),
      (e: Error) => port.postMessage({ error: e.message } as Partial<LoadResult>),
    );
  });
  port.postMessage('ready');
}
