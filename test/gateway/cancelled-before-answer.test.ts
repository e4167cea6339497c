/**
 * A client that leaves while the upstream has its request but has not answered yet: the prompt
 * went to the provider, which may bill it, so the row estimates the prompt (nothing was answered:
 * no completion), marked as an estimate, whether the request streamed or not. Before, a request
 * that did not stream (whose upstream answers only once the whole answer is ready) kept 0 tokens.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { parseExposition } from "../helpers/prometheus-text.js";
import { eventually, GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

const headers = { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" };
const PROMPT = "Tell me about foxes, their dens and what they eat in winter. ".repeat(10);

interface Listed {
  requestId: string;
  outcome: string;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  estimated: boolean;
  stream: boolean;
}

/** Sends a request the upstream takes a long time to answer, and leaves once it has it. */
async function leaveBeforeAnswer(stream: boolean): Promise<void> {
  const before = env.sim.chatRequests().length;
  env.sim.script([{ when: { model: "kimi-k2.5" }, respond: { firstByteDelayMs: 3000 } }]);
  const controller = new AbortController();
  const sent = fetch(`${env.baseURL}/chat/completions`, {
    method: "POST",
    headers,
    body: JSON.stringify({
      model: "moonshot/kimi-k2.5",
      stream,
      messages: [{ role: "user", content: PROMPT }],
    }),
    signal: controller.signal,
  }).catch(() => undefined);
  await eventually(
    async () => env.sim.chatRequests().length > before,
    5000,
    "the request upstream",
  );
  controller.abort();
  await sent;
}

async function lastRequests(count: number): Promise<Listed[]> {
  let found: Listed[] = [];
  await eventually(
    async () => {
      const run = await runCli(["usage", "--last", String(count), "--json"], {
        env: { OPENCLAW_STATE_DIR: env.stateDir },
      });
      if (run.code !== 0) return false;
      found = (JSON.parse(run.stdout) as { requests: Listed[] }).requests;
      return found.length === count;
    },
    20_000,
    "usage --last listing the requests",
  );
  return found;
}

describe("a client that leaves before the upstream answers", () => {
  it("leaves a row with the prompt estimated, streamed or not", async () => {
    await leaveBeforeAnswer(false);
    await leaveBeforeAnswer(true);
    const rows = await lastRequests(2);
    expect(rows.map((row) => row.stream).sort()).toEqual([false, true]);
    for (const row of rows) {
      expect(row.outcome).toBe("client_disconnect");
      expect(row.estimated).toBe(true);
      // About 150 tokens of English.
      expect(row.promptTokens).toBeGreaterThan(50);
      expect(row.completionTokens).toBe(0);
      expect(row.costUsd).toBeCloseTo((row.promptTokens * 0.6) / 1e6, 12);
    }
    expect(rows[0]?.promptTokens).toBe(rows[1]?.promptTokens);

    // The totals call them cut short; /metrics counts the same prompt tokens.
    const table = await runCli(["usage", "--since", "1d"], {
      env: { OPENCLAW_STATE_DIR: env.stateDir },
    });
    expect(table.stdout).toContain(
      "~ includes 2 requests cut short before the provider reported usage",
    );
    const text = await (await fetch(`${env.gateway.url}/metrics`, { headers })).text();
    const prompt = (
      parseExposition(text).families.get("openclaw_gateway_tokens_total")?.samples ?? []
    )
      .filter((sample) => sample.labels.model === "kimi-k2.5" && sample.labels.kind === "prompt")
      .reduce((sum, sample) => sum + sample.value, 0);
    expect(prompt).toBe(rows.reduce((sum, row) => sum + row.promptTokens, 0));
  });
});
