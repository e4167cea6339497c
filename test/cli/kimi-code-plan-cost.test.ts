/**
 * A Kimi Code model's cost is 0 because the subscription pays for it (billed by the plan's quota,
 * refused when it is used up), not because a price was left unset: `agent`'s footer and `usage`
 * say so, and neither says the cost is unknown nor advises setting a per-token price. Before, the
 * footer said "cost unknown (the config prices kimi-code/kimi-for-coding at 0, at …)" and `usage`
 * printed `$0` with "set cost.input and cost.output there to the provider's prices". A custom
 * provider id at Kimi Code's address is the same plan; a model given real prices keeps them.
 * The built CLI, the simulator, and a ledger written by the gateway's own writer.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { billedByPlan, isKimiCodeBaseUrl } from "../../src/auth/plan-billing.js";
import { type LedgerRow, UsageLedger } from "../../src/gateway/ledger.js";
import { runCli } from "../helpers/cli.js";
import { ledgerRow } from "../helpers/ledger-row.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();
const ON_PLAN =
  "cost Kimi Code plan quota (not per token; openclaw models status --probe shows what is left)";

/** The simulator's config, changed by `edit` (the parsed JSON the sim env writes). */
function editConfig(stateDir: string, edit: (config: SimConfig) => void): void {
  const path = join(stateDir, "openclaw.json");
  const config = JSON.parse(readFileSync(path, "utf8")) as SimConfig;
  edit(config);
  writeFileSync(path, JSON.stringify(config, null, 2));
}

interface SimConfig {
  agents: { defaults: { model: { primary: string } } };
  models: {
    providers: Record<
      string,
      { baseUrl: string; models: Array<{ id: string; cost: Record<string, number> }> }
    >;
  };
}

async function agentOn(primary: string, json: boolean, edit?: (config: SimConfig) => void) {
  const simEnv = await setup({ primary, fallbacks: [] });
  if (edit) editConfig(simEnv.stateDir, edit);
  simEnv.sim.script([
    { respond: { reply: { text: "ok", usage: { promptTokens: 1000, completionTokens: 100 } } } },
  ]);
  const result = await runCli(["agent", "-m", "hi", ...(json ? ["--json"] : [])], {
    env: simEnv.cliEnv,
  });
  expect(result.code, result.stderr).toBe(0);
  return result;
}

describe("agent on a Kimi Code plan", () => {
  it("says the plan's quota paid, not that the cost is unknown", async () => {
    const result = await agentOn("kimi-code/kimi-for-coding", false);
    expect(result.stderr).toContain(
      `kimi-code/kimi-for-coding · tokens: 1,000 in, 100 out · ${ON_PLAN} · `,
    );
    expect(result.stderr).not.toContain("unknown");
    expect(result.stderr).not.toContain("$0");
  });

  it("--json keeps cost at 0 and says billing plan", async () => {
    const json = JSON.parse((await agentOn("kimi-code/kimi-for-coding", true)).stdout);
    expect(json.cost).toMatchObject({ total: 0 });
    expect(json.unpricedModels).toEqual(["kimi-code/kimi-for-coding"]);
    expect(json.planBilledModels).toEqual(["kimi-code/kimi-for-coding"]);
    expect(json.billing).toBe("plan");
    const priced = JSON.parse((await agentOn("moonshot/kimi-k2.5", true)).stdout);
    expect(priced.planBilledModels).toEqual([]);
    expect(priced.billing).toBe("tokens");
  });

  it("a custom provider id at Kimi Code's address is the same plan", async () => {
    const { sim, stateDir, cliEnv } = await setup({
      primary: "mykimi/kimi-for-coding",
      fallbacks: [],
    });
    editConfig(stateDir, (config) => {
      const kimi = config.models.providers["kimi-code"];
      if (kimi) config.models.providers.mykimi = kimi;
      delete config.models.providers["kimi-code"];
    });
    const reply = {
      respond: { reply: { text: "ok", usage: { promptTokens: 10, completionTokens: 5 } } },
    };
    sim.script([reply, reply]);
    // Kimi Code pointed at the simulator, as a proxy would point it: that address is Kimi Code's.
    const env = { ...cliEnv, OPENCLAW_KIMI_CODE_BASE_URL: sim.kimiCodeBaseUrl };
    const onPlan = await runCli(["agent", "-m", "hi"], { env });
    expect(onPlan.code, onPlan.stderr).toBe(0);
    expect(onPlan.stderr).toContain(`tokens: 10 in, 5 out · ${ON_PLAN} · `);
    // Otherwise the simulator is any provider, whose zeros are no price.
    const elsewhere = await runCli(["agent", "-m", "hi"], { env: cliEnv });
    expect(elsewhere.code, elsewhere.stderr).toBe(0);
    expect(elsewhere.stderr).toContain(
      "cost unknown (the config prices mykimi/kimi-for-coding at 0",
    );
  });

  it("a Kimi Code model given real prices keeps its dollars", async () => {
    const result = await agentOn("kimi-code/kimi-for-coding", false, (config) => {
      const model = config.models.providers["kimi-code"]?.models[0];
      if (model) model.cost = { input: 1, output: 4, cacheRead: 0, cacheWrite: 0 };
    });
    expect(result.stderr).toContain("tokens: 1,000 in, 100 out · cost $0.0014 · ");
    expect(result.stderr).not.toContain("plan");
  });
});

