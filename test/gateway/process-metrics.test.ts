import { afterEach, describe, expect, it } from "vitest";
import { ProcessMetrics } from "../../src/gateway/process-metrics.js";

/** Allocates short-lived garbage until the young generation has been collected a few times. */
function churn(): number {
  let kept = 0;
  for (let i = 0; i < 400_000; i++) kept += { i, text: `item ${i}` }.text.length;
  return kept;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

function value(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  if (!line) throw new Error(`no series ${series} in:\n${text}`);
  return Number(line.slice(series.length + 1));
}

describe("process metrics", () => {
  let metrics: ProcessMetrics | undefined;
  afterEach(() => metrics?.stop());

  it("reports CPU, memory, GC pauses by kind and event-loop delay", async () => {
    metrics = new ProcessMetrics();
    churn();
    await settle();
    const out: string[] = [];
    metrics.render(out);
    const text = out.join("\n");
    expect(value(text, "process_resident_memory_bytes")).toBeGreaterThan(1_000_000);
    expect(value(text, "process_cpu_seconds_total")).toBeGreaterThan(0);
    expect(value(text, "nodejs_heap_size_used_bytes")).toBeGreaterThan(0);
    expect(text).toContain("# TYPE nodejs_gc_duration_seconds histogram");
    expect(value(text, 'nodejs_gc_duration_seconds_count{kind="minor"}')).toBeGreaterThan(0);
    expect(value(text, 'nodejs_gc_duration_seconds_sum{kind="minor"}')).toBeGreaterThan(0);
    const p99 = value(text, 'nodejs_eventloop_delay_seconds{percentile="99"}');
    expect(p99).toBeGreaterThanOrEqual(0);
    expect(value(text, 'nodejs_eventloop_delay_seconds{percentile="100"}')).toBeGreaterThanOrEqual(
      p99,
    );
  });

  it("shows a blocked event loop in the delay's maximum", async () => {
    metrics = new ProcessMetrics();
    await settle();
    const until = performance.now() + 80;
    while (performance.now() < until) {
      // a synchronous stall, as a long JSON.parse or a sync file read would cause
    }
    await settle();
    const out: string[] = [];
    metrics.render(out);
    // The stall (80 ms) less the 10 ms sampling period: at least 60 ms, however slow the machine.
    expect(
      value(out.join("\n"), 'nodejs_eventloop_delay_seconds{percentile="100"}'),
    ).toBeGreaterThan(0.06);
  });

  it("stops counting collections once stopped", async () => {
    metrics = new ProcessMetrics();
    churn();
    await settle();
    metrics.stop();
    const before: string[] = [];
    metrics.render(before);
    churn();
    await settle();
    const after: string[] = [];
    metrics.render(after);
    const series = 'nodejs_gc_duration_seconds_count{kind="minor"}';
    expect(value(after.join("\n"), series)).toBe(value(before.join("\n"), series));
  });
});
