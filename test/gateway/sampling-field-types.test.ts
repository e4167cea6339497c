/**
 * OpenAI's sampling fields the gateway passes on unmapped (`presence_penalty`,
 * `frequency_penalty`, `seed`, `logprobs`, `top_logprobs`) are refused at the edge when OpenAI
 * would refuse them: a 400 naming the field, what it takes and what was sent, and nothing goes
 * upstream. Before, they went to Moonshot, whose 400 came back blaming the gateway's config.
 * Official client, simulator, real sockets.
 */
import type OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiFailure } from "../helpers/api-error.js";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

type Params = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;

describe("sampling fields of the wrong type or range", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  const request = (fields: Record<string, unknown>) =>
    ({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "hi" }],
      ...fields,
    }) as Params;

  it("are refused with a 400 naming the field and what it takes, nothing sent upstream", async () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ presence_penalty: "x" }, "presence_penalty", "between -2 and 2, got a string"],
      [{ frequency_penalty: 5 }, "frequency_penalty", "between -2 and 2, got 5"],
      [{ seed: 1.5 }, "seed", "seed must be a signed 64-bit integer, got 1.5"],
      [{ seed: "42" }, "seed", "seed must be a signed 64-bit integer, got a string"],
      [{ seed: 1e20 }, "seed", "seed must be a signed 64-bit integer, got 100000000000000000000"],
      [{ logprobs: "yes" }, "logprobs", "logprobs must be a boolean"],
      [{ logprobs: true, top_logprobs: 50 }, "top_logprobs", "from 0 to 20, got 50"],
    ];
    const sent = env.sim.chatRequests().length;
    for (const [fields, param, words] of cases) {
      const error = await apiFailure(env.client().chat.completions.create(request(fields)));
      expect([param, error.status, error.param]).toEqual([param, 400, param]);
      expect(error.message).toContain(words);
      expect(error.message).not.toContain("models.providers");
    }
    expect(env.sim.chatRequests().length).toBe(sent);
  });

  it("take a seed past 2^53 that OpenAI takes (a nanosecond clock's), sent upstream as is", async () => {
    // A seed from Python's time.time_ns(): within OpenAI's signed 64-bit range.
    const seed = 1733238000123456800;
    const answer = await env.client().chat.completions.create(request({ seed }));
    expect(answer.choices[0]?.message.content).toBe("Echo: hi");
    expect(env.sim.chatRequests().at(-1)?.body).toMatchObject({ seed });
  });

  it("say what was sent for a temperature or token limit of the wrong type", async () => {
    const temperature = await apiFailure(
      env.client().chat.completions.create(request({ temperature: "0.5" })),
    );
    expect(temperature.message).toBe(
      "400 temperature must be a number between 0 and 2, got a string",
    );
    expect(temperature.code).toBe("invalid_type");
    const maxTokens = await apiFailure(
      env.client().chat.completions.create(request({ max_tokens: 1.5 })),
    );
    expect(maxTokens.message).toBe("400 max_tokens must be a positive integer, got 1.5");
  });

  it("go upstream as they were when OpenAI would take them", async () => {
    const answer = await env.client().chat.completions.create(
      request({
        presence_penalty: 0,
        frequency_penalty: 0,
        seed: 42,
        logprobs: true,
        top_logprobs: 2,
      }),
    );
    expect(answer.choices[0]?.message.content).toBe("Echo: hi");
    expect(env.sim.chatRequests().at(-1)?.body).toMatchObject({
      presence_penalty: 0,
      frequency_penalty: 0,
      seed: 42,
      logprobs: true,
      top_logprobs: 2,
    });
  });
});
