/**
 * A client forces a tool on one request and not on the next (OpenAI's SDK, as an agent framework
 * sends it): the forced request goes to kimi-k2.5 with thinking off, the next one thinks, and
 * Moonshot then wants a `reasoning_content` on the first request's tool-call turn, which the
 * client sends back without one. The gateway remembers that turn as made without thinking and
 * sends it with an empty one from the start: one upstream request per client request, none
 * refused first.
 */
import type OpenAI from "openai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

const MODEL = "moonshot/kimi-k2.5";
const TOOLS: OpenAI.ChatCompletionTool[] = [
  {
    type: "function",
    function: { name: "get_time", parameters: { type: "object", properties: {} } },
  },
];
const FORCED = { type: "function", function: { name: "get_time" } } as const;
const RESPONSES_TOOLS: OpenAI.Responses.FunctionTool[] = [
  {
    type: "function",
    name: "get_time",
    parameters: { type: "object", properties: {} },
    strict: false,
  },
];
const QUESTION: OpenAI.ChatCompletionMessageParam = { role: "user", content: "Time?" };

// A gateway per test: one that saw kimi-k2.5 think already treats it as a thinking model and
// adds the empty reasoning_content anyway, which would hide what each test is about.
let env: GatewayEnv;
beforeEach(async () => {
  env = await startGatewayEnv();
});
afterEach(async () => {
  await env?.close();
});

interface UpstreamBody {
  messages: { role: string; reasoning_content?: string }[];
  thinking?: unknown;
  tool_choice?: unknown;
}

function upstream(): UpstreamBody[] {
  return env.sim.chatRequests().map((request) => request.body as UpstreamBody);
}

/** The tool-call turn as the upstream got it on each request: its keys and reasoning. */
function replayedTurns(): (string | undefined)[][] {
  return upstream().map((body) =>
    body.messages
      .filter((message) => message.role === "assistant")
      .map((message) => message.reasoning_content),
  );
}

/** The conversation after the forced call: its tool-call turn, as the client got it, answered. */
function answered(turn: OpenAI.ChatCompletionMessage): OpenAI.ChatCompletionMessageParam[] {
  const call = turn.tool_calls?.[0];
  if (!call) throw new Error("the forced request made no tool call");
  return [QUESTION, turn, { role: "tool", tool_call_id: call.id, content: "12:00" }];
}

/** The model calls get_time of its own accord (nothing forces it). */
function scriptUnforcedToolCall(): void {
  env.sim.script([
    {
      when: { model: "kimi-k2.5" },
      respond: { reply: { toolCalls: [{ name: "get_time", arguments: {} }] } },
    },
  ]);
}

/** The first request, forcing get_time, on Chat Completions. */
function forcedChat(client: OpenAI): Promise<OpenAI.ChatCompletion> {
  return client.chat.completions.create({
    model: MODEL,
    messages: [QUESTION],
    tools: TOOLS,
    tool_choice: FORCED,
  });
}

/**
 * On Chat Completions: checks that the client was shown no reasoning on `first`'s turn (it had
 * none), then sends the turn back answered; the text of that answer.
 */
async function answerChatTurn(
  client: OpenAI,
  first: OpenAI.ChatCompletion,
): Promise<string | null | undefined> {
  const turn = first.choices[0]?.message as OpenAI.ChatCompletionMessage;
  expect(turn).not.toHaveProperty("reasoning_content");
  const second = await client.chat.completions.create({
    model: MODEL,
    messages: answered(turn),
    tools: TOOLS,
  });
  return second.choices[0]?.message.content;
}

/**
 * On the Responses API: checks that `first` is a lone function call with no reasoning item (the
 * turn had none), then sends it back answered, as an input item, and returns that answer.
 */
async function answerResponsesCall(
  client: OpenAI,
  first: OpenAI.Responses.Response,
  noCall: string,
): Promise<OpenAI.Responses.Response> {
  const call = first.output.find((item) => item.type === "function_call");
  if (call?.type !== "function_call") throw new Error(noCall);
  expect(first.output.map((item) => item.type)).toEqual(["function_call"]);
  return client.responses.create({
    model: MODEL,
    tools: RESPONSES_TOOLS,
    input: [
      { role: "user", content: "Time?" },
      call,
      { type: "function_call_output", call_id: call.call_id, output: "12:00" },
    ],
  });
}

