/**
 * Token log probabilities on the Responses API, as chat completions have them: `include:
 * ["message.output_text.logprobs"]` with `top_logprobs` goes upstream as `logprobs` and
 * `top_logprobs`, and what the provider answers fills each `output_text` part's `logprobs`,
 * streamed (per delta, then whole in the done events) or not. They were a 400 here.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

const MODEL = "moonshot/kimi-k2.5";
const INCLUDE = ["message.output_text.logprobs" as const];

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

interface TokenLogprob {
  token: string;
  logprob: number;
  bytes: number[];
  top_logprobs: { token: string }[];
}

/** The fields the last upstream request carried about log probabilities. */
function upstreamLogprobFields(): Record<string, unknown> {
  const body = env.sim.chatRequests().at(-1)?.body as Record<string, unknown>;
  return { logprobs: body.logprobs, top_logprobs: body.top_logprobs };
}

describe("log probabilities on the Responses API", () => {
  it("answers them in output_text when include asks, with top_logprobs alternatives", async () => {
    const response = await env.client().responses.create({
      model: MODEL,
      input: "Say something",
      include: INCLUDE,
      top_logprobs: 2,
    });
    expect(upstreamLogprobFields()).toEqual({ logprobs: true, top_logprobs: 2 });
    expect(response.top_logprobs).toBe(2);
    const message = response.output.find((item) => item.type === "message");
    const part = message?.type === "message" ? message.content[0] : undefined;
    if (part?.type !== "output_text") throw new Error("expected an output_text part");
    const tokens = part.logprobs as unknown as TokenLogprob[];
    expect(tokens.length).toBeGreaterThan(1);
    expect(tokens.map((entry) => entry.token).join("")).toBe(part.text);
    for (const entry of tokens) {
      expect(entry.logprob).toBeLessThan(0);
      expect(entry.bytes).toEqual([...Buffer.from(entry.token, "utf8")]);
      expect(entry.top_logprobs).toHaveLength(2);
    }
  });

  it("streams them with each text delta, and whole in the done events", async () => {
    const stream = await env.client().responses.create({
      model: MODEL,
      input: "Say something longer than one delta",
      include: INCLUDE,
      top_logprobs: 1,
      stream: true,
    });
    const perDelta: TokenLogprob[] = [];
    let text = "";
    let done: TokenLogprob[] = [];
    let completed: TokenLogprob[] = [];
    for await (const event of stream) {
      if (event.type === "response.output_text.delta") {
        const tokens = event.logprobs as unknown as TokenLogprob[];
        // Each delta's tokens are that delta's text.
        expect(tokens.map((entry) => entry.token).join("")).toBe(event.delta);
        perDelta.push(...tokens);
        text += event.delta;
      }
      if (event.type === "response.output_text.done")
        done = event.logprobs as unknown as TokenLogprob[];
      if (event.type === "response.completed") {
        const message = event.response.output.find((item) => item.type === "message");
        const part = message?.type === "message" ? message.content[0] : undefined;
        if (part?.type === "output_text") completed = part.logprobs as unknown as TokenLogprob[];
      }
    }
    expect(perDelta.length).toBeGreaterThan(1);
    expect(perDelta.map((entry) => entry.token).join("")).toBe(text);
    expect(done).toEqual(perDelta);
    expect(completed).toEqual(perDelta);
  });

  it("asks for none without include, and refuses a top_logprobs out of range naming it", async () => {
    const plain = await env.client().responses.create({ model: MODEL, input: "hi" });
    expect(upstreamLogprobFields()).toEqual({ logprobs: undefined, top_logprobs: undefined });
    const message = plain.output.find((item) => item.type === "message");
    expect(message?.type === "message" && message.content[0]).toMatchObject({ logprobs: [] });

    const refused = await env
      .client()
      .responses.create({ model: MODEL, input: "hi", include: INCLUDE, top_logprobs: 21 })
      .catch((caught: unknown) => caught);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    const error = refused as InstanceType<typeof OpenAI.APIError>;
    expect(error.param).toBe("top_logprobs");
    expect(error.message).toBe("400 top_logprobs must be an integer from 0 to 20; got 21");
  });
});
