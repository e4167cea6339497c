/**
 * `metadata`, `store` and `logit_bias` on a chat completion: the gateway passes them on as sent,
 * so a wrong one went to the provider (or was taken without a word) where OpenAI answers 400.
 * Now each is checked as OpenAI checks it (and as the gateway's Responses API already checked
 * `metadata` and `store`), refused with the field as `param` before anything is sent upstream.
 * An empty `logit_bias` (`{}`, no token biased) is answered and not sent on; before, it went
 * upstream as sent.
 */
import type OpenAI from "openai";
import { APIError } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
let client: OpenAI;

beforeAll(async () => {
  env = await startGatewayEnv();
  client = env.client();
});
afterAll(async () => {
  await env?.close();
});

const ask = { model: "moonshot/kimi-k2.5", messages: [{ role: "user" as const, content: "hi" }] };

async function refusal(extra: Record<string, unknown>): Promise<APIError> {
  const before = env.sim.chatRequests().length;
  const error = await client.chat.completions
    .create({ ...ask, ...extra } as OpenAI.ChatCompletionCreateParamsNonStreaming)
    .catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(APIError);
  // Refused before the provider was asked.
  expect(env.sim.chatRequests().length).toBe(before);
  return error as APIError;
}

describe("chat completion fields passed on as sent, checked as OpenAI checks them", () => {
  it.each([
    [
      "metadata as a string",
      { metadata: "run-42" },
      "metadata",
      "invalid_type",
      'metadata must be an object of up to 16 string values, such as {"session": "abc"}, got a string',
    ],
    [
      "a metadata value that is a number",
      { metadata: { attempt: 3 } },
      "metadata.attempt",
      "invalid_type",
      "metadata.attempt must be a string, got a number",
    ],
    [
      "metadata with 17 keys",
      { metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, "v"])) },
      "metadata",
      "invalid_value",
      "metadata has 17 keys; at most 16 are allowed",
    ],
    [
      "store as a string",
      { store: "yes" },
      "store",
      "invalid_type",
      "store must be a boolean, got a string",
    ],
    [
      "logit_bias as a string",
      { logit_bias: "none" },
      "logit_bias",
      "invalid_type",
      "logit_bias must be an object of token ids and biases from -100 to 100",
    ],
    [
      "a logit_bias past 100",
      { logit_bias: { "1734": 500 } },
      "logit_bias.1734",
      "invalid_value",
      "logit_bias.1734 must be a number from -100 to 100, got 500",
    ],
  ])("refuses %s with a 400 naming the field", async (_name, extra, param, code, message) => {
    const error = await refusal(extra);
    expect(error.status).toBe(400);
    expect(error.type).toBe("invalid_request_error");
    expect(error.param).toBe(param);
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
  });

  it("takes the same fields written as OpenAI documents them", async () => {
    const answer = await client.chat.completions.create({
      ...ask,
      metadata: { session: "abc" },
      store: false,
      logit_bias: { "1734": -100 },
    });
    expect(answer.choices[0]?.message.content).toBe("Echo: hi");
    const sent = env.sim.chatRequests().at(-1)?.body as Record<string, unknown>;
    expect(sent.logit_bias).toEqual({ "1734": -100 });
  });

  it("answers an empty logit_bias without sending it on: it biases no token", async () => {
    const answer = await client.chat.completions.create({ ...ask, logit_bias: {} }).withResponse();
    expect(answer.data.choices[0]?.message.content).toBe("Echo: hi");
    const sent = env.sim.chatRequests().at(-1)?.body as Record<string, unknown>;
    expect("logit_bias" in sent).toBe(false);
    expect(answer.response.headers.get("x-openclaw-notes") ?? "").not.toContain("logit_bias");
  });
});
