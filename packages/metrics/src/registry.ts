/**
 * A metrics registry for /metrics (docs/metrics.md). Every label is declared with the set of
 * values it may take; a value outside the set is recorded as `other`, so nothing a caller sends
 * (a raw URL, a user name, an id) can become a label. No I/O: the HTTP edges format and serve it.
 */

/** Allowed values per label name. A Set may grow while the process starts (route patterns). */
export type LabelSpec<L extends string> = Record<L, ReadonlySet<string> | readonly string[]>;
type Labels<L extends string> = Record<L, string>;

export const OTHER = 'other';

export interface SampleSnapshot {
  labels: Record<string, string>;
  /** Counter and gauge value. */
  value?: number;
  /** Histogram: cumulative counts per upper bound (the last is +Inf), sum and count. */
  buckets?: { le: number; count: number }[];
  sum?: number;
  count?: number;
}

export interface MetricSnapshot {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  samples: SampleSnapshot[];
}

interface Metric {
  snapshot(): MetricSnapshot;
}

abstract class Labelled<L extends string, S> implements Metric {
  protected readonly series = new Map<string, { labels: Labels<L>; state: S }>();
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly spec: LabelSpec<L>,
  ) {}
  abstract snapshot(): MetricSnapshot;
  protected abstract initial(): S;

  /** The series for these labels, each value checked against its label's allowed set. */
  protected entry(labels: Labels<L>): { labels: Labels<L>; state: S } {
    const clean = {} as Labels<L>;
    for (const name of Object.keys(this.spec) as L[]) {
      const allowed = this.spec[name];
      const value = String(labels[name]);
      const ok = Array.isArray(allowed)
        ? allowed.includes(value)
        : (allowed as ReadonlySet<string>).has(value);
      clean[name] = ok ? value : OTHER;
    }
    const key = JSON.stringify(clean);
    let found = this.series.get(key);
    if (!found) {
      found = { labels: clean, state: this.initial() };
      this.series.set(key, found);
    }
    return found;
  }
}

export class Counter<L extends string = never> extends Labelled<L, { value: number }> {
  protected initial() {
    return { value: 0 };
  }
  inc(labels: Labels<L>, by = 1): void {
    if (!(by >= 0)) throw new RangeError(`${this.name}: a counter only goes up`);
    this.entry(labels).state.value += by;
  }
  snapshot(): MetricSnapshot {
    const samples = [...this.series.values()].map((s) => ({ labels: { ...s.labels }, value: s.state.value }));
    return { name: this.name, help: this.help, type: 'counter', samples };
  }
}

/** A gauge read when the registry is read (pool sizes, queue lengths, open sessions). */
export class Gauge<L extends string = never> implements Metric {
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly collect: () => { labels: Labels<L>; value: number }[],
  ) {}
  snapshot(): MetricSnapshot {
    const samples = this.collect().map((s) => ({
      labels: { ...s.labels } as Record<string, string>,
      value: s.value,
    }));
    return { name: this.name, help: this.help, type: 'gauge', samples };
  }
}

interface HistogramState {
  counts: number[];
  sum: number;
  count: number;
}

export class Histogram<L extends string = never> extends Labelled<L, HistogramState> {
  constructor(
    name: string,
    help: string,
    spec: LabelSpec<L>,
    private readonly bounds: readonly number[],
  ) {
    super(name, help, spec);
  }
  protected initial(): HistogramState {
    return { counts: this.bounds.map(() => 0), sum: 0, count: 0 };
  }
  observe(labels: Labels<L>, value: number): void {
    const { state } = this.entry(labels);
    state.counts = state.counts.map((n, i) => (value <= (this.bounds[i] as number) ? n + 1 : n));
    state.sum += value;
    state.count += 1;
  }
  snapshot(): MetricSnapshot {
    const samples = [...this.series.values()].map(({ labels, state }) => ({
      labels: { ...labels } as Record<string, string>,
      buckets: [
        ...this.bounds.map((le, i) => ({ le, count: state.counts[i] as number })),
        { le: Number.POSITIVE_INFINITY, count: state.count },
      ],
      sum: state.sum,
      count: state.count,
    }));
    return { name: this.name, help: this.help, type: 'histogram', samples };
  }
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** The metrics of one process. Names are checked and unique. */
export class MetricsRegistry {
  readonly #metrics = new Map<string, Metric>();

  #add<M extends Metric>(name: string, metric: M): M {
    if (!NAME.test(name)) throw new Error(`invalid metric name ${name}`);
    if (this.#metrics.has(name)) throw new Error(`metric ${name} registered twice`);
    this.#metrics.set(name, metric);
    return metric;
  }
  counter<L extends string = never>(name: string, help: string, labels: LabelSpec<L>): Counter<L> {
    return this.#add(name, new Counter<L>(name, help, labels));
  }
  histogram<L extends string = never>(
    name: string,
    help: string,
    labels: LabelSpec<L>,
    buckets: readonly number[],
  ): Histogram<L> {
    return this.#add(
      name,
      new Histogram<L>(
        name,
        help,
        labels,
        [...buckets].sort((a, b) => a - b),
      ),
    );
  }
  gauge<L extends string = never>(
    name: string,
    help: string,
    collect: () => { labels: Labels<L>; value: number }[],
  ): Gauge<L> {
    return this.#add(name, new Gauge<L>(name, help, collect));
  }
  /** Every metric's current values, in registration order (also the JSON view). */
  snapshot(): MetricSnapshot[] {
    return [...this.#metrics.values()].map((m) => m.snapshot());
  }
}

/** HTTP status codes as label values (the allowed set of a `status` label). */
export const HTTP_STATUSES: readonly string[] = Array.from({ length: 500 }, (_, i) => String(100 + i));

/** Latency buckets in seconds, Prometheus' defaults. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;
