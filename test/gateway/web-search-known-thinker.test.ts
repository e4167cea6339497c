/**
 * Web search asked of a model that cannot stop thinking (Kimi Code's kimi-for-coding, which
 * refuses Moonshot's thinking switch): Moonshot refuses `$web_search` while a model thinks.
 *
 * When the config says so (`compat.alwaysThinks`, which the built-in catalog sets on it), no
 * request goes upstream: the chat completions and Responses routes answer a 400 at once, saying
 * why, where and what to do. When it does not (this harness replaces the built-in entry), the
 * first request learns the refusal of the switch and says why; every later one fails the same
 * way without being sent again, not "check the model's params and compat settings".
 */
import { APIError } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv, withKimiCodeAlwaysThinking } from "./harness.js";

let env: GatewayEnv;

afterAll(async () => {
  await env?.close();
});

async function searchError(): Promise<APIError> {
  const error = await env
    .client()
    .chat.completions.create({
      model: "kimi-code/kimi-for-coding",
      messages: [{ role: "user", content: "What launched today?" }],
      web_search_options: {},
    })
    .catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(APIError);
  return error as APIError;
}

const NOT_SENT = (why: string) =>
  `kimi-code/kimi-for-coding cannot search the web: it always thinks (${why}), and Moonshot's $web_search works only with thinking off, so the request was not sent (hint: search with a model that can stop thinking, such as moonshot/kimi-k2.5, or ask kimi-code/kimi-for-coding without web search)`;

describe("web search on a model whose config says it always thinks", () => {
  beforeAll(async () => {
    env = await startGatewayEnv({
      primary: "kimi-code/kimi-for-coding",
      fallbacks: [],
      editConfig: withKimiCodeAlwaysThinking,
    });
  });
  afterAll(async () => {
    await env?.close();
  });

  it("answers a 400 on chat completions without sending anything upstream", async () => {
    const error = await searchError();
    expect(error.status).toBe(400);
    expect(error.type).toBe("invalid_request_error");
    expect(error.message).toBe(
      `400 ${NOT_SENT("it refuses thinking off, its compat.alwaysThinks says")}`,
    );
    expect(env.sim.chatRequests()).toEqual([]);
  });

  it("answers the same 400 on the Responses API's web_search tool", async () => {
    const error = await env
      .client()
      .responses.create({
        model: "kimi-code/kimi-for-coding",
        input: "What launched today?",
        tools: [{ type: "web_search" }],
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(400);
    expect((error as APIError).message).toContain(
      NOT_SENT("it refuses thinking off, its compat.alwaysThinks says"),
    );
    expect(env.sim.chatRequests()).toEqual([]);
  });

  it("answers a plain question (no search) as before", async () => {
    const answer = await env.client().chat.completions.create({
      model: "kimi-code/kimi-for-coding",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(answer.choices[0]?.message.content).toContain("hi");
    expect(env.sim.chatRequests()).toHaveLength(1);
  });
});

describe("web search on a model that always thinks, asked more than once (not in its config)", () => {
  beforeAll(async () => {
    env = await startGatewayEnv({ primary: "kimi-code/kimi-for-coding", fallbacks: [] });
  });

  it("says the model cannot search and names one that can, on every request, sending only the first", async () => {
    const first = await searchError();
    expect(first.status).toBe(400);
    expect(first.message).toContain(
      "kimi-code/kimi-for-coding always thinks (it refused thinking off), and Moonshot's $web_search does not work while a model thinks: search with a model that can stop, such as moonshot/kimi-k2.5",
    );
    expect(first.message).not.toContain("compat settings");
    // Refused thinking off, then sent without the switch: the tool refused.
    expect(env.sim.chatRequests()).toHaveLength(2);
    for (const attempt of [2, 3]) {
      const error = await searchError();
      expect(error.status, `request ${attempt}`).toBe(400);
      expect(error.message, `request ${attempt}`).toBe(
        `400 ${NOT_SENT("it refused thinking off")}`,
      );
    }
    // Learned: the later ones were not sent to be refused again.
    expect(env.sim.chatRequests()).toHaveLength(2);
  });
});
