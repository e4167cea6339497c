/**
 * Usage an upstream reports wrong: a negative count, a string, a fraction, a count left out, more
 * cached tokens than the prompt. What the gateway keeps (the ledger as `openclaw usage` reads it,
 * /metrics) and tells the client holds no negative or NaN figure, never more cached tokens than
 * prompt tokens, and a count the provider did not give is the gateway's estimate, marked as one.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { parseExposition } from "../helpers/prometheus-text.js";
import {
  eventually,
  GATEWAY_TOKEN,
  type GatewayEnv,
  postMessages,
  startGatewayEnv,
} from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

const headers = { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" };
const PROMPT = "Tell me about foxes, their dens and what they eat in winter. ".repeat(10);
const ANSWER = "Foxes eat mice, berries and whatever the snow leaves them. ".repeat(4);

interface Listed {
  requestId: string;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  costUsd: number;
  estimated: boolean;
}

interface Told {
  requestId: string;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | undefined;
  notes: string | null;
  body: string;
}

/** One chat request answered with `usageAsSent` as the upstream's usage. */
async function ask(usageAsSent: Record<string, unknown>, stream: boolean): Promise<Told> {
  env.sim.script([
    { when: { model: "kimi-k2.5" }, respond: { reply: { text: ANSWER, usageAsSent } } },
  ]);
  const response = await fetch(`${env.baseURL}/chat/completions`, {
    method: "POST",
    headers,
    body: JSON.stringify({
      model: "moonshot/kimi-k2.5",
      stream,
      ...(stream ? { stream_options: { include_usage: true } } : {}),
      messages: [{ role: "user", content: PROMPT }],
    }),
  });
  const body = await response.text();
  expect(response.status, body).toBe(200);
  const requestId = response.headers.get("x-request-id") ?? "";
  if (!stream) {
    const parsed = JSON.parse(body) as { usage?: Told["usage"] };
    return {
      requestId,
      usage: parsed.usage,
      notes: response.headers.get("x-openclaw-notes"),
      body,
    };
  }
  const last = body
    .split("\n")
    .filter((line) => line.startsWith("data: {"))
    .map((line) => JSON.parse(line.slice(6)) as { usage?: Told["usage"] })
    .findLast((chunk) => chunk.usage);
  return { requestId, usage: last?.usage ?? undefined, notes: null, body };
}

/** The ledger's rows of `ids` as `openclaw usage --last --json` lists them. */
async function listed(ids: string[]): Promise<Map<string, Listed>> {
  let found = new Map<string, Listed>();
  await eventually(
    async () => {
      const run = await runCli(["usage", "--last", "50", "--json"], {
        env: { OPENCLAW_STATE_DIR: env.stateDir },
      });
      if (run.code !== 0) return false;
      const requests = (JSON.parse(run.stdout) as { requests: Listed[] }).requests;
      found = new Map(requests.map((row) => [row.requestId, row]));
      return ids.every((id) => found.has(id));
    },
    20_000,
    "usage --last listing the requests",
  );
  return found;
}

