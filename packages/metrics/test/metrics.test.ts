import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatPrometheus, HTTP_STATUSES, MetricsRegistry } from '../src/index.ts';

describe('metrics registry', { timeout: 10_000 }, () => {
  it('formats counters, gauges and histograms in the Prometheus text format', () => {
    const r = new MetricsRegistry();
    const c = r.counter('t_requests_total', 'Requests.', { method: ['GET', 'POST'], status: HTTP_STATUSES });
    c.inc({ method: 'GET', status: '200' });
    c.inc({ method: 'GET', status: '200' }, 2);
    r.gauge('t_pool', 'Pool "figures".\nline', () => [{ labels: { state: 'idle' }, value: 3 }]);
    const h = r.histogram('t_seconds', 'Latency.', { route: ['/a'] }, [0.1, 0.01]);
    h.observe({ route: '/a' }, 0.05);
    h.observe({ route: '/a' }, 0.5);
    assert.equal(
      formatPrometheus(r.snapshot()),
      [
        '# HELP t_requests_total Requests.',
        '# TYPE t_requests_total counter',
        't_requests_total{method="GET",status="200"} 3',
        '# HELP t_pool Pool "figures".\\nline',
        '# TYPE t_pool gauge',
        't_pool{state="idle"} 3',
        '# HELP t_seconds Latency.',
        '# TYPE t_seconds histogram',
        't_seconds_bucket{route="/a",le="0.01"} 0',
        't_seconds_bucket{route="/a",le="0.1"} 1',
        't_seconds_bucket{route="/a",le="+Inf"} 2',
        't_seconds_sum{route="/a"} 0.55',
        't_seconds_count{route="/a"} 2',
        '',
      ].join('\n'),
    );
  });

  it('records a label value outside its allowed set as "other"', () => {
    const r = new MetricsRegistry();
    const routes = new Set(['/v1/partners/:partnerId']);
    const c = r.counter('t_total', 'T.', { route: routes });
    c.inc({ route: '/v1/partners/alice' });
    c.inc({ route: 'x"}\n injected 1' });
    c.inc({ route: '/v1/partners/:partnerId' });
    const [m] = r.snapshot();
    assert.deepEqual(m?.samples, [
      { labels: { route: 'other' }, value: 2 },
      { labels: { route: '/v1/partners/:partnerId' }, value: 1 },
    ]);
  });

  it('refuses bad names, duplicates and decreasing counters', () => {
    const r = new MetricsRegistry();
    assert.throws(() => r.counter('bad-name', 'x', {}), /invalid metric name/);
    r.counter('ok_total', 'x', {});
    assert.throws(() => r.counter('ok_total', 'x', {}), /registered twice/);
    const c = r.counter('c_total', 'x', {});
    assert.throws(() => c.inc({}, -1), RangeError);
  });
});
