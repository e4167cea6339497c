/**
 * Streams cut short after the upstream began answering: the provider bills what it generated,
 * so the ledger row gets an estimate (prompt from the request, completion from the text streamed
 * so far, cost at the model's prices), marked as an estimate, and `openclaw usage --last` shows
 * it with "~". A stream that ends well keeps the provider's own count.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatRequestLine } from "../../src/cli/commands/gateway-report.js";
import { readRecentRequests } from "../../src/gateway/index.js";
import {
  eventually,
  GATEWAY_TOKEN,
  type GatewayEnv,
  ledgerQuery,
  startGatewayEnv,
} from "./harness.js";

interface Row {
  request_id: string;
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: number;
  estimated: number;
  status: number;
  outcome: string;
}

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

const LONG_TEXT = "The quick brown fox jumps over the lazy dog. ".repeat(40);
const PROMPT = "Tell me a long story about a fox, please, with many details. ".repeat(20);

async function rowCount(): Promise<number> {
  return (await ledgerQuery<{ n: number }>(env, "SELECT COUNT(*) AS n FROM requests"))[0]?.n ?? 0;
}

async function lastRow(): Promise<Row> {
  const rows = await ledgerQuery<Row>(
    env,
    "SELECT request_id, prompt_tokens, completion_tokens, cost_usd, estimated, status, outcome FROM requests ORDER BY id DESC LIMIT 1",
  );
  expect(rows).toHaveLength(1);
  return rows[0] as Row;
}

describe("usage of a stream cut short", () => {
  it("a client that aborts mid-stream leaves a row with estimated tokens and cost", async () => {
    const before = await rowCount();
    env.sim.script([
      {
        when: { model: "kimi-k2.5" },
        respond: { reply: { text: LONG_TEXT }, stream: { chunkChars: 6 }, chunkDelayMs: 20 },
      },
    ]);
    const controller = new AbortController();
    const stream = await env.client().chat.completions.create(
      {
        model: "moonshot/kimi-k2.5",
        stream: true,
        messages: [{ role: "user", content: PROMPT }],
      },
      { signal: controller.signal },
    );
    let received = "";
    for await (const chunk of stream) {
      received += chunk.choices[0]?.delta?.content ?? "";
      if (received.length >= 120) {
        controller.abort();
        break;
      }
    }
    expect(received.length).toBeGreaterThanOrEqual(120);
    await eventually(async () => (await rowCount()) === before + 1, 5000, "the ledger row");
    const row = await lastRow();
    expect(row.outcome).toBe("client_disconnect");
    expect(row.estimated).toBe(1);
    // The prompt is ~1,200 characters of English: a few hundred tokens, not zero.
    expect(row.prompt_tokens).toBeGreaterThan(150);
    expect(row.prompt_tokens).toBeLessThan(1000);
    // At least the 120 characters the client read (six per delta, about a token each).
    expect(row.completion_tokens).toBeGreaterThanOrEqual(20);
    expect(row.completion_tokens).toBeLessThan(LONG_TEXT.length);
    // Priced at the model's rates (0.6 / 2.5 USD per million in the test config).
    expect(row.cost_usd).toBeCloseTo(
      (row.prompt_tokens * 0.6 + row.completion_tokens * 2.5) / 1_000_000,
      10,
    );

    const [listed] = readRecentRequests({
      ledgerPath: env.gateway.ledgerPath ?? "",
      sinceMs: 0,
      limit: 1,
      errorsOnly: false,
    });
    expect(listed?.estimated).toBe(true);
    const line = formatRequestLine(listed as NonNullable<typeof listed>);
    expect(line).toContain(`~${row.prompt_tokens} + ~${row.completion_tokens} tokens (estimated)`);
  });

  it("an upstream error mid-stream leaves one row with estimated usage", async () => {
    env.sim.script([
      {
        when: { model: "kimi-k2-turbo-preview" },
        respond: {
          reply: { text: LONG_TEXT },
          stream: { chunkChars: 6 },
          midStreamError: { afterChunks: 10, error: "server" },
        },
      },
    ]);
    const response = await fetch(`${env.baseURL}/chat/completions`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${GATEWAY_TOKEN}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({
        model: "moonshot/kimi-k2-turbo-preview",
        stream: true,
        messages: [{ role: "user", content: PROMPT }],
      }),
    });
    const requestId = response.headers.get("x-request-id");
    expect(await response.text()).toContain('"error"');
    const rows = await ledgerQuery<Row>(
      env,
      "SELECT request_id, prompt_tokens, completion_tokens, cost_usd, estimated, status, outcome FROM requests WHERE request_id = ?",
      requestId,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ estimated: 1, outcome: "error" });
    expect(rows[0]?.prompt_tokens).toBeGreaterThan(150);
    expect(rows[0]?.completion_tokens).toBeGreaterThan(0);
    expect(rows[0]?.cost_usd).toBeGreaterThan(0);
  });

  it("a stream that ends well keeps the provider's own count, not marked", async () => {
    const before = await rowCount();
    env.sim.script([
      {
        when: { model: "kimi-k2.5" },
        respond: { reply: { text: "short", usage: { promptTokens: 11, completionTokens: 3 } } },
      },
    ]);
    const stream = await env.client().chat.completions.create({
      model: "moonshot/kimi-k2.5",
      stream: true,
      messages: [{ role: "user", content: PROMPT }],
    });
    for await (const _chunk of stream) {
      // read to the end
    }
    await eventually(async () => (await rowCount()) === before + 1, 5000, "the ledger row");
    const row = await lastRow();
    expect(row).toMatchObject({ estimated: 0, prompt_tokens: 11, completion_tokens: 3 });
  });
});
