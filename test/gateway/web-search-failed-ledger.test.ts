/**
 * A web search whose second request fails after the provider began to answer it: the ledger row
 * holds what the provider billed, once each. The first request's reported tokens, plus the failed
 * one's as reported (or estimated, and marked, when it reported none); tries of another model that
 * fell through, in any request of the answer, are listed under that model and not also in the
 * row. `openclaw usage --json` and /metrics count the same. Before, a failed request's reported
 * tokens were replaced by an estimate, an earlier request's fallen-through tries were lost, and a
 * fallback refused outright was estimated the primary's billed try again.
 */
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { parseExposition } from "../helpers/prometheus-text.js";
import {
  eventually,
  GATEWAY_TOKEN,
  type GatewayEnv,
  ledgerQuery,
  startGatewayEnv,
} from "./harness.js";

let env: GatewayEnv;
afterEach(async () => {
  await env?.close();
});

type Rule = Parameters<GatewayEnv["sim"]["script"]>[0][number];

/** The model searches; Moonshot reports 500 + 20 tokens for that request. */
const searching = (model: string): Rule => ({
  when: { model },
  respond: {
    reply: {
      toolCalls: [
        {
          name: "$web_search",
          arguments: { search_result: { search_id: "f1" }, usage: { total_tokens: 1500 } },
        },
      ],
      usage: { promptTokens: 500, completionTokens: 20 },
    },
  },
});

/** The model reports `prompt` + `completion` tokens, then its stream carries an error. */
const billedThenFailing = (model: string, prompt: number, completion: number, text = ""): Rule => ({
  when: { model },
  respond: {
    reply: { text, usage: { promptTokens: prompt, completionTokens: completion } },
    midStreamError: { afterChunks: 50, error: "server" },
  },
  times: Number.POSITIVE_INFINITY,
});

// Every model of the test config: 0.6 and 2.5 USD per million input and output tokens.
const priced = (prompt: number, completion: number) => (prompt * 0.6 + completion * 2.5) / 1e6;

interface FellThrough {
  model: string;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  cost_usd: number | null;
}
interface Row {
  model_used: string;
  fallback_from: string | null;
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: number;
  web_searches: number;
  estimated: number;
  fell_through: string | null;
}
interface Group {
  key: string;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  webSearches: number;
  estimatedRequests: number;
}

/** Asks with web search (streamed, as the error comes in a stream); the one row, usage, metrics. */
async function searchAndRead(model: string) {
  const response = await fetch(`${env.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({
      model,
      stream: true,
      web_search_options: {},
      // Nothing streamed while the primary fails: the run may move on to the fallback.
      thinking: { type: "disabled" },
      messages: [{ role: "user", content: "search, then fail" }],
    }),
  });
  expect(await response.text()).toContain('"error"');
  const rows = await ledgerQuery<Row>(
    env,
    "SELECT model_used, fallback_from, prompt_tokens, completion_tokens, cost_usd, web_searches, estimated, fell_through FROM requests",
  );
  expect(rows).toHaveLength(1);
  const row = rows[0] as Row;
  const fell = JSON.parse(row.fell_through ?? "[]") as FellThrough[];
  const usage = await runCli(["usage", "--json", "--by", "model", "--since", "1d"], {
    env: { OPENCLAW_STATE_DIR: env.stateDir },
  });
  expect(usage.code).toBe(0);
  const report = JSON.parse(usage.stdout) as { groups: Group[]; total: Group };
  const group = (key: string) => report.groups.find((entry) => entry.key === key);
  const exposition = await (
    await fetch(`${env.gateway.url}/metrics`, {
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}` },
    })
  ).text();
  const families = parseExposition(exposition).families;
  const metric = (family: string, labels: Record<string, string>) =>
    (families.get(family)?.samples ?? [])
      .filter((sample) => Object.entries(labels).every(([k, v]) => sample.labels[k] === v))
      .reduce((sum, sample) => sum + sample.value, 0);
  const tries = (id: string) =>
    env.sim.chatRequests().filter((request) => (request.body as { model: string }).model === id)
      .length;
  return { row, fell, group, total: report.total, metric, tries };
}

