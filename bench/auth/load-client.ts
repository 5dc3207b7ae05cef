// The authentication benchmark's load generator, run in a worker thread so that the server (main thread)
// and the client each have a core of the two: keep-alive HTTP/1.1 at a fixed concurrency, the pre-built
// signed requests sent round robin. It warms the server up first (same load, results dropped), says
// "ready", and runs the timed phase when told "go", so that the server's measured window holds neither
// this thread's start-up nor the server's first compilations. Reports latencies and the CPU this thread used.

import { readFileSync, readlinkSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

export interface LoadJob {
  url: string;
  requests: { raw: string; signature: string }[];
  concurrency: number;
  seconds: number;
  warmupSeconds: number;
}

export interface LoadResult {
  latencies: number[];
  failures: number;
  elapsedSeconds: number;
  /** CPU time of this thread alone (user + system), from /proc/thread-self/stat. */
  cpuMs: number;
  /** This thread's id (Linux), to tell it apart among the process's threads. */
  tid: number;
}

/** This thread's CPU time in ms (Linux; clock ticks of 10 ms). */
export function threadCpuMs(): number {
  const stat = readFileSync('/proc/thread-self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** One authentication request; answers the HTTP status. */
export function post(agent: Agent, url: URL, body: Buffer | string, signature: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), signature },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function run(job: LoadJob): Promise<LoadResult> {
  const url = new URL(job.url);
  const agent = new Agent({ keepAlive: true, maxSockets: job.concurrency });
  const bodies = job.requests.map((r) => ({ body: Buffer.from(r.raw), signature: r.signature }));
  const latencies: number[] = [];
  let failures = 0;
  const cpuStart = threadCpuMs();
  const started = performance.now();
  const until = started + job.seconds * 1000;
  await Promise.all(
    Array.from({ length: job.concurrency }, async (_, worker) => {
      let i = worker;
      while (performance.now() < until) {
        const r = bodies[i++ % bodies.length];
        if (!r) break;
        const t0 = performance.now();
        const status = await post(agent, url, r.body, r.signature);
        latencies.push(performance.now() - t0);
        if (status !== 200) failures += 1;
      }
    }),
  );
  const elapsedSeconds = (performance.now() - started) / 1000;
  agent.destroy();
  const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  return { latencies, failures, elapsedSeconds, cpuMs: threadCpuMs() - cpuStart, tid };
}

const port = parentPort;
if (port && workerData) {
  const job = workerData as LoadJob;
  if (job.warmupSeconds > 0) await run({ ...job, seconds: job.warmupSeconds });
  const go = new Promise((resolve) => port.once('message', resolve));
  port.postMessage('ready');
  await go;
  port.postMessage(await run(job));
}
