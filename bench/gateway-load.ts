/**
 * The benchmark's load generator: a bounded loopback client (undici Pool) that keeps N requests in
 * flight for a fixed time and records each request's latency and time to first body byte.
 */
import { performance } from "node:perf_hooks";
import { Pool } from "undici";

export interface LoadTarget {
  url: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  latencyMs: Float64Array;
  firstByteMs: Float64Array;
  firstError: string | undefined;
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export async function runLoad(
  target: LoadTarget,
  connections: number,
  durationMs: number,
): Promise<LoadResult> {
  const pool = new Pool(target.url, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
  const latencies: number[] = [];
  const firstBytes: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + durationMs;
  const headers = { "content-type": "application/json", ...target.headers };

  const worker = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        const response = await pool.request({
          method: "POST",
          path: target.path,
          headers,
          body: target.body,
        });
        let firstAt = 0;
        let size = 0;
        for await (const chunk of response.body) {
          if (firstAt === 0) firstAt = performance.now();
          size += (chunk as Buffer).length;
        }
        const t1 = performance.now();
        if (response.statusCode !== 200 || size === 0) {
          errors++;
          firstError ??= `HTTP ${response.statusCode}`;
          continue;
        }
        latencies.push(t1 - t0);
        firstBytes.push((firstAt || t1) - t0);
      } catch (error) {
        errors++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  const latencyMs = Float64Array.from(latencies).sort();
  const firstByteMs = Float64Array.from(firstBytes).sort();
  return {
    requests: latencies.length,
    errors,
    seconds,
    rps: latencies.length / seconds,
    latencyMs,
    firstByteMs,
    firstError,
  };
}
