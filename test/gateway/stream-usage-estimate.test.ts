/**
 * A streamed chat completion with `stream_options.include_usage` whose upstream sends no usage
 * (an OpenAI-compatible server that never does, or a stream that ends before its usage chunk):
 * OpenAI promises a last chunk with `choices: []` and `usage`, so the client still gets one,
 * with the gateway's estimate (the counts its ledger keeps), an SSE comment before it saying
 * so, and the request's log line marked "(estimated)".
 */
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { streamText } from "ai";
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
  estimated: number;
}

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

const PROMPT = "Tell me a story about a fox, please, with many details. ".repeat(20);
const ANSWER = "The quick brown fox jumps over the lazy dog. ".repeat(10);

/** The next answer streams ANSWER with no usage anywhere; `cut`: without `data: [DONE]` too. */
function scriptNoUsage(cut = false): void {
  env.sim.script([
    {
      when: { model: "kimi-k2.5" },
      respond: {
        reply: { text: ANSWER },
        stream: { chunkChars: 8, usageIn: "none", ...(cut ? { done: false } : {}) },
      },
    },
  ]);
}

async function rowOf(requestId: string): Promise<Row> {
  let rows: Row[] = [];
  await eventually(
    async () => {
      rows = await ledgerQuery<Row>(
        env,
        "SELECT request_id, prompt_tokens, completion_tokens, estimated FROM requests WHERE request_id = ?",
        requestId,
      );
      return rows.length === 1;
    },
    5000,
    "the ledger row",
  );
  return rows[0] as Row;
}

describe("include_usage when the upstream reports no usage", () => {
  it("sends the last usage chunk with the ledger's estimate to the OpenAI client", async () => {
    scriptNoUsage();
    const { data: stream, response } = await env
      .client()
      .chat.completions.create({
        model: "moonshot/kimi-k2.5",
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: "user", content: PROMPT }],
      })
      .withResponse();
    let text = "";
    const usageChunks: Array<{ choices: unknown[]; usage: unknown }> = [];
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? "";
      if (chunk.usage) usageChunks.push({ choices: chunk.choices, usage: chunk.usage });
    }
    expect(text).toBe(ANSWER);
    // Before, no chunk carried usage at all.
    expect(usageChunks).toHaveLength(1);
    const [last] = usageChunks;
    expect(last?.choices).toEqual([]);
    const row = await rowOf(response.headers.get("x-request-id") ?? "");
    expect(row.estimated).toBe(1);
    expect(row.prompt_tokens).toBeGreaterThan(100);
    expect(row.completion_tokens).toBeGreaterThan(10);
    expect(last?.usage).toEqual({
      prompt_tokens: row.prompt_tokens,
      completion_tokens: row.completion_tokens,
      total_tokens: row.prompt_tokens + row.completion_tokens,
      prompt_tokens_details: { cached_tokens: 0 },
    });
    const [listed] = readRecentRequests({
      ledgerPath: env.gateway.ledgerPath ?? "",
      sinceMs: 0,
      limit: 1,
      errorsOnly: false,
    });
    expect(formatRequestLine(listed as NonNullable<typeof listed>)).toContain(
      `~${row.prompt_tokens} + ~${row.completion_tokens} tokens (estimated)`,
    );
  });

  it("says in an SSE comment before it that the counts are estimates, also for a stream cut before [DONE]", async () => {
    scriptNoUsage(true);
    const response = await fetch(`${env.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "moonshot/kimi-k2.5",
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: "user", content: PROMPT }],
      }),
    });
    const body = await response.text();
    const events = body.split("\n\n").filter((event) => event !== "");
    expect(events.at(-1)).toBe("data: [DONE]");
    expect(events.at(-3)).toBe(": usage estimated by the gateway: the provider reported none");
    const usageChunk = JSON.parse(events.at(-2)?.slice("data: ".length) ?? "{}");
    expect(usageChunk.choices).toEqual([]);
    const row = await rowOf(response.headers.get("x-request-id") ?? "");
    expect(usageChunk.usage.prompt_tokens).toBe(row.prompt_tokens);
    expect(usageChunk.usage.completion_tokens).toBe(row.completion_tokens);
  });

  it("says nothing of estimates when the upstream counted, nor without include_usage", async () => {
    env.sim.script([
      {
        when: { model: "kimi-k2.5" },
        respond: { reply: { text: "short", usage: { promptTokens: 11, completionTokens: 3 } } },
      },
    ]);
    const post = (includeUsage: boolean) =>
      fetch(`${env.baseURL}/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({
          model: "moonshot/kimi-k2.5",
          stream: true,
          ...(includeUsage ? { stream_options: { include_usage: true } } : {}),
          messages: [{ role: "user", content: "hi" }],
        }),
      }).then((response) => response.text());
    const counted = await post(true);
    expect(counted).toContain('"usage":{"prompt_tokens":11,"completion_tokens":3');
    expect(counted).not.toContain("estimated");
    scriptNoUsage();
    const unasked = await post(false);
    expect(unasked).not.toContain("usage");
  });

  it("gives the Vercel AI SDK the estimated counts", async () => {
    scriptNoUsage();
    const provider = createOpenAICompatible({
      name: "openclaw",
      baseURL: env.baseURL,
      apiKey: GATEWAY_TOKEN,
      includeUsage: true,
    });
    const result = streamText({
      model: provider("moonshot/kimi-k2.5"),
      prompt: PROMPT,
      maxRetries: 0,
    });
    expect(await result.text).toBe(ANSWER);
    const usage = await result.usage;
    // Before, both were undefined.
    expect(usage.inputTokens).toBeGreaterThan(100);
    expect(usage.outputTokens).toBeGreaterThan(10);
  });
});
