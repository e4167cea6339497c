/**
 * An image sent on /v1/messages to a model that takes text only: Anthropic's error format has no
 * `param`, so the message itself names the block, in the client's own indexing. The chat body
 * the gateway builds has a system message ahead and tool results split out, and a tool result's
 * image moves into the user message after it: its positions are not the client's.
 */
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
let client: Anthropic;

beforeAll(async () => {
  env = await startGatewayEnv({
    // Configured as taking images, which the provider refuses: its refusal is what comes back.
    editConfig: (config) => {
      const { providers } = config.models as {
        providers: Record<string, { models: { id: string; input: string[] }[] }>;
      };
      for (const model of providers.moonshot?.models ?? [])
        if (model.id === "kimi-k2-turbo-preview") model.input = ["text", "image"];
    },
  });
  client = env.anthropic();
});
afterAll(async () => {
  await env?.close();
});

const picture: Anthropic.ImageBlockParam = {
  type: "image",
  source: { type: "url", url: "https://example.com/cat.png" },
};

/** A conversation whose third message holds `last`, after a tool call. */
function conversation(last: Anthropic.ContentBlockParam[]): Anthropic.MessageParam[] {
  return [
    { role: "user", content: "What time is it?" },
    {
      role: "assistant",
      content: [{ type: "tool_use", id: "functions.get_time:0", name: "get_time", input: {} }],
    },
    { role: "user", content: last },
  ];
}

async function refusal(model: string, messages: Anthropic.MessageParam[]): Promise<string> {
  const error = await client.messages
    .create({ model, max_tokens: 64, system: "Be brief.", messages })
    .then(
      () => undefined,
      (caught: unknown) => caught,
    );
  expect(error).toBeInstanceOf(Anthropic.BadRequestError);
  const body = (error as InstanceType<typeof Anthropic.BadRequestError>).error as {
    error: { type: string; message: string };
  };
  expect(body.error.type).toBe("invalid_request_error");
  return body.error.message;
}

describe("an image for a text-only model on /v1/messages", () => {
  it("names the image block in the client's indexing when the gateway refuses it", async () => {
    const message = await refusal(
      "moonshot/kimi-k2-thinking",
      conversation([
        { type: "tool_result", tool_use_id: "functions.get_time:0", content: "12:00" },
        { type: "text", text: "And what is this?" },
        picture,
      ]),
    );
    // Upstream it is messages[4].content[1] (system first, the tool result a message of its own).
    expect(message).toMatch(/^messages\[2\]\.content\[2\]: moonshot\/kimi-k2-thinking /);
    expect(message).toContain("does not accept images");
    expect(message).not.toContain("messages[4]");
  });

  it("names a tool result's image where the client put it when the provider refuses it", async () => {
    const message = await refusal(
      "moonshot/kimi-k2-turbo-preview",
      conversation([
        {
          type: "tool_result",
          tool_use_id: "functions.get_time:0",
          content: [{ type: "text", text: "a photo of the clock" }, picture],
        },
        { type: "text", text: "Read the clock." },
      ]),
    );
    expect(message).toContain("drop the image at messages[2].content[0].content[1]");
    expect(message).not.toContain("messages[4]");
  });
});