describe("a forced tool choice, then none, through the gateway", () => {
  it("sends the forced turn back with an empty reasoning_content: two upstream requests for two", async () => {
    const client = env.client();
    const first = await forcedChat(client);
    expect(await answerChatTurn(client, first)).toBe("Tool results: 12:00");
    expect(upstream().map((body) => [body.thinking, body.tool_choice])).toEqual([
      [{ type: "disabled" }, FORCED],
      [undefined, undefined],
    ]);
    expect(replayedTurns()).toEqual([[], [""]]);
  });

  it("does the same when both requests stream", async () => {
    const client = env.client();
    const stream = await client.chat.completions.create({
      model: MODEL,
      messages: [QUESTION],
      tools: TOOLS,
      tool_choice: FORCED,
      stream: true,
    });
    let id = "";
    for await (const chunk of stream) id ||= chunk.choices[0]?.delta.tool_calls?.[0]?.id ?? "";
    const turn: OpenAI.ChatCompletionMessage = {
      role: "assistant",
      content: null,
      refusal: null,
      tool_calls: [{ id, type: "function", function: { name: "get_time", arguments: "{}" } }],
    };
    const again = await client.chat.completions.create({
      model: MODEL,
      messages: answered(turn),
      tools: TOOLS,
      stream: true,
    });
    let text = "";
    for await (const chunk of again) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toBe("Tool results: 12:00");
    expect(replayedTurns()).toEqual([[], [""]]);
  });

  it("does the same on the Responses API, the function call sent back as an input item", async () => {
    const client = env.client();
    const first = await client.responses.create({
      model: MODEL,
      input: "Time?",
      tools: RESPONSES_TOOLS,
      tool_choice: { type: "function", name: "get_time" },
    });
    const second = await answerResponsesCall(client, first, "the forced request made no tool call");
    expect(second.output_text).toBe("Tool results: 12:00");
    expect(replayedTurns()).toEqual([[], [""]]);
  });

  it("sends the empty reasoning_content with thinking off when the next request forces a tool again", async () => {
    const client = env.client();
    const first = await forcedChat(client);
    const again = await client.chat.completions.create({
      model: MODEL,
      messages: answered(first.choices[0]?.message as OpenAI.ChatCompletionMessage),
      tools: TOOLS,
      tool_choice: FORCED,
    });
    expect(again.choices[0]?.message.tool_calls?.[0]?.type).toBe("function");
    expect(upstream().map((body) => body.thinking)).toEqual([
      { type: "disabled" },
      { type: "disabled" },
    ]);
    expect(replayedTurns()).toEqual([[], [""]]);
  });
});

describe("thinking turned off by the client, then left to the model, through the gateway", () => {
  it("sends the turn made with reasoning_effort none back with an empty reasoning_content: two upstream requests for two", async () => {
    scriptUnforcedToolCall();
    const client = env.client();
    const first = await client.chat.completions.create({
      model: MODEL,
      messages: [QUESTION],
      tools: TOOLS,
      reasoning_effort: "none",
    });
    expect(first.choices[0]?.message.tool_calls?.[0]).toMatchObject({
      function: { name: "get_time" },
    });
    expect(await answerChatTurn(client, first)).toBe("Tool results: 12:00");
    expect(upstream().map((body) => body.thinking)).toEqual([{ type: "disabled" }, undefined]);
    expect(replayedTurns()).toEqual([[], [""]]);
  });

  it("does the same on the Responses API with reasoning effort none", async () => {
    scriptUnforcedToolCall();
    const client = env.client();
    const first = await client.responses.create({
      model: MODEL,
      input: "Time?",
      tools: RESPONSES_TOOLS,
      reasoning: { effort: "none" },
    });
    const second = await answerResponsesCall(client, first, "the model made no tool call");
    expect(second.output_text).toBe("Tool results: 12:00");
    expect(upstream().map((body) => body.thinking)).toEqual([{ type: "disabled" }, undefined]);
    expect(replayedTurns()).toEqual([[], [""]]);
  });
});
