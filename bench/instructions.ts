/**
 * Instructions per request, counted by valgrind's callgrind: the floor (bench/gateway-passthrough.ts)
 * and our gateway (`bin/openclaw.js gateway`), each under callgrind in front of the bench upstream
 * (which runs natively and is not counted). Each target is warmed up with plain requests, its
 * counters are zeroed, exactly `--requests` requests go through it on loopback, and the count is
 * dumped. Unlike CPU time, the count does not depend on what else the machine is doing, so two
 * builds can be compared a few per cent apart. It counts work, not latency: valgrind runs the
 * process's threads one at a time, slowly (about 50×), so timer-driven work is counted too.
 *
 *   npm run bench:instructions -- [--warmup 3000] [--requests 500] [--batches 2] [--connections 1]
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type CallgrindProcess, startUnderCallgrind, valgrindVersion } from "./callgrind.js";
import {
  BENCH_TOKEN as TOKEN,
  BENCH_UPSTREAM_KEY as UPSTREAM_KEY,
  writeBenchGatewayConfig,
} from "./gateway-config.js";
import {
  type Counted,
  type InstructionOptions,
  instructionTable,
  parseInstructionArgs,
} from "./instructions-table.js";
import { printTable } from "./table.js";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "..", ".."); // .bench-build/bench -> repo

/** Node under valgrind starts in tens of seconds on this machine; a loaded one takes longer. */
const START_TIMEOUT_MS = 300_000;
const REQUEST_TIMEOUT_MS = 60_000;
/** The whole run, every target: past this it stops, whatever it is doing. */
const RUN_LIMIT_MS = 40 * 60_000;

const children: ChildProcess[] = [];
/** Ends every process this benchmark started (the ones under valgrind included). */
function stopAll(): void {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}
// A process under valgrind outlives a benchmark that stops without ending it, and keeps its port
// and a core busy: end them however this process ends (Ctrl-C included).
process.on("exit", stopAll);
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.once(signal, () => {
    stopAll();
    process.exit(signal === "SIGINT" ? 130 : 143);
  });

/** The bench upstream, natively (it is not counted); resolves with its port. */
function startUpstream(): Promise<number> {
  return new Promise((resolveStart, reject) => {
    const child = spawn(process.execPath, [join(here, "gateway-upstream.js")], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "inherit"],
    });
    children.push(child);
    let out = "";
    const timer = setTimeout(
      () => reject(new Error("the bench upstream did not start within 15 s")),
      15_000,
    );
    child.stdout?.on("data", (data: Buffer) => {
      out += data.toString();
      const match = /port=(\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolveStart(Number(match[1]));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the bench upstream exited with ${code} before it was ready`));
    });
  });
}

interface Target {
  name: string;
  path: string;
  headers: Record<string, string>;
  model: string;
}

function chatBody(model: string, stream: boolean): string {
  return JSON.stringify({ model, stream, messages: [{ role: "user", content: "Say hello." }] });
}

/** One POST; resolves when its whole answer has come; rejects unless it is a 200 from the upstream. */
function post(agent: Agent, port: number, target: Target, body: string): Promise<void> {
  return new Promise((resolvePost, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path: target.path,
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          ...target.headers,
        },
        timeout: REQUEST_TIMEOUT_MS,
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (part: string) => {
          if (text.length < 4096) text += part;
        });
        res.on("end", () => {
          if (res.statusCode === 200 && text.includes("Hello")) resolvePost();
          else reject(new Error(`${target.name}: HTTP ${res.statusCode}: ${text.slice(0, 300)}`));
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${target.name}: no answer within 60 s`)));
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * Exactly `count` requests over `connections` kept-alive connections of their own; stops at
 * `deadline`. The connections are new each time: zeroing the counters can take longer than the
 * server keeps an idle connection (5 s), and a request sent on one it just closed fails.
 */
async function send(
  port: number,
  target: Target,
  stream: boolean,
  count: number,
  connections: number,
  deadline: number,
): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const body = chatBody(target.model, stream);
  let started = 0;
  const worker = async () => {
    while (started < count) {
      if (Date.now() > deadline) throw new Error("the run's time limit passed");
      started++;
      await post(agent, port, target, body);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(connections, count) }, worker));
  } finally {
    agent.destroy();
  }
}

