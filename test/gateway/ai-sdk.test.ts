/**
 * The gateway with a second real client: the Vercel AI SDK, as an app built on it would call the
 * gateway — through its OpenAI-compatible provider (chat completions) and through its OpenAI
 * provider, which speaks the Responses API. The SDK parses answers with strict
 * schemas, reads `reasoning_content` as reasoning, runs its own multi-step tool loop and turns
 * error bodies into `APICallError`s, so each of those paths is checked end to end here.
 */
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { APICallError, generateText, type LanguageModel, stepCountIs, streamText, tool } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  expectToolRoundsReplayed,
  GATEWAY_TOKEN,
  type GatewayEnv,
  ledgerQuery,
  scriptTimeToolRounds,
  startGatewayEnv,
} from "./harness.js";

let env: GatewayEnv;

function gatewayProvider(token = GATEWAY_TOKEN) {
  return createOpenAICompatible({
    name: "openclaw",
    baseURL: env.baseURL,
    apiKey: token,
    includeUsage: true,
  });
}

/** The `get_time` tool the scripted rounds call; it notes each time zone it is asked for. */
function timeTool(asked: string[]) {
  return tool({
    description: "The current time in a time zone",
    inputSchema: z.object({ tz: z.string() }),
    execute: async ({ tz }) => {
      asked.push(tz);
      return tz === "UTC" ? "12:00" : "21:00";
    },
  });
}

/** Streams a prompt and gathers its reasoning and text, and the order their parts came in. */
async function streamParts(model: LanguageModel, prompt: string) {
  const result = streamText({ model, prompt, maxRetries: 0 });
  const order: string[] = [];
  let reasoning = "";
  let text = "";
  for await (const part of result.fullStream) {
    if (part.type === "error") throw part.error;
    if (part.type === "reasoning-delta") reasoning += part.text;
    if (part.type === "text-delta") text += part.text;
    if (order.at(-1) !== part.type) order.push(part.type);
  }
  return { result, order, reasoning, text };
}

const FINAL_ANSWER = "It is 12:00 in UTC and 21:00 in Tokyo.";

/**
 * The SDK's own tool loop over the two scripted rounds: checks the tool ran for both time zones,
 * the final answer, and that the last upstream request replayed both tool-call turns with their
 * reasoning, as Moonshot requires for a thinking model (the simulator refuses a turn without it).
 */
async function runToolLoop(model: LanguageModel) {
  scriptTimeToolRounds(env.sim, FINAL_ANSWER);
  const asked: string[] = [];
  const result = streamText({
    model,
    prompt: "What time is it in UTC and in Tokyo?",
    maxRetries: 0,
    stopWhen: stepCountIs(5),
    tools: { get_time: timeTool(asked) },
  });
  expect(await result.text).toBe(FINAL_ANSWER);
  expect(asked).toEqual(["UTC", "Asia/Tokyo"]);
  expectToolRoundsReplayed(env.sim);
  return result;
}

beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

