/**
 * `openclaw agent`'s summary line for a model without prices: its `cost` is 0 unless the config
 * sets it (and the Moonshot page's snippet writes zeros), so `cost $0` would read as free. The
 * line (and chat's `/usage`) says the cost is unknown and names the model instead; a priced model
 * keeps its dollars, and a Kimi Code model is said to use its plan's quota.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AgentResult } from "../../src/agent/index.js";
import { summaryLine } from "../../src/cli/commands/agent-render.js";
import { zeroPricedInConfig } from "../../src/config/cost-places.js";
import { loadConfig } from "../../src/config/index.js";
import type { RunResult } from "../../src/runtime/types.js";
import { runCli } from "../helpers/cli.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

describe("the agent's cost for a model without prices", () => {
  it("says unknown, naming the model, instead of $0", async () => {
    const { sim, stateDir, cliEnv } = await setup({ primary: "moonshot/kimi-k2.5", fallbacks: [] });
    // The simulator's config, its prices written as 0, as the page's snippet writes them. (Not
    // Kimi Code's model: its plan pays for it, see kimi-code-plan-cost.test.ts.)
    const configPath = join(stateDir, "openclaw.json");
    writeFileSync(
      configPath,
      readFileSync(configPath, "utf8").replace(
        /"input": 0\.6,\s*"output": 2\.5,\s*"cacheRead": 0\.15/g,
        '"input": 0, "output": 0, "cacheRead": 0',
      ),
    );
    sim.script([
      { respond: { reply: { text: "ok", usage: { promptTokens: 1000, completionTokens: 100 } } } },
    ]);
    const result = await runCli(["agent", "-m", "hi"], { env: cliEnv });
    expect(result.code, result.stderr).toBe(0);
    // Said with where.
    expect(result.stderr).toMatch(
      /moonshot\/kimi-k2\.5 · tokens: 1,000 in, 100 out · cost unknown \(the config prices moonshot\/kimi-k2\.5 at 0, at \S+openclaw\.json:\d+\) · /,
    );
    expect(result.stderr).not.toContain("cost $0");
  });

  it("the page's snippet writes cost 0: agent says the config prices the model at 0, and where, as usage does", async () => {
    const { sim, stateDir, cliEnv } = await setup();
    const configPath = join(stateDir, "openclaw.json");
    const { MOONSHOT_API_KEY: _fromShell, ...env } = cliEnv;
    writeFileSync(
      configPath,
      readFileSync(join(import.meta.dirname, "../fixtures/seed/moonshot.json5"), "utf8")
        .replace('"sk-..."', JSON.stringify(sim.keys.moonshot))
        .replace("https://api.moonshot.ai/v1", sim.moonshotBaseUrl),
    );
    sim.script([
      { respond: { reply: { text: "ok", usage: { promptTokens: 1000, completionTokens: 100 } } } },
    ]);
    const result = await runCli(["agent", "-m", "hi"], { env });
    expect(result.code, result.stderr).toBe(0);
    const printed = /cost unknown \([^)]*\)/.exec(result.stderr)?.[0] ?? "";
    // The place `openclaw usage` names for the same $0 (cost.input and cost.output at it).
    const place = zeroPricedInConfig(loadConfig({ path: configPath, env }), [
      "moonshot/kimi-k2.5",
    ]).get("moonshot/kimi-k2.5");
    expect(place).toBe(`${configPath}:31`);
    expect(printed).toBe(`cost unknown (the config prices moonshot/kimi-k2.5 at 0, at ${place})`);
    // The pages, English and Chinese, quote it for the snippet in the default config file.
    const quoted = printed.replace(configPath, "~/.openclaw/openclaw.json");
    for (const page of ["docs/providers/moonshot.md", "docs/zh-CN/providers/moonshot.md"]) {
      const text = readFileSync(join(import.meta.dirname, "../..", page), "utf8");
      expect(text, page).toContain(`\`${quoted}\``);
    }
  });

  it("a priced model keeps its cost in dollars", async () => {
    const { sim, cliEnv } = await setup({ primary: "moonshot/kimi-k2.5", fallbacks: [] });
    sim.script([
      { respond: { reply: { text: "ok", usage: { promptTokens: 1000, completionTokens: 100 } } } },
    ]);
    const result = await runCli(["agent", "-m", "hi"], { env: cliEnv });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("tokens: 1,000 in, 100 out · cost $0.00085 · ");
    expect(result.stderr).not.toContain("unknown");
  });

  it("chat's /usage line says what of the conversation a Kimi Code plan paid", async () => {
    const { sim, cliEnv } = await setup({ primary: "moonshot/kimi-k2.5", fallbacks: [] });
    sim.script([
      { respond: { reply: { text: "one", usage: { promptTokens: 1000, completionTokens: 100 } } } },
      { respond: { reply: { text: "two", usage: { promptTokens: 1000, completionTokens: 100 } } } },
    ]);
    const result = await runCli(["chat", "--session-id", "unpriced"], {
      env: cliEnv,
      input: "one\n/model kimi-code/kimi-for-coding\ntwo\n/usage\n",
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /2 answers · 2,000 tokens in \(0 cached\), 200 out · cost \$0\.00085, plus Kimi Code plan quota for kimi-code\/kimi-for-coding \(not per token; openclaw models status --probe shows what is left\) · session unpriced/,
    );
  });

  it("a run whose requests went to a priced and an unpriced model says which part is unknown", () => {
    const usage = {
      promptTokens: 1000,
      completionTokens: 100,
      totalTokens: 1100,
      cachedTokens: 0,
      cacheWriteTokens: 0,
    };
    const run = (model: string, total: number) =>
      ({
        message: { role: "assistant", content: "" },
        finishReason: "stop",
        usage,
        model,
        requestedModel: model,
        cost: { input: total, output: 0, cacheRead: 0, cacheWrite: 0, total },
        failedAttempts: [],
        latencyMs: 1,
      }) as unknown as RunResult;
    const result = {
      results: [run("moonshot/kimi-k2.5", 0.00085), run("deepseek/deepseek-chat", 0)],
      usage: { ...usage, promptTokens: 2000, completionTokens: 200, totalTokens: 2200 },
      cost: { input: 0.00085, output: 0, cacheRead: 0, cacheWrite: 0, total: 0.00085 },
      model: "deepseek/deepseek-chat",
    } as unknown as AgentResult;
    expect(summaryLine(result, 1000)).toBe(
      "deepseek/deepseek-chat · tokens: 2,000 in, 200 out · cost $0.00085 and unknown for deepseek/deepseek-chat (no prices) · 1.0s",
    );
    // A Kimi Code model's $0 is its plan's quota, beside the priced part and beside the unknown.
    const onPlan = {
      ...result,
      results: [...result.results, run("kimi-code/kimi-for-coding", 0)],
    } as unknown as AgentResult;
    expect(summaryLine(onPlan, 1000)).toBe(
      "deepseek/deepseek-chat · tokens: 2,000 in, 200 out · cost $0.00085 and unknown for deepseek/deepseek-chat (no prices), plus Kimi Code plan quota for kimi-code/kimi-for-coding (not per token; openclaw models status --probe shows what is left) · 1.0s",
    );
  });
});
