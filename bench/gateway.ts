/**
 * Gateway benchmark, one run, side by side on this machine: a local upstream that answers at
 * once, called directly; our gateway in front of it; and the Portkey AI gateway in front of the
 * same upstream. Each runs as its own process; the load generator (`wrk` when installed, else a
 * node undici client) keeps 16 requests in flight. The targets take turns over several rounds
 * and each figure is the median of its rounds, so a burst of noise from the shared machine
 * lands on one round of one target instead of deciding a ratio.
 *
 *   npx tsc -p tsconfig.bench.json && node .bench-build/bench/gateway.js [--seconds 3] [--rounds 3] [--connections 16]
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  BENCH_TOKEN as TOKEN,
  BENCH_UPSTREAM_KEY as UPSTREAM_KEY,
  writeBenchGatewayConfig,
} from "./gateway-config.js";
import {
  type LoadResult,
  type LoadSummary,
  type LoadTarget,
  percentile,
  runLoad,
  runWrk,
  summarize,
  wrkVersion,
} from "./gateway-load.js";
import { median, printTable } from "./table.js";

const here = dirname(fileURLToPath(import.meta.url));
const buildRoot = resolve(here, ".."); // .bench-build
const repoRoot = resolve(buildRoot, "..");

function argValue(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  const value = index >= 0 ? Number(process.argv[index + 1]) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const SECONDS = argValue("--seconds", 3);
const ROUNDS = Math.round(argValue("--rounds", 3));
const CONNECTIONS = argValue("--connections", 16);
const WARMUP_MS = 1000;
/** The pass-through target's name: no logic, so the least a Node gateway can cost here. */
const FLOOR = "floor: node:http pass-through";
/** A C reverse proxy in front of the same upstream, when nginx is installed: not Node's floor. */
const NGINX = "reference: nginx proxy_pass";

const children: ChildProcess[] = [];
function cleanup() {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
}
process.on("exit", cleanup);

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Spawns a process and waits until its stdout matches `ready`; returns the match. */
function start(
  name: string,
  args: string[],
  ready: RegExp,
  env: NodeJS.ProcessEnv = process.env,
  cwd = repoRoot,
): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  return new Promise((resolveStart, reject) => {
    const child = spawn(process.execPath, args, { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    let out = "";
    let err = "";
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start within 15 s:\n${out}\n${err}`)),
      15_000,
    );
    child.stdout?.on("data", (data: Buffer) => {
      if (out.length < 65_536) out += data.toString();
      const match = ready.exec(out);
      if (match) {
        clearTimeout(timer);
        resolveStart({ child, match });
      }
    });
    child.stderr?.on("data", (data: Buffer) => {
      if (err.length < 65_536) err += data.toString();
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before it was ready:\n${out}\n${err}`));
    });
  });
}

