/**
 * Memory soak (issue 17, target 5): mixed traffic for `--minutes N` (default 60; `--quick`: 2) against
 * `mosip-trust up` (what `npm start` runs: trust server and device service in one process) — health,
 * OpenAPI document, discovery and device info — and Auth and Registration captures against the capture
 * service of bench/device-service (its own process, so its growth is its own). Resident memory (VmRSS) of
 * both processes is sampled every 10 s; the figure is the growth over the run and the least-squares slope
 * projected to one hour. The first minute (warm-up: lazy compilation, caches filling) is not in the slope.
 *
 *   node --import tsx bench/soak/run.ts [--minutes N] [--quick] [--json]
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mdsCall } from '@mosip-trust/device-service';
import { authBody, registrationBody } from '../device-service/service.ts';
import { type BenchRow, log, report, row } from '../report.ts';

const BIN = fileURLToPath(new URL('../../packages/cli/bin/mosip-trust.js', import.meta.url));
const argMinutes = Number(process.argv[process.argv.indexOf('--minutes') + 1]);
const minutes = argMinutes > 0 ? argMinutes : process.argv.includes('--quick') ? 2 : 60;
const SAMPLE_MS = 10_000;
const WARMUP_MS = Math.min(60_000, (minutes * 60_000) / 4);

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0) / 1024;
}

function call(url: string, method: string, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Least-squares slope of y over x. */
function slope(points: { t: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mt = points.reduce((a, p) => a + p.t, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const num = points.reduce((a, p) => a + (p.t - mt) * (p.y - my), 0);
  const den = points.reduce((a, p) => a + (p.t - mt) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

async function startUp(dataDir: string): Promise<{ child: ChildProcess; trust: string; device: string }> {
  const child = spawn(
    process.execPath,
    [BIN, 'up', '--json', '--port', '0', '--device-ports', '48101-48120', '--data', dataDir],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, MOSIP_TRUST_LOG_LEVEL: 'warn' } },
  );
  let out = '';
  const summary = await new Promise<{ trustServer: { url: string }; deviceService: { url: string } }>(
    (resolve, reject) => {
      child.stdout?.on('data', (c: Buffer) => {
        out += c.toString();
        try {
          resolve(JSON.parse(out));
        } catch {
          // the JSON summary is not complete yet
        }
      });
      child.once('exit', (code) => reject(new Error(`up exited with ${code}`)));
    },
  );
  return { child, trust: summary.trustServer.url, device: summary.deviceService.url };
}

const dataDir = mkdtempSync(join(tmpdir(), 'mosip-trust-soak-'));
const up = await startUp(dataDir);
const capture = fork(new URL('../device-service/server-child.ts', import.meta.url), {
  execArgv: ['--import', 'tsx'],
});
const capturePort = await new Promise<number>((resolve) =>
  capture.on('message', (m: { port?: number }) => m?.port && resolve(m.port)),
);
const load0 = loadavg();
const t0 = performance.now();
const end = t0 + minutes * 60_000;
const samples: { t: number; up: number; capture: number }[] = [];
const sample = () =>
  samples.push({
    t: (performance.now() - t0) / 3_600_000,
    up: rssMiB(up.child.pid as number),
    capture: rssMiB(capture.pid as number),
  });
sample();
const sampler = setInterval(sample, SAMPLE_MS);
let requests = 0;
let captures = 0;
let failures = 0;
let firstFailure = '';
const fail = (what: string) => {
  failures++;
  firstFailure ||= what;
};

async function apiLoop(): Promise<void> {
  while (performance.now() < end) {
    const statuses = await Promise.all([
      call(`${up.trust}/health`, 'GET'),
      call(`${up.trust}/openapi.json`, 'GET'),
      call(`${up.device}device`, 'MOSIPDISC', '{"type":"Biometric Device"}'),
      call(`${up.device}info`, 'MOSIPDINFO'),
    ]);
    requests += statuses.length;
    for (const [i, s] of statuses.entries()) if (s !== 200) fail(`API call ${i} answered ${s}`);
  }
}

async function captureLoop(): Promise<void> {
  let i = 0;
  while (performance.now() < end) {
    const reply =
      i++ % 2 === 0
        ? await mdsCall(capturePort, 'CAPTURE', '/capture', authBody())
        : await mdsCall(capturePort, 'RCAPTURE', '/capture', registrationBody());
    captures++;
    const text = reply.body.toString();
    if (reply.status !== 200 || /"errorCode":"[1-9]/.test(text))
      fail(`capture answered ${reply.status}: ${text.slice(0, 200)}`);
  }
}

try {
  // One capture loop: an Auth and a Registration capture both use the finger device, which answers 111
  // "Device is busy" to a second capture while one runs (as it must); a registration client captures in turn.
  await Promise.all([apiLoop(), apiLoop(), captureLoop()]);
  sample();
} finally {
  clearInterval(sampler);
  up.child.kill('SIGTERM');
  capture.send('close');
  await new Promise((r) => up.child.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}

const steady = samples.filter((s) => s.t * 3_600_000 >= WARMUP_MS);
const rows: BenchRow[] = [];
for (const which of ['up', 'capture'] as const) {
  const first = steady[0]?.[which] ?? 0;
  const last = steady.at(-1)?.[which] ?? 0;
  const perHour = slope(steady.map((s) => ({ t: s.t, y: s[which] })));
  const label = which === 'up' ? 'mosip-trust up (API traffic)' : 'capture service (captures)';
  log(
    `${label}: RSS ${samples[0]?.[which].toFixed(1)} MiB at start, ${first.toFixed(1)} after warm-up, ${last.toFixed(1)} at the end`,
  );
  rows.push(
    row(`soak: ${label}, RSS growth after warm-up, ${minutes} min`, last - first, 'MiB'),
    row(`soak: ${label}, RSS slope, projected to 1 h`, perHour, 'MiB', {
      target: '< 50 MiB per hour',
      check: (v) => v < 50,
    }),
  );
}
log(
  `${minutes} min, ${requests} API requests, ${captures} captures, ${failures} failures; load average ${load0.map((l) => l.toFixed(1)).join(' ')} at the start, ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} at the end`,
);
rows.push(row('soak: failed requests and captures', failures, ''));
report(rows);
// Failures are reported, not hidden: the figures stand, the exit status says the traffic was not all served.
if (failures > 0) {
  log(`first failure: ${firstFailure}`);
  process.exitCode = 1;
}