async function measure(
  counted: CallgrindProcess,
  target: Target,
  port: number,
  options: InstructionOptions,
  deadline: number,
): Promise<Counted> {
  const perRequest: Counted = { name: target.name, json: [], stream: [] };
  for (const stream of [false, true]) {
    await send(port, target, stream, options.warmup, options.connections, deadline);
    for (let batch = 0; batch < options.batches; batch++) {
      await counted.zero();
      await send(port, target, stream, options.requests, options.connections, deadline);
      const total = await counted.dump();
      perRequest[stream ? "stream" : "json"].push(total / options.requests);
    }
  }
  return perRequest;
}

async function main(): Promise<void> {
  const options = parseInstructionArgs(process.argv.slice(2));
  const valgrind = valgrindVersion();
  if (!valgrind) {
    process.stderr.write(
      "error: valgrind (with callgrind_control) is not on PATH\nhint: install it (apt-get install valgrind) to count instructions per request\n",
    );
    process.exit(1);
  }
  const deadline = Date.now() + RUN_LIMIT_MS;
  const runLimit = setTimeout(() => {
    process.stderr.write("benchmark failed: the run's time limit passed\n");
    stopAll();
    process.exit(1);
  }, RUN_LIMIT_MS);
  const workDir = mkdtempSync(join(tmpdir(), "openclaw-bench-instructions-"));
  // Removed however the run ends; the finally below does not run on Ctrl-C.
  process.on("exit", () => rmSync(workDir, { recursive: true, force: true }));
  try {
    const upstreamUrl = `http://127.0.0.1:${await startUpstream()}`;
    process.stdout.write(
      `instructions per request under ${valgrind} (callgrind, instructions executed, every thread), Node ${process.version}, ${cpus().length} CPUs\n${options.warmup} warm-up requests, then ${options.requests} counted, ${options.connections} connection(s), loopback; load average ${loadavg()
        .map((v) => v.toFixed(2))
        .join(" ")}\n`,
    );

    const floorDir = mkdtempSync(join(workDir, "floor-"));
    const floor = await startUnderCallgrind({
      name: "pass-through",
      nodeArgs: [join(here, "gateway-passthrough.js")],
      ready: /port=(\d+)/,
      outDir: floorDir,
      env: { ...process.env, UPSTREAM: upstreamUrl },
      cwd: repoRoot,
      startTimeoutMs: START_TIMEOUT_MS,
      children,
    });
    const floorCount = await measure(
      floor,
      {
        name: "floor: node:http pass-through",
        path: "/v1/chat/completions",
        headers: { authorization: `Bearer ${UPSTREAM_KEY}` },
        model: "echo",
      },
      Number(floor.match[1]),
      options,
      deadline,
    );
    await floor.stop();

    // The gateway as bench/gateway.ts runs it: the upstream as its one provider, a token, its
    // own state dir; started through the real CLI entry.
    const gatewayDir = mkdtempSync(join(workDir, "gateway-"));
    writeBenchGatewayConfig(gatewayDir, upstreamUrl);
    const gatewayOut = mkdtempSync(join(workDir, "gateway-out-"));
    const gateway = await startUnderCallgrind({
      name: "openclaw gateway",
      nodeArgs: [join(repoRoot, "bin", "openclaw.js"), "gateway", "--port", "0"],
      ready: /listening on http:\/\/127\.0\.0\.1:(\d+)/,
      outDir: gatewayOut,
      env: {
        ...process.env,
        OPENCLAW_STATE_DIR: gatewayDir,
        NO_COLOR: "1",
        OPENCLAW_CONFIG_PATH: "",
      },
      cwd: repoRoot,
      startTimeoutMs: START_TIMEOUT_MS,
      children,
    });
    const gatewayCount = await measure(
      gateway,
      {
        name: "openclaw gateway",
        path: "/v1/chat/completions",
        headers: { authorization: `Bearer ${TOKEN}` },
        model: "local/echo",
      },
      Number(gateway.match[1]),
      options,
      deadline,
    );
    await gateway.stop();

    const table = instructionTable(floorCount, gatewayCount);
    printTable(
      `instructions per request (callgrind Ir; median of ${options.batches} batches of ${options.requests}, spread = (max - min) / median)`,
      table.headers,
      table.rows,
    );
  } finally {
    clearTimeout(runLimit);
    stopAll();
    rmSync(workDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    stopAll();
    process.exit(1);
  });
}
