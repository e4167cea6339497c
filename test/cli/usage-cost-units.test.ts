/**
 * `openclaw usage` and the units of its costs. Every amount comes from the user's `cost`
 * settings (the built-in models are priced at 0). Moonshot's China platform bills in CNY, so a
 * model there may well be priced in yuan: its cost is shown without `$`, never added to dollars,
 * with a note saying why and where its prices are; --json keeps it in `costInConfigUnits`.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { UsageLedger } from "../../src/gateway/ledger.js";
import { runCli } from "../helpers/cli.js";
import { ledgerRow } from "../helpers/ledger-row.js";

vi.setConfig({ testTimeout: 240_000 });

const dir = mkdtempSync(join(tmpdir(), "openclaw-usage-cost-units-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A state dir whose ledger has a request for each of `costs` (`provider/model` → its cost). */
async function stateWith(name: string, providers: string, costs: Record<string, number>) {
  const home = join(dir, name);
  const ledger = new UsageLedger({ path: join(home, "usage.sqlite") });
  for (const [model, costUsd] of Object.entries(costs)) {
    ledger.record(
      ledgerRow({
        ts: Date.now() - 60_000,
        modelRequested: model,
        modelUsed: model,
        promptTokens: 1000,
        completionTokens: 100,
        costUsd,
      }),
    );
  }
  await ledger.close();
  const configPath = join(home, "openclaw.json");
  writeFileSync(configPath, `{\n  models: { providers: {\n${providers}\n  } },\n}\n`, {
    mode: 0o600,
  });
  return { env: { OPENCLAW_STATE_DIR: home, OPENCLAW_HOME: home, COLUMNS: "400" }, configPath };
}

const CN_PRICED = `    "moonshot-cn": { models: [
      { id: "kimi-k2.5", name: "Kimi K2.5",
        cost: { input: 4, output: 21 } },
    ] },`;
const AI_PRICED = `    moonshot: { models: [
      { id: "kimi-k2.5", name: "Kimi K2.5",
        cost: { input: 0.6, output: 2.5 } },
    ] },`;

interface Report {
  groups: Array<{ key: string; costUsd: number; costInConfigUnits: number }>;
  total: { costUsd: number; costInConfigUnits: number };
  configUnitsModels: Array<{ model: string; costAt: string | null }>;
}

describe("openclaw usage and the units of its costs", () => {
  it("shows a China platform model's cost without $, apart from dollars, and says why", async () => {
    const { env, configPath } = await stateWith("both", `${CN_PRICED}\n${AI_PRICED}`, {
      "moonshot-cn/kimi-k2.5": 0.0061,
      "moonshot/kimi-k2.5": 0.00085,
    });
    const table = await runCli(["usage"], { env });
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.split("\n");
    expect(lines.find((line) => line.startsWith("moonshot-cn/kimi-k2.5 "))).toMatch(
      /\s0\.0061\s+[\d.]+ ms$/,
    );
    expect(lines.find((line) => line.startsWith("moonshot/kimi-k2.5 "))).toMatch(
      /\s\$0\.00085\s+[\d.]+ ms$/,
    );
    expect(lines.find((line) => line.startsWith("total "))).toMatch(
      /\s\$0\.00085 \+ 0\.0061\s+[\d.]+ ms$/,
    );
    expect(lines).toContain(
      `no $ on the cost of moonshot-cn/kimi-k2.5: Moonshot's China platform bills in CNY, so it is in the units its prices are written in (cost at ${configPath}:5), and not added to dollars`,
    );
    // A day mixes both: its cell says both, as the total does.
    const byDay = await runCli(["usage", "--by", "day"], { env });
    expect(byDay.stdout.split("\n")[1]).toMatch(/\s\$0\.00085 \+ 0\.0061\s/);

    const json = await runCli(["usage", "--json"], { env });
    const report = JSON.parse(json.stdout) as Report;
    expect(report.groups).toEqual([
      expect.objectContaining({
        key: "moonshot-cn/kimi-k2.5",
        costUsd: 0,
        costInConfigUnits: 0.0061,
      }),
      expect.objectContaining({
        key: "moonshot/kimi-k2.5",
        costUsd: 0.00085,
        costInConfigUnits: 0,
      }),
    ]);
    expect(report.total).toMatchObject({ costUsd: 0.00085, costInConfigUnits: 0.0061 });
    expect(report.configUnitsModels).toEqual([
      { model: "moonshot-cn/kimi-k2.5", costAt: `${configPath}:5` },
    ]);
  });

  it("--last shows such a request's cost without $ too, and --json names its model", async () => {
    const { env, configPath } = await stateWith("last", `${CN_PRICED}\n${AI_PRICED}`, {
      "moonshot-cn/kimi-k2.5": 0.0061,
      "moonshot/kimi-k2.5": 0.00085,
    });
    // Piped: one line per request.
    const lines = (await runCli(["usage", "--last", "5"], { env })).stdout.split("\n");
    expect(lines.find((line) => line.includes("moonshot-cn/kimi-k2.5"))).toMatch(/\s0\.0061\s/);
    expect(lines.find((line) => line.includes("moonshot-cn/kimi-k2.5"))).not.toContain("$");
    expect(lines.find((line) => line.includes(" moonshot/kimi-k2.5"))).toContain("$0.00085");
    expect(lines).toContain(
      `no $ on the cost of moonshot-cn/kimi-k2.5: Moonshot's China platform bills in CNY, so it is in the units its prices are written in (cost at ${configPath}:5), and not added to dollars`,
    );
    const json = await runCli(["usage", "--last", "5", "--json"], { env });
    expect((JSON.parse(json.stdout) as Report).configUnitsModels).toEqual([
      { model: "moonshot-cn/kimi-k2.5", costAt: `${configPath}:5` },
    ]);
  });

  it("a provider of another id at api.moonshot.cn is on the China platform too", async () => {
    const custom = `    "kimi-china": { baseUrl: "https://api.moonshot.cn/v1", models: [
      { id: "kimi-k2.5", name: "Kimi K2.5", cost: { input: 4, output: 21 } },
    ] },`;
    const { env } = await stateWith("custom-id", custom, { "kimi-china/kimi-k2.5": 0.0061 });
    const table = await runCli(["usage", "--by", "provider"], { env });
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout.split("\n").find((line) => line.startsWith("kimi-china "))).toMatch(
      /\s0\.0061\s/,
    );
    expect(table.stdout).toContain("no $ on the cost of kimi-china/kimi-k2.5:");
  });

  it("keeps $ and says nothing more when no model is on the China platform", async () => {
    const { env } = await stateWith("usd-only", AI_PRICED, { "moonshot/kimi-k2.5": 0.00085 });
    const table = await runCli(["usage"], { env });
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout.split("\n").find((line) => line.startsWith("total "))).toMatch(
      /\s\$0\.00085\s/,
    );
    expect(table.stdout).not.toContain("no $");
    const report = JSON.parse((await runCli(["usage", "--json"], { env })).stdout) as Report;
    expect(report.total).toMatchObject({ costUsd: 0.00085, costInConfigUnits: 0 });
    expect(report.configUnitsModels).toEqual([]);
  });
});
