/**
 * The one shape every benchmark reports in (docs/performance.md, "One bench command"): a figure, its
 * value, the floor or anchor measured in the same run (or null when the target is absolute), the
 * ratio value/floor, the target as text and whether it is met. `--json` prints the rows as a JSON
 * array (what `npm run bench` collects); otherwise a table.
 */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  /** The floor or anchor in the same unit, measured in this run; null for an absolute target. */
  floor: number | null;
  /** value / floor; null without a floor. */
  ratio: number | null;
  /** e.g. "<= 1.5x floor", "< 1500 ms", ">= 250 /s". */
  target: string;
  /** null when the figure is informative only (no target). */
  met: boolean | null;
}

export function row(
  name: string,
  value: number,
  unit: string,
  opts: {
    floor?: number | null;
    target?: string;
    check?: (value: number, ratio: number | null) => boolean;
  } = {},
): BenchRow {
  const floor = opts.floor ?? null;
  const ratio = floor ? value / floor : null;
  return {
    name,
    value: round(value),
    unit,
    floor: floor === null ? null : round(floor),
    ratio: ratio === null ? null : round(ratio),
    target: opts.target ?? '',
    met: opts.check ? opts.check(value, ratio) : null,
  };
}

function round(n: number): number {
  return Math.abs(n) >= 100 ? Math.round(n * 10) / 10 : Math.round(n * 1000) / 1000;
}

export function formatTable(rows: BenchRow[]): string {
  const head = ['figure', 'value', 'floor/anchor', 'ratio', 'target', 'met'];
  const body = rows.map((r) => [
    r.name,
    `${r.value} ${r.unit}`,
    r.floor === null ? '' : `${r.floor} ${r.unit}`,
    r.ratio === null ? '' : `${r.ratio}x`,
    r.target,
    r.met === null ? '' : r.met ? 'yes' : 'NO',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

/** Prints the rows as the caller asked: a JSON array with --json, else the table. */
export function report(rows: BenchRow[], argv = process.argv): void {
  if (argv.includes('--json')) process.stdout.write(`${JSON.stringify(rows)}\n`);
  else process.stdout.write(`${formatTable(rows)}\n`);
}

/** Human-readable progress and detail: standard output, or standard error with --json (stdout is the JSON). */
export const log: (...args: unknown[]) => void = process.argv.includes('--json')
  ? console.error
  : console.log;
