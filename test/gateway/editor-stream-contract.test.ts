/**
 * What an editor's own OpenAI reader relies on, as Zed's agent reads chat completions with a
 * reader of its own (not an SDK): every `data:` line but `[DONE]` is a chunk with a `choices`
 * array whose entries carry an `index`, `role` in the first delta only, the usage chunk last with
 * no choices and whole-number counts, and `finish_reason: "tool_calls"` on an answer of tool
 * calls. Zed runs the calls only on that reason: an upstream that ends such an answer with
 * "stop" must not reach it as "stop", or the calls are dropped without a word.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

const TOOL = {
  type: "function",
  function: {
    name: "read_file",
    description: "Reads a file of the project",
    parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
  },
};

/** A Zed agent request: streamed with usage, temperature 1, one call per turn, a cache key. */
function zedRequest(stream: boolean): Record<string, unknown> {
  return {
    model: "moonshot/kimi-k2-turbo-preview",
    messages: [
      { role: "system", content: "You are a coding agent." },
      { role: "user", content: "Read README.md" },
    ],
    stream,
    ...(stream ? { stream_options: { include_usage: true } } : {}),
    temperature: 1,
    parallel_tool_calls: false,
    prompt_cache_key: "zed-thread-0001",
    tools: [TOOL],
    tool_choice: "auto",
  };
}

interface Chunk {
  choices: { index: number; delta: { role?: string }; finish_reason: string | null }[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
}

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv({ fallbacks: [] });
});
afterAll(async () => {
  await env?.close();
});

/** The model answers with one read_file call, its answer ended with finish_reason "stop". */
function scriptCallEndedWithStop(): void {
  env.sim.script([
    {
      respond: {
        reply: {
          toolCalls: [{ name: "read_file", arguments: { path: "README.md" } }],
          finishReason: "stop",
        },
      },
    },
  ]);
}

async function post(body: Record<string, unknown>): Promise<Response> {
  return fetch(`${env.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

describe("a streamed answer read as an editor's own reader reads it", () => {
  it("is chunks with choices, role first only, tool_calls as the reason, usage last, then [DONE]", async () => {
    scriptCallEndedWithStop();
    const response = await post(zedRequest(true));
    expect(response.status).toBe(200);
    const lines = (await response.text())
      .split("\n")
      .filter((line) => line.startsWith("data:"))
      .map((line) => line.slice("data:".length).trim());
    expect(lines.at(-1)).toBe("[DONE]");
    const chunks = lines.slice(0, -1).map((line) => JSON.parse(line) as Chunk);
    for (const chunk of chunks) {
      expect(Array.isArray(chunk.choices)).toBe(true);
      for (const choice of chunk.choices) expect(choice.index).toBe(0);
    }
    const withRole = chunks.filter((chunk) => chunk.choices[0]?.delta.role !== undefined);
    expect(withRole).toEqual([chunks[0]]);
    expect(chunks[0]?.choices[0]?.delta.role).toBe("assistant");
    const reasons = chunks.flatMap((chunk) =>
      chunk.choices.flatMap((choice) => (choice.finish_reason ? [choice.finish_reason] : [])),
    );
    expect(reasons).toEqual(["tool_calls"]);
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    const usage = last?.usage;
    expect(Number.isInteger(usage?.prompt_tokens)).toBe(true);
    expect(Number.isInteger(usage?.completion_tokens)).toBe(true);
    expect(usage?.total_tokens).toBe((usage?.prompt_tokens ?? 0) + (usage?.completion_tokens ?? 0));
  });

  it("not streamed, an answer of tool calls ended with stop still says tool_calls", async () => {
    scriptCallEndedWithStop();
    const response = await post(zedRequest(false));
    expect(response.status).toBe(200);
    const answer = (await response.json()) as {
      choices: {
        finish_reason: string;
        message: { content: unknown; tool_calls?: { function: { name: string } }[] };
      }[];
    };
    expect(answer.choices[0]?.finish_reason).toBe("tool_calls");
    expect(answer.choices[0]?.message.content).toBeNull();
    expect(answer.choices[0]?.message.tool_calls?.map((call) => call.function.name)).toEqual([
      "read_file",
    ]);
  });
});