describe("usage of a Kimi Code plan", () => {
  const home = mkdtempSync(join(tmpdir(), "openclaw-plan-usage-"));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  /** A state dir whose ledger holds `rows` and whose config is `config` (none when undefined). */
  async function ledgerOf(name: string, rows: Array<Partial<LedgerRow>>, config?: string) {
    const dir = join(home, name);
    const ledger = new UsageLedger({ path: join(dir, "usage.sqlite") });
    for (const fields of rows) ledger.record(ledgerRow(fields));
    await ledger.close();
    if (config !== undefined) writeFileSync(join(dir, "openclaw.json"), config, { mode: 0o600 });
    return { OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir, COLUMNS: "400" };
  }
  const kimi = { modelUsed: "kimi-code/kimi-for-coding", promptTokens: 900, completionTokens: 90 };
  const moonshot = {
    modelUsed: "moonshot/kimi-k2.5",
    promptTokens: 1000,
    completionTokens: 100,
    costUsd: 0.0042,
  };
  // As onboarding and the Moonshot page's snippet write it.
  const zeroPricedKimi = [
    "{",
    '  models: { providers: { "kimi-code": { baseUrl: "https://api.kimi.com/coding/v1", models: [',
    '    { id: "kimi-for-coding", name: "Kimi For Coding",',
    "      cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 } },",
    "  ] } } },",
    "}",
  ].join("\n");
  const note =
    "plan: kimi-code/kimi-for-coding is billed by the Kimi Code plan's quota, not per token: its requests count against the subscription's quota and add nothing to Cost (openclaw models status --probe shows what is left)";
  const cost = (stdout: string, label: string) =>
    stdout
      .split("\n")
      .find((line) => line.startsWith(`${label} `))
      ?.split(/\s{2,}/)[7];

  it("shows plan in its Cost cell and the total, with a note instead of set-a-price advice", async () => {
    const env = await ledgerOf("mixed", [kimi, moonshot], zeroPricedKimi);
    const byModel = await runCli(["usage", "--by", "model"], { env });
    expect(byModel.code, byModel.stderr).toBe(0);
    expect(cost(byModel.stdout, "kimi-code/kimi-for-coding")).toBe("plan");
    expect(cost(byModel.stdout, "moonshot/kimi-k2.5")).toBe("$0.0042");
    expect(cost(byModel.stdout, "total")).toBe("$0.0042 + plan");
    const byProvider = await runCli(["usage", "--by", "provider"], { env });
    expect(cost(byProvider.stdout, "kimi-code")).toBe("plan");
    expect(cost(byProvider.stdout, "total")).toBe("$0.0042 + plan");
    // Today's requests went to both: the day's cell says so, as the total does.
    const byDay = await runCli(["usage", "--by", "day"], { env });
    const today = byDay.stdout.split("\n").find((line) => /^\d{4}-\d{2}-\d{2} /.test(line));
    expect(today?.split(/\s{2,}/)[7]).toBe("$0.0042 + plan");
    expect(cost(byDay.stdout, "total")).toBe("$0.0042 + plan");
    for (const table of [byModel, byProvider, byDay]) {
      expect(table.stdout.split("\n")).toContain(note);
      expect(table.stdout).not.toContain("set cost.input");
      expect(table.stdout).not.toContain("$0 for");
    }
  });

  it("a report of the plan alone totals plan, not $0", async () => {
    const env = await ledgerOf("plan-only", [kimi, kimi]);
    const table = await runCli(["usage"], { env });
    expect(cost(table.stdout, "kimi-code/kimi-for-coding")).toBe("plan");
    expect(cost(table.stdout, "total")).toBe("plan");
    expect(table.stdout).not.toMatch(/\$0\b/);
  });

  it("--json keeps costUsd numbers and says how each group is billed", async () => {
    const env = await ledgerOf("json", [kimi, moonshot], zeroPricedKimi);
    const byModel = JSON.parse((await runCli(["usage", "--json"], { env })).stdout);
    const group = (key: string) =>
      byModel.groups.find((entry: { key: string }) => entry.key === key);
    expect(group("kimi-code/kimi-for-coding")).toMatchObject({ costUsd: 0, billing: "plan" });
    expect(group("moonshot/kimi-k2.5")).toMatchObject({ costUsd: 0.0042, billing: "tokens" });
    expect(byModel.total).toMatchObject({ costUsd: 0.0042, billing: "mixed" });
    expect(byModel.planBilledModels).toEqual(["kimi-code/kimi-for-coding"]);
    // Kept as they were: every $0 model with tokens, and where the config writes the zeros.
    expect(byModel.unpricedModels).toEqual(["kimi-code/kimi-for-coding"]);
    expect(byModel.zeroPricedModels).toHaveLength(1);
    const byDay = JSON.parse((await runCli(["usage", "--by", "day", "--json"], { env })).stdout);
    expect(byDay.groups[0]).toMatchObject({ costUsd: 0.0042, billing: "mixed" });
    expect(byDay.total.billing).toBe("mixed");
  });

  describe("by day, client and API", () => {
    // Noon UTC, 3, 2 and 1 days back: one local day each, in UTC as in Kolkata (+05:30).
    const noon = (daysBack: number) => {
      const today = new Date();
      return Date.UTC(
        today.getUTCFullYear(),
        today.getUTCMonth(),
        today.getUTCDate() - daysBack,
        12,
      );
    };
    // A day on the plan alone (Claude Code, on /v1/messages), a day on Moonshot alone (a batch,
    // on /v1/responses), and a day with both (an app, on /v1/chat/completions).
    const rows: Array<Partial<LedgerRow>> = [
      { ...kimi, ts: noon(3), client: "claude-code", api: "messages" },
      { ...kimi, ts: noon(3) + 60_000, client: "claude-code", api: "messages" },
      { ...moonshot, ts: noon(2), client: "batch", api: "responses" },
      { ...kimi, ts: noon(1), client: "app", api: "chat_completions" },
      { ...moonshot, ts: noon(1) + 60_000, client: "app", api: "chat_completions" },
    ];
    const cells = { plan: "plan", tokens: "$0.0042", mixed: "$0.0042 + plan" };

    // The hourly totals answer in UTC; in Kolkata days straddle their hours and come from rows.
    for (const timeZone of ["UTC", "Asia/Kolkata"]) {
      it(`a day all on the plan reads plan, one with both $x + plan (${timeZone})`, async () => {
        const env = {
          ...(await ledgerOf(`days-${timeZone.replace("/", "-")}`, rows)),
          TZ: timeZone,
        };
        const table = await runCli(["usage", "--by", "day"], { env });
        expect(table.code, table.stderr).toBe(0);
        expect(cost(table.stdout, dayOf(noon(3), timeZone))).toBe(cells.plan);
        expect(cost(table.stdout, dayOf(noon(2), timeZone))).toBe(cells.tokens);
        expect(cost(table.stdout, dayOf(noon(1), timeZone))).toBe(cells.mixed);
        expect(cost(table.stdout, "total")).toBe("$0.0084 + plan");
        expect(table.stdout.split("\n")).toContain(note);
        expect(table.stdout).not.toMatch(/\$0(?:\.0+)?(?![.\d])/);
        const json = JSON.parse((await runCli(["usage", "--by", "day", "--json"], { env })).stdout);
        expect(json.groups.map(({ costUsd, billing }: JsonGroup) => [costUsd, billing])).toEqual([
          [0, "plan"],
          [0.0042, "tokens"],
          [0.0042, "mixed"],
        ]);
        expect(json.groups[0]).not.toHaveProperty("models");
      });
    }

    it("a client or an API all on the plan reads plan, one with both $x + plan", async () => {
      const env = await ledgerOf("clients", rows);
      const byClient = await runCli(["usage", "--by", "client"], { env });
      expect(byClient.code, byClient.stderr).toBe(0);
      expect(cost(byClient.stdout, "claude-code")).toBe(cells.plan);
      expect(cost(byClient.stdout, "batch")).toBe(cells.tokens);
      expect(cost(byClient.stdout, "app")).toBe(cells.mixed);
      const byApi = await runCli(["usage", "--by", "api"], { env });
      expect(cost(byApi.stdout, "messages")).toBe(cells.plan);
      expect(cost(byApi.stdout, "responses")).toBe(cells.tokens);
      expect(cost(byApi.stdout, "chat_completions")).toBe(cells.mixed);
      for (const [by, planKey, mixedKey] of [
        ["client", "claude-code", "app"],
        ["api", "messages", "chat_completions"],
      ]) {
        const json = JSON.parse(
          (await runCli(["usage", "--by", `${by}`, "--json"], { env })).stdout,
        );
        const group = (key: string | undefined) =>
          json.groups.find((entry: { key: string }) => entry.key === key);
        expect(group(planKey)).toMatchObject({ costUsd: 0, billing: "plan" });
        expect(group(mixedKey)).toMatchObject({ costUsd: 0.0042, billing: "mixed" });
        expect(json.groups).toHaveLength(3);
        expect(json.total).toMatchObject({ costUsd: 0.0084, billing: "mixed" });
      }
    });

    it("an attempt on the plan that fell through makes its client's requests mixed", async () => {
      const attempt = {
        model: "kimi-code/kimi-for-coding",
        prompt_tokens: 900,
        completion_tokens: 0,
        cached_tokens: 0,
        cost_usd: 0,
      };
      const env = await ledgerOf("fell-through", [
        { ...moonshot, client: "app", fallbackFrom: kimi.modelUsed, fellThrough: [attempt] },
        { ...moonshot, client: "batch" },
      ]);
      const table = await runCli(["usage", "--by", "client"], { env });
      expect(cost(table.stdout, "app")).toBe(cells.mixed);
      expect(cost(table.stdout, "batch")).toBe(cells.tokens);
    });

    it("an attempt on the plan that spent no token, or a request it refused, is not plan", async () => {
      // Begun and lost before the plan reported a token, then answered by Moonshot; and a request
      // the plan refused outright (its key, its quota) with nothing spent.
      const unknown = {
        model: "kimi-code/kimi-for-coding",
        prompt_tokens: null,
        completion_tokens: null,
        cached_tokens: null,
        cost_usd: null,
      };
      const refused = { modelUsed: kimi.modelUsed, outcome: "error", status: 401 } as const;
      const env = await ledgerOf("spent-nothing", [
        { ...moonshot, client: "app", fallbackFrom: kimi.modelUsed, fellThrough: [unknown] },
        { ...refused, client: "app", api: "messages" },
        { ...refused, client: "cli", api: "messages" },
      ]);
      for (const by of ["client", "day", "api", "provider", "model"]) {
        const table = await runCli(["usage", "--by", by], { env });
        expect(table.code, table.stderr).toBe(0);
        // No `plan` or `+ plan` cell, no note saying what `plan` means.
        expect(table.stdout).not.toMatch(/ plan(?: |$)|^plan: /m);
        expect(cost(table.stdout, "total")).toBe(cells.tokens);
        const json = JSON.parse((await runCli(["usage", "--by", by, "--json"], { env })).stdout);
        expect(json.total).toMatchObject({ costUsd: 0.0042, billing: "tokens" });
        expect(json.planBilledModels).toEqual([]);
      }
      const byClient = await runCli(["usage", "--by", "client"], { env });
      expect(cost(byClient.stdout, "app")).toBe(cells.tokens);
      // Nothing spent there, and nothing said to be the plan's: $0.
      expect(cost(byClient.stdout, "cli")).toBe("$0");
    });

    it("the table still fits the terminal, the least needed columns left out", async () => {
      const env = { ...(await ledgerOf("narrow", rows)), COLUMNS: "66" };
      const table = await runCli(["usage", "--by", "client"], { env });
      expect(table.code, table.stderr).toBe(0);
      for (const line of table.stdout.split("\n")) expect(line.length).toBeLessThanOrEqual(66);
      expect(table.stdout).toMatch(/^Client +Requests +Errors +Prompt +Completion +Cost$/m);
      expect(table.stdout).toMatch(/^app .* \$0\.0042 \+ plan$/m);
      expect(table.stdout).toMatch(/^claude-code .* plan$/m);
    });
  });

  it("a custom provider at api.kimi.com/coding is the plan; one priced above 0 keeps dollars", async () => {
    const config = [
      "{",
      "  models: { providers: {",
      '    mykimi: { baseUrl: "https://api.kimi.com/coding/", models: [{ id: "k4c", name: "K" }] },',
      '    "kimi-code": { models: [{ id: "kimi-for-coding", name: "Kimi For Coding",',
      "      cost: { input: 1, output: 4, cacheRead: 0, cacheWrite: 0 } }] },",
      "  } },",
      "}",
    ].join("\n");
    const env = await ledgerOf(
      "custom",
      [
        { ...kimi, costUsd: 0.0013 },
        { modelUsed: "mykimi/k4c", promptTokens: 10, completionTokens: 5 },
      ],
      config,
    );
    const table = await runCli(["usage"], { env });
    expect(cost(table.stdout, "mykimi/k4c")).toBe("plan");
    expect(cost(table.stdout, "kimi-code/kimi-for-coding")).toBe("$0.0013");
    const json = JSON.parse((await runCli(["usage", "--json"], { env })).stdout);
    expect(json.planBilledModels).toEqual(["mykimi/k4c"]);
  });
});

