/**
 * A request over `gateway.limits.maxMessages` is refused with a 400 that names the setting to
 * raise, as the 413 for a body over `maxBodyBytes` names its own: on chat completions and on
 * the Responses API, through the official client, over real sockets. The limit counts what goes
 * upstream on every route: a chat tool result's images, sent in a user message of their own,
 * count as that message, and the refusal says both counts.
 */
import Anthropic from "@anthropic-ai/sdk";
import type OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiFailure } from "../helpers/api-error.js";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

describe("too many messages", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv({ gateway: { limits: { maxMessages: 3 } } });
  });
  afterAll(async () => {
    await env?.close();
  });

  const four = ["a", "b", "c", "d"].map((content, i) => ({
    role: i % 2 === 0 ? ("user" as const) : ("assistant" as const),
    content,
  }));

  it("names gateway.limits.maxMessages on chat completions, and sends nothing upstream", async () => {
    const sent = env.sim.chatRequests().length;
    const error = await apiFailure(
      env.client().chat.completions.create({ model: "moonshot/kimi-k2.5", messages: four }),
    );
    expect(error.status).toBe(400);
    expect(error.param).toBe("messages");
    expect(error.code).toBe("too_many_messages");
    expect(error.message).toContain("messages has 4 entries; this gateway accepts at most 3");
    expect(error.message).toContain("gateway.limits.maxMessages");
    expect(env.sim.chatRequests().length).toBe(sent);
  });

  it("names it on the Responses API too", async () => {
    const error = await apiFailure(
      env.client().responses.create({ model: "moonshot/kimi-k2.5", input: four }),
    );
    expect(error.status).toBe(400);
    expect(error.code).toBe("too_many_messages");
    expect(error.message).toContain("gateway.limits.maxMessages");
  });

  it("on /v1/messages counts the messages the client sent, and says what goes upstream as more", async () => {
    const sent = env.sim.chatRequests().length;
    const failure = await env
      .anthropic()
      .messages.create({
        model: "moonshot/kimi-k2.5",
        max_tokens: 64,
        system: "be brief",
        messages: four.slice(0, 3),
      })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Anthropic.APIError);
    const refusal = failure as InstanceType<typeof Anthropic.APIError>;
    expect(refusal.status).toBe(400);
    const message = (refusal.error as { error: { message: string } }).error.message;
    expect(message).toContain(
      "messages has 3 entries, which go upstream as 4 messages (the system prompt and each tool_result block are one each)",
    );
    expect(message).toContain("gateway.limits.maxMessages");
    expect(env.sim.chatRequests().length).toBe(sent);
  });

  it("on /v1/messages says a tool_result's images go upstream as a message too", async () => {
    const sent = env.sim.chatRequests().length;
    const failure = await env
      .anthropic()
      .messages.create({
        model: "moonshot/kimi-k2.5",
        max_tokens: 64,
        messages: [
          { role: "user", content: "What does the logo show?" },
          {
            role: "assistant",
            content: [
              { type: "tool_use", id: "toolu_01", name: "read_file", input: { path: "logo.png" } },
            ],
          },
          {
            role: "user",
            content: [
              {
                type: "tool_result",
                tool_use_id: "toolu_01",
                content: [
                  { type: "text", text: "logo.png" },
                  {
                    type: "image",
                    source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" },
                  },
                ],
              },
            ],
          },
        ],
      })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Anthropic.APIError);
    const refusal = failure as InstanceType<typeof Anthropic.APIError>;
    expect(refusal.status).toBe(400);
    const message = (refusal.error as { error: { message: string } }).error.message;
    // user, assistant, the tool result, and the user message its image goes in.
    expect(message).toContain(
      "messages has 3 entries, which go upstream as 4 messages (the system prompt and each tool_result block are one each, and a tool_result's images go to the model in a user message after the results); this gateway accepts at most 3",
    );
    expect(env.sim.chatRequests().length).toBe(sent);
  });

  /** A tool call and its result holding an image: the image goes upstream in a message of its own. */
  const callAndImageResult = [
    {
      role: "assistant" as const,
      content: null,
      tool_calls: [
        {
          id: "functions.read_file:0",
          type: "function" as const,
          function: { name: "read_file", arguments: '{"path":"logo.png"}' },
        },
      ],
    },
    {
      role: "tool" as const,
      tool_call_id: "functions.read_file:0",
      // As Zed's agent sends an image file read; the openai types allow text parts only here.
      content: [
        { type: "text", text: "logo.png" },
        { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
      ] as unknown as OpenAI.ChatCompletionContentPartText[],
    },
  ];

  it("counts a tool result's image as the message it goes upstream as, naming both counts", async () => {
    const sent = env.sim.chatRequests().length;
    const atTheLimit = [
      { role: "user" as const, content: "What does the logo show?" },
      ...callAndImageResult,
    ];
    const error = await apiFailure(
      env.client().chat.completions.create({ model: "moonshot/kimi-k2.5", messages: atTheLimit }),
    );
    expect(error.status).toBe(400);
    expect(error.param).toBe("messages");
    expect(error.code).toBe("too_many_messages");
    expect(error.message).toContain(
      "messages has 3 entries, which go upstream as 4 messages (a tool result's images go to the model in a user message of their own); this gateway accepts at most 3",
    );
    expect(error.message).toContain("gateway.limits.maxMessages");
    expect(env.sim.chatRequests().length).toBe(sent);
  });

  it("answers one whose image brings it to the limit exactly", async () => {
    const sent = env.sim.chatRequests().length;
    await env
      .client()
      .chat.completions.create({ model: "moonshot/kimi-k2.5", messages: callAndImageResult });
    const last = env.sim.chatRequests().slice(sent).at(-1);
    const messages = (last?.body as { messages: { role: string }[] } | undefined)?.messages;
    expect(messages?.map((message) => message.role)).toEqual(["assistant", "tool", "user"]);
  });

  it("answers a request of as many messages as the limit", async () => {
    const answer = await env
      .client()
      .chat.completions.create({ model: "moonshot/kimi-k2.5", messages: four.slice(0, 3) });
    expect(answer.choices[0]?.message.content).toBe("Echo: c");
  });
});
