/**
 * A Kimi Code plan whose key is refused, with Moonshot as its fallback: every answer came from
 * Moonshot and the plan spent nothing. `openclaw usage` read the refused request (and the model
 * it had named) as the plan's and printed `$0.00002 + plan` for the day, the client and the
 * total, `billing: "mixed"` in --json, and its note that the plan's quota paid for requests.
 * Billing now follows what answered or spent tokens. The gateway, the simulator and the built CLI.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { type GatewayEnv, ledgerQuery, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv({
    primary: "kimi-code/kimi-for-coding",
    fallbacks: ["moonshot/kimi-k2.5"],
    editConfig: (config) => {
      const providers = (config.models as { providers: Record<string, { apiKey: string }> })
        .providers;
      const kimiCode = providers["kimi-code"];
      // A Kimi Code key the simulator does not know: refused with a 401, no token spent.
      if (kimiCode) kimiCode.apiKey = "sk-kimi-test-9999";
    },
  });
  // The plan's model asked for by name: its key refused, nothing spent.
  await expect(
    env.client().chat.completions.create({
      model: "kimi-code/kimi-for-coding",
      messages: [{ role: "user", content: "hi" }],
    }),
  ).rejects.toThrow(/401|key/i);
  // The chain: the plan's key is known refused, Moonshot answers.
  const answered = await env.client().chat.completions.create({
    model: "openclaw/default",
    messages: [{ role: "user", content: "hi" }],
  });
  expect(answered.model).toBe("moonshot/kimi-k2.5");
});
afterAll(async () => {
  await env?.close();
});

interface Report {
  groups: Array<{ key: string; costUsd: number; billing: string; requests: number }>;
  total: { costUsd: number; billing: string; requests: number };
  planBilledModels: string[];
}

async function usage(...args: string[]) {
  await env.gateway.ledger?.flush();
  const cliEnv = Object.fromEntries(
    Object.entries(env.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const result = await runCli(["usage", "--since", "1d", ...args], {
    env: { ...cliEnv, COLUMNS: "200" },
  });
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
}

describe("usage when a Kimi Code key is refused and Moonshot answers", () => {
  it("the ledger holds the refused request and the fallback's answer", async () => {
    const rows = await ledgerQuery<{ model_used: string; outcome: string; prompt_tokens: number }>(
      env,
      "SELECT model_used, outcome, prompt_tokens FROM requests ORDER BY id",
    );
    expect(rows).toEqual([
      { model_used: "kimi-code/kimi-for-coding", outcome: "error", prompt_tokens: 0 },
      { model_used: "moonshot/kimi-k2.5", outcome: "ok", prompt_tokens: expect.any(Number) },
    ]);
  });

  // By day and by model the hourly totals answer; by client and API, the rows.
  for (const by of ["day", "model", "provider", "client", "api"]) {
    it(`--by ${by}: dollars only, no plan in any cell, the total or the notes`, async () => {
      const table = await usage("--by", by);
      expect(table).toMatch(/^total .*\$0\.0000\d+ /m);
      expect(table).not.toMatch(/ plan(?: |$)|^plan: /m);
      const json = JSON.parse(await usage("--by", by, "--json")) as Report;
      expect(json.groups.map((group) => group.billing)).toEqual(json.groups.map(() => "tokens"));
      expect(json.total).toMatchObject({ requests: 2, billing: "tokens" });
      expect(json.total.costUsd).toBeGreaterThan(0);
      expect(json.planBilledModels).toEqual([]);
    });
  }

  it("the plan's model keeps its row, its failed request at $0", async () => {
    const table = await usage("--by", "model");
    expect(table).toMatch(/^kimi-code\/kimi-for-coding +1 +1 +0 +0 +0 +0 +\$0 /m);
  });
});