interface JsonGroup {
  costUsd: number;
  billing: string;
}

/** `2026-12-04`: the day of `ts` in `timeZone`. */
function dayOf(ts: number, timeZone: string): string {
  return new Date(ts).toLocaleDateString("en-CA", { timeZone });
}

describe("which providers a plan pays for", () => {
  it("knows Kimi Code by id, public address or its override, and nothing else", () => {
    expect(billedByPlan("kimi-code", undefined, {})).toBe(true);
    expect(billedByPlan("kimi-coding", undefined, {})).toBe(true);
    expect(billedByPlan("corp", "https://API.kimi.com/coding/v1/", {})).toBe(true);
    expect(billedByPlan("corp", "https://api.kimi.com/coding", {})).toBe(true);
    expect(billedByPlan("moonshot", "https://api.moonshot.ai/v1", {})).toBe(false);
    expect(billedByPlan("corp", "https://api.kimi.com/codingx/v1", {})).toBe(false);
    expect(billedByPlan("corp", "not a url", {})).toBe(false);
    const env = { OPENCLAW_KIMI_CODE_BASE_URL: "http://127.0.0.1:9/kimi/v1" };
    expect(isKimiCodeBaseUrl("http://127.0.0.1:9/kimi/v1/", env)).toBe(true);
    expect(isKimiCodeBaseUrl("http://127.0.0.1:9/kimi/v1", {})).toBe(false);
  });
});
