/**
 * A chat request without `messages` — the first request a person writes by hand often sends
 * `prompt` (the legacy completions API's field) or `input` (the Responses API's) instead — is
 * told what to send, and where the field it sent belongs; `messages` given as a string is told to
 * send the text as a message. Before, "messages is required" and "messages must be an array, got
 * a string" alone. Plain fetch (the openai client's types would not send such a body), real sockets.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

describe("a chat request without messages", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  const post = async (body: Record<string, unknown>) => {
    const response = await fetch(`${env.gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const { error } = (await response.json()) as {
      error: { message: string; param: string; code: string };
    };
    return { status: response.status, ...error };
  };

  it("is a 400 that shows what to send, and where prompt or input belongs", async () => {
    const shape =
      'messages is required: the conversation, such as [{"role": "user", "content": "Hello"}]';
    expect(await post({ model: "openclaw" })).toMatchObject({
      status: 400,
      param: "messages",
      code: "missing_required_parameter",
      message: shape,
    });
    expect((await post({ model: "openclaw", prompt: "Hello" })).message).toBe(
      `${shape}; prompt is the legacy completions API's field: send this body to POST /v1/completions, or the prompt as a user message here`,
    );
    expect((await post({ model: "openclaw", input: "Hello" })).message).toBe(
      `${shape}; input is the Responses API's field: send this body to POST /v1/responses, or the input as messages here`,
    );
    expect(env.sim.chatRequests()).toHaveLength(0);
  });

  it("given as a string, is told to send the text as a message", async () => {
    expect(await post({ model: "openclaw", messages: "Hello" })).toMatchObject({
      status: 400,
      param: "messages",
      code: "invalid_type",
      message:
        'messages must be an array, got a string: send the text as a message, [{"role": "user", "content": "…"}]',
    });
    expect((await post({ model: "openclaw", messages: 5 })).message).toBe(
      "messages must be an array, got a number",
    );
  });
});
