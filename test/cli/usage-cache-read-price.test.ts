/**
 * `openclaw usage` when a model's config prices its input but not cache reads (`cost.cacheRead`
 * 0 or left out): Moonshot bills the cached part of each prompt, so the cost shown leaves those
 * tokens out, and a note under the table says how many and where to set the price. When it is set
 * now, the requests recorded before it keep their cached tokens at $0: a note says that too.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UsageLedger } from "../../src/gateway/ledger.js";
import { runCli } from "../helpers/cli.js";
import { ledgerRow } from "../helpers/ledger-row.js";

const dir = mkdtempSync(join(tmpdir(), "openclaw-usage-cache-read-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A state dir whose ledger has one request of 1M prompt tokens, 900,000 of them cached, recorded
 * at a cacheRead price of 0 (`costUsd` 0.06) or of $0.15 per million (0.195).
 */
async function stateWith(name: string, cost: string, costUsd = 0.06) {
  const home = join(dir, name);
  const ledger = new UsageLedger({ path: join(home, "usage.sqlite") });
  ledger.record(
    ledgerRow({
      ts: Date.now() - 60_000,
      modelRequested: "moonshot/kimi-k2.5",
      modelUsed: "moonshot/kimi-k2.5",
      promptTokens: 1_000_000,
      cachedTokens: 900_000,
      completionTokens: 0,
      // 100,000 uncached tokens at $0.60 per million; the cached ones at a cacheRead of 0
      // (0.06), or at $0.15 per million (0.195).
      costUsd,
    }),
  );
  await ledger.close();
  const configPath = join(home, "openclaw.json");
  const config = [
    "{",
    "  models: { providers: { moonshot: { models: [",
    '    { id: "kimi-k2.5", name: "Kimi K2.5",',
    `      cost: ${cost} },`,
    "  ] } } },",
    "}",
  ].join("\n");
  writeFileSync(configPath, config, { mode: 0o600 });
  return { env: { OPENCLAW_STATE_DIR: home, OPENCLAW_HOME: home, COLUMNS: "400" }, configPath };
}

describe("openclaw usage and cached tokens without a cache-read price", () => {
  it("says how many cached tokens were priced at $0 and where to set cost.cacheRead", async () => {
    const { env, configPath } = await stateWith("unset", "{ input: 0.6, output: 2.5 }");
    for (const by of ["model", "day"]) {
      const table = await runCli(["usage", "--by", by], { env });
      expect(table.code, table.stderr).toBe(0);
      expect(table.stdout.split("\n"), by).toContain(
        `900,000 cached tokens of moonshot/kimi-k2.5 were priced at $0: its cost.cacheRead is 0 (cost at ${configPath}:4), so the cost above leaves them out; set cost.cacheRead there to the provider's price for cached input in USD per 1M tokens`,
      );
    }
  });

  it("says nothing of it when cost.cacheRead is set and priced the requests", async () => {
    const { env } = await stateWith("set", "{ input: 0.6, output: 2.5, cacheRead: 0.15 }", 0.195);
    const table = await runCli(["usage"], { env });
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).not.toContain("cacheRead");
    expect(table.stdout).not.toContain("cached tokens");
    const json = JSON.parse((await runCli(["usage", "--json"], { env })).stdout) as {
      cacheReadPricedLaterModels: unknown[];
    };
    expect(json.cacheReadPricedLaterModels).toEqual([]);
  });

  it("says which cached tokens were recorded before cost.cacheRead was set", async () => {
    const { env, configPath } = await stateWith(
      "set-later",
      "{ input: 0.6, output: 2.5, cacheRead: 0.15 }",
    );
    for (const by of ["model", "provider"]) {
      const table = await runCli(["usage", "--by", by], { env });
      expect(table.code, table.stderr).toBe(0);
      expect(table.stdout.split("\n"), by).toContain(
        `900,000 cached tokens of moonshot/kimi-k2.5 were priced at $0: their requests were recorded before the config priced its cache reads (cost at ${configPath}:4); each request keeps the cost it was recorded with, so only those sent after the price was set are priced`,
      );
    }
    const json = JSON.parse((await runCli(["usage", "--json"], { env })).stdout) as {
      cacheReadPricedLaterModels: unknown[];
      pricedLaterModels: unknown[];
    };
    expect(json.cacheReadPricedLaterModels).toEqual([
      { model: "moonshot/kimi-k2.5", costAt: `${configPath}:4`, cachedTokens: 900_000 },
    ]);
    // The model was priced then: only its cached tokens were not.
    expect(json.pricedLaterModels).toEqual([]);
  });
});
