/**
 * An assistant turn of thinking blocks alone (Anthropic's SDK sends it when a client keeps a
 * turn's thinking and drops its text) has nothing the chat request can carry: the 400 says so,
 * where "content is required" left the client to wonder about the blocks it did send.
 */
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;

beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

/** The Anthropic error body of a refused `messages.create`. */
async function refusal(
  messages: Anthropic.MessageParam[],
): Promise<{ status: number | undefined; message: string }> {
  const error = await env
    .anthropic()
    .messages.create({ model: "moonshot/kimi-k2.5", max_tokens: 64, messages })
    .catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(Anthropic.BadRequestError);
  const body = (error as InstanceType<typeof Anthropic.BadRequestError>).error as {
    error: { message: string };
  };
  return {
    status: (error as InstanceType<typeof Anthropic.APIError>).status,
    message: body.error.message,
  };
}

describe("/v1/messages with an assistant turn of thinking only", () => {
  it("is refused with a 400 that says thinking alone is nothing to send", async () => {
    const { status, message } = await refusal([
      { role: "user", content: "x" },
      {
        role: "assistant",
        content: [{ type: "thinking", thinking: "hmm", signature: "abc" }],
      },
      { role: "user", content: "go on" },
    ]);
    expect(status).toBe(400);
    expect(message).toBe(
      "messages[1].content has no text or tool_use block, only thinking block: an assistant turn goes upstream as its text and tool calls, and thinking alone is nothing to send; add the turn's text or leave the turn out",
    );
    expect(env.sim.chatRequests()).toHaveLength(0);
  });

  it("names both kinds when thinking and redacted thinking come together", async () => {
    const { message } = await refusal([
      { role: "user", content: "x" },
      {
        role: "assistant",
        content: [
          { type: "thinking", thinking: "hmm", signature: "abc" },
          { type: "redacted_thinking", data: "opaque" },
        ],
      },
    ]);
    expect(message).toContain(
      "messages[1].content has no text or tool_use block, only thinking and redacted_thinking blocks",
    );
  });

  it("says an empty assistant content is empty", async () => {
    const { message } = await refusal([
      { role: "user", content: "x" },
      { role: "assistant", content: [] },
      { role: "user", content: "y" },
    ]);
    expect(message).toBe(
      "messages[1].content must not be empty: send a string or at least one text or tool_use block",
    );
  });

  it("still takes a thinking block beside the turn's text", async () => {
    const answer = await env.anthropic().messages.create({
      model: "moonshot/kimi-k2.5",
      max_tokens: 64,
      messages: [
        { role: "user", content: "x" },
        {
          role: "assistant",
          content: [
            { type: "thinking", thinking: "hmm", signature: "abc" },
            { type: "text", text: "an answer" },
          ],
        },
        { role: "user", content: "go on" },
      ],
    });
    expect(answer.type).toBe("message");
  });
});
