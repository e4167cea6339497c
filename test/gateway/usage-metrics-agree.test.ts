/**
 * One scripted run through a gateway in front of the simulator, read three ways: the ledger's
 * rows, `openclaw usage` (--json by model, provider and day, and the text table) and /metrics.
 * The mix: plain and streamed answers from Moonshot and Kimi Code, a primary failing over to its
 * fallback, a 429 retried into an answer, a 429 storm on both models, a client leaving mid-stream,
 * a wrong token, a bad body, an unknown model, /v1/responses and /v1/messages, cached tokens. Each
 * count, token sum and cost is checked against the script by hand (prices: Moonshot 0.6 / 2.5 /
 * 0.15 cached, Kimi Code 1 / 4 / 0.25 cached, USD per million), so a bill that does not add up
 * in one of the three shows here. `usage` runs while the gateway writes (the ledger in WAL mode).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { parseExposition } from "../helpers/prometheus-text.js";
import {
  eventually,
  GATEWAY_TOKEN,
  type GatewayEnv,
  ledgerQuery,
  postMessages,
  startGatewayEnv,
} from "./harness.js";

const KIMI_CODE_COST = { input: 1, output: 4, cacheRead: 0.25, cacheWrite: 0 };
const MILLION = 1_000_000;
const moonshotCost = (prompt: number, completion: number, cached = 0) =>
  ((prompt - cached) * 0.6 + cached * 0.15 + completion * 2.5) / MILLION;
const kimiCodeCost = (prompt: number, completion: number, cached = 0) =>
  ((prompt - cached) * 1 + cached * 0.25 + completion * 4) / MILLION;

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv({
    editConfig(config) {
      const models = config.models as { providers: Record<string, { models: object[] }> };
      for (const model of models.providers["kimi-code"]?.models ?? [])
        Object.assign(model, { cost: KIMI_CODE_COST });
    },
  });
});
afterAll(async () => {
  await env?.close();
});

const headers = { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" };
const user = (content: string) => [{ role: "user", content }];
const answer = (prompt: number, completion: number, cached?: number) => ({
  reply: {
    text: "fine",
    usage: { promptTokens: prompt, completionTokens: completion, cachedTokens: cached ?? 0 },
  },
});

/** POSTs `body` to a gateway route and reads the answer to its end. */
async function post(
  path: string,
  body: unknown,
  token = GATEWAY_TOKEN,
): Promise<{ status: number; requestId: string | null }> {
  const response = await fetch(`${env.baseURL}${path}`, {
    method: "POST",
    headers: { ...headers, authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  await response.text();
  return { status: response.status, requestId: response.headers.get("x-request-id") };
}

/** Streams a long answer and leaves once some of it has come. */
async function leaveMidStream(): Promise<void> {
  env.sim.script([
    {
      when: { model: "kimi-k2.5" },
      respond: {
        reply: { text: "word ".repeat(300), usage: { promptTokens: 900, completionTokens: 300 } },
        stream: { chunkChars: 5 },
        chunkDelayMs: 10,
      },
    },
  ]);
  const controller = new AbortController();
  const response = await fetch(`${env.baseURL}/chat/completions`, {
    method: "POST",
    headers,
    body: JSON.stringify({ model: "moonshot/kimi-k2.5", stream: true, messages: user("long") }),
    signal: controller.signal,
  });
  const reader = response.body?.getReader();
  let received = 0;
  while (reader && received < 400) received += (await reader.read()).value?.length ?? 0;
  controller.abort();
}

interface Row {
  request_id: string;
  api: string;
  status: number;
  outcome: string;
  error_class: string | null;
  model_requested: string | null;
  model_used: string | null;
  provider: string | null;
  fallback_from: string | null;
  stream: number;
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
  cost_usd: number;
  retries: number;
  estimated: number;
  ttft_ms: number | null;
}

interface Totals {
  requests: number;
  errors: number;
  /** Requests the client cancelled: counted apart from the errors, as /metrics counts them. */
  cancelled: number;
  fallbacks: number;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  costUsd: number;
  estimatedRequests: number;
}
interface UsageJson {
  groups: Array<Totals & { key: string }>;
  total: Totals;
}

async function usageJson(by: string): Promise<UsageJson> {
  const run = await runCli(["usage", "--json", "--since", "1d", "--by", by], {
    env: { OPENCLAW_STATE_DIR: env.stateDir },
  });
  expect(run.stderr).toBe("");
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as UsageJson;
}

describe("ledger, openclaw usage and /metrics after one scripted run", () => {
  it("agree with each other and with the script", async () => {
    const sim = env.sim;
    const chat = (body: Record<string, unknown>, token?: string) =>
      post("/chat/completions", body, token);

    sim.script([{ when: { model: "kimi-k2.5" }, respond: answer(100, 20) }]);
    expect((await chat({ model: "moonshot/kimi-k2.5", messages: user("a") })).status).toBe(200);
    sim.script([
      {
        when: { model: "kimi-k2.5" },
        respond: { ...answer(1000, 10, 300), stream: { cachedIn: "details" } },
      },
    ]);
    const streamed = {
      model: "moonshot/kimi-k2.5",
      stream: true,
      stream_options: { include_usage: true },
      messages: user("b"),
    };
    expect((await chat(streamed)).status).toBe(200);
    sim.script([{ when: { model: "kimi-for-coding" }, respond: answer(300, 40) }]);
    expect((await chat({ model: "kimi-code/kimi-for-coding", messages: user("c") })).status).toBe(
      200,
    );
    sim.script([{ when: { model: "kimi-for-coding" }, respond: answer(400, 50) }]);
    const codeStreamed = { model: "kimi-code/kimi-for-coding", stream: true, messages: user("d") };
    expect((await chat(codeStreamed)).status).toBe(200);
    // The primary fails three times (two retries), its fallback answers.
    sim.script([
      { when: { model: "kimi-k2.5" }, respond: { error: "server" }, times: 3 },
      { when: { model: "kimi-for-coding" }, respond: answer(500, 60) },
    ]);
    expect((await chat({ model: "openclaw", messages: user("e") })).status).toBe(200);
    // A 429 retried once, then an answer.
    sim.script([
      { when: { model: "kimi-k2.5" }, respond: { error: "overloaded" } },
      { when: { model: "kimi-k2.5" }, respond: answer(600, 70) },
    ]);
    expect((await chat({ model: "moonshot/kimi-k2.5", messages: user("f") })).status).toBe(200);
    sim.script([{ when: { model: "kimi-k2.5" }, respond: answer(1000, 10, 400) }]);
    const cachedRequest = await chat({ model: "moonshot/kimi-k2.5", messages: user("g") });
    expect(cachedRequest.status).toBe(200);

    // `usage` on the ledger the running gateway writes shows the request just answered.
    await eventually(
      async () => {
        const run = await runCli(["usage", "--last", "1", "--json"], {
          env: { OPENCLAW_STATE_DIR: env.stateDir },
        });
        if (run.code !== 0) return false;
        const listed = JSON.parse(run.stdout) as {
          requests: { requestId: string; cachedTokens: number }[];
        };
        return (
          listed.requests[0]?.requestId === cachedRequest.requestId &&
          listed.requests[0]?.cachedTokens === 400
        );
      },
      20_000,
      "usage --last 1 showing the latest request",
    );

    sim.script([{ when: { model: "kimi-k2.5" }, respond: answer(700, 80) }]);
    expect((await post("/responses", { model: "moonshot/kimi-k2.5", input: "h" })).status).toBe(
      200,
    );
    sim.script([{ when: { model: "kimi-for-coding" }, respond: answer(2000, 20, 500) }]);
    const message = await postMessages(env.gateway.url, {
      model: "kimi-code/kimi-for-coding",
      max_tokens: 100,
      stream: true,
      messages: user("i"),
    });
    await message.text();
    expect(message.status).toBe(200);
    expect((await chat({ model: "moonshot/kimi-k2.5", messages: user("j") }, "wrong")).status).toBe(
      401,
    );
    expect((await chat({ model: "moonshot/kimi-k2.5", messages: "not a list" })).status).toBe(400);
    expect((await chat({ model: "moonshot/no-such-model", messages: user("k") })).status).toBe(404);
    await leaveMidStream();
    await eventually(
      async () => (await ledgerQuery(env, "SELECT 1 FROM requests WHERE status = 499")).length > 0,
      5000,
      "the row of the stream the client left",
    );
    // A 429 storm: every try on both models of the chain is refused.
    sim.script([
      { when: { model: "kimi-k2.5" }, respond: { error: "overloaded" }, times: 3 },
      { when: { model: "kimi-for-coding" }, respond: { error: "kimiCodeRateLimit" }, times: 3 },
    ]);
    expect((await chat({ model: "openclaw", messages: user("m") })).status).toBe(429);

    // The ledger: one row per request, as the script made them.
    const rows = await ledgerQuery<Row>(env, "SELECT * FROM requests ORDER BY id");
    const [left] = rows.filter((row) => row.status === 499);
    expect(left).toBeDefined();
    const cut = left as Row;
    expect(
      rows.map((row) => [
        row.api,
        row.status,
        row.error_class,
        row.model_requested,
        row.model_used,
        row.fallback_from,
        row.stream,
        row.retries,
      ]),
    ).toEqual([
      ["chat_completions", 200, null, "moonshot/kimi-k2.5", "moonshot/kimi-k2.5", null, 0, 0],
      ["chat_completions", 200, null, "moonshot/kimi-k2.5", "moonshot/kimi-k2.5", null, 1, 0],
      [
        "chat_completions",
        200,
        null,
        "kimi-code/kimi-for-coding",
        "kimi-code/kimi-for-coding",
        null,
        0,
        0,
      ],
      [
        "chat_completions",
        200,
        null,
        "kimi-code/kimi-for-coding",
        "kimi-code/kimi-for-coding",
        null,
        1,
        0,
      ],
      [
        "chat_completions",
        200,
        null,
        "openclaw",
        "kimi-code/kimi-for-coding",
        "moonshot/kimi-k2.5",
        0,
        2,
      ],
      ["chat_completions", 200, null, "moonshot/kimi-k2.5", "moonshot/kimi-k2.5", null, 0, 1],
      ["chat_completions", 200, null, "moonshot/kimi-k2.5", "moonshot/kimi-k2.5", null, 0, 0],
      ["responses", 200, null, "moonshot/kimi-k2.5", "moonshot/kimi-k2.5", null, 0, 0],
      ["messages", 200, null, "kimi-code/kimi-for-coding", "kimi-code/kimi-for-coding", null, 1, 0],
      ["chat_completions", 401, "auth", null, null, null, 0, 0],
      ["chat_completions", 400, "bad_request", "moonshot/kimi-k2.5", null, null, 0, 0],
      ["chat_completions", 404, "not_found", "moonshot/no-such-model", null, null, 0, 0],
      [
        "chat_completions",
        499,
        "client_disconnect",
        "moonshot/kimi-k2.5",
        "moonshot/kimi-k2.5",
        null,
        1,
        0,
      ],
      [
        "chat_completions",
        429,
        "upstream.rate_limit",
        "openclaw",
        "kimi-code/kimi-for-coding",
        "moonshot/kimi-k2.5",
        0,
        4,
      ],
    ]);
    // The stream the client left is billed at an estimate: some of the prompt and of the answer.
    expect(cut.estimated).toBe(1);
    expect(cut.prompt_tokens).toBeGreaterThan(0);
    expect(cut.completion_tokens).toBeGreaterThan(0);
    const cutCost = moonshotCost(cut.prompt_tokens, cut.completion_tokens);
    const prices = [
      moonshotCost(100, 20),
      moonshotCost(1000, 10, 300),
      kimiCodeCost(300, 40),
      kimiCodeCost(400, 50),
      kimiCodeCost(500, 60),
      moonshotCost(600, 70),
      moonshotCost(1000, 10, 400),
      moonshotCost(700, 80),
      kimiCodeCost(2000, 20, 500),
      0,
      0,
      0,
      cutCost,
      0,
    ];
    rows.forEach((row, i) => {
      expect(row.cost_usd).toBeCloseTo(prices[i] ?? Number.NaN, 12);
    });
    expect(
      rows.map((row) => [row.prompt_tokens, row.completion_tokens, row.cached_tokens]),
    ).toEqual([
      [100, 20, 0],
      [1000, 10, 300],
      [300, 40, 0],
      [400, 50, 0],
      [500, 60, 0],
      [600, 70, 0],
      [1000, 10, 400],
      [700, 80, 0],
      [2000, 20, 500],
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
      [cut.prompt_tokens, cut.completion_tokens, 0],
      [0, 0, 0],
    ]);

    // `openclaw usage`: the sums worked out by hand from the script.
    // The request the client left (499) is cancelled, not an error.
    const moonshot = {
      requests: 6,
      errors: 0,
      cancelled: 1,
      fallbacks: 0,
      promptTokens: 100 + 1000 + 600 + 1000 + 700 + cut.prompt_tokens,
      completionTokens: 20 + 10 + 70 + 10 + 80 + cut.completion_tokens,
      cachedTokens: 700,
      costUsd: (110 + 490 + 535 + 445 + 620) / MILLION + cutCost,
      estimatedRequests: 1,
    };
    const kimiCode = {
      requests: 5,
      errors: 1,
      cancelled: 0,
      fallbacks: 2,
      promptTokens: 3200,
      completionTokens: 170,
      cachedTokens: 500,
      costUsd: (460 + 600 + 740 + 1705) / MILLION,
      estimatedRequests: 0,
    };
    const notSent = {
      requests: 3,
      errors: 3,
      cancelled: 0,
      fallbacks: 0,
      promptTokens: 0,
      completionTokens: 0,
      cachedTokens: 0,
      costUsd: 0,
      estimatedRequests: 0,
    };
    const total = {
      requests: 14,
      errors: 4,
      cancelled: 1,
      fallbacks: 2,
      promptTokens: moonshot.promptTokens + kimiCode.promptTokens,
      completionTokens: moonshot.completionTokens + kimiCode.completionTokens,
      cachedTokens: 1200,
      costUsd: moonshot.costUsd + kimiCode.costUsd,
      estimatedRequests: 1,
    };
    const expectTotals = (seen: Totals | undefined, want: Totals) => {
      const { costUsd, ...counts } = want;
      expect(seen).toMatchObject(counts);
      // --json rounds costs to a few significant digits.
      expect(Math.abs((seen?.costUsd ?? Number.NaN) - costUsd)).toBeLessThan(
        costUsd * 1e-4 + 1e-12,
      );
    };
    const byModel = await usageJson("model");
    const byProvider = await usageJson("provider");
    const groupsOf = (report: UsageJson) =>
      new Map(report.groups.map((group) => [group.key, group]));
    expectTotals(groupsOf(byModel).get("moonshot/kimi-k2.5"), moonshot);
    expectTotals(groupsOf(byModel).get("kimi-code/kimi-for-coding"), kimiCode);
    expectTotals(groupsOf(byModel).get("(not sent)"), notSent);
    expect(byModel.groups).toHaveLength(3);
    expectTotals(groupsOf(byProvider).get("moonshot"), moonshot);
    expectTotals(groupsOf(byProvider).get("kimi-code"), kimiCode);
    expectTotals(groupsOf(byProvider).get("(not sent)"), notSent);
    expect(byProvider.groups).toHaveLength(3);
    // By API and by client the report sums the rows; by model, provider and day the hourly
    // totals kept beside them: all five come to the same total.
    const byApi = await usageJson("api");
    expect(byApi.groups.map((group) => [group.key, group.requests])).toEqual([
      ["chat_completions", 12],
      ["messages", 1],
      ["responses", 1],
    ]);
    for (const report of [
      byModel,
      byProvider,
      await usageJson("day"),
      byApi,
      await usageJson("client"),
    ])
      expectTotals(report.total, total);

    // The text table's total line says the same (estimates marked with ~).
    const table = await runCli(["usage", "--since", "1d"], {
      env: { OPENCLAW_STATE_DIR: env.stateDir },
    });
    expect(table.code, table.stderr).toBe(0);
    const totalLine = table.stdout.split("\n").find((line) => line.startsWith("total"));
    const number = (value: number) => value.toLocaleString("en-US");
    expect(totalLine?.split(/\s{2,}/).slice(0, 8)).toEqual([
      "total",
      "14",
      "4",
      "1",
      "2",
      `~${number(total.promptTokens)}`,
      `~${number(total.completionTokens)}`,
      "1,200",
    ]);

    // /metrics: the same requests, tokens, cost, retries and fallbacks.
    const text = await (await fetch(`${env.gateway.url}/metrics`, { headers })).text();
    const families = parseExposition(text).families;
    const samples = (family: string, name = family) =>
      (families.get(family)?.samples ?? []).filter((sample) => sample.name === name);
    const value = (family: string, labels: Record<string, string>, name = family) =>
      samples(family, name)
        .filter((sample) => Object.entries(labels).every(([k, v]) => sample.labels[k] === v))
        .reduce((sum, sample) => sum + sample.value, 0);
    const count = (keep: (row: Row) => boolean) => rows.filter(keep).length;
    const sum = (keep: (row: Row) => boolean, take: (row: Row) => number) =>
      rows.filter(keep).reduce((all, row) => all + take(row), 0);

    const requestSeries = samples("openclaw_gateway_requests_total").filter(
      (sample) => sample.labels.route !== "other",
    );
    expect(requestSeries.reduce((all, sample) => all + sample.value, 0)).toBe(rows.length);
    for (const sample of requestSeries)
      expect(
        count(
          (row) => row.api === sample.labels.route && String(row.status) === sample.labels.status,
        ),
      ).toBe(sample.value);
    expect(
      Object.fromEntries(
        samples("openclaw_gateway_errors_total").map((s) => [s.labels.class, s.value]),
      ),
    ).toEqual({
      auth: 1,
      bad_request: 1,
      not_found: 1,
      "upstream.rate_limit": 1,
    });
    expect(
      Object.fromEntries(
        samples("openclaw_gateway_requests_cancelled_total").map((s) => [s.labels.class, s.value]),
      ),
    ).toEqual({ client_disconnect: 1 });
    const duration = "openclaw_gateway_request_duration_seconds";
    for (const api of ["chat_completions", "responses", "messages"])
      for (const stream of [0, 1])
        expect(
          value(duration, { route: api, stream: String(stream === 1) }, `${duration}_count`),
        ).toBe(count((row) => row.api === api && row.stream === stream));
    const ttft = "openclaw_gateway_time_to_first_token_seconds";
    expect(value(ttft, {}, `${ttft}_count`)).toBe(count((row) => row.ttft_ms !== null));
    for (const [provider, model, totals] of [
      ["moonshot", "kimi-k2.5", moonshot],
      ["kimi-code", "kimi-for-coding", kimiCode],
    ] as const) {
      const tokens = (kind: string) =>
        value("openclaw_gateway_tokens_total", { provider, model, kind });
      expect([tokens("prompt"), tokens("completion"), tokens("cached")]).toEqual([
        totals.promptTokens,
        totals.completionTokens,
        totals.cachedTokens,
      ]);
      expect(value("openclaw_gateway_cost_usd_total", { provider, model })).toBeCloseTo(
        totals.costUsd,
        12,
      );
    }
    expect(value("openclaw_gateway_upstream_retries_total", {})).toBe(
      sum(
        () => true,
        (row) => row.retries,
      ),
    );
    expect(value("openclaw_gateway_upstream_retries_total", { model: "moonshot/kimi-k2.5" })).toBe(
      5,
    );
    // One step down the chain for each of the two requests that fell back.
    expect(
      value("openclaw_gateway_upstream_fallbacks_total", {
        from: "moonshot/kimi-k2.5",
        to: "kimi-code/kimi-for-coding",
      }),
    ).toBe(count((row) => row.fallback_from !== null));
  }, 90_000);
});
