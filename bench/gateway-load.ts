/**
 * The benchmark's load generators: `wrk` when it is installed, else a bounded loopback client
 * (undici Pool) that keeps N requests in flight for a fixed time and records each request's latency
 * and time to first body byte (also used for the one-at-a-time runs, where its own cost is moot).
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

/** What the report needs from one loaded run, whichever generator made it. */
export interface LoadSummary {
  requests: number;
  errors: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  firstError: string | undefined;
}

export function summarize(result: LoadResult): LoadSummary {
  return {
    requests: result.requests,
    errors: result.errors,
    rps: result.rps,
    p50Ms: percentile(result.latencyMs, 50),
    p99Ms: percentile(result.latencyMs, 99),
    firstError: result.firstError,
  };
}

/** The `wrk` binary's version line when it is on PATH, else undefined. */
export function wrkVersion(): string | undefined {
  const probe = spawnSync("wrk", ["--version"], { encoding: "utf8" });
  if (probe.error) return undefined;
  const line = `${probe.stdout}${probe.stderr}`.split("\n")[0]?.trim() ?? "";
  return /^wrk\b/.test(line) ? line.split(" Copyright")[0] : undefined;
}

const WRK_SCRIPT = `
wrk.method = "POST"
local f = io.open(os.getenv("BENCH_BODY_FILE"), "rb")
wrk.body = f:read("*a")
f:close()
wrk.headers["content-type"] = "application/json"
for line in io.lines(os.getenv("BENCH_HEADERS_FILE")) do
  local name, value = line:match("^([^:]+): (.*)$")
  if name then wrk.headers[name] = value end
end
-- With BENCH_RATE set, requests go out on a shared schedule of that many per second instead of
-- as fast as answers come back. wrk's timers count whole milliseconds, so the pacing is to the
-- nearest millisecond: requests leave in small bursts, which is harsher than an even stream.
local rate = tonumber(os.getenv("BENCH_RATE") or "")
if rate then
  local ffi = require("ffi")
  ffi.cdef[[
    typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
    int clock_gettime(int clock, bench_timespec *out);
  ]]
  local now_spec = ffi.new("bench_timespec")
  local function now_ms()
    ffi.C.clock_gettime(1, now_spec) -- CLOCK_MONOTONIC
    return tonumber(now_spec.tv_sec) * 1000 + tonumber(now_spec.tv_nsec) / 1e6
  end
  local interval = 1000 / rate
  local slot
  delay = function()
    local now = now_ms()
    -- A target that fell behind is not owed a burst to catch up.
    if slot == nil or slot < now - 5 then slot = now end
    slot = slot + interval
    return math.max(0, math.floor(slot - now + 0.5))
  end
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH_RESULT %d %d %d %d %.1f %.1f\\n", summary.requests, summary.duration,
    e.status, e.connect + e.read + e.write + e.timeout, latency:percentile(50), latency:percentile(99)))
end
`;

/**
 * The same load from `wrk` (one thread, N connections): a C generator takes far less of the
 * machine's two cores than the node one, so the targets keep more of it. No per-request body
 * check (each target is checked once before), so non-2xx answers are counted as errors.
 */
export async function runWrk(
  target: LoadTarget,
  connections: number,
  durationMs: number,
  /** Requests per second to offer; without it each connection sends as soon as it has an answer. */
  rate?: number,
): Promise<LoadSummary> {
  const dir = mkdtempSync(join(tmpdir(), "openclaw-wrk-"));
  try {
    const script = join(dir, "post.lua");
    writeFileSync(script, WRK_SCRIPT);
    writeFileSync(join(dir, "body.json"), target.body);
    writeFileSync(
      join(dir, "headers.txt"),
      Object.entries(target.headers)
        .map(([name, value]) => `${name}: ${value}\n`)
        .join(""),
    );
    const seconds = Math.max(1, Math.round(durationMs / 1000));
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(
        "wrk",
        ["-t1", `-c${connections}`, `-d${seconds}s`, "-s", script, `${target.url}${target.path}`],
        {
          env: {
            ...process.env,
            BENCH_BODY_FILE: join(dir, "body.json"),
            BENCH_HEADERS_FILE: join(dir, "headers.txt"),
            ...(rate ? { BENCH_RATE: String(rate) } : {}),
          },
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      let out = "";
      child.stdout.on("data", (data: Buffer) => {
        out += data.toString();
      });
      child.stderr.on("data", (data: Buffer) => {
        out += data.toString();
      });
      child.once("error", reject);
      child.once("exit", () => resolve(out));
    });
    const match = /BENCH_RESULT (\d+) (\d+) (\d+) (\d+) ([\d.]+) ([\d.]+)/.exec(output);
    if (!match) throw new Error(`wrk gave no result: ${output.slice(0, 300)}`);
    const [, total, durationUs, statusErrors, socketErrors, p50Us, p99Us] = match.map(Number);
    const errors = (statusErrors ?? 0) + (socketErrors ?? 0);
    const requests = (total ?? 0) - (statusErrors ?? 0);
    return {
      requests,
      errors,
      rps: requests / ((durationUs ?? 1) / 1e6),
      p50Ms: (p50Us ?? Number.NaN) / 1000,
      p99Ms: (p99Us ?? Number.NaN) / 1000,
      firstError:
        errors > 0 ? `${statusErrors} non-2xx answers, ${socketErrors} socket errors` : undefined,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
