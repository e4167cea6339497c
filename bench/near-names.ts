/**
 * What refusing an unknown model costs, where close matches are looked for among every ref and
 * alias: through the gateway (a 404 answered on the event loop, so every other request waits that
 * long) and through the resolver (`--model`, chat's `/model`, the library). A catalog of a few
 * models and one of 5,000 models with 5,000 aliases; a slip, a name close to nothing, and names
 * of 512 characters (the most a request body's `model` may have), 2 KB and 64 KB.
 *
 *   npx tsc -p tsconfig.bench.json && node .bench-build/bench/near-names.js
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { buildCatalog, resolveModel } from "../src/catalog/index.js";
import { loadConfigObject } from "../src/config/index.js";
import { startGateway } from "../src/gateway/index.js";
import { bigConfig } from "./big-config.js";
import { median, printTable } from "./table.js";

const TOKEN = "bench-near-names-token-0001";

interface Probe {
  label: string;
  model: string;
}

const PROBES: Probe[] = [
  { label: "slip (provider-12/modle-34)", model: "provider-12/modle-34" },
  { label: "slip of an alias (P12 M3x4)", model: "P12 M3x4" },
  { label: "close to nothing (gpt-4o-mini)", model: "gpt-4o-mini" },
  { label: "512 characters", model: "kimi-k2-".repeat(64) },
  { label: "2 KB", model: "kimi-k2-".repeat(256) },
  { label: "64 KB", model: "kimi-k2-".repeat(8192) },
];

/** Median ms of `runs` calls of a refusal that throws (the resolver's). */
function resolverMs(run: () => void, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const start = process.hrtime.bigint();
    try {
      run();
    } catch {
      // The refusal is what is timed.
    }
    if (i >= 2) times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

/** A request for `model`: in a chat body, or in the model's own URL when too long for a body. */
function request(url: string, model: string): Promise<Response> {
  const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
  if (model.length <= 512)
    return fetch(`${url}/v1/chat/completions`, {
      method: "POST",
      headers,
      body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
    });
  return fetch(`${url}/v1/models/${encodeURIComponent(model)}`, { headers });
}

async function measureCatalog(
  title: string,
  config: Record<string, unknown>,
  runs: number,
): Promise<void> {
  const stateDir = mkdtempSync(join(tmpdir(), "openclaw-bench-near-"));
  const env = { OPENCLAW_STATE_DIR: stateDir, HOME: stateDir, MOONSHOT_API_KEY: "sk-bench-0001" };
  const catalog = buildCatalog(loadConfigObject(config, { env }));
  const gateway = await startGateway({
    env,
    port: 0,
    watch: false,
    config: {
      ...config,
      gateway: { auth: { mode: "token", token: TOKEN }, ledger: { enabled: false } },
    },
  });
  const rows: (string | number)[][] = [];
  try {
    for (const probe of PROBES) {
      const resolver = resolverMs(() => resolveModel(catalog, probe.model), runs);
      // The longest the event loop waited during each refusal: the gateway's own synchronous
      // work for it (the client here shares the loop, and is the same for every row).
      const delay = monitorEventLoopDelay({ resolution: 1 });
      delay.enable();
      const times: number[] = [];
      const blocked: number[] = [];
      let status = 0;
      for (let i = 0; i < runs + 2; i++) {
        delay.reset();
        const start = process.hrtime.bigint();
        const response = await request(gateway.url, probe.model);
        await response.arrayBuffer();
        status = response.status;
        if (i >= 2) {
          times.push(Number(process.hrtime.bigint() - start) / 1e6);
          blocked.push(delay.max / 1e6);
        }
      }
      delay.disable();
      rows.push([
        probe.label,
        resolver,
        median(times),
        median(blocked),
        Math.max(...blocked),
        `${status}${probe.model.length > 512 ? " (GET /v1/models/…)" : ""}`,
      ]);
    }
  } finally {
    await gateway.close(1000);
    rmSync(stateDir, { recursive: true, force: true });
  }
  printTable(
    `${title}, median of ${runs} refusals each (the first of a catalog not counted)`,
    [
      "model asked for",
      "resolver ms",
      "gateway ms",
      "loop blocked ms",
      "(worst)",
      "gateway status",
    ],
    rows,
  );
}

export async function run(): Promise<void> {
  await measureCatalog("catalog: 1 provider × 3 models (+ built-ins)", bigConfig(1, 3), 20);
  const large = bigConfig(50, 100);
  await measureCatalog("catalog: 50 providers × 100 models, 5,000 aliases", large, 10);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
