import { call, TRUST } from '../../api/client.ts';
import type { MetricView } from '../../api/types.ts';
import { ErrorText, Table, useLoad } from '../../ui/kit.tsx';

type Sample = MetricView['samples'][number];

function labelText(labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${v === '' ? '—' : v}`);
  return parts.length ? parts.join(', ') : '—';
}

function valueText(metric: MetricView, s: Sample): string {
  if (metric.type !== 'histogram') return String(s.value ?? 0);
  const count = s.count ?? 0;
  const mean = count ? ((s.sum ?? 0) / count) * 1000 : 0;
  return `${count} (mean ${mean.toFixed(1)} ms)`;
}

/** The admin's dashboard: the counters of the trust server's /metrics (docs/metrics.md). */
export function DashboardPage() {
  const metrics = useLoad(() => call<MetricView[]>('GET', `${TRUST}/metrics`), []);
  return (
    <section>
      <h1>Dashboard</h1>
      <p>The trust server's counters since it started, as Prometheus reads them at /metrics.</p>
      <div className="actions">
        <button type="button" onClick={metrics.reload}>
          Refresh
        </button>
      </div>
      <ErrorText error={metrics.error} />
      {metrics.data?.map((m) => (
        <Table
          key={m.name}
          caption={`${m.help} (${m.name})`}
          rows={m.samples}
          empty="Nothing counted yet."
          rowKey={(s) => JSON.stringify(s.labels)}
          columns={[
            { header: 'Labels', cell: (s) => labelText(s.labels) },
            { header: m.type === 'histogram' ? 'Count' : 'Value', cell: (s) => valueText(m, s) },
          ]}
        />
      ))}
      {!metrics.data && !metrics.error && <p aria-busy="true">Loading…</p>}
    </section>
  );
}
