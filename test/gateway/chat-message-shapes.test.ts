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
