/**
 * A provider's 413 (the request too large for it, in bytes) on /v1/messages: told as Anthropic
 * tells a request over its size limit, status 413 `request_too_large`, saying the size was the
 * trouble (the bytes when the provider gave them) and what to do. Before, it was a 400
 * `invalid_request_error` "prompt is too long" without counts, whose hint said to lower
 * max_tokens, which a size limit does not care about. The official Anthropic SDK, the simulator
 * on both of the provider's APIs.
 */
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";
import { startKimiCodeOverAnthropic } from "./kimi-code-over-anthropic.js";

let moonshot: GatewayEnv;
let kimi: GatewayEnv;
beforeAll(async () => {
  moonshot = await startGatewayEnv({ fallbacks: [], start: { log: () => {} } });
  kimi = await startKimiCodeOverAnthropic({ start: { log: () => {} } });
});
afterAll(async () => {
  await moonshot?.close();
  await kimi?.close();
});

const SAY_HI: Anthropic.MessageParam[] = [{ role: "user", content: "say hi" }];

/** What the Anthropic SDK threw for the request, as its status, error type and message. */
async function refusal(
  env: GatewayEnv,
  model: string,
  stream = false,
): Promise<{ status: number | undefined; type: string; message: string }> {
  const call = stream
    ? env.anthropic().messages.stream({ model, max_tokens: 64, messages: SAY_HI }).finalMessage()
    : env.anthropic().messages.create({ model, max_tokens: 64, messages: SAY_HI });
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Anthropic.APIError);
  const apiError = error as InstanceType<typeof Anthropic.APIError>;
  const body = apiError.error as { error: { type: string; message: string } };
  return { status: apiError.status, type: body.error.type, message: body.error.message };
}

/**
 * The message of the gateway's answer when the provider refuses the next request with a 413 of
 * `type` and `message`; the test fails unless that answer is Anthropic's 413 request_too_large.
 */
async function tooLargeMessage(
  env: GatewayEnv,
  model: string,
  providerSays: { type: string; message: string },
  stream = false,
): Promise<string> {
  env.sim.failNext(1, { status: 413, ...providerSays });
  const told = await refusal(env, model, stream);
  expect(told.status).toBe(413);
  expect(told.type).toBe("request_too_large");
  return told.message;
}

const SIZE_ADVICE =
  "shorten the conversation (start a new session, or drop old turns, large tool results and images); lowering maxTokens does not help";

describe("a provider's 413 on /v1/messages", () => {
  it("from Moonshot's chat API is Anthropic's 413 request_too_large, saying the size is the trouble", async () => {
    const message = await tooLargeMessage(moonshot, "moonshot/kimi-k2.5", {
      type: "invalid_request_error",
      message: "Request Entity Too Large",
    });
    expect(message).toMatch(/^request too large: moonshot\/kimi-k2\.5: /);
    expect(message).toContain("413 invalid_request_error Request Entity Too Large");
    expect(message).toContain(
      "the request is larger than the provider takes in one request (HTTP 413, a limit on its size in bytes, whatever the model's context window)",
    );
    expect(message).toContain(SIZE_ADVICE);
    expect(message).not.toContain("prompt is too long");
  });

  it("names the bytes when the provider's refusal counts them, streamed too", async () => {
    const message = await tooLargeMessage(
      moonshot,
      "moonshot/kimi-k2.5",
      {
        type: "invalid_request_error",
        message: "total message size 2100954 exceeds limit 2097152",
      },
      true,
    );
    expect(message).toContain(
      `the messages come to 2,100,954 bytes, over the 2,097,152 the provider takes in one request, whatever the model's context window: ${SIZE_ADVICE}`,
    );
  });

  it("from Kimi Code's Anthropic surface keeps Anthropic's shape", async () => {
    const message = await tooLargeMessage(kimi, "kimi-code/kimi-for-coding", {
      type: "request_too_large",
      message: "request body over the limit",
    });
    expect(message).toContain("413 request_too_large request body over the limit");
    expect(message).toContain(SIZE_ADVICE);
  });

  it("a token overflow is still a 400 'prompt is too long' with its counts", async () => {
    moonshot.sim.failNext(1, "tokenLimit");
    const told = await refusal(moonshot, "moonshot/kimi-k2.5");
    expect(told.status).toBe(400);
    expect(told.type).toBe("invalid_request_error");
    expect(told.message).toMatch(/^prompt is too long: 270336 tokens > 262144 maximum: /);
  });
});
