/**
 * Start to ready (issue 17, target 1): `mosip-trust up` (what `npm start` runs) from the spawn until
 * the trust server's /health, the device service's discovery and, when it answers, the portal at the
 * trust server's `/` all answer, on a fresh data directory and on a later start of the same one.
 * Peak resident memory is the child's VmHWM (and its children's) sampled from /proc, read after ready
 * once the management server has also opened its store and signed in (a later start does both after the
 * platform answers; its `/v1/time` waits for them), so that work done after ready is counted too. The
 * anchor is a bare `node -e 0` start measured in the same run.
 *
 * `--source` runs the CLI from its TypeScript sources through tsx (NODE_OPTIONS=--conditions=source), as
 * every start did before the install-time build: the figure to compare with.
 *
 *   node --import tsx bench/start/run.ts [--runs N] [--quick] [--source] [--json]
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchRow, report, row } from '../report.ts';

// The `mosip-trust` command as the repository declares it (the root package.json's "bin"): what a user runs.
const ROOT = new URL('../../', import.meta.url);
const BIN = fileURLToPath(
  new URL(
    (JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as { bin: Record<string, string> }).bin[
      'mosip-trust'
    ] as string,
    ROOT,
  ),
);
const quick = process.argv.includes('--quick');
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || (quick ? 1 : 3);
const TIMEOUT_MS = 240_000;
const source = process.argv.includes('--source');
const childEnv = {
  ...process.env,
  MOSIP_TRUST_LOG_LEVEL: 'warn',
  NODE_OPTIONS: source ? '--conditions=source' : '',
};

/** kB of VmHWM (peak resident set) of a process and, recursively, its children; 0 once it is gone. */
function peakKb(pid: number): number {
  let kb = 0;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    kb += Number(m?.[1] ?? 0);
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      for (const c of children ? children.split(' ') : []) kb += peakKb(Number(c));
    }
  } catch {
    // the process ended between two reads
  }
  return kb;
}

/** CPU seconds (user + system) a process and its children have used so far, from /proc. */
function cpuSeconds(pid: number): number {
  let ticks = 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // fields[11..14] = utime, stime, cutime, cstime (clock ticks; 100 per second on Linux)
    ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      for (const c of children ? children.split(' ') : []) ticks += cpuSeconds(Number(c)) * 100;
    }
  } catch {
    // the process ended between two reads
  }
  return ticks / 100;
}

function call(url: string, method: string, body?: string): Promise<{ status: number; type: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? '') }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

interface Start {
  readyMs: number;
  /** CPU time used until ready: much less disturbed by other load than readyMs on a shared machine. */
  cpuMs: number;
  peakMiB: number;
  portal: boolean;
}

/** One `up` on dataDir: ms from spawn to every endpoint answering, and the peak RSS until then. */
async function startOnce(dataDir: string, devicePorts: string): Promise<Start> {
  const t0 = performance.now();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      BIN,
      'up',
      '--json',
      '--port',
      '0',
      '--management-port',
      '0',
      '--device-ports',
      devicePorts,
      '--data',
      dataDir,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: childEnv },
  );
  let peak = 0;
  const sampler = setInterval(() => {
    if (child.pid) peak = Math.max(peak, peakKb(child.pid));
  }, 20);
  try {
    let out = '';
    let err = '';
    child.stderr?.on('data', (c: Buffer) => {
      err += c.toString();
    });
    const summary = await new Promise<{
      trustServer: { url: string };
      deviceService: { url: string };
      managementServer: { url: string };
    }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not ready in ${TIMEOUT_MS} ms:\n${err}`)), TIMEOUT_MS);
      child.stdout?.on('data', (c: Buffer) => {
        out += c.toString();
        try {
          const parsed = JSON.parse(out);
          clearTimeout(timer);
          resolve(parsed);
        } catch {
          // the JSON summary is not complete yet
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`up exited with ${code}:\n${err}`));
      });
    });
    const [health, disc, portal] = await Promise.all([
      call(`${summary.trustServer.url}/health`, 'GET'),
      call(`${summary.deviceService.url}device`, 'MOSIPDISC', '{"type":"Biometric Device"}'),
      call(`${summary.trustServer.url}/`, 'GET').catch(() => ({ status: 0, type: '' })),
    ]);
    const readyMs = performance.now() - t0;
    if (health.status !== 200) throw new Error(`health answered ${health.status}`);
    if (disc.status !== 200) throw new Error(`discovery answered ${disc.status}`);
    const cpuMs = child.pid ? cpuSeconds(child.pid) * 1000 : NaN;
    const time = await call(`${summary.managementServer.url}/v1/time`, 'GET');
    if (time.status !== 200) throw new Error(`the management server's time answered ${time.status}`);
    if (child.pid) peak = Math.max(peak, peakKb(child.pid));
    return {
      readyMs,
      cpuMs,
      peakMiB: peak / 1024,
      portal: portal.status === 200 && portal.type.includes('html'),
    };
  } finally {
    clearInterval(sampler);
    child.kill('SIGTERM');
    if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
  }
}

/** Wall and CPU ms of a bare `node -e 0`: the anchor, measured in this run under the same load. */
function bareNode(): { wallMs: number; cpuMs: number } {
  const t0 = performance.now();
  const out = execFileSync(process.execPath, [
    '-e',
    'const u = process.cpuUsage(); process.stdout.write(String((u.user + u.system) / 1000))',
  ]);
  return { wallMs: performance.now() - t0, cpuMs: Number(out.toString()) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const fresh: Start[] = [];
const later: Start[] = [];
for (let i = 0; i < runs; i++) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-start-'));
  try {
    fresh.push(await startOnce(dir, '4701-4800'));
    later.push(await startOnce(dir, '4701-4800'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const bare = [bareNode(), bareNode(), bareNode()];
const node = median(bare.map((b) => b.wallMs));
const nodeCpu = median(bare.map((b) => b.cpuMs));
const f = median(fresh.map((s) => s.readyMs));
const l = median(later.map((s) => s.readyMs));
const what = source ? 'start (sources through tsx)' : 'start';
const rows: BenchRow[] = [
  row(`${what}: fresh data dir to ready`, f, 'ms', {
    floor: node,
    target: '< 6000 ms',
    check: (v) => v < 6000,
  }),
  row(`${what}: later start to ready`, l, 'ms', { floor: node, target: '< 1500 ms', check: (v) => v < 1500 }),
  row(`${what}: fresh, CPU to ready`, median(fresh.map((s) => s.cpuMs)), 'ms', { floor: nodeCpu }),
  row(`${what}: later, CPU to ready`, median(later.map((s) => s.cpuMs)), 'ms', { floor: nodeCpu }),
  row(`${what}: fresh, peak RSS`, median(fresh.map((s) => s.peakMiB)), 'MiB'),
  row(`${what}: later, peak RSS`, median(later.map((s) => s.peakMiB)), 'MiB', {
    target: '< 400 MiB',
    check: (v) => v < 400,
  }),
];
if (!process.argv.includes('--json')) {
  console.log(
    `runs ${runs}; portal ${fresh.some((s) => s.portal) ? 'answered' : 'not served (not counted)'}; anchor = bare \`node -e 0\`; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
}
report(rows);