describe("the gateway with the Vercel AI SDK", () => {
  it("answers generateText through an alias, with usage", async () => {
    const result = await generateText({
      model: gatewayProvider()("Kimi K2.5"),
      prompt: "Say hello.",
      maxRetries: 0,
    });
    expect(result.text).toBe("Echo: Say hello.");
    expect(result.finishReason).toBe("stop");
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    expect(result.response.modelId).toBe("moonshot/kimi-k2.5");
  });

  it("streams a thinking model's reasoning as reasoning parts, before the text", async () => {
    const { result, order, reasoning, text } = await streamParts(
      gatewayProvider()("moonshot/kimi-k2-thinking"),
      "Why is the sky blue?",
    );
    expect(reasoning).toBe('The user said "Why is the sky blue?". I will answer briefly.');
    expect(text).toBe("Echo: Why is the sky blue?");
    expect(order.indexOf("reasoning-delta")).toBeLessThan(order.indexOf("text-delta"));
    const usage = await result.usage;
    expect(usage.outputTokens).toBeGreaterThan(0);
    expect(await result.finishReason).toBe("stop");
  });

  it("runs the SDK's own tool loop over two rounds of tool calls with a thinking model", async () => {
    const result = await runToolLoop(gatewayProvider()("Kimi K2 Thinking"));
    expect((await result.steps).map((step) => step.finishReason)).toEqual([
      "tool-calls",
      "tool-calls",
      "stop",
    ]);
  });

  it("gives the SDK an APICallError with status and message for a wrong token", async () => {
    const failure = await generateText({
      model: gatewayProvider("wrong-token")("moonshot/kimi-k2.5"),
      prompt: "hi",
      maxRetries: 0,
    }).catch((error: unknown) => error);
    expect(APICallError.isInstance(failure)).toBe(true);
    const apiError = failure as APICallError;
    expect(apiError.statusCode).toBe(401);
    expect(apiError.message).toBe(
      "incorrect gateway token: send this gateway's own token (openclaw config get gateway.auth.token --reveal prints it when run with the same OPENCLAW_STATE_DIR as the gateway, whose config is not the default one, unless OPENCLAW_GATEWAY_TOKEN sets it)",
    );
    expect(apiError.isRetryable).toBe(false);
  });

  it("gives the SDK a 404 naming close matches for an unknown model", async () => {
    const failure = await generateText({
      model: gatewayProvider()("moonshot/kimi-k2.9"),
      prompt: "hi",
      maxRetries: 0,
    }).catch((error: unknown) => error);
    expect(APICallError.isInstance(failure)).toBe(true);
    const apiError = failure as APICallError;
    expect(apiError.statusCode).toBe(404);
    expect(apiError.message).toContain("moonshot/kimi-k2.5");
  });

  it("records one ledger row per SDK request, tool rounds included", async () => {
    const rows = await ledgerQuery<{ n: number; tools: number }>(
      env,
      "SELECT count(*) AS n, sum(model_requested = 'Kimi K2 Thinking') AS tools FROM requests",
    );
    // 1 (generateText) + 1 (stream) + 3 (tool loop) + 1 (401) + 1 (404)
    expect(rows[0]).toEqual({ n: 7, tools: 3 });
  });

  it("gets a Zod tool schema past Moonshot's stricter JSON Schema check", async () => {
    // z.any() becomes {}, and a record an object without `required`: Moonshot refuses both.
    env.sim.script([
      {
        when: { model: "kimi-k2.5" },
        respond: { reply: { toolCalls: [{ name: "search", arguments: { query: "kimi" } }] } },
      },
      { when: { model: "kimi-k2.5" }, respond: { reply: { text: "Found 3 pages." } } },
    ]);
    const before = env.sim.chatRequests().length;
    const queries: string[] = [];
    const result = await generateText({
      model: gatewayProvider()("moonshot/kimi-k2.5"),
      prompt: "Search for kimi.",
      maxRetries: 0,
      stopWhen: stepCountIs(3),
      tools: {
        search: tool({
          description: "Search the docs",
          inputSchema: z.object({
            query: z.string(),
            filters: z.record(z.string(), z.any()).optional(),
            extra: z.any().optional(),
            // Zod writes literals as `const`, which Moonshot's own rewrite drops: a one-value
            // enum keeps them, the discriminator of a union among them.
            kind: z.literal("docs").optional(),
            shape: z
              .discriminatedUnion("type", [
                z.object({ type: z.literal("circle"), r: z.number() }),
                z.object({ type: z.literal("square"), side: z.number() }),
              ])
              .optional(),
          }),
          execute: async ({ query }) => {
            queries.push(query);
            return "3 pages";
          },
        }),
      },
    });
    expect(result.text).toBe("Found 3 pages.");
    expect(queries).toEqual(["kimi"]);
    const sent = env.sim.chatRequests()[before]?.body as {
      tools: Array<{ function: { parameters: { properties: Record<string, unknown> } } }>;
    };
    const properties = sent.tools[0]?.function.parameters.properties;
    expect(properties?.filters).toMatchObject({
      type: "object",
      additionalProperties: { type: "string" },
      required: [],
    });
    expect(properties?.extra).toEqual({ type: "string" });
    expect(properties?.kind).toMatchObject({ type: "string", enum: ["docs"] });
    const shape = properties?.shape as
      | { anyOf: Array<{ properties: { type: unknown } }> }
      | undefined;
    expect(shape?.anyOf.map((branch) => branch.properties.type)).toEqual([
      { type: "string", enum: ["circle"] },
      { type: "string", enum: ["square"] },
    ]);
    expect(JSON.stringify(sent.tools)).not.toContain('"const"');
  });
});

describe("the gateway with the Vercel AI SDK's OpenAI provider (Responses API)", () => {
  const openai = () => createOpenAI({ baseURL: env.baseURL, apiKey: GATEWAY_TOKEN });

  it("answers generateText and streams a thinking model's reasoning as reasoning parts", async () => {
    const plain = await generateText({
      model: openai()("Kimi K2.5"),
      prompt: "Say hello.",
      maxRetries: 0,
    });
    expect(plain.text).toBe("Echo: Say hello.");
    expect(plain.usage.inputTokens).toBeGreaterThan(0);

    const { reasoning, text } = await streamParts(
      openai()("moonshot/kimi-k2-thinking"),
      "Why is the sky blue?",
    );
    // Each in its own parts: no reasoning in the answer's text, no answer in the reasoning.
    expect(reasoning).toBe('The user said "Why is the sky blue?". I will answer briefly.');
    expect(text).toBe("Echo: Why is the sky blue?");
  });

  it("runs its tool loop with its default settings, which refer back to earlier output items", async () => {
    await runToolLoop(openai()("Kimi K2 Thinking"));
  });
});
