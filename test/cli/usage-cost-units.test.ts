/**
 * `openclaw usage` and the units of its costs. A model's `cost` settings are USD per 1M tokens on
 * every provider, so every cost is dollars, a China platform model's too, and adds up with the
 * rest. The hints that say to set a price for a model on Moonshot's China platform, whose price
 * page is in CNY, say to convert those prices.
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

/** A request's cost and cached tokens, by `provider/model`. */
type Spent = Record<string, { costUsd: number; cachedTokens?: number }>;

/** A state dir whose ledger has a request for each model of `spent`. */
async function stateWith(name: string, providers: string, spent: Spent) {
  const home = join(dir, name);
  const ledger = new UsageLedger({ path: join(home, "usage.sqlite") });
  for (const [model, { costUsd, cachedTokens = 0 }] of Object.entries(spent)) {
    ledger.record(
      ledgerRow({
        ts: Date.now() - 60_000,
        modelRequested: model,
        modelUsed: model,
        promptTokens: 1000,
        completionTokens: 100,
        cachedTokens,
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
        cost: { input: 0.6, output: 2.5 } },
    ] },`;
const AI_PRICED = `    moonshot: { models: [
      { id: "kimi-k2.5", name: "Kimi K2.5",
        cost: { input: 0.6, output: 2.5 } },
    ] },`;
const CNY_HINT = "convert the China platform's CNY prices";

interface Report {
  groups: Array<Record<string, unknown> & { key: string; costUsd: number }>;
  total: Record<string, unknown> & { costUsd: number };
}

describe("openclaw usage and the units of its costs", () => {
  it("shows a China platform model's cost in dollars and adds it to the rest", async () => {
    const { env } = await stateWith("both", `${CN_PRICED}\n${AI_PRICED}`, {
      "moonshot-cn/kimi-k2.5": { costUsd: 0.00061 },
      "moonshot/kimi-k2.5": { costUsd: 0.00085 },
    });
    const table = await runCli(["usage"], { env });
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.split("\n");
    expect(lines.find((line) => line.startsWith("moonshot-cn/kimi-k2.5 "))).toMatch(
      /\s\$0\.00061\s+[\d.]+ ms$/,
    );
    expect(lines.find((line) => line.startsWith("total "))).toMatch(/\s\$0\.0015\s+[\d.]+ ms$/);
    expect(table.stdout).not.toContain("no $");
    const byDay = await runCli(["usage", "--by", "day"], { env });
    expect(byDay.stdout.split("\n")[1]).toMatch(/\s\$0\.0015\s/);

    const report = JSON.parse((await runCli(["usage", "--json"], { env })).stdout) as Report & {
      configUnitsModels?: unknown;
    };
    expect(report.groups.map(({ key, costUsd }) => ({ key, costUsd }))).toEqual([
      { key: "moonshot/kimi-k2.5", costUsd: 0.00085 },
      { key: "moonshot-cn/kimi-k2.5", costUsd: 0.00061 },
    ]);
    expect(report.total.costUsd).toBe(0.00146);
    expect(report.total).not.toHaveProperty("costInConfigUnits");
    expect(report.groups[0]).not.toHaveProperty("costInConfigUnits");
    expect(report).not.toHaveProperty("configUnitsModels");

    // Piped --last: one line per request, each cost in dollars.
    const last = (await runCli(["usage", "--last", "5"], { env })).stdout.split("\n");
    expect(last.find((line) => line.includes("moonshot-cn/kimi-k2.5"))).toContain("$0.00061");
    expect(last.join("\n")).not.toContain("no $");
    const lastJson = JSON.parse((await runCli(["usage", "--last", "5", "--json"], { env })).stdout);
    expect(lastJson).not.toHaveProperty("configUnitsModels");
  });

  it("says to convert the CNY prices where it says to set a China platform model's price", async () => {
    const { env } = await stateWith(
      "hints",
      `    "moonshot-cn": { models: [
      { id: "kimi-k2.5", name: "Kimi K2.5" },
      { id: "kimi-k2-turbo-preview", name: "Turbo", cost: { input: 0, output: 0 } },
      { id: "kimi-k2-thinking", name: "Thinking", cost: { input: 0.6, output: 2.5 } },
    ] },`,
      {
        "moonshot-cn/kimi-k2.5": { costUsd: 0 },
        "moonshot-cn/kimi-k2-turbo-preview": { costUsd: 0 },
        "moonshot-cn/kimi-k2-thinking": { costUsd: 0.00079, cachedTokens: 500 },
      },
    );
    const table = await runCli(["usage"], { env });
    expect(table.code, table.stderr).toBe(0);
    const notes = table.stdout.split("\n");
    expect(notes.find((line) => line.startsWith("$0 for moonshot-cn/kimi-k2.5:"))).toContain(
      `USD per 1M tokens; 0 unless set; ${CNY_HINT})`,
    );
    expect(
      notes.find((line) => line.startsWith("$0 for moonshot-cn/kimi-k2-turbo-preview:")),
    ).toContain(`USD per 1M tokens (${CNY_HINT}; requests already recorded keep their $0)`);
    expect(notes.find((line) => line.startsWith("500 cached tokens of"))).toMatch(
      new RegExp(`USD per 1M tokens \\(${CNY_HINT.replace(/[.$]/g, "\\$&")}\\)$`),
    );

    // A provider of another id at api.moonshot.cn is on the China platform too.
    const custom = await stateWith(
      "custom-id",
      `    "kimi-china": { baseUrl: "https://api.moonshot.cn/v1", models: [
      { id: "kimi-k2.5", name: "Kimi K2.5" },
    ] },`,
      { "kimi-china/kimi-k2.5": { costUsd: 0 } },
    );
    const customTable = await runCli(["usage"], { env: custom.env });
    expect(customTable.stdout).toContain(CNY_HINT);
  });

  it("says nothing of CNY for a model on the international platform", async () => {
    const { env } = await stateWith(
      "international",
      `    moonshot: { models: [
      { id: "kimi-k2.5", name: "Kimi K2.5" },
      { id: "kimi-k2-thinking", name: "Thinking", cost: { input: 0.6, output: 2.5 } },
    ] },`,
      {
        "moonshot/kimi-k2.5": { costUsd: 0 },
        "moonshot/kimi-k2-thinking": { costUsd: 0.00079, cachedTokens: 500 },
      },
    );
    const table = await runCli(["usage"], { env });
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain("$0 for moonshot/kimi-k2.5: no price was set");
    expect(table.stdout).toContain("500 cached tokens of moonshot/kimi-k2-thinking");
    expect(table.stdout).not.toContain("CNY");
  });
});
