/**
 * `prompt_cache_retention` (OpenAI's hint for how long a cached prompt is kept) was refused on
 * the Responses API as a field the gateway does not know, and passed upstream unchecked on chat
 * completions. Moonshot and Kimi Code cache prompts on their own: the hint is taken, left out of
 * the upstream request, and the client is told so in x-openclaw-notes. Other unknown Responses
 * fields are still refused.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, notesOf, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;

beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

const NOTE =
  'prompt_cache_retention "24h" not sent: a caching hint the provider does not take (Moonshot and Kimi Code cache prompts on their own)';

/** The body of the last chat request the simulator received. */
function lastUpstreamBody(): Record<string, unknown> {
  return env.sim.chatRequests().at(-1)?.body as Record<string, unknown>;
}

describe("prompt_cache_retention", () => {
  it("is taken on /v1/responses, left out upstream and told in x-openclaw-notes", async () => {
    const before = env.sim.chatRequests().length;
    const { data, response } = await env
      .client()
      .responses.create({
        model: "moonshot/kimi-k2.5",
        input: "x",
        prompt_cache_retention: "24h",
        prompt_cache_key: "session-1",
      })
      .withResponse();
    expect(data.status).toBe("completed");
    expect(notesOf(response.headers)).toContain(NOTE);
    expect(env.sim.chatRequests().length).toBe(before + 1);
    expect(lastUpstreamBody()).not.toHaveProperty("prompt_cache_retention");
    expect(lastUpstreamBody()).toHaveProperty("prompt_cache_key", "session-1");
  });

  it("is taken on a streamed /v1/responses too", async () => {
    const { data: stream, response } = await env
      .client()
      .responses.create({
        model: "moonshot/kimi-k2.5",
        input: "x",
        prompt_cache_retention: "24h",
        stream: true,
      })
      .withResponse();
    for await (const _event of stream) {
      // read to the end
    }
    expect(notesOf(response.headers)).toContain(NOTE);
    expect(lastUpstreamBody()).not.toHaveProperty("prompt_cache_retention");
  });

  it("is left out of a chat completion's upstream request, which says so", async () => {
    const { response } = await env
      .client()
      .chat.completions.create({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "x" }],
        prompt_cache_retention: "24h",
      })
      .withResponse();
    expect(response.status).toBe(200);
    expect(notesOf(response.headers)).toContain(NOTE);
    expect(lastUpstreamBody()).not.toHaveProperty("prompt_cache_retention");
  });

  it("must be a string", async () => {
    const error = await env
      .client()
      .responses.create({
        model: "moonshot/kimi-k2.5",
        input: "x",
        prompt_cache_retention: 24 as unknown as "24h",
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const refused = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(refused.param).toBe("prompt_cache_retention");
    expect(refused.message).toContain("prompt_cache_retention must be a string");
  });

  it("relaxes no other unknown Responses field", async () => {
    const error = await env
      .client()
      .responses.create({
        model: "moonshot/kimi-k2.5",
        input: "x",
        prompt_cache_retension: "24h",
      } as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toContain(
      "prompt_cache_retension is not supported by this gateway's Responses API",
    );
  });
});
