/**
 * An attempt the provider began to answer and then failed (an error in its stream after it had
 * reported usage), answered by a fallback: the provider bills both. The ledger row kept only the
 * fallback's tokens and cost; it now lists the attempt that fell through with its tokens and
 * cost (`fell_through`), and `openclaw usage` counts them under the model that spent them.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { parseExposition } from "../helpers/prometheus-text.js";
import { GATEWAY_TOKEN, type GatewayEnv, ledgerQuery, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
// A gateway for each test: the primary's failures in one would leave it cooling in the next.
beforeEach(async () => {
  env = await startGatewayEnv({
    primary: "moonshot/kimi-k2-turbo-preview",
    fallbacks: ["moonshot/kimi-k2.5"],
  });
});
afterEach(async () => {
  await env?.close();
});

interface FellThrough {
  model: string;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  cached_tokens: number | null;
  cost_usd: number | null;
}

describe("an attempt that fell through after its provider reported usage", () => {
  it("is in the request's row and in openclaw usage's totals, under its model", async () => {
    env.sim.script([
      {
        // The primary streams its usage, then an error: every try of it, so the chain moves on.
        when: { model: "kimi-k2-turbo-preview" },
        respond: {
          reply: { text: "", usage: { promptTokens: 1200, completionTokens: 7 } },
          midStreamError: { afterChunks: 50, error: "server" },
        },
        times: Number.POSITIVE_INFINITY,
      },
      {
        when: { model: "kimi-k2.5" },
        respond: { reply: { text: "Hello.", usage: { promptTokens: 1300, completionTokens: 3 } } },
      },
    ]);
    const stream = await env.client().chat.completions.create({
      // The chain: the primary, then its fallback.
      model: "openclaw/default",
      stream: true,
      messages: [{ role: "user", content: "hi" }],
    });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
    expect(text).toBe("Hello.");
    const tries = env.sim
      .chatRequests()
      .filter((request) => (request.body as { model: string }).model === "kimi-k2-turbo-preview");
    expect(tries.length).toBeGreaterThan(0);

    // One row, the fallback's tokens, and each billed try of the primary beside them.
    const rows = await ledgerQuery<{
      model_used: string;
      prompt_tokens: number;
      cost_usd: number;
      fell_through: string | null;
    }>(env, "SELECT model_used, prompt_tokens, cost_usd, fell_through FROM requests");
    expect(rows).toHaveLength(1);
    const row = rows[0] as (typeof rows)[number];
    expect(row.model_used).toBe("moonshot/kimi-k2.5");
    expect(row.prompt_tokens).toBe(1300);
    const fell = JSON.parse(row.fell_through ?? "[]") as FellThrough[];
    expect(fell).toHaveLength(tries.length);
    for (const attempt of fell) {
      expect(attempt).toMatchObject({
        model: "moonshot/kimi-k2-turbo-preview",
        prompt_tokens: 1200,
        completion_tokens: 7,
      });
      expect(attempt.cost_usd).toBeGreaterThan(0);
    }

    // usage --last --json: the request with its attempts that fell through.
    const last = await runCli(["usage", "--last", "1", "--json"], {
      env: { OPENCLAW_STATE_DIR: env.stateDir },
    });
    expect(last.code).toBe(0);
    const listed = JSON.parse(last.stdout) as {
      requests: { modelUsed: string; promptTokens: number; fellThrough: FellThrough[] | null }[];
    };
    expect(listed.requests[0]?.promptTokens).toBe(1300);
    expect(listed.requests[0]?.fellThrough).toEqual(fell);

    // usage --json by model: the primary's billed tokens count under it, the request under the
    // model that answered; the totals hold both.
    const byModel = await runCli(["usage", "--json", "--by", "model", "--since", "1d"], {
      env: { OPENCLAW_STATE_DIR: env.stateDir },
    });
    expect(byModel.code).toBe(0);
    // The table: the primary's line has its tokens, no request and so no latency.
    const table = await runCli(["usage", "--since", "1d"], {
      env: { OPENCLAW_STATE_DIR: env.stateDir },
    });
    const primaryLine = table.stdout
      .split("\n")
      .find((line) => line.startsWith("moonshot/kimi-k2-turbo-preview"));
    expect(primaryLine?.split(/\s+/)).toEqual([
      "moonshot/kimi-k2-turbo-preview",
      "0",
      "0",
      "0",
      (1200 * tries.length).toLocaleString("en-US"),
      String(7 * tries.length),
      "0",
      expect.stringMatching(/^\$0\.00/),
      "-",
    ]);
    const report = JSON.parse(byModel.stdout) as {
      groups: {
        key: string;
        requests: number;
        promptTokens: number;
        completionTokens: number;
        avgLatencyMs: number | null;
      }[];
      total: { requests: number; promptTokens: number; completionTokens: number; costUsd: number };
    };
    const group = (key: string) => report.groups.find((entry) => entry.key === key);
    // No request answered there, so no average latency: null, not 0 ms (the table's '-').
    expect(group("moonshot/kimi-k2-turbo-preview")).toMatchObject({
      requests: 0,
      promptTokens: 1200 * tries.length,
      completionTokens: 7 * tries.length,
      avgLatencyMs: null,
    });
    expect(group("moonshot/kimi-k2.5")).toMatchObject({ requests: 1, promptTokens: 1300 });
    expect(group("moonshot/kimi-k2.5")?.avgLatencyMs).toBeGreaterThan(0);
    expect(report.total).toMatchObject({
      requests: 1,
      promptTokens: 1300 + 1200 * tries.length,
      completionTokens: 3 + 7 * tries.length,
    });
    const fellCost = fell.reduce((sum, attempt) => sum + (attempt.cost_usd ?? 0), 0);
    expect(report.total.costUsd).toBeCloseTo(row.cost_usd + fellCost, 9);

    // /metrics counts the same tokens and cost by provider and model.
    const exposition = await (
      await fetch(`${env.gateway.url}/metrics`, {
        headers: { authorization: `Bearer ${GATEWAY_TOKEN}` },
      })
    ).text();
    const families = parseExposition(exposition).families;
    const sampled = (family: string, model: string, kind?: string) =>
      (families.get(family)?.samples ?? [])
        .filter(
          (sample) =>
            sample.labels.model === model && (kind === undefined || sample.labels.kind === kind),
        )
        .reduce((sum, sample) => sum + sample.value, 0);
    expect(sampled("openclaw_gateway_tokens_total", "kimi-k2-turbo-preview", "prompt")).toBe(
      1200 * tries.length,
    );
    expect(sampled("openclaw_gateway_tokens_total", "kimi-k2.5", "prompt")).toBe(1300);
    expect(sampled("openclaw_gateway_cost_usd_total", "kimi-k2-turbo-preview")).toBeCloseTo(
      fellCost,
      9,
    );
  });

  it("is listed with its tokens unknown when the stream broke before any usage came", async () => {
    env.sim.script([
      {
        // The first chunk (the role, no text yet), then the connection is cut.
        when: { model: "kimi-k2-turbo-preview" },
        respond: { cutAfterChunks: 1 },
        times: Number.POSITIVE_INFINITY,
      },
      {
        when: { model: "kimi-k2.5" },
        respond: { reply: { text: "Hi.", usage: { promptTokens: 900, completionTokens: 2 } } },
      },
    ]);
    const stream = await env.client().chat.completions.create({
      model: "openclaw/default",
      stream: true,
      messages: [{ role: "user", content: "hello" }],
    });
    let answer = "";
    for await (const chunk of stream) answer += chunk.choices[0]?.delta?.content ?? "";
    expect(answer).toBe("Hi.");
    const rows = await ledgerQuery<{ prompt_tokens: number; fell_through: string | null }>(
      env,
      "SELECT prompt_tokens, fell_through FROM requests ORDER BY id DESC LIMIT 1",
    );
    expect(rows[0]?.prompt_tokens).toBe(900);
    const fell = JSON.parse(rows[0]?.fell_through ?? "[]") as FellThrough[];
    expect(fell.length).toBeGreaterThan(0);
    // Nothing invented: the provider said nothing of them.
    for (const attempt of fell) {
      expect(attempt).toEqual({
        model: "moonshot/kimi-k2-turbo-preview",
        prompt_tokens: null,
        completion_tokens: null,
        cached_tokens: null,
        cost_usd: null,
      });
    }
  });

  it("is listed on a request that failed in the end, all but the attempt its row counts", async () => {
    env.sim.script([
      {
        // Both models stream their usage, then an error, every try: no attempt answers.
        when: { model: "kimi-k2-turbo-preview" },
        respond: {
          reply: { text: "", usage: { promptTokens: 1200, completionTokens: 7 } },
          midStreamError: { afterChunks: 50, error: "server" },
        },
        times: Number.POSITIVE_INFINITY,
      },
      {
        when: { model: "kimi-k2.5" },
        respond: {
          reply: { text: "", usage: { promptTokens: 1300, completionTokens: 5 } },
          midStreamError: { afterChunks: 50, error: "server" },
        },
        times: Number.POSITIVE_INFINITY,
      },
    ]);
    const response = await fetch(`${env.gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "openclaw/default",
        stream: true,
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    const told = await response.text();
    expect(told).toContain("error");
    const triesOf = (model: string) =>
      env.sim
        .chatRequests()
        .filter((request) => (request.body as { model: string }).model === model).length;
    const primaryTries = triesOf("kimi-k2-turbo-preview");
    const fallbackTries = triesOf("kimi-k2.5");
    expect(primaryTries).toBeGreaterThan(0);
    expect(fallbackTries).toBeGreaterThan(0);

    const rows = await ledgerQuery<{
      model_used: string;
      outcome: string;
      prompt_tokens: number;
      completion_tokens: number;
      estimated: number;
      fell_through: string | null;
    }>(
      env,
      "SELECT model_used, outcome, prompt_tokens, completion_tokens, estimated, fell_through FROM requests",
    );
    expect(rows).toHaveLength(1);
    const row = rows[0] as (typeof rows)[number];
    expect(row.outcome).toBe("error");
    expect(row.model_used).toBe("moonshot/kimi-k2.5");
    // The row's own tokens are the last try's, as the provider reported them (not an estimate of
    // the prompt); every earlier billed try is listed.
    expect(row).toMatchObject({ prompt_tokens: 1300, completion_tokens: 5, estimated: 0 });
    const fell = JSON.parse(row.fell_through ?? "[]") as FellThrough[];
    const listed = (model: string) => fell.filter((attempt) => attempt.model === model);
    expect(fell).toHaveLength(primaryTries + fallbackTries - 1);
    expect(listed("moonshot/kimi-k2-turbo-preview")).toHaveLength(primaryTries);
    for (const attempt of listed("moonshot/kimi-k2-turbo-preview"))
      expect(attempt).toMatchObject({ prompt_tokens: 1200, completion_tokens: 7 });
    expect(listed("moonshot/kimi-k2.5")).toHaveLength(fallbackTries - 1);
    for (const attempt of listed("moonshot/kimi-k2.5"))
      expect(attempt).toMatchObject({ prompt_tokens: 1300, completion_tokens: 5 });

    // openclaw usage counts them under the model that spent them, beside the row's own tokens.
    const byModel = await runCli(["usage", "--json", "--by", "model", "--since", "1d"], {
      env: { OPENCLAW_STATE_DIR: env.stateDir },
    });
    expect(byModel.code).toBe(0);
    const report = JSON.parse(byModel.stdout) as {
      groups: { key: string; requests: number; promptTokens: number }[];
    };
    const group = (key: string) => report.groups.find((entry) => entry.key === key);
    expect(group("moonshot/kimi-k2-turbo-preview")).toMatchObject({
      requests: 0,
      promptTokens: 1200 * primaryTries,
    });
    expect(group("moonshot/kimi-k2.5")).toMatchObject({
      requests: 1,
      promptTokens: row.prompt_tokens + 1300 * (fallbackTries - 1),
    });

    // /metrics: the primary's billed tries by provider and model.
    const exposition = await (
      await fetch(`${env.gateway.url}/metrics`, {
        headers: { authorization: `Bearer ${GATEWAY_TOKEN}` },
      })
    ).text();
    const prompt = (
      parseExposition(exposition).families.get("openclaw_gateway_tokens_total")?.samples ?? []
    )
      .filter(
        (sample) =>
          sample.labels.model === "kimi-k2-turbo-preview" && sample.labels.kind === "prompt",
      )
      .reduce((sum, sample) => sum + sample.value, 0);
    expect(prompt).toBe(1200 * primaryTries);
  });
});
