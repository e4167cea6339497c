/**
 * /metrics as Prometheus reads it: after a mix of requests (answered, streamed, refused, rate
 * limited, fallen back, tool calls, the Anthropic and Responses routes) the text obeys every rule
 * of the exposition format, checked by a strict reader of our own (test/helpers/prometheus-text),
 * and its counts agree with the usage ledger and `openclaw usage --json`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GatewayMetrics } from "../../src/gateway/metrics.js";
import { maskKeyShapedNames } from "../../src/util/key-shaped-names.js";
import { runCli } from "../helpers/cli.js";
import { parseExposition } from "../helpers/prometheus-text.js";
import { GATEWAY_TOKEN, type GatewayEnv, ledgerQuery, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv({
    editConfig(config) {
      const models = (config.agents as { defaults: { models: Record<string, unknown> } }).defaults
        .models;
      models["moonshot/kimi-k2.5"] = { alias: 'Kimi "K2.5" \\ main' };
    },
  });
});
afterAll(async () => {
  await env?.close();
});

const bearer = { authorization: `Bearer ${GATEWAY_TOKEN}` };

async function scrape(method = "GET"): Promise<Response> {
  return fetch(`${env.gateway.url}/metrics`, { method, headers: bearer });
}

async function chat(body: Record<string, unknown>, token = GATEWAY_TOKEN): Promise<number> {
  const response = await fetch(`${env.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ messages: [{ role: "user", content: "hi" }], ...body }),
  });
  await response.text();
  return response.status;
}

describe("/metrics on a gateway that has served nothing", () => {
  it("declares its families, in the format, with the exposition's content type", async () => {
    const response = await scrape();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const { families, problems } = parseExposition(await response.text());
    expect(problems).toEqual([]);
    expect(families.get("openclaw_gateway_requests_total")?.type).toBe("counter");
    expect(families.get("openclaw_gateway_request_duration_seconds")?.type).toBe("histogram");
    const head = await scrape("HEAD");
    expect(head.status).toBe(200);
    expect(head.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(await head.text()).toBe("");
  });
});

/** The sum of a family's samples whose labels match `where`. */
function total(
  families: ReturnType<typeof parseExposition>["families"],
  name: string,
  where: (labels: Record<string, string>) => boolean = () => true,
): number {
  let sum = 0;
  for (const sample of families.get(name)?.samples ?? [])
    if (where(sample.labels)) sum += sample.value;
  return sum;
}

