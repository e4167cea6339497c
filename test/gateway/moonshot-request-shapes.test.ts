/**
 * Requests an OpenAI client sends as a matter of course that Moonshot or Kimi Code would refuse
 * as sent, through the gateway with the official `openai` client: what goes upstream (the
 * simulator checks it as the real API does) and what the client gets back.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GatewayEnv } from "./harness.js";
import { startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
let client: OpenAI;

beforeAll(async () => {
  env = await startGatewayEnv();
  client = env.client();
});
afterAll(async () => {
  await env?.close();
});

type Json = Record<string, unknown>;
const lastUpstream = () => env.sim.chatRequests().at(-1)?.body as Json;

describe("empty system messages", () => {
  it("Kimi Code answers a conversation that starts with an empty system message", async () => {
    const answer = await client.chat.completions.create({
      model: "kimi-code/kimi-for-coding",
      messages: [
        { role: "system", content: "" },
        { role: "developer", content: [{ type: "text", text: "" }] },
        { role: "user", content: "hi" },
      ],
    });
    expect(answer.choices[0]?.message.content).toBe("Echo: hi");
    expect(lastUpstream().messages).toEqual([{ role: "user", content: "hi" }]);
  });

  it("Moonshot gets the empty system message as it was sent (it takes one)", async () => {
    const answer = await client.chat.completions.create({
      model: "moonshot/kimi-k2-turbo-preview",
      messages: [
        { role: "system", content: "" },
        { role: "user", content: "hi" },
      ],
    });
    expect(answer.choices[0]?.message.content).toBe("Echo: hi");
    expect(lastUpstream().messages).toEqual([
      { role: "system", content: "" },
      { role: "user", content: "hi" },
    ]);
  });
});

describe("tool schemas", () => {
  it("a root union of objects (Zod's z.union) is sent as one object the API accepts", async () => {
    const answer = await client.chat.completions.create({
      model: "moonshot/kimi-k2-turbo-preview",
      messages: [{ role: "user", content: "find it" }],
      tools: [
        {
          type: "function",
          function: {
            name: "find",
            parameters: {
              anyOf: [
                { type: "object", properties: { id: { type: "string" } }, required: ["id"] },
                { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
              ],
            },
          },
        },
      ],
    });
    expect(answer.choices[0]?.finish_reason).toBe("stop");
    const tools = lastUpstream().tools as { function: { parameters: Json } }[];
    expect(tools[0]?.function.parameters).toMatchObject({
      type: "object",
      properties: { id: { type: "string" }, name: { type: "string" } },
      description: "Needs one of: id, or name.",
    });
  });

  it("a root that cannot be an object is a 400 that says what it is", async () => {
    const refused = await client.chat.completions
      .create({
        model: "moonshot/kimi-k2-turbo-preview",
        messages: [{ role: "user", content: "x" }],
        tools: [
          {
            type: "function",
            function: {
              name: "f",
              parameters: { anyOf: [{ type: "string" }, { type: "number" }] },
            },
          },
        ],
      })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    const error = (refused as InstanceType<typeof OpenAI.BadRequestError>).error as Json;
    expect(error.code).toBe("request.tool_schema");
    expect(error.message).toContain(
      'tool "f" has parameters that may be a string or a number (anyOf), not only objects',
    );
    expect(error.message).not.toContain("undefined");
    // The field at fault, as other 400s of the gateway name theirs.
    expect(error.param).toBe("tools[0].function.parameters");
  });

  it("the refused tool schema is named as the client sent it: functions[N] and the Responses API's tools[N]", async () => {
    const notObject = { anyOf: [{ type: "string" }, { type: "number" }] };
    const legacy = await fetch(`${env.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${client.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "moonshot/kimi-k2-turbo-preview",
        messages: [{ role: "user", content: "x" }],
        functions: [
          { name: "ok", parameters: { type: "object", properties: {} } },
          { name: "f", parameters: notObject },
        ],
      }),
    });
    expect(legacy.status).toBe(400);
    expect(((await legacy.json()) as { error: Json }).error).toMatchObject({
      code: "request.tool_schema",
      param: "functions[1].parameters",
    });
    // A web search tool first: the function is the Responses request's tools[1].
    const refused = await client.responses
      .create({
        model: "moonshot/kimi-k2-turbo-preview",
        input: "x",
        tools: [
          { type: "web_search" },
          { type: "function", name: "f", parameters: notObject, strict: false },
        ],
      })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    const error = (refused as InstanceType<typeof OpenAI.BadRequestError>).error as Json;
    expect(error).toMatchObject({ code: "request.tool_schema", param: "tools[1].parameters" });
  });

  it("a type beside anyOf is kept as both: the branch of another type is not sent", async () => {
    const answer = await client.chat.completions.create({
      model: "moonshot/kimi-k2-turbo-preview",
      messages: [{ role: "user", content: "x" }],
      tools: [
        {
          type: "function",
          function: {
            name: "f",
            parameters: {
              type: "object",
              properties: {
                c: { anyOf: [{ type: "string" }, { type: "number" }], type: "string" },
              },
            },
          },
        },
      ],
    });
    expect(answer.choices[0]?.finish_reason).toBe("stop");
    const tools = lastUpstream().tools as { function: { parameters: { properties: Json } } }[];
    expect(tools[0]?.function.parameters.properties.c).toEqual({ anyOf: [{ type: "string" }] });
  });
});

describe("a forced tool choice", () => {
  const tools: OpenAI.Chat.ChatCompletionTool[] = [
    {
      type: "function",
      function: { name: "now", parameters: { type: "object", properties: {} } },
    },
  ];
  const upstreamSince = (count: number) =>
    env.sim
      .chatRequests()
      .slice(count)
      .map((request) => {
        const body = request.body as Json;
        return [body.thinking, body.tool_choice];
      });

  it("is kept for kimi-k2.5 with thinking sent off, when the client asked no thinking", async () => {
    for (const tool_choice of [
      "required",
      { type: "function", function: { name: "now" } },
    ] as const) {
      const before = env.sim.chatRequests().length;
      const answer = await client.chat.completions.create({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "what time is it?" }],
        tools,
        tool_choice,
      });
      const choice = answer.choices[0];
      expect(choice?.finish_reason).toBe("tool_calls");
      const call = choice?.message.tool_calls?.[0];
      expect(call?.type === "function" && call.function.name).toBe("now");
      expect(upstreamSince(before)).toEqual([[{ type: "disabled" }, tool_choice]]);
    }
  });

  it("goes as auto when the client asked for thinking, or the model cannot stop thinking", async () => {
    let before = env.sim.chatRequests().length;
    const asked = await client.chat.completions.create({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "what time is it?" }],
      tools,
      tool_choice: "required",
      reasoning_effort: "high",
    });
    expect(asked.choices[0]?.finish_reason).toBe("stop");
    // The config calls kimi-k2.5 non-reasoning: the level is not sent, before or after the
    // refusal showed that it thinks (it does anyway).
    expect(upstreamSince(before).at(-1)).toEqual([undefined, "auto"]);

    before = env.sim.chatRequests().length;
    const always = await client.chat.completions.create({
      model: "moonshot/kimi-k2-thinking",
      messages: [{ role: "user", content: "what time is it?" }],
      tools,
      tool_choice: "required",
    });
    expect(always.choices[0]?.message.content).toBe("Echo: what time is it?");
    // Thinking off is tried and refused once; the model answers as it always does.
    expect(upstreamSince(before)).toEqual([
      [{ type: "disabled" }, "required"],
      [undefined, "auto"],
    ]);
  });
});

describe("the thinking switch", () => {
  it("a boolean, which Moonshot refuses, is a 400 naming the object form, with nothing sent", async () => {
    const before = env.sim.chatRequests().length;
    const refused = await client.chat.completions
      .create({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "x" }],
        // @ts-expect-error: not in the openai types; clients send it through as an extra field.
        thinking: true,
      })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    const error = (refused as InstanceType<typeof OpenAI.BadRequestError>).error as Json;
    expect(error.param).toBe("thinking.type");
    expect(error.message).toContain('{"type":"enabled"} or {"type":"disabled"}');
    expect(env.sim.chatRequests()).toHaveLength(before);
  });

  it("the object form goes upstream as sent", async () => {
    await client.chat.completions.create({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "x" }],
      // @ts-expect-error: not in the openai types; clients send it through as an extra field.
      thinking: { type: "disabled" },
    });
    expect(lastUpstream().thinking).toEqual({ type: "disabled" });
  });
});

describe("content a text-only Kimi Code model would refuse as sent", () => {
  it("text parts become strings and a tool-call turn's empty text is left out", async () => {
    const call = {
      id: "functions.get_time:0",
      type: "function" as const,
      function: { name: "get_time", arguments: "{}" },
    };
    const answer = await client.chat.completions.create({
      model: "kimi-code/kimi-for-coding",
      tools: [
        {
          type: "function",
          function: { name: "get_time", parameters: { type: "object", properties: {} } },
        },
      ],
      messages: [
        { role: "system", content: [{ type: "text", text: "Be brief." }] },
        { role: "user", content: [{ type: "text", text: "What time is it?" }] },
        // @ts-expect-error: reasoning_content is Moonshot's, not in the openai types.
        { role: "assistant", content: "", reasoning_content: "Ask the clock.", tool_calls: [call] },
        { role: "tool", tool_call_id: call.id, content: [{ type: "text", text: "12:00" }] },
      ],
    });
    expect(answer.choices[0]?.message.content).toBe("Tool results: 12:00");
    const sent = lastUpstream().messages as Json[];
    expect(sent.map((message) => message.content)).toEqual([
      "Be brief.",
      "What time is it?",
      undefined,
      "12:00",
    ]);
    expect(sent[2]).toMatchObject({ reasoning_content: "Ask the clock.", tool_calls: [call] });
  });
});