describe("a web search whose second request fails after it began to be answered", () => {
  it("keeps the failed request's reported tokens, not an estimate in their place", async () => {
    env = await startGatewayEnv({ fallbacks: [] });
    env.sim.script([
      searching("kimi-k2.5"),
      billedThenFailing("kimi-k2.5", 1700, 9, "Partial answer."),
    ]);
    const { row, fell, group, metric } = await searchAndRead("moonshot/kimi-k2.5");
    // Billed: 500 + 20 for the search request, 1,700 + 9 for the one that failed.
    expect(row).toMatchObject({
      model_used: "moonshot/kimi-k2.5",
      prompt_tokens: 2200,
      completion_tokens: 29,
      web_searches: 1,
      estimated: 0,
    });
    expect(row.cost_usd).toBeCloseTo(priced(2200, 29), 12);
    expect(fell).toEqual([]);
    expect(group("moonshot/kimi-k2.5")).toMatchObject({
      requests: 1,
      promptTokens: 2200,
      completionTokens: 29,
      webSearches: 1,
      estimatedRequests: 0,
    });
    expect(metric("openclaw_gateway_tokens_total", { model: "kimi-k2.5", kind: "prompt" })).toBe(
      2200,
    );
  });

  it("counts a retried request's last try in the row and its earlier tries beside it, each as reported", async () => {
    env = await startGatewayEnv({ fallbacks: [] });
    // Nothing shown before the error: the same model is tried again, each try billed.
    env.sim.script([searching("kimi-k2.5"), billedThenFailing("kimi-k2.5", 1700, 9)]);
    const { row, fell, total, tries } = await searchAndRead("moonshot/kimi-k2.5");
    const failedTries = tries("kimi-k2.5") - 1;
    expect(failedTries).toBeGreaterThan(1);
    expect(row).toMatchObject({ prompt_tokens: 2200, completion_tokens: 29, estimated: 0 });
    expect(fell).toHaveLength(failedTries - 1);
    for (const attempt of fell)
      expect(attempt).toMatchObject({
        model: "moonshot/kimi-k2.5",
        prompt_tokens: 1700,
        completion_tokens: 9,
      });
    expect(total).toMatchObject({
      promptTokens: 500 + 1700 * failedTries,
      completionTokens: 20 + 9 * failedTries,
    });
    expect(total.costUsd).toBeCloseTo(priced(500 + 1700 * failedTries, 20 + 9 * failedTries), 9);
  });
});

describe("a web search whose client leaves while the second request is with Moonshot", () => {
  it("estimates the second request's prompt, which Moonshot has, on top of the first's tokens", async () => {
    env = await startGatewayEnv({ fallbacks: [] });
    env.sim.script([
      searching("kimi-k2.5"),
      { when: { model: "kimi-k2.5" }, respond: { hang: true } },
    ]);
    const leaving = new AbortController();
    const asked = fetch(`${env.baseURL}/chat/completions`, {
      method: "POST",
      signal: leaving.signal,
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "moonshot/kimi-k2.5",
        stream: true,
        web_search_options: {},
        messages: [{ role: "user", content: "search, then wait" }],
      }),
    })
      .then((response) => response.text())
      .catch(() => "left");
    await eventually(() => env.sim.chatRequests().length === 2);
    leaving.abort();
    await asked;
    const rows = () =>
      ledgerQuery<Row & { outcome: string }>(
        env,
        "SELECT outcome, prompt_tokens, completion_tokens, cost_usd, web_searches, estimated FROM requests",
      );
    await eventually(async () => (await rows()).length === 1);
    const row = (await rows())[0];
    expect(row).toMatchObject({ outcome: "client_disconnect", web_searches: 1, estimated: 1 });
    // The question and the search's 1,500 tokens of results, as Moonshot expands the request.
    expect(row?.prompt_tokens).toBeGreaterThan(500 + 1500);
    expect(row?.prompt_tokens).toBeLessThan(500 + 1500 + 200);
    expect(row?.completion_tokens).toBe(20);
    expect(row?.cost_usd).toBeCloseTo(priced(row?.prompt_tokens ?? 0, 20), 12);
  });
});

