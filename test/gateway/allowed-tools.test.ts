/**
 * OpenAI's `tool_choice: {"type": "allowed_tools", …}` (the Vercel AI SDK's `allowedTools`), on
 * chat completions and the Responses API: Moonshot has no such choice, so the request goes with
 * `tools` narrowed to those allowed and the mode as `tool_choice`. It was a 400.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

// Not a thinking model: Moonshot refuses a required tool choice while a model thinks.
const MODEL = "moonshot/kimi-k2-turbo-preview";
const NAMES = ["get_time", "get_weather", "get_news"];
const PARAMETERS = { type: "object", properties: { q: { type: "string" } } };

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

/** The tool names and tool_choice of the last upstream request. */
function upstreamTools(): { names: string[]; choice: unknown } {
  const body = env.sim.chatRequests().at(-1)?.body as {
    tools: { function: { name: string } }[];
    tool_choice: unknown;
  };
  return { names: body.tools.map((tool) => tool.function.name), choice: body.tool_choice };
}

describe("tool_choice allowed_tools", () => {
  it("narrows a chat completion's tools to those allowed, the mode as tool_choice", async () => {
    const answer = await env.client().chat.completions.create({
      model: MODEL,
      messages: [{ role: "user", content: "What is the weather?" }],
      tools: NAMES.map((name) => ({
        type: "function",
        function: { name, parameters: PARAMETERS },
      })),
      tool_choice: {
        type: "allowed_tools",
        allowed_tools: {
          mode: "required",
          tools: [{ type: "function", function: { name: "get_weather" } }],
        },
      },
    });
    expect(upstreamTools()).toEqual({ names: ["get_weather"], choice: "required" });
    const calls = answer.choices[0]?.message.tool_calls ?? [];
    expect(
      calls.map((call) => (call.type === "function" ? call.function.name : call.type)),
    ).toEqual(["get_weather"]);
  });

  it("takes the Responses API's form, and echoes it as sent", async () => {
    const choice = {
      type: "allowed_tools" as const,
      mode: "auto" as const,
      tools: [
        { type: "function", name: "get_weather" },
        { type: "function", name: "get_news" },
      ],
    };
    const response = await env.client().responses.create({
      model: MODEL,
      input: "Any news?",
      tools: NAMES.map((name) => ({
        type: "function" as const,
        name,
        parameters: PARAMETERS,
        strict: false,
      })),
      tool_choice: choice,
    });
    expect(upstreamTools()).toEqual({ names: ["get_weather", "get_news"], choice: "auto" });
    expect(response.tool_choice).toEqual(choice);
    expect(response.status).toBe("completed");
  });

  it("refuses an allowed tool that is not among tools, naming where, in each API's own words", async () => {
    const tools = [
      { type: "function" as const, function: { name: "get_time", parameters: PARAMETERS } },
    ];
    const chat = await env
      .client()
      .chat.completions.create({
        model: MODEL,
        messages: [{ role: "user", content: "hi" }],
        tools,
        tool_choice: {
          type: "allowed_tools",
          allowed_tools: {
            mode: "auto",
            tools: [{ type: "function", function: { name: "nope" } }],
          },
        },
      })
      .catch((caught: unknown) => caught);
    expect(chat).toBeInstanceOf(OpenAI.BadRequestError);
    expect(chat).toMatchObject({
      param: "tool_choice.allowed_tools.tools[0]",
      message:
        '400 tool_choice.allowed_tools.tools[0] names function "nope", which is not among tools (get_time)',
    });

    const responses = await env
      .client()
      .responses.create({
        model: MODEL,
        input: "hi",
        tools: [{ type: "function", name: "get_time", parameters: PARAMETERS, strict: false }],
        tool_choice: {
          type: "allowed_tools",
          mode: "auto",
          tools: [{ type: "function", name: "nope" }],
        },
      })
      .catch((caught: unknown) => caught);
    expect(responses).toBeInstanceOf(OpenAI.BadRequestError);
    expect(responses).toMatchObject({
      param: "tool_choice.tools[0]",
      message:
        '400 tool_choice.tools[0] names function "nope", which is not among tools (get_time)',
    });
  });
});