describe("/metrics after a mix of requests", () => {
  it("is valid exposition text whose counts agree with the ledger and openclaw usage --json", async () => {
    const statuses: number[] = [];
    statuses.push(await chat({ model: "moonshot/kimi-k2.5" }));
    // An alias with a quote and a backslash: the series name the model it reached.
    statuses.push(await chat({ model: 'Kimi "K2.5" \\ main', stream: true }));
    statuses.push(await chat({ model: "moonshot/kimi-k2.5" }, "wrong-token"));
    statuses.push(await chat({ model: "moonshot/no-such-model" }));
    env.sim.failNext(1, "notFound", { model: "kimi-k2-turbo-preview" });
    statuses.push(await chat({ model: "moonshot/kimi-k2-turbo-preview" }));
    statuses.push(
      await chat({
        model: "moonshot/kimi-k2.5",
        tools: [
          {
            type: "function",
            function: { name: "get_time", parameters: { type: "object", properties: {} } },
          },
        ],
      }),
    );
    const messages = await fetch(`${env.gateway.url}/v1/messages`, {
      method: "POST",
      headers: {
        "x-api-key": GATEWAY_TOKEN,
        "anthropic-version": "2023-06-01",
        "content-type": "application/json",
      },
      body: JSON.stringify({
        model: "moonshot/kimi-k2.5",
        max_tokens: 64,
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    await messages.text();
    statuses.push(messages.status);
    const responses = await fetch(`${env.baseURL}/responses`, {
      method: "POST",
      headers: { ...bearer, "content-type": "application/json" },
      body: JSON.stringify({ model: "moonshot/kimi-k2.5", input: "hi", stream: true }),
    });
    await responses.text();
    statuses.push(responses.status);
    // Out of quota, the primary cools down and the chain's next model answers.
    env.sim.failNext(1, "quota", { model: "kimi-k2.5" });
    statuses.push(await chat({ model: "openclaw" }));
    // Last, so that no other request meets the rate limit (or the cooling): refused.
    env.sim.failNext(20, "rateLimit", { model: "kimi-k2.5" });
    statuses.push(await chat({ model: "moonshot/kimi-k2.5" }));
    expect(statuses).toEqual([200, 200, 401, 404, 404, 200, 200, 200, 200, 429]);

    const { families, problems } = parseExposition(await (await scrape()).text());
    expect(problems).toEqual([]);

    const chatRoute = (labels: Record<string, string>) => labels.route !== "other";
    const rows = await ledgerQuery<{ requests: number; errors: number; fallbacks: number }>(
      env,
      `SELECT COUNT(*) AS requests, SUM(outcome != 'ok') AS errors,
        SUM(fallback_from IS NOT NULL) AS fallbacks FROM requests`,
    );
    expect(rows).toEqual([{ requests: 10, errors: 4, fallbacks: 1 }]);
    expect(total(families, "openclaw_gateway_requests_total", chatRoute)).toBe(10);
    expect(
      total(
        families,
        "openclaw_gateway_requests_total",
        (labels) => chatRoute(labels) && !labels.status?.startsWith("2"),
      ),
    ).toBe(4);
    expect(total(families, "openclaw_gateway_upstream_fallbacks_total")).toBe(1);
    expect(total(families, "openclaw_gateway_upstream_not_found_total")).toBe(1);

    const usage = await runCli(["usage", "--json"], {
      env: env.env as Record<string, string>,
    });
    expect(usage.code).toBe(0);
    const report = JSON.parse(usage.stdout) as {
      total: { requests: number; errors: number; promptTokens: number; completionTokens: number };
    };
    expect(report.total.requests).toBe(10);
    expect(report.total.errors).toBe(4);
    const tokens = (kind: string) =>
      total(families, "openclaw_gateway_tokens_total", (labels) => labels.kind === kind);
    expect(report.total.promptTokens).toBe(tokens("prompt"));
    expect(report.total.completionTokens).toBe(tokens("completion"));
  });
});

describe("label values as the format escapes them", () => {
  it("a model id with a quote, a backslash and a newline reads back as it was", () => {
    const metrics = new GatewayMetrics();
    const model = 'we"ird\\id\nnext';
    metrics.completed({
      route: "chat_completions",
      status: 200,
      stream: false,
      errorClass: undefined,
      latencySeconds: 0.5,
      ttftSeconds: undefined,
      modelUsed: `moonshot/${model}`,
      promptTokens: 3,
      completionTokens: 2,
      cachedTokens: 0,
      costUsd: 0.0000015,
      webSearches: 0,
    });
    const { families, problems } = parseExposition(metrics.render());
    expect(problems).toEqual([]);
    const cost = families.get("openclaw_gateway_cost_usd_total")?.samples[0];
    expect(cost?.labels).toEqual({ provider: "moonshot", model });
    expect(cost?.value).toBe(0.0000015);
  });
});

describe("the strict reader itself", () => {
  it("reports what a scraper would refuse or misread", () => {
    const text = [
      "# TYPE a_total counter",
      "a_total 1",
      "# TYPE b gauge",
      "b NaN",
      'a_total{x="1"} 2',
      "# TYPE h histogram",
      'h_bucket{le="1"} 2',
      'h_bucket{le="2"} 1',
      "h_count 3",
      "# TYPE c counter",
      'c{v="a\\tb"} 1',
      "",
    ].join("\n");
    expect(parseExposition(text).problems).toEqual([
      "line 5: family a_total is split in two",
      "line 11: label v has the escape \\t, which the format has not",
      "h: []: no _sum",
      'h: []: no le="+Inf" bucket',
      "h: []: buckets not cumulative at le=2",
      "c: a counter whose name does not end in _total",
    ]);
  });
});

describe("keys pasted as provider names", () => {
  it("two that mask alike are one series, their counts added, never one series given twice", () => {
    const metrics = new GatewayMetrics();
    for (const provider of ["sk-kimi-Zq8RtYv3Wx7Lm2Np5Kd9", "sk-kimi-Ab1Cd2Ef3Gh4Ij5Kl6Mn7"]) {
      metrics.completed({
        route: "chat_completions",
        status: 200,
        stream: false,
        errorClass: undefined,
        latencySeconds: 0.5,
        ttftSeconds: undefined,
        modelUsed: `${provider}/kimi-k2.5`,
        promptTokens: 3,
        completionTokens: 2,
        cachedTokens: 0,
        costUsd: 0.25,
        webSearches: 0,
      });
      metrics.retries.add({ model: `${provider}/kimi-k2.5` });
    }
    // As the gateway sends it: every key-shaped name in the text masked.
    const text = maskKeyShapedNames(metrics.render());
    const { families, problems } = parseExposition(text);
    expect(problems).toEqual([]);
    expect(families.get("openclaw_gateway_cost_usd_total")?.samples).toEqual([
      {
        name: "openclaw_gateway_cost_usd_total",
        labels: { provider: "sk-kimi-***", model: "kimi-k2.5" },
        value: 0.5,
      },
    ]);
    expect(families.get("openclaw_gateway_upstream_retries_total")?.samples).toEqual([
      {
        name: "openclaw_gateway_upstream_retries_total",
        labels: { model: "sk-kimi-***/kimi-k2.5" },
        value: 2,
      },
    ]);
  });
});
