/**
 * An answer whose upstream reported no usage (an OpenAI-compatible server that never does) tells
 * its client the gateway's estimate, the counts its ledger keeps for the request, on every route:
 * a whole answer with an x-openclaw-notes entry saying they are estimates, a stream with an SSE
 * comment before its closing events. (The streamed chat completion is in stream-usage-estimate.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  eventually,
  GATEWAY_TOKEN,
  type GatewayEnv,
  ledgerQuery,
  startGatewayEnv,
} from "./harness.js";

interface Row {
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

const MODEL = "moonshot/kimi-k2.5";
const PROMPT = "Tell me a story about a fox, please, with many details. ".repeat(20);
const ANSWER = "The quick brown fox jumps over the lazy dog. ".repeat(10);
const NOTE = "usage estimated by the gateway: the provider reported none";

/** The next answer has no usage anywhere, streamed or not. */
function scriptNoUsage(): void {
  env.sim.script([
    {
      when: { model: "kimi-k2.5" },
      respond: { reply: { text: ANSWER }, stream: { chunkChars: 8, usageIn: "none" } },
    },
  ]);
}

/** The next answer reports 11 prompt and 3 completion tokens. */
function scriptCounted(): void {
  env.sim.script([
    {
      when: { model: "kimi-k2.5" },
      respond: { reply: { text: "short", usage: { promptTokens: 11, completionTokens: 3 } } },
    },
  ]);
}

/** The ledger row of the request `response` answered, once written; it must be an estimate. */
async function estimatedRow(response: Response): Promise<Row> {
  const id = response.headers.get("x-request-id") ?? "";
  let rows: Row[] = [];
  await eventually(
    async () => {
      rows = await ledgerQuery<Row>(
        env,
        "SELECT prompt_tokens, completion_tokens, estimated FROM requests WHERE request_id = ?",
        id,
      );
      return rows.length === 1;
    },
    5000,
    "the ledger row",
  );
  const row = rows[0] as Row;
  expect(row.estimated).toBe(1);
  expect(row.prompt_tokens).toBeGreaterThan(100);
  expect(row.completion_tokens).toBeGreaterThan(10);
  return row;
}

/** The entries of `response`'s x-openclaw-notes header (none: []). */
function notesOf(response: Response): string[] {
  const value = response.headers.get("x-openclaw-notes");
  return value === null ? [] : value.split(",").map((entry) => decodeURIComponent(entry.trim()));
}

describe("/v1/chat/completions, not streamed", () => {
  it("gives the openai client the ledger's estimate as usage, noted as one", async () => {
    scriptNoUsage();
    const { data, response } = await env
      .client()
      .chat.completions.create({ model: MODEL, messages: [{ role: "user", content: PROMPT }] })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe(ANSWER);
    const row = await estimatedRow(response);
    // Before, the answer had no usage and the ledger counted no output (~0).
    expect(data.usage).toEqual({
      prompt_tokens: row.prompt_tokens,
      completion_tokens: row.completion_tokens,
      total_tokens: row.prompt_tokens + row.completion_tokens,
      prompt_tokens_details: { cached_tokens: 0 },
    });
    expect(notesOf(response)).toContain(NOTE);
  });

  it("tells the upstream's usage as it came, with no note, when it reported one", async () => {
    scriptCounted();
    const { data, response } = await env
      .client()
      .chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "hi" }] })
      .withResponse();
    expect(data.usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 3 });
    expect(notesOf(response)).not.toContain(NOTE);
  });
});

/** A raw streamed POST of `body` to `path`, read whole (SSE comments and all). */
async function streamRaw(
  path: string,
  body: Record<string, unknown>,
): Promise<{ response: Response; text: string }> {
  const response = await fetch(`${env.baseURL}${path}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${GATEWAY_TOKEN}`,
      "x-api-key": GATEWAY_TOKEN,
      "anthropic-version": "2023-06-01",
      "content-type": "application/json",
    },
    body: JSON.stringify({ ...body, stream: true }),
  });
  return { response, text: await response.text() };
}

