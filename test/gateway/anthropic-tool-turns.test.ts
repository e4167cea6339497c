/**
 * Tool turns on /v1/messages that Anthropic's API refuses, sent with plain fetch as an Anthropic
 * client sends them: the gateway answers a 400 in Anthropic's error format naming the block and
 * what to send, before any upstream call, instead of passing on a conversation the model would
 * misread.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, notesOf, postMessages, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

const tools = [
  {
    name: "get_time",
    description: "The time in a time zone",
    input_schema: { type: "object", properties: { tz: { type: "string" } } },
  },
];

function toolUse(id: string, tz: string) {
  return { type: "tool_use", id, name: "get_time", input: { tz } };
}

function toolResult(id: string, content: string) {
  return { type: "tool_result", tool_use_id: id, content };
}

/** The status and Anthropic error body of a POST /v1/messages of `messages`, and whether it went upstream. */
async function refusal(messages: unknown[]) {
  const before = env.sim.chatRequests().length;
  const answer = await postMessages(env.gateway.url, {
    model: "moonshot/kimi-k2.5",
    max_tokens: 64,
    tools,
    messages,
  });
  return {
    status: answer.status,
    body: (await answer.json()) as { type: string; error: { type: string; message: string } },
    sentUpstream: env.sim.chatRequests().length > before,
  };
}

describe("tool_use ids repeated in one assistant turn", () => {
  it("are a 400 naming the id and both blocks, sent nowhere", async () => {
    const answer = await refusal([
      { role: "user", content: "What time is it in UTC and in Tokyo?" },
      {
        role: "assistant",
        content: [
          { type: "text", text: "Let me check." },
          toolUse("toolu_01", "UTC"),
          toolUse("toolu_01", "Asia/Tokyo"),
        ],
      },
      { role: "user", content: [toolResult("toolu_01", "12:00")] },
    ]);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      type: "error",
      error: {
        type: "invalid_request_error",
        message:
          'messages[1].content[2].id "toolu_01" is also the id of messages[1].content[1]: tool_use ids must be unique; give each tool_use block its own id, and answer each with a tool_result of that id',
      },
    });
    expect(answer.sentUpstream).toBe(false);
  });

  it("are not confused with the same id in another turn's tool_result, which answers it", async () => {
    const answer = await postMessages(env.gateway.url, {
      model: "moonshot/kimi-k2.5",
      max_tokens: 64,
      tools,
      messages: [
        { role: "user", content: "What time is it in UTC and in Tokyo?" },
        {
          role: "assistant",
          content: [toolUse("toolu_01", "UTC"), toolUse("toolu_02", "Asia/Tokyo")],
        },
        {
          role: "user",
          content: [toolResult("toolu_01", "12:00"), toolResult("toolu_02", "21:00")],
        },
      ],
    });
    expect(answer.status).toBe(200);
  });
});

/*
 * A tool_use the next user message does not answer is answered by the conversation repair with
 * "No result: …" (commit 7220da34: a client stopped between a call and its result would
 * otherwise be refused on every later turn), and a result the client sent later stays where it
 * was sent. Anthropic refuses both; the gateway keeps that leniency, and refuses only a
 * tool_result whose id no earlier tool_use has, which has no call to attach to.
 */
