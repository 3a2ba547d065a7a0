import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface MetricOptions<Label extends string> {
  name: string;
  help: string;
  labelNames?: readonly Label[];
}

export interface HistogramOptions<Label extends string> extends MetricOptions<Label> {
  /** Seconds, like every Prometheus duration. */
  buckets?: number[];
}

/**
 * The service's Prometheus registry, served at `/metrics`. Asking twice for a metric of one name returns the same
 * one, so a module may declare its metrics where it uses them without coordinating with the others.
 */
export class Metrics {
  readonly registry = new Registry();
  private defaultsCollected = false;

  /** Process and Node.js metrics (CPU, memory, event-loop lag, GC) labelled with the service. */
  collectDefaults(service: string): void {
    if (this.defaultsCollected) return;
    this.defaultsCollected = true;
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
  }

  counter<Label extends string = string>(options: MetricOptions<Label>): Counter<Label> {
    return this.existing(options.name, Counter) ?? new Counter({ ...options, labelNames: options.labelNames ?? [], registers: [this.registry] });
  }

  gauge<Label extends string = string>(options: MetricOptions<Label>): Gauge<Label> {
    return this.existing(options.name, Gauge) ?? new Gauge({ ...options, labelNames: options.labelNames ?? [], registers: [this.registry] });
  }

  /**
   * A gauge read when Prometheus scrapes: `observe` sets its values (a series it does not set is absent; a failing
   * read leaves the metric empty rather than failing the scrape). Declaring it again replaces the observer.
   */
  observedGauge<Label extends string = string>(options: MetricOptions<Label>, observe: (gauge: Gauge<Label>) => Promise<void> | void): Gauge<Label> {
    if (this.existing(options.name, Gauge)) this.registry.removeSingleMetric(options.name);
    return new Gauge<Label>({
      ...options,
      labelNames: options.labelNames ?? [],
      registers: [this.registry],
      async collect() {
        this.reset();
        await Promise.resolve()
          .then(() => observe(this))
          .catch(() => this.reset());
      },
    });
  }

  histogram<Label extends string = string>(options: HistogramOptions<Label>): Histogram<Label> {
    return (
      this.existing(options.name, Histogram) ??
      new Histogram({ ...options, labelNames: options.labelNames ?? [], registers: [this.registry] })
    );
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private existing<Kind>(name: string, kind: abstract new (...args: never[]) => Kind): Kind | undefined {
    const metric = this.registry.getSingleMetric(name);
    if (metric === undefined) return undefined;
    if (!(metric instanceof kind)) throw new Error(`metric "${name}" is already registered as another kind`);
    return metric;
  }
}

/** One registry per process: every module of the service registers on it. */
export const metrics = new Metrics();
