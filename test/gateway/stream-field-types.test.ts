/**
 * A streamed chat request whose stream fields are of the wrong kind, as the official openai
 * client sends them from an app that took its settings from a form or an environment variable:
 * the 400 names the field, says what was sent and what to send, and nothing goes upstream.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

const MODEL = "moonshot/kimi-k2-turbo-preview";
const ASK = [{ role: "user" as const, content: "hi" }];

/** The 400 the openai client throws for `body`, sent as a streamed chat request. */
async function refusal(body: Record<string, unknown>) {
  const before = env.sim.chatRequests().length;
  const error = await env
    .client()
    .chat.completions.create({ model: MODEL, messages: ASK, stream: true, ...body })
    .catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(OpenAI.BadRequestError);
  expect(env.sim.chatRequests()).toHaveLength(before);
  const bad = error as InstanceType<typeof OpenAI.BadRequestError>;
  return { param: bad.param, code: bad.code, message: bad.message };
}

describe("a streamed request's stream fields of the wrong kind", () => {
  it('stream: "true" says it was a string and to send the boolean', async () => {
    expect(await refusal({ stream: "true" })).toEqual({
      param: "stream",
      code: "invalid_type",
      message:
        '400 stream must be true or false, got the string "true": send the boolean true, without quotes',
    });
  });

  it("stream: 1 says what was sent", async () => {
    expect((await refusal({ stream: 1 })).message).toBe(
      "400 stream must be true or false, got a number",
    );
  });

  it("stream_options: true says it takes an object and shows one", async () => {
    expect(await refusal({ stream_options: true })).toEqual({
      param: "stream_options",
      code: "invalid_type",
      message:
        '400 stream_options must be an object such as {"include_usage": true}, got a boolean',
    });
  });

  it("n: 2 on a stream names the n that was sent", async () => {
    expect(await refusal({ n: 2 })).toEqual({
      param: "n",
      code: "unsupported_value",
      message:
        "400 n must be 1, got 2: this gateway returns one choice per request (leave n out; for more answers, send the request again)",
    });
  });
});