describe("a web search that fails part-way after a fallback", () => {
  it("lists the primary's billed tries of the search request, and estimates the fallback's cut request", async () => {
    env = await startGatewayEnv({
      primary: "moonshot/kimi-k2-turbo-preview",
      fallbacks: ["moonshot/kimi-k2.5"],
    });
    env.sim.script([
      // The primary reports its usage, then fails, on every try: the fallback searches.
      billedThenFailing("kimi-k2-turbo-preview", 1200, 7),
      searching("kimi-k2.5"),
      {
        when: { model: "kimi-k2.5" },
        respond: { reply: { text: "The answer is long. ".repeat(20) }, cutAfterChunks: 6 },
      },
    ]);
    const { row, fell, group, total, metric, tries } = await searchAndRead("openclaw/default");
    const primaryTries = tries("kimi-k2-turbo-preview");
    expect(primaryTries).toBeGreaterThan(0);
    expect(row).toMatchObject({
      model_used: "moonshot/kimi-k2.5",
      fallback_from: "moonshot/kimi-k2-turbo-preview",
      web_searches: 1,
      estimated: 1,
    });
    // The search request's 500 + 20 as reported, the cut one (which carried the search's 1,500
    // tokens of results) estimated on top.
    expect(row.prompt_tokens).toBeGreaterThan(500 + 1500);
    expect(row.prompt_tokens).toBeLessThan(500 + 1500 + 200);
    expect(row.completion_tokens).toBeGreaterThan(20);
    expect(row.cost_usd).toBeCloseTo(priced(row.prompt_tokens, row.completion_tokens), 12);
    expect(fell).toHaveLength(primaryTries);
    for (const attempt of fell)
      expect(attempt).toMatchObject({
        model: "moonshot/kimi-k2-turbo-preview",
        prompt_tokens: 1200,
        completion_tokens: 7,
      });
    expect(group("moonshot/kimi-k2-turbo-preview")).toMatchObject({
      requests: 0,
      promptTokens: 1200 * primaryTries,
      completionTokens: 7 * primaryTries,
    });
    expect(group("moonshot/kimi-k2.5")).toMatchObject({
      requests: 1,
      promptTokens: row.prompt_tokens,
      estimatedRequests: 1,
    });
    expect(total.costUsd).toBeCloseTo(row.cost_usd + primaryTries * priced(1200, 7), 9);
    expect(
      metric("openclaw_gateway_tokens_total", { model: "kimi-k2-turbo-preview", kind: "prompt" }),
    ).toBe(1200 * primaryTries);
    expect(metric("openclaw_gateway_tokens_total", { model: "kimi-k2.5", kind: "prompt" })).toBe(
      row.prompt_tokens,
    );
  });

  it("does not estimate the primary's billed tries again when the fallback was refused outright", async () => {
    env = await startGatewayEnv({
      primary: "moonshot/kimi-k2-turbo-preview",
      fallbacks: ["moonshot/kimi-k2.5"],
    });
    env.sim.script([
      searching("kimi-k2-turbo-preview"),
      billedThenFailing("kimi-k2-turbo-preview", 1200, 7),
      {
        when: { model: "kimi-k2.5" },
        respond: { error: "server" },
        times: Number.POSITIVE_INFINITY,
      },
    ]);
    const { row, fell, total, tries } = await searchAndRead("openclaw/default");
    const primaryFailedTries = tries("kimi-k2-turbo-preview") - 1;
    expect(primaryFailedTries).toBeGreaterThan(0);
    expect(tries("kimi-k2.5")).toBeGreaterThan(0);
    // The row: the search request as reported, nothing of the fallback, which billed nothing.
    expect(row).toMatchObject({
      model_used: "moonshot/kimi-k2.5",
      prompt_tokens: 500,
      completion_tokens: 20,
      web_searches: 1,
      estimated: 0,
    });
    expect(row.cost_usd).toBeCloseTo(priced(500, 20), 12);
    expect(fell).toHaveLength(primaryFailedTries);
    expect(total).toMatchObject({
      promptTokens: 500 + 1200 * primaryFailedTries,
      completionTokens: 20 + 7 * primaryFailedTries,
      estimatedRequests: 0,
    });
  });
});
