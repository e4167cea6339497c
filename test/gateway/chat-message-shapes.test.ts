/**
 * Message shapes OpenAI refuses on chat completions, sent with the official `openai` client: the
 * gateway refuses them too, with a 400 naming the message and what to send, before any upstream
 * call, instead of passing on a request the model would read as something else.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiFailure } from "../helpers/api-error.js";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

describe("a user message whose content is an empty array", () => {
  it("is refused as OpenAI refuses it, naming the message and what to send", async () => {
    const before = env.sim.chatRequests().length;
    const client = env.client();
    const failure = await apiFailure(
      client.chat.completions.create({
        model: "moonshot/kimi-k2.5",
        messages: [
          { role: "system", content: "be brief" },
          { role: "user", content: "hi" },
          { role: "assistant", content: "Hello." },
          { role: "user", content: [] },
        ],
      }),
    );
    expect(failure.status).toBe(400);
    expect(failure.type).toBe("invalid_request_error");
    expect(failure.code).toBe("empty_array");
    expect(failure.param).toBe("messages[3].content");
    expect((failure.error as { message: string }).message).toBe(
      'messages[3].content is an empty array: a user message needs at least one part; send its text as a string ("content": "Hello") or as parts such as [{"type": "text", "text": "Hello"}]',
    );
    expect(env.sim.chatRequests().length).toBe(before);
  });

  it("is told apart from an empty string, which OpenAI takes and the gateway passes on", async () => {
    const client = env.client();
    const answer = await client.chat.completions.create({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "" }],
    });
    expect(answer.choices[0]?.finish_reason).toBe("stop");
  });
});

describe("a tool written as another API writes one", () => {
  it("in the Responses API's shape is told to nest it in function, naming tools[0].function", async () => {
    const before = env.sim.chatRequests().length;
    const client = env.client();
    // The Responses API's tool: what a client written for it sends to chat completions by mistake.
    const responsesTool = {
      type: "function",
      name: "get_time",
      parameters: { type: "object", properties: {} },
    };
    const failure = await apiFailure(
      client.chat.completions.create({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "What time is it?" }],
        tools: [responsesTool as never],
      }),
    );
    expect(failure.status).toBe(400);
    expect(failure.param).toBe("tools[0].function");
    expect(failure.code).toBe("missing_required_parameter");
    expect((failure.error as { message: string }).message).toBe(
      'tools[0].function is required: tools[0] has its name at the top level, as the Responses API writes a tool; chat completions take it inside function: {"type": "function", "function": {"name": "get_time", "description": …, "parameters": {…}}}',
    );
    expect(env.sim.chatRequests().length).toBe(before);
  });

  it("in the Anthropic Messages API's shape is told the chat form, and that /v1/messages takes it", async () => {
    const client = env.client();
    const anthropicTool = { name: "get_time", input_schema: { type: "object", properties: {} } };
    const failure = await apiFailure(
      client.chat.completions.create({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "What time is it?" }],
        tools: [anthropicTool as never],
      }),
    );
    expect(failure.status).toBe(400);
    expect(failure.param).toBe("tools[0].type");
    expect((failure.error as { message: string }).message).toBe(
      'tools[0].type is required: tools[0] is written as the Anthropic Messages API writes a tool (name, input_schema); chat completions take {"type": "function", "function": {"name": "get_time", "description": …, "parameters": <its input_schema>}}, and /v1/messages takes it as it is',
    );
  });

  it("as a Responses API tool_choice is told the chat form, naming tool_choice.function", async () => {
    const client = env.client();
    const failure = await apiFailure(
      client.chat.completions.create({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "What time is it?" }],
        tools: [
          {
            type: "function",
            function: { name: "get_time", parameters: { type: "object", properties: {} } },
          },
        ],
        tool_choice: { type: "function", name: "get_time" } as never,
      }),
    );
    expect(failure.status).toBe(400);
    expect(failure.param).toBe("tool_choice.function");
    expect((failure.error as { message: string }).message).toBe(
      'tool_choice.function is required: {"type": "function", "name": …} is the Responses API\'s form; chat completions take {"type": "function", "function": {"name": "get_time"}}',
    );
  });
});

describe("a field left out of a message", () => {
  it("is said to be required, not to have been sent as null", async () => {
    const client = env.client();
    const noRole = await apiFailure(
      client.chat.completions.create({
        model: "moonshot/kimi-k2.5",
        messages: [{ content: "hi" } as never],
      }),
    );
    expect(noRole.status).toBe(400);
    expect(noRole.param).toBe("messages[0].role");
    expect(noRole.code).toBe("missing_required_parameter");
    expect((noRole.error as { message: string }).message).toBe(
      'messages[0].role is required: system, developer, user, assistant or tool (a message of the user\'s is {"role": "user", "content": "Hello"})',
    );
    const noType = await apiFailure(
      client.chat.completions.create({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: [{ text: "hi" } as never] }],
      }),
    );
    expect(noType.param).toBe("messages[0].content[0].type");
    expect(noType.code).toBe("missing_required_parameter");
    expect((noType.error as { message: string }).message).toBe(
      'messages[0].content[0].type is required: "text", "image_url" or "video_url" (a text part is {"type": "text", "text": "Hello"})',
    );
  });
});
