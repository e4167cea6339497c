/**
 * Cold start of the CLI: `--version`, `models list`, `models status` and `usage` on a config
 * holding the spec's Moonshot snippet (and, for `usage`, a ledger of a few dozen requests), each a
 * fresh `node bin/openclaw.js` process, several runs, median.
 * Compared with a bare `node -e ""` (what any Node CLI pays) and with OpenClaw's own `models list`
 * on this machine (~1.8 s, a reference figure: OpenClaw cannot be installed offline here).
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UsageLedger } from "../src/gateway/ledger.js";
import { median, printTable } from "./table.js";

const ROOT = join(import.meta.dirname, "..", "..");
const CLI = join(ROOT, "bin", "openclaw.js");
const SEED = join(ROOT, "test", "fixtures", "seed", "moonshot.json5");
const OPENCLAW_MODELS_LIST_MS = 1800;
const RUNS = Number(process.env.BENCH_RUNS ?? 9);

if (!existsSync(join(ROOT, "dist", "cli", "main.js"))) {
  process.stderr.write("dist/ is missing: run `npm run build` first\n");
  process.exit(1);
}

const state = mkdtempSync(join(tmpdir(), "openclaw-bench-cli-"));
copyFileSync(SEED, join(state, "openclaw.json"));
await writeLedger(join(state, "usage.sqlite"));
const env = { PATH: process.env.PATH ?? "", HOME: state, OPENCLAW_STATE_DIR: state, NO_COLOR: "1" };

/** A day of requests, one every half hour, a few failed: what `openclaw usage` reads. */
async function writeLedger(path: string): Promise<void> {
  const ledger = new UsageLedger({ path });
  for (let i = 0; i < 48; i++) {
    const failed = i % 12 === 0;
    ledger.record({
      ts: Date.now() - i * 30 * 60_000,
      requestId: `bench-${i}`,
      traceId: undefined,
      client: "127.0.0.1",
      modelRequested: "moonshot/kimi-k2.5",
      modelUsed: failed ? undefined : "moonshot/kimi-k2.5",
      fallbackFrom: undefined,
      stream: i % 2 === 0,
      promptTokens: failed ? 0 : 1200 + i,
      completionTokens: failed ? 0 : 300 + i,
      cachedTokens: 0,
      costUsd: failed ? 0 : 0.002,
      latencyMs: 800 + i,
      ttftMs: undefined,
      status: failed ? 502 : 200,
      outcome: failed ? "error" : "ok",
      errorClass: failed ? "network" : undefined,
      api: "chat_completions",
      webSearches: 0,
      estimated: false,
    });
  }
  await ledger.close();
}

function timeRuns(args: string[]): { median: number; min: number; max: number } {
  const times: number[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { env, encoding: "utf8" });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0 && !args.includes("status")) {
      throw new Error(`${args.join(" ")} exited ${result.status}: ${result.stderr}`);
    }
    if (i > 0) times.push(ms); // the first run only warms the file-system cache
  }
  return { median: median(times), min: Math.min(...times), max: Math.max(...times) };
}

try {
  const bare = timeRuns(["-e", ""]);
  const cases: [string, string[]][] = [
    ['node -e ""  (Node start-up alone)', ["-e", ""]],
    ["openclaw --version", [CLI, "--version"]],
    ["openclaw models list", [CLI, "models", "list"]],
    ["openclaw models status", [CLI, "models", "status"]],
    ["openclaw usage", [CLI, "usage"]],
    ["openclaw usage --last 20", [CLI, "usage", "--last", "20"]],
  ];
  const rows: (string | number)[][] = [];
  for (const [label, args] of cases) {
    const t = label.startsWith("node") ? bare : timeRuns(args);
    rows.push([
      label,
      t.median,
      t.min,
      t.max,
      `${(t.median / bare.median).toFixed(2)}x`,
      label.includes("models list")
        ? `${(OPENCLAW_MODELS_LIST_MS / t.median).toFixed(1)}x faster`
        : "",
    ]);
  }
  rows.push([
    "OpenClaw models list (reference, not run here)",
    OPENCLAW_MODELS_LIST_MS,
    "-",
    "-",
    `${(OPENCLAW_MODELS_LIST_MS / bare.median).toFixed(2)}x`,
    "",
  ]);
  printTable(
    `CLI cold start, ${RUNS} runs each after one warm-up (ms; config = the spec's Moonshot snippet)`,
    ["command", "median", "min", "max", "vs node alone", "vs OpenClaw"],
    rows,
  );
} finally {
  rmSync(state, { recursive: true, force: true });
}