describe("usage an upstream reports wrong", () => {
  it("keeps no negative, NaN or impossible figure, and estimates what is missing, marked", async () => {
    const cases = {
      // A negative prompt count and a string of digits for the completion.
      negative: { prompt_tokens: -5, completion_tokens: "7", total_tokens: 2 },
      // Only the completion: the prompt is not known.
      completionOnly: { completion_tokens: 12 },
      // Fractions are rounded; both counts are there, so nothing is estimated.
      fractions: { prompt_tokens: 100.6, completion_tokens: 3.2, total_tokens: 103.8 },
      // More cached tokens than the prompt has.
      overCached: {
        prompt_tokens: 100,
        completion_tokens: 5,
        total_tokens: 105,
        cached_tokens: 400,
      },
      // Neither count is a count.
      neither: { prompt_tokens: null, completion_tokens: "many" },
      // The total and the completion give the prompt: the provider's own figure.
      fromTotal: { completion_tokens: 5, total_tokens: 50 },
    };
    const told: Record<string, Told> = {};
    for (const [name, usage] of Object.entries(cases)) {
      told[name] = await ask(usage, false);
      told[`${name}Streamed`] = await ask(usage, true);
    }
    const rows = await listed(Object.values(told).map((answer) => answer.requestId));
    const row = (name: string) => rows.get(told[name]?.requestId ?? "") as Listed;

    for (const suffix of ["", "Streamed"]) {
      const negative = row(`negative${suffix}`);
      // The prompt is about 150 tokens of English: estimated, not -5 or 0.
      expect(negative.promptTokens).toBeGreaterThan(50);
      expect(negative).toMatchObject({ completionTokens: 7, estimated: true });

      const completionOnly = row(`completionOnly${suffix}`);
      expect(completionOnly.promptTokens).toBe(negative.promptTokens);
      expect(completionOnly).toMatchObject({ completionTokens: 12, estimated: true });

      expect(row(`fractions${suffix}`)).toMatchObject({
        promptTokens: 101,
        completionTokens: 3,
        estimated: false,
      });
      expect(row(`overCached${suffix}`)).toMatchObject({
        promptTokens: 100,
        cachedTokens: 100,
        estimated: false,
      });
      // Priced as 100 cached tokens (0.15 per million) and 5 out (2.5), not 400 cached.
      expect(row(`overCached${suffix}`).costUsd).toBeCloseTo((100 * 0.15 + 5 * 2.5) / 1e6, 12);

      const neither = row(`neither${suffix}`);
      expect(neither.promptTokens).toBe(negative.promptTokens);
      // The answer's own text, estimated: some tens of tokens.
      expect(neither.completionTokens).toBeGreaterThan(20);
      expect(neither.estimated).toBe(true);

      expect(row(`fromTotal${suffix}`)).toMatchObject({
        promptTokens: 45,
        completionTokens: 5,
        estimated: false,
      });
    }

    // The client is told the counts the ledger keeps, and that some are estimates.
    for (const name of ["negative", "completionOnly", "neither"]) {
      for (const answer of [told[name], told[`${name}Streamed`]] as Told[]) {
        const kept = rows.get(answer.requestId) as Listed;
        expect(answer.usage).toEqual(
          expect.objectContaining({
            prompt_tokens: kept.promptTokens,
            completion_tokens: kept.completionTokens,
            total_tokens: kept.promptTokens + kept.completionTokens,
          }),
        );
      }
      expect(told[name]?.notes).toContain("usage partly estimated by the gateway");
      expect(told[`${name}Streamed`]?.body).toContain(": usage partly estimated by the gateway");
    }

    // The totals and the table: no NaN, no negative count, estimates counted.
    const report = await runCli(["usage", "--json", "--since", "1d"], {
      env: { OPENCLAW_STATE_DIR: env.stateDir },
    });
    expect(report.code, report.stderr).toBe(0);
    const total = (
      JSON.parse(report.stdout) as {
        total: {
          promptTokens: number;
          cachedTokens: number;
          estimatedRequests: number;
          usageNotReportedRequests: number;
        };
      }
    ).total;
    expect(total.estimatedRequests).toBe(6);
    expect(total.usageNotReportedRequests).toBe(6);
    expect(total.cachedTokens).toBe(200);
    const table = await runCli(["usage", "--since", "1d"], {
      env: { OPENCLAW_STATE_DIR: env.stateDir },
    });
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).not.toMatch(/NaN|[\s~$]-\d/);

    // /metrics: the same tokens, cached never above the prompt.
    const text = await (await fetch(`${env.gateway.url}/metrics`, { headers })).text();
    const tokens = (kind: string) =>
      (parseExposition(text).families.get("openclaw_gateway_tokens_total")?.samples ?? [])
        .filter((sample) => sample.labels.model === "kimi-k2.5" && sample.labels.kind === kind)
        .reduce((sum, sample) => sum + sample.value, 0);
    expect(tokens("prompt")).toBe(total.promptTokens);
    expect(tokens("cached")).toBe(200);
    expect(text).not.toMatch(/NaN/);
  });

  it("tells a /v1/messages client the counts the ledger keeps", async () => {
    env.sim.script([
      {
        when: { model: "kimi-k2.5" },
        respond: { reply: { text: ANSWER, usageAsSent: { completion_tokens: 12 } } },
      },
    ]);
    const response = await postMessages(env.gateway.url, {
      model: "moonshot/kimi-k2.5",
      max_tokens: 200,
      messages: [{ role: "user", content: PROMPT }],
    });
    const body = (await response.json()) as {
      usage: { input_tokens: number; output_tokens: number };
    };
    expect(response.status).toBe(200);
    expect(response.headers.get("x-openclaw-notes")).toContain("usage partly estimated");
    const requestId = response.headers.get("x-request-id") ?? "";
    const kept = (await listed([requestId])).get(requestId) as Listed;
    expect(kept).toMatchObject({ completionTokens: 12, estimated: true });
    expect(kept.promptTokens).toBeGreaterThan(50);
    expect(body.usage).toMatchObject({ input_tokens: kept.promptTokens, output_tokens: 12 });
  });
});
