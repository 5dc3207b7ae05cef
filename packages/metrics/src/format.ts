import type { MetricSnapshot } from './registry.ts';

/** Content-Type of the Prometheus text exposition format, version 0.0.4. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const escapeHelp = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

function number(v: number): string {
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  return Number.isNaN(v) ? 'NaN' : String(v);
}

function labelText(labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

/** Renders a registry snapshot in the Prometheus text exposition format. */
export function formatPrometheus(metrics: MetricSnapshot[]): string {
  const lines: string[] = [];
  for (const m of metrics) {
    lines.push(`# HELP ${m.name} ${escapeHelp(m.help)}`, `# TYPE ${m.name} ${m.type}`);
    for (const s of m.samples) {
      if (m.type !== 'histogram') {
        lines.push(`${m.name}${labelText(s.labels)} ${number(s.value ?? 0)}`);
        continue;
      }
      for (const b of s.buckets ?? []) {
        lines.push(`${m.name}_bucket${labelText({ ...s.labels, le: number(b.le) })} ${b.count}`);
      }
      lines.push(`${m.name}_sum${labelText(s.labels)} ${number(s.sum ?? 0)}`);
      lines.push(`${m.name}_count${labelText(s.labels)} ${s.count ?? 0}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
