/**
 * `npm run bench`: runs every benchmark under bench/ (each bench/<name>/run.ts, one after the other in
 * its own process, with --json) and prints one table of their rows (bench/report.ts), or with --json
 * the rows as one JSON array. --quick is passed on (shorter runs: the whole table in a few minutes);
 * --only a,b runs the named benchmarks. Each benchmark also runs alone:
 * `node --import tsx bench/<name>/run.ts [--quick] [--json]`. docs/performance.md explains the figures.
 *
 *   npm run bench -- [--quick] [--json] [--only start,device-service]
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type BenchRow, formatTable, row } from './report.ts';

const dir = fileURLToPath(new URL('.', import.meta.url));
const json = process.argv.includes('--json');
const quick = process.argv.includes('--quick');
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt > 0 ? (process.argv[onlyAt + 1] ?? '').split(',') : undefined;

const benches = readdirSync(dir, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(`${dir}${e.name}/run.ts`))
  .map((e) => e.name)
  .filter((name) => !only || only.includes(name))
  .sort();

/**
 * Rows from a benchmark whose --json prints an object of its own shape (bench/auth keeps the shape its
 * issue asks for): each numeric leaf becomes an informative row, named by its path.
 */
function flatRows(bench: string, value: unknown, path: string[] = []): BenchRow[] {
  if (typeof value === 'number') {
    const key = path.at(-1) ?? '';
    const unit = key.endsWith('PerSecond') ? '/s' : key.endsWith('Ms') ? 'ms' : '';
    return [row(`${bench}: ${path.join(' ')}`, value, unit)];
  }
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => flatRows(bench, v, [...path, k]));
}

/** One benchmark's rows; its progress lines (standard error) are passed through to ours. */
function runBench(name: string): Promise<BenchRow[]> {
  return new Promise((resolve, reject) => {
    const args = ['--import', 'tsx', `${dir}${name}/run.ts`, '--json', ...(quick ? ['--quick'] : [])];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.once('exit', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      try {
        if (code !== 0) throw new Error(`exited with ${code}`);
        const parsed = JSON.parse(last) as unknown;
        resolve(Array.isArray(parsed) ? (parsed as BenchRow[]) : flatRows(name, parsed));
      } catch (e) {
        reject(new Error(`bench/${name}: ${(e as Error).message}\n${out}`));
      }
    });
  });
}

const rows: BenchRow[] = [];
const failed: string[] = [];
const load = loadavg();
for (const name of benches) {
  process.stderr.write(`== bench/${name}\n`);
  try {
    rows.push(...(await runBench(name)));
  } catch (e) {
    failed.push(name);
    process.stderr.write(`${(e as Error).message}\n`);
  }
}
if (json) {
  process.stdout.write(`${JSON.stringify(rows)}\n`);
} else {
  const loads = (l: number[]) => l.map((x) => x.toFixed(1)).join(' ');
  process.stdout.write(
    `${formatTable(rows)}\n\n${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, ` +
      `load average ${loads(load)} at start, ${loads(loadavg())} at end${quick ? ', --quick' : ''}\n`,
  );
}
if (failed.length > 0) {
  process.stderr.write(`failed: ${failed.join(', ')}\n`);
  process.exitCode = 1;
}