function peakRssMb(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /VmHWM:\s+(\d+)\s+kB/.exec(status);
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** User + system CPU time of a process so far, in microseconds (Linux /proc). */
function cpuMicros(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1_000_000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return Number.NaN;
  }
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

interface Target {
  name: string;
  pid: number | undefined;
  target(stream: boolean): LoadTarget;
}

function body(model: string, stream: boolean): string {
  return JSON.stringify({ model, stream, messages: [{ role: "user", content: "Say hello." }] });
}

async function check(target: Target, stream: boolean): Promise<string | undefined> {
  const load = target.target(stream);
  try {
    const response = await fetch(`${load.url}${load.path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...load.headers },
      body: load.body,
    });
    const text = await response.text();
    if (response.status !== 200 || !/Hello|upstream/.test(text))
      return `HTTP ${response.status}: ${text.slice(0, 300)}`;
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Rounds of one target folded into one summary: counts add up, rates and latencies are medians. */
function medianSummary(rounds: LoadSummary[]): LoadSummary {
  return {
    requests: rounds.reduce((sum, round) => sum + round.requests, 0),
    errors: rounds.reduce((sum, round) => sum + round.errors, 0),
    rps: median(rounds.map((round) => round.rps)),
    p50Ms: median(rounds.map((round) => round.p50Ms)),
    p99Ms: median(rounds.map((round) => round.p99Ms)),
    firstError: rounds.find((round) => round.firstError !== undefined)?.firstError,
  };
}

/** A target and its load, as the run's phases name them: "openclaw gateway (json)". */
function phaseName(target: Target, stream: boolean): string {
  return `${target.name} (${stream ? "stream" : "json"})`;
}

function fmt(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "n/a";
}

async function main(): Promise<void> {
  const notes: string[] = [];
  // 1. The upstream.
  const upstream = await start("upstream", [join(here, "gateway-upstream.js")], /port=(\d+)/);
  const upstreamPort = Number(upstream.match[1]);
  const upstreamUrl = `http://127.0.0.1:${upstreamPort}`;

  // 2. Our gateway, through the real CLI entry (compiled into .bench-build), with its own state dir.
  const stateDir = mkdtempSync(join(tmpdir(), "openclaw-bench-"));
  writeBenchGatewayConfig(stateDir, upstreamUrl);
  const cliMain = join(buildRoot, "src", "cli", "main.js");
  const ours = await start(
    "openclaw gateway",
    [
      "--input-type=module",
      "-e",
      `import(${JSON.stringify(cliMain)}).then((m) => m.main(["gateway", "--port", "0"]))`,
    ],
    /listening on http:\/\/127\.0\.0\.1:(\d+)/,
    { ...process.env, OPENCLAW_STATE_DIR: stateDir, NO_COLOR: "1", OPENCLAW_CONFIG_PATH: "" },
  );
  const oursUrl = `http://127.0.0.1:${ours.match[1]}`;

  // 2b. The floor: a node:http pass-through with our upstream client and no logic at all.
  const floor = await start("pass-through", [join(here, "gateway-passthrough.js")], /port=(\d+)/, {
    ...process.env,
    UPSTREAM: upstreamUrl,
  });
  const floorUrl = `http://127.0.0.1:${floor.match[1]}`;

  // 3. Portkey, if it is installed and starts.
  let portkeyLog = "";
  let portkey: { url: string; pid: number | undefined } | undefined;
  const portkeyEntry = join(
    repoRoot,
    "node_modules",
    "@portkey-ai",
    "gateway",
    "build",
    "start-server.js",
  );
  try {
    readFileSync(portkeyEntry);
    const port = await freePort();
    const child = spawn(process.execPath, [portkeyEntry, `--port=${port}`, "--headless"], {
      cwd: dirname(portkeyEntry),
      env: { ...process.env, NODE_ENV: "production" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    const keep = (data: Buffer) => {
      if (portkeyLog.length < 200_000) portkeyLog += data.toString();
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    await waitForHttp(`http://127.0.0.1:${port}/`, 15_000);
    portkey = { url: `http://127.0.0.1:${port}`, pid: child.pid };
  } catch (error) {
    notes.push(
      `Portkey not run: ${error instanceof Error ? error.message.split("\n")[0] : String(error)} (install with npm install -D -E @portkey-ai/gateway@1.15.2)`,
    );
  }

  // 3b. nginx as a reference for a proxy written in C, if it is on PATH (one process, no master).
  const nginx = await startNginx(upstreamPort).catch((error: unknown) => {
    notes.push(
      `nginx reference not run: ${error instanceof Error ? error.message : String(error)}`,
    );
    return undefined;
  });

  const targets: Target[] = [
    {
      name: "direct upstream",
      pid: upstream.child.pid,
      target: (stream) => ({
        url: upstreamUrl,
        path: "/v1/chat/completions",
        headers: { authorization: `Bearer ${UPSTREAM_KEY}` },
        body: body("echo", stream),
      }),
    },
    {
      name: "openclaw gateway",
      pid: ours.child.pid,
      target: (stream) => ({
        url: oursUrl,
        path: "/v1/chat/completions",
        headers: { authorization: `Bearer ${TOKEN}` },
        body: body("local/echo", stream),
      }),
    },
    {
      name: FLOOR,
      pid: floor.child.pid,
      target: (stream) => ({
        url: floorUrl,
        path: "/v1/chat/completions",
        headers: { authorization: `Bearer ${UPSTREAM_KEY}` },
        body: body("echo", stream),
      }),
    },
  ];
  if (nginx) {
    const url = nginx.url;
    targets.push({
      name: NGINX,
      pid: nginx.pid,
      target: (stream) => ({
        url,
        path: "/v1/chat/completions",
        headers: { authorization: `Bearer ${UPSTREAM_KEY}` },
        body: body("echo", stream),
      }),
    });
  }
  if (portkey) {
    const url = portkey.url;
    targets.push({
      name: "portkey gateway 1.15.2",
      pid: portkey.pid,
      target: (stream) => ({
        url,
        path: "/v1/chat/completions",
        headers: {
          authorization: `Bearer ${UPSTREAM_KEY}`,
          "x-portkey-provider": "openai",
          "x-portkey-custom-host": `${upstreamUrl}/v1`,
        },
        body: body("echo", stream),
      }),
    });
  }

  const wrk = wrkVersion();
  const generator = wrk
    ? `${wrk} (1 thread)`
    : "node undici Pool (wrk not found; it takes a core of its own, install wrk for steadier numbers)";
  const loaded = (target: LoadTarget, durationMs: number): Promise<LoadSummary> =>
    wrk
      ? runWrk(target, CONNECTIONS, durationMs)
      : runLoad(target, CONNECTIONS, durationMs).then(summarize);
  const loadBefore = loadavg();
  process.stdout.write(
    `gateway benchmark: ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s per target (medians) after ${WARMUP_MS} ms warm-up, Node ${process.version}, ${cpus().length} CPUs, all on 127.0.0.1\nload generator: ${generator}\nload average before: ${loadBefore.map((v) => v.toFixed(2)).join(" ")}\n`,
  );
  const loopWatch = new LoopMaxWatch(oursUrl);
  await loopWatch.after("start-up");
  const results = new Map<string, LoadSummary>();
  const cpuPerRequest = new Map<string, number>();
  const unloaded = new Map<string, LoadResult>();
  for (const stream of [false, true]) {
    const measured: Target[] = [];
    for (const target of targets) {
      const problem = await check(target, stream);
      if (problem) {
        let why = "";
        if (target.name.startsWith("portkey")) {
          await new Promise((r) => setTimeout(r, 200));
          const line = portkeyLog.split("\n").find((entry) => /Error|error:/.test(entry));
          if (line) why = `; Portkey logged: ${line.trim().slice(0, 240)}`;
        }
        notes.push(
          `${target.name} (${stream ? "stream" : "json"}) answered wrongly, not measured: ${problem}${why}`,
        );
        continue;
      }
      await loaded(target.target(stream), WARMUP_MS);
      await loopWatch.after(`the warm-up of ${phaseName(target, stream)}`);
      measured.push(target);
    }
    // The targets take turns, round after round.
    const rounds = new Map<string, LoadSummary[]>();
    const cpuRounds = new Map<string, number[]>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const target of measured) {
        const key = `${target.name}:${stream}`;
        const cpuBefore = cpuMicros(target.pid);
        const result = await loaded(target.target(stream), SECONDS * 1000);
        const cpu =
          (cpuMicros(target.pid) - cpuBefore) / Math.max(1, result.requests + result.errors);
        await loopWatch.after(`round ${round + 1} of ${phaseName(target, stream)}`);
        rounds.set(key, [...(rounds.get(key) ?? []), result]);
        cpuRounds.set(key, [...(cpuRounds.get(key) ?? []), cpu]);
      }
    }
    for (const target of measured) {
      const key = `${target.name}:${stream}`;
      const result = medianSummary(rounds.get(key) ?? []);
      results.set(key, result);
      cpuPerRequest.set(key, median(cpuRounds.get(key) ?? []));
      // One request at a time: the latency a request pays when nothing queues.
      unloaded.set(key, await runLoad(target.target(stream), 1, 1500));
      await loopWatch.after(`one at a time to ${phaseName(target, stream)}`);
      if (result.errors > 0)
        notes.push(
          `${target.name} (${stream ? "stream" : "json"}): ${result.errors} failed requests, first: ${result.firstError}`,
        );
    }
  }

  for (const stream of [false, true]) {
    const direct = results.get(`direct upstream:${stream}`);
    const portkeyResult = results.get(`portkey gateway 1.15.2:${stream}`);
    const rows: string[][] = [];
    for (const target of targets) {
      const result = results.get(`${target.name}:${stream}`);
      if (!result) continue;
      const p50 = result.p50Ms;
      const p99 = result.p99Ms;
      const isDirect = target.name === "direct upstream";
      const added = (value: number, directValue: number) =>
        isDirect || !direct ? "-" : fmt(value - directValue);
      const row = [
        target.name,
        fmt(result.rps, 0),
        fmt(p50),
        fmt(p99),
        added(p50, direct?.p50Ms ?? Number.NaN),
        added(p99, direct?.p99Ms ?? Number.NaN),
      ];
      const cpu = cpuPerRequest.get(`${target.name}:${stream}`) ?? Number.NaN;
      const portkeyCpu = cpuPerRequest.get(`portkey gateway 1.15.2:${stream}`);
      const alone = unloaded.get(`${target.name}:${stream}`);
      const directAlone = unloaded.get(`direct upstream:${stream}`);
      if (stream) {
        // Time to first byte, one request at a time (wrk cannot time the first byte).
        const ttfb = alone ? percentile(alone.firstByteMs, 50) : Number.NaN;
        const directTtfb = directAlone ? percentile(directAlone.firstByteMs, 50) : Number.NaN;
        row.push(fmt(ttfb), isDirect || !direct ? "-" : fmt(ttfb - directTtfb));
      }
      const addedAlone = (p: number) =>
        isDirect || !alone || !directAlone
          ? "-"
          : fmt(percentile(alone.latencyMs, p) - percentile(directAlone.latencyMs, p));
      row.push(
        addedAlone(50),
        addedAlone(99),
        fmt(cpu, 0),
        fmt(peakRssMb(target.pid), 0),
        direct ? `${fmt(result.rps / direct.rps)}×` : "n/a",
        portkeyResult ? `${fmt(result.rps / portkeyResult.rps, 1)}×` : "n/a",
        portkeyCpu !== undefined && !isDirect ? `${fmt(portkeyCpu / cpu, 1)}×` : "-",
      );
      rows.push(row);
    }
    const headers = ["target", "req/s", "p50 ms", "p99 ms", "added p50", "added p99"];
    if (stream) headers.push("TTFT p50 @1", "TTFT overhead @1");
    headers.push(
      "added p50 @1",
      "added p99 @1",
      "CPU µs/req",
      "peak RSS MB",
      "req/s vs direct",
      "req/s vs Portkey",
      "CPU Portkey/this",
    );
    printTable(
      `${stream ? "streamed (SSE, 4 deltas + usage)" : "non-streamed (JSON)"} chat completions`,
      headers,
      rows,
    );
  }
  // 4. The same non-streamed load at a fixed rate: ten times what Portkey served (wrk only).
  const portkeyJson = results.get("portkey gateway 1.15.2:false");
  const pacedTargets = targets.filter((target) => target.name !== "portkey gateway 1.15.2");
  if (wrk && portkeyJson && portkeyJson.rps > 0) {
    const rate = Math.round(portkeyJson.rps * 10);
    const paced = new Map<string, LoadSummary[]>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const target of pacedTargets) {
        const result = await runWrk(target.target(false), CONNECTIONS, SECONDS * 1000, rate);
        paced.set(target.name, [...(paced.get(target.name) ?? []), result]);
        await loopWatch.after(`fixed-rate round ${round + 1} of ${target.name}`);
      }
    }
    const direct = medianSummary(paced.get("direct upstream") ?? []);
    const rows = pacedTargets.map((target) => {
      const result = medianSummary(paced.get(target.name) ?? []);
      const isDirect = target.name === "direct upstream";
      return [
        target.name,
        String(rate),
        fmt(result.rps, 0),
        fmt(result.p50Ms),
        fmt(result.p99Ms),
        isDirect ? "-" : fmt(result.p50Ms - direct.p50Ms),
        isDirect ? "-" : fmt(result.p99Ms - direct.p99Ms),
      ];
    });
    printTable(
      "non-streamed at a fixed rate: ten times Portkey's req/s above",
      ["target", "offered req/s", "served req/s", "p50 ms", "p99 ms", "added p50", "added p99"],
      rows,
    );
  } else if (!wrk) {
    notes.push("fixed-rate run skipped: it needs wrk");
  } else {
    notes.push("fixed-rate run skipped: Portkey was not measured, so there is no rate to offer");
  }

  // 5. What the gateway process itself reports: the pauses that make up its slow tail.
  const processHealth = await gatewayProcessHealth(oursUrl);
  notes.push(
    `the gateway's event-loop max delay, read after every phase, reached 10 ms or more: ${loopWatch.largeRises(10)} (a phase named after another target is one where the gateway sat idle)`,
  );
  if (processHealth)
    printTable(
      "openclaw gateway process over the whole run (its /metrics)",
      ["measure", "value"],
      processHealth,
    );
  else notes.push("the gateway's /metrics could not be read after the run");

  const loadAfter = loadavg();
  process.stdout.write(
    `\nload generator: ${generator}; load average after: ${loadAfter.map((v) => v.toFixed(2)).join(" ")}\nreq/s, p50, p99 and CPU are medians of ${ROUNDS} interleaved rounds per target.\nfixed rate: wrk paces requests to the nearest millisecond over ${CONNECTIONS} connections (small bursts, not an even stream).\nadded = gateway percentile minus the direct upstream's at the same percentile, at ${CONNECTIONS} connections;\n@1 = the same with one request at a time (no queueing, node client). TTFT = time to the first body byte.\nCPU µs/req = user+system CPU of that one process per request (for the gateways the upstream's own work is\nnot counted); steadier than req/s when other work shares the machine. peak RSS = high-water mark over the run.\nfloor = a node:http pass-through with the gateway's upstream client and no logic (bench/gateway-passthrough.ts):\nwhat any Node gateway pays on this machine; the openclaw row's distance from it is the gateway's own work.\nreference = nginx (one process) forwarding to the same upstream over kept-alive connections: what a proxy\nwritten in C pays here, for scale; it reads and changes nothing in the requests.\n`,
  );
  for (const note of notes) process.stdout.write(`note: ${note}\n`);

  ours.child.kill("SIGTERM");
  await new Promise((r) => ours.child.once("exit", r));
  cleanup();
  rmSync(stateDir, { recursive: true, force: true });
}

/**
 * nginx as a plain reverse proxy in front of the upstream: one process (no master, so its CPU is
 * that pid's), upstream connections kept alive, no buffering (streams pass as they come).
 * Undefined when nginx is not installed; rejects when it is but does not start.
 */
async function startNginx(
  upstreamPort: number,
): Promise<{ url: string; pid: number | undefined } | undefined> {
  if (spawnSync("nginx", ["-v"]).error) return undefined;
  const dir = mkdtempSync(join(tmpdir(), "openclaw-bench-nginx-"));
  const port = await freePort();
  writeFileSync(
    join(dir, "nginx.conf"),
    [
      "daemon off;",
      "master_process off;",
      "worker_processes 1;",
      `pid ${join(dir, "nginx.pid")};`,
      `error_log ${join(dir, "error.log")} warn;`,
      "events { worker_connections 4096; }",
      "http {",
      "  access_log off;",
      `  client_body_temp_path ${join(dir, "body")};`,
      `  proxy_temp_path ${join(dir, "proxy")};`,
      `  fastcgi_temp_path ${join(dir, "fastcgi")};`,
      `  uwsgi_temp_path ${join(dir, "uwsgi")};`,
      `  scgi_temp_path ${join(dir, "scgi")};`,
      `  upstream bench_upstream { server 127.0.0.1:${upstreamPort}; keepalive 64; }`,
      "  server {",
      `    listen 127.0.0.1:${port};`,
      "    location / {",
      "      proxy_pass http://bench_upstream;",
      "      proxy_http_version 1.1;",
      '      proxy_set_header Connection "";',
      "      proxy_buffering off;",
      "    }",
      "  }",
      "}",
      "",
    ].join("\n"),
  );
  const child = spawn(
    "nginx",
    ["-p", dir, "-e", join(dir, "error.log"), "-c", join(dir, "nginx.conf")],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  children.push(child);
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  let err = "";
  child.stderr?.on("data", (data: Buffer) => {
    if (err.length < 4096) err += data.toString();
  });
  try {
    await waitForHttp(`http://127.0.0.1:${port}/`, 5_000);
  } catch {
    throw new Error(`nginx did not start: ${err.trim().split("\n")[0] ?? "no output"}`);
  }
  return { url: `http://127.0.0.1:${port}`, pid: child.pid };
}

/** The gateway's /metrics text, or undefined when it cannot be read. */
async function gatewayMetrics(url: string): Promise<string | undefined> {
  try {
    const response = await fetch(`${url}/metrics`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    return response.ok ? await response.text() : undefined;
  } catch {
    return undefined;
  }
}

/** One sample's value from Prometheus text (`series` includes its labels), NaN when absent. */
function metricValue(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : Number.NaN;
}

const LOOP_MAX_SERIES = 'nodejs_eventloop_delay_seconds{percentile="100"}';

/**
 * Which phase of the run set the gateway's worst event-loop delay. The gateway's histogram
 * covers its whole life, so its max alone cannot say whether a stall came while the gateway was
 * loaded or while it sat idle beside another target's load; reading the max after every phase
 * can.
 */
class LoopMaxWatch {
  private lastMs = 0;
  readonly rises: { phase: string; maxMs: number }[] = [];
  constructor(private readonly url: string) {}
  async after(phase: string): Promise<void> {
    const text = await gatewayMetrics(this.url);
    if (text === undefined) return;
    const maxMs = metricValue(text, LOOP_MAX_SERIES) * 1000;
    if (Number.isFinite(maxMs) && maxMs > this.lastMs) {
      this.rises.push({ phase, maxMs });
      this.lastMs = maxMs;
    }
  }
  /** The phases that raised the max to at least `floorMs`, most recent last. */
  largeRises(floorMs: number): string {
    const large = this.rises.filter((rise) => rise.maxMs >= floorMs);
    return large.length === 0
      ? "in no phase"
      : large.map((rise) => `${fmt(rise.maxMs, 0)} ms in ${rise.phase}`).join("; ");
  }
}

/** GC pauses and event-loop delay from the gateway's /metrics, as table rows. */
async function gatewayProcessHealth(url: string): Promise<string[][] | undefined> {
  const text = await gatewayMetrics(url);
  if (text === undefined) return undefined;
  const read = (series: string): number => metricValue(text, series);
  const served = [
    ...text.matchAll(/^openclaw_gateway_requests_total\{route="chat_completions"[^}]*\} (\d+)$/gm),
  ].reduce((sum, match) => sum + Number(match[1]), 0);
  const rows: string[][] = [["chat requests served", String(served)]];
  for (const kind of ["minor", "major", "incremental"]) {
    const count = read(`nodejs_gc_duration_seconds_count{kind="${kind}"}`);
    const sumMs = read(`nodejs_gc_duration_seconds_sum{kind="${kind}"}`) * 1000;
    if (!Number.isFinite(count)) continue;
    rows.push([
      `GC ${kind}: pauses, total ms, mean ms`,
      `${count}, ${fmt(sumMs, 0)}, ${fmt(sumMs / Math.max(1, count))}`,
    ]);
  }
  const delay = (q: string) =>
    fmt(read(`nodejs_eventloop_delay_seconds{percentile="${q}"}`) * 1000);
  rows.push([
    "event-loop delay p50 / p99 / max ms",
    `${delay("50")} / ${delay("99")} / ${delay("100")}`,
  ]);
  return rows;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  cleanup();
  process.exit(1);
});
