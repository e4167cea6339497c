/**
 * A legacy text completion (`POST /v1/completions`) whose prompt is too long for the model. The
 * chat route's advice ("shorten the conversation (start a new session), ask for fewer than 16
 * output tokens, … a larger contextWindow") reached its client, which has a `prompt` and a
 * `max_tokens` and no conversation, session or config: the answer now names the prompt (`param`)
 * and says what to change in the fields it sent, with the same counts, after OpenAI's "maximum
 * context length" words. The official `openai` client, the gateway and the simulator on 127.0.0.1.
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

/** Words of the chat route's advice that mean nothing to a text completions client. */
const CHAT_WORDS = /conversation|session|messages\[|maxTokens|contextWindow|output tokens/;
const OPENAI_COUNTS =
  /maximum context length is (\d+) tokens\. However, you requested (\d+) tokens/;

/** The 400 a completion ends in (a stream accepted is read out, to fail on what it says). */
async function refusal(
  request: OpenAI.CompletionCreateParams,
): Promise<InstanceType<typeof OpenAI.BadRequestError>> {
  const caught = await env
    .client()
    .completions.create(request)
    .then(async (answer) => {
      if (Symbol.asyncIterator in answer) for await (const _event of answer);
      return answer;
    })
    .catch((error: unknown) => error);
  expect(caught).toBeInstanceOf(OpenAI.BadRequestError);
  const error = caught as InstanceType<typeof OpenAI.BadRequestError>;
  expect(error.code).toBe("context_length_exceeded");
  expect(error.param).toBe("prompt");
  expect(error.message).not.toMatch(CHAT_WORDS);
  return error;
}

describe.each([false, true])("a completion too long for the model, streamed: %s", (stream) => {
  it("Moonshot's refusal: its counts, then what to do with the prompt and max_tokens", async () => {
    env.sim.failNext(1, "tokenLimit");
    const { message } = await refusal({
      model: "moonshot/kimi-k2.5",
      prompt: "Once upon a time",
      max_tokens: 40,
      stream,
    });
    const counts = OPENAI_COUNTS.exec(message);
    expect([Number(counts?.[1]), Number(counts?.[2])]).toEqual([262_144, 270_336]);
    expect(message).toContain("exceeded model token limit: 262144 (requested: 270336)");
    expect(message).toContain(
      "hint: the prompt plus the 40 tokens of max_tokens do not fit the model's context window: shorten the prompt, ask for fewer than 40 tokens with max_tokens, or name a model with a larger context window in model (GET /v1/models: context_length)",
    );
  });

  it("a cap sent as max_completion_tokens: the hint names that field, not max_tokens", async () => {
    env.sim.failNext(1, "tokenLimit");
    // The route takes the chat API's name for the cap too; the openai client's types lack it.
    const request = {
      model: "moonshot/kimi-k2.5",
      prompt: "Once upon a time",
      max_completion_tokens: 40,
      stream,
    } as OpenAI.CompletionCreateParams;
    const { message } = await refusal(request);
    expect(message).toContain(
      "the prompt plus the 40 tokens of max_completion_tokens do not fit the model's context window: shorten the prompt, ask for fewer than 40 tokens with max_completion_tokens,",
    );
    expect(message).not.toContain("max_tokens");
  });

  it("the gateway's own check: the window, and OpenAI's default of 16 tokens as what to go below", async () => {
    const { message } = await refusal({
      model: "moonshot/kimi-k2.5",
      prompt: "many words ".repeat(300_000),
      stream,
    });
    expect(Number(OPENAI_COUNTS.exec(message)?.[1])).toBe(200_000);
    expect(message).toContain("more than moonshot/kimi-k2.5 can take (context window 200,000");
    expect(message).toContain("shorten the prompt, ask for fewer than 16 tokens with max_tokens");
  });
});

it("a refusal of the request's bytes: a shorter prompt, as a smaller max_tokens cannot help", async () => {
  env.sim.failNext(1, {
    status: 400,
    type: "invalid_request_error",
    message: "Invalid request: total message size 5000000 exceeds limit 4194304",
  });
  const { message } = await refusal({ model: "moonshot/kimi-k2.5", prompt: "Once upon a time" });
  expect(message).toContain(
    "comes to 5,000,000 bytes, over the 4,194,304 the provider takes in one request, whatever the model's context window: shorten the prompt; a smaller max_tokens does not help",
  );
});

it("a chain of models each refusing it: the same advice, with the prompt named", async () => {
  env.sim.failNext(2, "tokenLimit");
  const { message } = await refusal({ model: "openclaw", prompt: "Once upon a time" });
  expect(message).toContain("every model of the chain failed");
  expect(message).toContain("shorten the prompt, ask for fewer than 16 tokens with max_tokens");
});