describe("a tool_result that is not in the user message right after its tool_use", () => {
  it("is answered, with the missing result filled in after the call and a note that says so", async () => {
    const answer = await postMessages(env.gateway.url, {
      model: "moonshot/kimi-k2.5",
      max_tokens: 64,
      tools,
      messages: [
        { role: "user", content: "What time is it in UTC?" },
        { role: "assistant", content: [toolUse("toolu_01", "UTC")] },
        { role: "user", content: "Never mind, stop." },
        { role: "assistant", content: "Stopped." },
        {
          role: "user",
          content: [
            toolResult("toolu_01", "12:00"),
            { type: "text", text: "It finished after all." },
          ],
        },
      ],
    });
    expect(answer.status).toBe(200);
    expect(notesOf(answer.headers)).toContain(
      'tool call toolu_01 had no result right after it, only later in the conversation: sent with "No result: this tool call was not answered." after the call, and the later result where it was sent',
    );
    const upstream = env.sim.chatRequests().at(-1)?.body as {
      messages: { role: string; content?: unknown; tool_call_id?: string }[];
    };
    expect(
      upstream.messages.map((message) => [message.role, message.tool_call_id ?? null]),
    ).toEqual([
      ["user", null],
      ["assistant", null],
      ["tool", "toolu_01"],
      ["user", null],
      ["assistant", null],
      ["tool", "toolu_01"],
      ["user", null],
    ]);
    expect(upstream.messages[5]?.content).toBe("12:00");
  });

  it("is a 400 naming its block when its tool_use_id is one no earlier tool_use has", async () => {
    const answer = await refusal([
      { role: "user", content: "What time is it in UTC?" },
      { role: "assistant", content: [toolUse("toolu_01", "UTC")] },
      { role: "user", content: [toolResult("toolu_01", "12:00"), toolResult("toolu_09", "21:00")] },
    ]);
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(
      /^messages\[2\]\.content\[1\]\.tool_use_id "toolu_09" answers no tool call: no assistant message before it has a tool call with that id \(hint: a tool result goes after the assistant message whose tool_use blocks made the call;/,
    );
    expect(answer.sentUpstream).toBe(false);
  });
});

describe("a tool written as chat completions write one", () => {
  it("is told the Anthropic form, not called a server tool of Anthropic's", async () => {
    const before = env.sim.chatRequests().length;
    const answer = await postMessages(env.gateway.url, {
      model: "moonshot/kimi-k2.5",
      max_tokens: 64,
      tools: [
        {
          type: "function",
          function: { name: "get_time", parameters: { type: "object", properties: {} } },
        },
      ],
      messages: [{ role: "user", content: "What time is it?" }],
    });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual({
      type: "error",
      error: {
        type: "invalid_request_error",
        message:
          'tools[0] is written as chat completions write a tool ({"type": "function", "function": {…}}); /v1/messages takes the Anthropic form, {"name": "get_time", "description": …, "input_schema": {…}}, with the function\'s parameters as its input_schema (or send the request to /v1/chat/completions, which takes it as it is)',
      },
    });
    expect(env.sim.chatRequests().length).toBe(before);
  });
});

describe("a block or tool_choice sent without its type", () => {
  it("is said to be required, with the types it takes, not to have been sent as null", async () => {
    const userBlock = await refusal([{ role: "user", content: [{ text: "hi" }] }]);
    expect(userBlock.status).toBe(400);
    expect(userBlock.body.error.message).toBe(
      'messages[0].content[0].type is required: text, image, document (plain text) or tool_result (a text block is {"type": "text", "text": "Hello"})',
    );
    expect(userBlock.sentUpstream).toBe(false);
    const assistantBlock = await refusal([
      { role: "user", content: "What time is it?" },
      { role: "assistant", content: [{ text: "Let me check." }] },
    ]);
    expect(assistantBlock.body.error.message).toBe(
      'messages[1].content[0].type is required: text, tool_use, thinking or redacted_thinking (a text block is {"type": "text", "text": "Hello"})',
    );
    const resultPart = await refusal([
      { role: "user", content: "What time is it?" },
      { role: "assistant", content: [toolUse("toolu_01", "UTC")] },
      {
        role: "user",
        content: [{ type: "tool_result", tool_use_id: "toolu_01", content: [{ text: "12:00" }] }],
      },
    ]);
    expect(resultPart.body.error.message).toBe(
      'messages[2].content[0].content[0].type is required: text, image or document (a text block is {"type": "text", "text": "Hello"})',
    );
    const choice = await postMessages(env.gateway.url, {
      model: "moonshot/kimi-k2.5",
      max_tokens: 64,
      tools,
      tool_choice: { name: "get_time" },
      messages: [{ role: "user", content: "What time is it?" }],
    });
    expect(choice.status).toBe(400);
    expect(((await choice.json()) as { error: { message: string } }).error.message).toBe(
      'tool_choice.type is required: auto, any, tool or none (such as {"type": "auto"})',
    );
  });
});

describe("a tool_choice naming a tool not sent", () => {
  it("says it names a tool, as Anthropic's API calls it, not a function", async () => {
    const answer = await postMessages(env.gateway.url, {
      model: "moonshot/kimi-k2.5",
      max_tokens: 64,
      tools,
      tool_choice: { type: "tool", name: "get_weather" },
      messages: [{ role: "user", content: "What time is it?" }],
    });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual({
      type: "error",
      error: {
        type: "invalid_request_error",
        message: 'tool_choice names tool "get_weather", which is not among tools (get_time)',
      },
    });
  });
});

describe("a turn sent without its content", () => {
  it("is said to be required, not to have been 'a undefined'", async () => {
    const user = await refusal([{ role: "user" }]);
    expect(user.status).toBe(400);
    expect(user.body.error.message).toBe(
      'messages[0].content is required: a string or an array of content blocks (such as "Hello" or [{"type": "text", "text": "Hello"}])',
    );
    expect(user.sentUpstream).toBe(false);
    const assistant = await refusal([
      { role: "user", content: "What time is it?" },
      { role: "assistant" },
      { role: "user", content: "Well?" },
    ]);
    expect(assistant.body.error.message).toBe(
      'messages[1].content is required: a string or an array of content blocks (such as "Hello" or [{"type": "text", "text": "Hello"}])',
    );
    const wrongType = await refusal([{ role: "user", content: 42 }]);
    expect(wrongType.body.error.message).toBe(
      "messages[0].content must be a string or an array of content blocks, got a number",
    );
  });
});

describe("thinking and tool_choice fields left out or mistyped", () => {
  /** The Anthropic error message of a request of `fields` beside a plain turn. */
  async function refusedWith(fields: Record<string, unknown>): Promise<string> {
    const answer = await postMessages(env.gateway.url, {
      model: "moonshot/kimi-k2.5",
      max_tokens: 64,
      messages: [{ role: "user", content: "What time is it?" }],
      ...fields,
    });
    expect(answer.status).toBe(400);
    return ((await answer.json()) as { error: { message: string } }).error.message;
  }

  it("say which field is required, or what it takes, each once and in Anthropic's words", async () => {
    expect(await refusedWith({ tools, tool_choice: { type: "tool" } })).toBe(
      'tool_choice.name is required with {"type": "tool"}: the name of the tool to call (such as {"type": "tool", "name": "get_weather"})',
    );
    expect(await refusedWith({ tools, tool_choice: { type: "tool", name: 7 } })).toBe(
      "tool_choice.name must be a string, the name of the tool to call, got a number",
    );
    expect(await refusedWith({ thinking: {} })).toBe(
      'thinking.type is required: enabled, disabled or adaptive (such as {"type": "adaptive"})',
    );
    expect(await refusedWith({ thinking: { type: "on" } })).toBe(
      'thinking.type must be enabled, disabled or adaptive, got "on"',
    );
    expect(await refusedWith({ thinking: "on" })).toBe(
      'thinking must be an object such as {"type": "adaptive"}, got a string',
    );
  });
});

describe("a tools entry that is no object", () => {
  it("is told the form of an Anthropic tool, not chat completions' function type", async () => {
    const answer = await postMessages(env.gateway.url, {
      model: "moonshot/kimi-k2.5",
      max_tokens: 64,
      tools: [tools[0], "get_weather"],
      messages: [{ role: "user", content: "What time is it?" }],
    });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: { message: string } }).error.message).toBe(
      'tools[1] must be an object, a tool such as {"name": "get_weather", "description": …, "input_schema": {"type": "object", …}}, got a string',
    );
  });
});