describe("/v1/responses", () => {
  it("gives the openai client the ledger's estimate as usage, noted as one", async () => {
    scriptNoUsage();
    const { data, response } = await env
      .client()
      .responses.create({ model: MODEL, input: PROMPT })
      .withResponse();
    expect(data.output_text).toBe(ANSWER);
    const row = await estimatedRow(response);
    // Before, usage was null.
    expect(data.usage).toMatchObject({
      input_tokens: row.prompt_tokens,
      output_tokens: row.completion_tokens,
      total_tokens: row.prompt_tokens + row.completion_tokens,
    });
    expect(notesOf(response)).toContain(NOTE);
  });

  it("closes a stream with the estimate in response.completed, after a comment saying so", async () => {
    scriptNoUsage();
    const { data: stream, response } = await env
      .client()
      .responses.create({ model: MODEL, input: PROMPT, stream: true })
      .withResponse();
    let completed: { usage?: unknown } | undefined;
    for await (const event of stream)
      if (event.type === "response.completed") completed = event.response;
    const row = await estimatedRow(response);
    expect(completed?.usage).toMatchObject({
      input_tokens: row.prompt_tokens,
      output_tokens: row.completion_tokens,
      total_tokens: row.prompt_tokens + row.completion_tokens,
    });
    scriptNoUsage();
    const { text } = await streamRaw("/responses", { model: MODEL, input: PROMPT });
    const comment = text.indexOf(`: ${NOTE}\n\n`);
    expect(comment).toBeGreaterThan(text.lastIndexOf("event: response.output_text.delta"));
    expect(comment).toBeLessThan(text.indexOf("event: response.completed"));
  });

  it("tells the upstream's usage as it came, with no note or comment, when it reported one", async () => {
    scriptCounted();
    const { data, response } = await env
      .client()
      .responses.create({ model: MODEL, input: "hi" })
      .withResponse();
    expect(data.usage).toMatchObject({ input_tokens: 11, output_tokens: 3 });
    expect(notesOf(response)).not.toContain(NOTE);
    scriptCounted();
    const { text } = await streamRaw("/responses", { model: MODEL, input: "hi" });
    expect(text).toContain('"usage":{"input_tokens":11,');
    expect(text).not.toContain(NOTE);
  });
});

describe("/v1/messages", () => {
  const request = {
    model: MODEL,
    max_tokens: 1024,
    messages: [{ role: "user" as const, content: PROMPT }],
  };

  it("gives the Anthropic SDK the ledger's estimate as usage, noted as one", async () => {
    scriptNoUsage();
    const { data, response } = await env.anthropic().messages.create(request).withResponse();
    expect(data.content.find((block) => block.type === "text")).toMatchObject({ text: ANSWER });
    const row = await estimatedRow(response);
    // Before, both were 0.
    expect(data.usage).toMatchObject({
      input_tokens: row.prompt_tokens,
      output_tokens: row.completion_tokens,
    });
    expect(notesOf(response)).toContain(NOTE);
  });

  it("counts a stream's output in message_delta, after a comment saying it is estimated", async () => {
    scriptNoUsage();
    const { data: stream, response } = await env
      .anthropic()
      .messages.create({ ...request, stream: true })
      .withResponse();
    let started: { input_tokens: number } | undefined;
    let delta: { output_tokens: number; input_tokens?: number | null } | undefined;
    for await (const event of stream) {
      if (event.type === "message_start") started = event.message.usage;
      if (event.type === "message_delta") delta = event.usage;
    }
    const row = await estimatedRow(response);
    // Before, message_delta said 0 output tokens.
    expect(delta?.output_tokens).toBe(row.completion_tokens);
    expect(delta?.input_tokens).toBe(row.prompt_tokens);
    expect(started?.input_tokens).toBe(row.prompt_tokens);
    scriptNoUsage();
    const { text } = await streamRaw("/messages", { ...request });
    const comment = text.indexOf(`: ${NOTE}\n\n`);
    expect(comment).toBeGreaterThan(text.lastIndexOf("event: content_block_delta"));
    expect(comment).toBeLessThan(text.indexOf("event: message_delta"));
  });

  it("tells the upstream's usage as it came, with no note or comment, when it reported one", async () => {
    scriptCounted();
    const { data, response } = await env
      .anthropic()
      .messages.create({ ...request, messages: [{ role: "user", content: "hi" }] })
      .withResponse();
    expect(data.usage).toMatchObject({ input_tokens: 11, output_tokens: 3 });
    expect(notesOf(response)).not.toContain(NOTE);
    scriptCounted();
    const { text } = await streamRaw("/messages", {
      ...request,
      messages: [{ role: "user", content: "hi" }],
    });
    expect(text).toContain('"usage":{"input_tokens":11,"output_tokens":3');
    expect(text).not.toContain(NOTE);
  });
});
