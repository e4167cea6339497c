/**
 * The gateway process's own health, for /metrics: CPU, memory, garbage-collection pauses and
 * event-loop delay. These are what explain a slow tail when the upstream is fast: a long
 * collection or a blocked loop holds every request in flight. Names follow the ones Prometheus
 * users know from Node exporters (`process_*`, `nodejs_*`), so existing dashboards work.
 *
 * Collection costs nothing per request: the GC observer fires once per collection, the delay
 * histogram samples on its own timer, and the rest is read when /metrics is scraped.
 */
import {
  constants,
  type IntervalHistogram,
  monitorEventLoopDelay,
  type PerformanceEntry,
  PerformanceObserver,
} from "node:perf_hooks";
import { VERSION } from "../version.js";
import { Counter, Histogram } from "./metrics.js";

const GC_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

/** Node's GC kinds, as labels. */
const GC_KIND: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: "minor",
  [constants.NODE_PERFORMANCE_GC_MAJOR]: "major",
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental",
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: "weakcb",
};

/** A `gc` performance entry: Node puts the collection's kind in `detail`. */
type GcEntry = PerformanceEntry & { detail?: { kind?: number } };

/** The event-loop delay percentiles reported (and 100, the maximum), as `percentile` labels. */
const DELAY_PERCENTILES = [50, 90, 99] as const;

/** How often the delay monitor wakes; its samples include this period, which is taken off. */
const DELAY_RESOLUTION_MS = 10;

export class ProcessMetrics {
  readonly gc = new Histogram(
    "nodejs_gc_duration_seconds",
    "Garbage-collection pauses of the gateway process, by kind.",
    GC_BUCKETS,
  );
  private readonly observer: PerformanceObserver;
  private readonly delay: IntervalHistogram;
  private readonly startedAt = Date.now() / 1000;

  constructor() {
    this.observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const kind = (entry as GcEntry).detail?.kind;
        this.gc.observe(
          { kind: (kind !== undefined && GC_KIND[kind]) || "other" },
          entry.duration / 1000,
        );
      }
    });
    this.observer.observe({ entryTypes: ["gc"] });
    this.delay = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS });
    this.delay.enable();
  }

  /** Appends the process metrics to `out` (Prometheus text lines). */
  render(out: string[]): void {
    const cpu = process.cpuUsage();
    const memory = process.memoryUsage();
    const gauge = (name: string, help: string, value: number, type = "gauge") =>
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name} ${value}`);
    out.push(
      "# HELP openclaw_gateway_build_info The gateway's version and the Node.js it runs on (always 1).",
      "# TYPE openclaw_gateway_build_info gauge",
      `openclaw_gateway_build_info{version="${VERSION}",node="${process.version}"} 1`,
    );
    gauge(
      "process_cpu_seconds_total",
      "User and system CPU time spent.",
      (cpu.user + cpu.system) / 1e6,
      "counter",
    );
    gauge("process_resident_memory_bytes", "Resident memory size.", memory.rss);
    gauge(
      "process_start_time_seconds",
      "When the process started, in seconds since the epoch.",
      Math.round(this.startedAt),
    );
    gauge("nodejs_heap_size_used_bytes", "JavaScript heap in use.", memory.heapUsed);
    gauge("nodejs_heap_size_total_bytes", "JavaScript heap reserved.", memory.heapTotal);
    gauge(
      "nodejs_external_memory_bytes",
      "Memory held outside the heap (buffers).",
      memory.external,
    );
    this.gc.render(out);
    const lag = new Counter(
      "nodejs_eventloop_delay_seconds",
      `How late the event loop ran a timer since start, by percentile (sampled every ${DELAY_RESOLUTION_MS} ms).`,
      "gauge",
    );
    // In whole microseconds, so the text carries no float noise from the subtraction.
    const late = (nanoseconds: number) =>
      Math.max(0, Math.round(nanoseconds / 1e3 - DELAY_RESOLUTION_MS * 1e3) / 1e6);
    for (const p of DELAY_PERCENTILES)
      lag.set({ percentile: String(p) }, late(this.delay.percentile(p)));
    lag.set({ percentile: "100" }, late(this.delay.max));
    lag.render(out);
  }

  /** Stops observing (the gateway calls this when it closes). */
  stop(): void {
    this.observer.disconnect();
    this.delay.disable();
  }
}
