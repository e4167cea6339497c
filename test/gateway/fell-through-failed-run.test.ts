/**
 * A request that failed in the end after its primary's tries were answered and billed (usage
 * reported, then an error in the stream), when the fallback was refused outright (a 500 before
 * any byte) or could not be sent its request at all (an image for a text-only model). The row
 * names the fallback, which was billed nothing; the primary's tries count under the primary, at
 * its rates, as the provider reported them. Before, the row's own estimate stood for the
 * primary's last try under the fallback's name and at its rates (free here), and that try's
 * reported tokens were not counted.
 */
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { customProvider } from "../helpers/custom-provider-entry.js";
import { GATEWAY_TOKEN, type GatewayEnv, ledgerQuery, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
afterEach(async () => {
  await env?.close();
});

interface FellThrough {
  model: string;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  cost_usd: number | null;
}

interface Row {
  model_used: string;
  outcome: string;
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: number;
  estimated: number;
  fell_through: string | null;
}

/** The primary streams its usage, then an error, on every try: the chain moves on. */
function primaryBilledThenFailing(): Parameters<GatewayEnv["sim"]["script"]>[0][number] {
  return {
    when: { model: "kimi-k2.5" },
    respond: {
      reply: { text: "", usage: { promptTokens: 1200, completionTokens: 7 } },
      midStreamError: { afterChunks: 50, error: "server" },
    },
    times: Number.POSITIVE_INFINITY,
  };
}

async function chat(content: unknown): Promise<string> {
  const response = await fetch(`${env.gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({
      model: "openclaw/default",
      stream: true,
      // Kimi K2.5 would think aloud otherwise: reasoning streamed to the client keeps the run
      // from moving on to the fallback once the primary's stream broke.
      thinking: { type: "disabled" },
      messages: [{ role: "user", content }],
    }),
  });
  return response.text();
}

/** The row, its tries of the primary, and openclaw usage's groups by model. */
async function outcome() {
  const primaryTries = env.sim
    .chatRequests()
    .filter((request) => (request.body as { model: string }).model === "kimi-k2.5").length;
  const rows = await ledgerQuery<Row>(
    env,
    "SELECT model_used, outcome, prompt_tokens, completion_tokens, cost_usd, estimated, fell_through FROM requests",
  );
  const byModel = await runCli(["usage", "--json", "--by", "model", "--since", "1d"], {
    env: { OPENCLAW_STATE_DIR: env.stateDir },
  });
  expect(byModel.code).toBe(0);
  const report = JSON.parse(byModel.stdout) as {
    groups: { key: string; promptTokens: number; completionTokens: number; costUsd: number }[];
  };
  const group = (key: string) => report.groups.find((entry) => entry.key === key);
  return { primaryTries, rows, group };
}

/** Each billed try of the primary counted once, under it, as reported; nothing under the fallback. */
async function expectPrimaryTriesCountedOnce(fallback: string): Promise<void> {
  const { primaryTries, rows, group } = await outcome();
  expect(primaryTries).toBeGreaterThan(0);
  expect(rows).toHaveLength(1);
  const row = rows[0] as Row;
  expect(row.outcome).toBe("error");
  expect(row.model_used).toBe(fallback);
  // The fallback was billed nothing: no tokens, no estimate of its own.
  expect(row).toMatchObject({ prompt_tokens: 0, completion_tokens: 0, cost_usd: 0, estimated: 0 });
  const fell = JSON.parse(row.fell_through ?? "[]") as FellThrough[];
  expect(fell).toHaveLength(primaryTries);
  for (const attempt of fell) {
    expect(attempt).toMatchObject({
      model: "moonshot/kimi-k2.5",
      prompt_tokens: 1200,
      completion_tokens: 7,
    });
    // At the primary's rates: $0.60 per million prompt tokens, $2.50 per million completion.
    expect(attempt.cost_usd).toBeCloseTo((1200 * 0.6 + 7 * 2.5) / 1e6, 12);
  }
  expect(group("moonshot/kimi-k2.5")).toMatchObject({
    promptTokens: 1200 * primaryTries,
    completionTokens: 7 * primaryTries,
  });
  expect(group(fallback)).toMatchObject({ promptTokens: 0, completionTokens: 0 });
}

describe("a failed request whose primary was billed and whose fallback was not", () => {
  it("counts the primary's tries under the primary when the fallback answered a 500", async () => {
    // The primary is priced; the fallback (Kimi Code) has no price in the config.
    env = await startGatewayEnv({
      primary: "moonshot/kimi-k2.5",
      fallbacks: ["kimi-code/kimi-for-coding"],
    });
    env.sim.script([
      primaryBilledThenFailing(),
      {
        when: { model: "kimi-for-coding" },
        respond: { error: "server" },
        times: Number.POSITIVE_INFINITY,
      },
    ]);
    expect(await chat("hi")).toContain("error");
    const fallbackTries = env.sim
      .chatRequests()
      .filter((request) => (request.body as { model: string }).model === "kimi-for-coding").length;
    expect(fallbackTries).toBeGreaterThan(0);
    await expectPrimaryTriesCountedOnce("kimi-code/kimi-for-coding");
  });

  it("counts them under the primary when the fallback could not be sent the request", async () => {
    // A fallback that takes images but only as plain string content: a request with an image
    // and text cannot be built for it, so nothing is sent (its address is never called).
    env = await startGatewayEnv({
      primary: "moonshot/kimi-k2.5",
      fallbacks: ["strict/vision"],
      extraProviders: {
        strict: customProvider(
          [
            {
              id: "vision",
              name: "Strict Vision",
              input: ["text", "image"],
              compat: { requiresStringContent: true },
            },
          ],
          { apiKey: "sk-test-strict-0001" },
        ),
      },
    });
    env.sim.script([primaryBilledThenFailing()]);
    const told = await chat([
      { type: "text", text: "what is this?" },
      { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
    ]);
    expect(told).toContain("only accepts plain string content");
    await expectPrimaryTriesCountedOnce("strict/vision");
  });
});
