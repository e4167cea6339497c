/**
 * A conversation too long for the model, on the OpenAI routes: the 400's message begins as
 * OpenAI's does, "This model's maximum context length is N tokens. However, you requested M
 * tokens". LangChain JS's ChatOpenAI (@langchain/openai 1.6) raises its ContextOverflowError,
 * which apps and agents answer by trimming or summarising the conversation, only for a message
 * with "maximum context length" in it (or two other phrasings of OpenAI's), never for the
 * `context_length_exceeded` code alone; the gateway's own wording reached it as a plain
 * BadRequestError. The requests are LangChain's as recorded on the wire: `model`, `stream`,
 * `messages` (and `stream_options` when streamed); Responses: `input`, `model`, `stream`, `text`.
 */
import OpenAI from "openai";
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

/** LangChain's test for a context overflow in an OpenAI error's message (one of its three). */
const LANGCHAIN_OVERFLOW = /maximum context length/;
const OPENAI_COUNTS =
  /maximum context length is (\d+) tokens\. However, you requested (\d+) tokens/;

async function refusal(send: () => Promise<unknown>): Promise<string> {
  const caught = await send()
    .then(async (answer) => {
      // A stream that was accepted is read out, to fail the test on what it says.
      if (answer && typeof answer === "object" && Symbol.asyncIterator in answer)
        for await (const _event of answer as AsyncIterable<unknown>);
      return answer;
    })
    .catch((error: unknown) => error);
  expect(caught).toBeInstanceOf(OpenAI.BadRequestError);
  const error = caught as InstanceType<typeof OpenAI.BadRequestError>;
  expect(error.code).toBe("context_length_exceeded");
  return error.message;
}

function chat(content: string, stream: boolean) {
  return () =>
    client.chat.completions.create({
      model: "moonshot/kimi-k2.5",
      stream,
      ...(stream ? { stream_options: { include_usage: true } } : {}),
      messages: [{ role: "user", content }],
    });
}

function responses(content: string, stream: boolean) {
  return () =>
    client.responses.create({
      input: [{ type: "message", role: "user", content }],
      model: "moonshot/kimi-k2.5",
      stream,
      text: {},
    });
}

describe.each([
  ["chat completions", chat],
  ["the Responses API", responses],
])("%s", (_route, send) => {
  describe.each([false, true])("streamed: %s", (stream) => {
    it("Moonshot's refusal says maximum context length, with its limit and what was requested", async () => {
      env.sim.failNext(1, "tokenLimit");
      const message = await refusal(send("hello", stream));
      expect(message).toMatch(LANGCHAIN_OVERFLOW);
      const counts = OPENAI_COUNTS.exec(message);
      expect([Number(counts?.[1]), Number(counts?.[2])]).toEqual([262_144, 270_336]);
      // The gateway's own explanation and advice follow.
      expect(message).toContain("exceeded model token limit: 262144 (requested: 270336)");
      expect(message).toContain("hint: the conversation plus the requested output does not fit");
    });

    it("the gateway's own check says maximum context length, with the window", async () => {
      const message = await refusal(send("many words ".repeat(300_000), stream));
      expect(message).toMatch(LANGCHAIN_OVERFLOW);
      const counts = OPENAI_COUNTS.exec(message);
      // kimi-k2.5's window is 200,000; the request is the prompt and what is kept for the answer.
      expect(Number(counts?.[1])).toBe(200_000);
      expect(Number(counts?.[2])).toBeGreaterThan(200_000);
      expect(message).toContain("more than moonshot/kimi-k2.5 can take (context window 200,000");
    });
  });
});
