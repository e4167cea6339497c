/**
 * A conversation too long for the model, on /v1/messages: the 400's message begins as Anthropic's
 * does, `prompt is too long: N tokens > M maximum`. Claude Code compacts a conversation, and trims
 * its own /compact request, only on an error that says "prompt is too long", and reads how much
 * to drop from those two counts; the gateway's own wording alone made it show the error and stop.
 * Whether the gateway's estimate or Moonshot refused it; streamed or not.
 */
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
let client: Anthropic;

beforeAll(async () => {
  env = await startGatewayEnv();
  client = env.anthropic();
});
afterAll(async () => {
  await env?.close();
});

/** How Claude Code reads the counts out of a prompt-too-long error (its own pattern). */
const CLAUDE_CODE_COUNTS = /prompt is too long[^0-9]*(\d+)\s*tokens?\s*>\s*(\d+)/i;

function request(content: string, stream: boolean): Anthropic.MessageCreateParams {
  return {
    model: "moonshot/kimi-k2.5",
    max_tokens: 1000,
    stream,
    messages: [{ role: "user", content }],
  };
}

async function refusal(content: string, stream: boolean): Promise<string> {
  const caught = await client.messages
    .create(request(content, stream))
    .then(async (answer) => {
      // A stream that was accepted is read out, to fail the test on what it says.
      if (stream) for await (const _event of answer as AsyncIterable<unknown>);
      return answer;
    })
    .catch((error: unknown) => error);
  expect(caught).toBeInstanceOf(Anthropic.BadRequestError);
  const { error } = caught as InstanceType<typeof Anthropic.BadRequestError>;
  const body = error as { type: string; error: { type: string; message: string } };
  expect(body.error.type).toBe("invalid_request_error");
  return body.error.message;
}

describe.each([false, true])("streamed: %s", (stream) => {
  it("the gateway's own check says prompt is too long, with the tokens and the maximum", async () => {
    const message = await refusal("many words ".repeat(300_000), stream);
    const counts = CLAUDE_CODE_COUNTS.exec(message);
    expect(counts).not.toBeNull();
    const [tokens, maximum] = [Number(counts?.[1]), Number(counts?.[2])];
    // kimi-k2.5's window is 200,000, less the 1,000 kept for the answer.
    expect(maximum).toBe(199_000);
    expect(tokens).toBeGreaterThan(maximum);
    // The gateway's own explanation and advice follow.
    expect(message).toContain("more than moonshot/kimi-k2.5 can take (context window 200,000");
    expect(message).toContain("hint: shorten the conversation");
  });

  it("Moonshot's refusal says prompt is too long, with its limit and what was requested", async () => {
    env.sim.failNext(1, "tokenLimit");
    const message = await refusal("hello", stream);
    expect(message.startsWith("prompt is too long: 270336 tokens > 262144 maximum: ")).toBe(true);
    expect(message).toContain("exceeded model token limit: 262144 (requested: 270336)");
  });
});
