/**
 * A call to a tool without parameters for which the upstream sent no arguments at all (`""`, as
 * some models do) reaches a chat-completions client as `"{}"`, as OpenAI sends it: clients
 * `JSON.parse` the arguments (the Agents SDK, LangChain, tool loops) and `""` throws there
 * (openai/openai-agents-js#664, NousResearch/hermes-agent#83937). /v1/responses and
 * /v1/messages did so already.
 */
import type OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
let client: OpenAI;

beforeAll(async () => {
  env = await startGatewayEnv();
  client = env.client();
});
afterAll(async () => {
  await env?.close();
});

const request = {
  model: "moonshot/kimi-k2.5",
  messages: [{ role: "user" as const, content: "what time is it?" }],
  tools: [
    {
      type: "function" as const,
      function: { name: "now", parameters: { type: "object", properties: {} } },
    },
    {
      type: "function" as const,
      function: {
        name: "get_time",
        parameters: { type: "object", properties: { tz: { type: "string" } } },
      },
    },
  ],
};

/**
 * The model calls `now` without arguments, then `get_time` with some. `none` is what the upstream
 * sends for `now`'s arguments: nothing, or only JSON whitespace (a stray line break or space some
 * providers' tokenization leaves, which clients' JSON.parse refuses just as it refuses "").
 */
function scriptCalls(none = ""): void {
  env.sim.script([
    {
      respond: {
        reply: {
          toolCalls: [
            { name: "now", arguments: none },
            { name: "get_time", arguments: { tz: "UTC" } },
          ],
        },
      },
    },
  ]);
}

/** Each call's arguments as the client parses them. */
function parsedArguments(
  calls: readonly OpenAI.Chat.ChatCompletionMessageToolCall[] | undefined,
): [string | undefined, unknown][] {
  return (calls ?? []).map((call) =>
    call.type === "function"
      ? [call.function.name, JSON.parse(call.function.arguments)]
      : [undefined, undefined],
  );
}

describe("a tool call the upstream sent without arguments", () => {
  it("comes as {} in a whole chat completion", async () => {
    scriptCalls();
    const completion = await client.chat.completions.create(request);
    expect(completion.choices[0]?.finish_reason).toBe("tool_calls");
    expect(parsedArguments(completion.choices[0]?.message.tool_calls)).toEqual([
      ["now", {}],
      ["get_time", { tz: "UTC" }],
    ]);
  });

  it("comes as {} once a streamed chat completion is put together", async () => {
    scriptCalls();
    const stream = client.chat.completions.stream(request);
    const completion = await stream.finalChatCompletion();
    expect(completion.choices[0]?.finish_reason).toBe("tool_calls");
    expect(parsedArguments(completion.choices[0]?.message.tool_calls)).toEqual([
      ["now", {}],
      ["get_time", { tz: "UTC" }],
    ]);
  });
});

describe("a tool call the upstream sent only whitespace for as its arguments", () => {
  it("parses as {} in a whole chat completion", async () => {
    scriptCalls("\n ");
    const completion = await client.chat.completions.create(request);
    expect(parsedArguments(completion.choices[0]?.message.tool_calls)).toEqual([
      ["now", {}],
      ["get_time", { tz: "UTC" }],
    ]);
  });

  it("parses as {} once a streamed chat completion is put together", async () => {
    scriptCalls("\n ");
    const stream = client.chat.completions.stream(request);
    const completion = await stream.finalChatCompletion();
    expect(parsedArguments(completion.choices[0]?.message.tool_calls)).toEqual([
      ["now", {}],
      ["get_time", { tz: "UTC" }],
    ]);
  });

  it("parses as {} in a streamed Responses answer, its deltas joined as its done event", async () => {
    scriptCalls(" ");
    const stream = await client.responses.create({
      model: "moonshot/kimi-k2.5",
      input: "what time is it?",
      tools: [
        {
          type: "function",
          name: "now",
          parameters: { type: "object", properties: {} },
          strict: false,
        },
      ],
      stream: true,
    });
    const deltas = new Map<string, string>();
    const done = new Map<string, string>();
    for await (const event of stream) {
      if (event.type === "response.function_call_arguments.delta")
        deltas.set(event.item_id, (deltas.get(event.item_id) ?? "") + event.delta);
      if (event.type === "response.function_call_arguments.done")
        done.set(event.item_id, event.arguments);
    }
    const [first] = [...done.entries()];
    expect(first).toBeDefined();
    const [itemId, args] = first as [string, string];
    expect(JSON.parse(args)).toEqual({});
    expect(deltas.get(itemId)).toBe(args);
  });
});
