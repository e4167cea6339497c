/**
 * `stop`, `user` and `prompt_cache_key` of the wrong type are refused saying what was sent, as
 * the other fields' refusals do, and a stop list with an entry that is not a string names that
 * entry (`param: "stop[1]"`). Before, the 400 said only "stop must be a string or an array of
 * strings" of the whole list, and "user must be a string" without what came. Official client,
 * simulator, real sockets.
 */
import type OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiFailure } from "../helpers/api-error.js";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

type Params = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;

describe("stop, user and prompt_cache_key of the wrong type", () => {
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

  it("are a 400 naming the field or entry and the kind of value sent, nothing sent upstream", async () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ stop: ["END", null] }, "stop[1]", "400 stop[1] must be a string, got null"],
      [{ stop: [7] }, "stop[0]", "400 stop[0] must be a string, got a number"],
      [
        { stop: { sequence: "END" } },
        "stop",
        '400 stop must be a string or an array of strings (stop sequences such as ["END", "Observation:"]), got an object',
      ],
      [{ user: 42 }, "user", "400 user must be a string (an id of the end user), got a number"],
      [
        { prompt_cache_key: ["session-1"] },
        "prompt_cache_key",
        "400 prompt_cache_key must be a string (the same one for each request of a conversation), got an array",
      ],
    ];
    const sent = env.sim.chatRequests().length;
    for (const [fields, param, message] of cases) {
      const error = await apiFailure(env.client().chat.completions.create(request(fields)));
      expect([param, error.status, error.param, error.code]).toEqual([
        param,
        400,
        param,
        "invalid_type",
      ]);
      expect(error.message.startsWith(message)).toBe(true);
    }
    expect(env.sim.chatRequests().length).toBe(sent);
  });

  it("go upstream as sent when of the right type", async () => {
    await env
      .client()
      .chat.completions.create(
        request({ stop: ["END", "Observation:"], user: "u-1", prompt_cache_key: "session-1" }),
      );
    expect(env.sim.chatRequests().at(-1)?.body).toMatchObject({
      stop: ["END", "Observation:"],
      user: "u-1",
      prompt_cache_key: "session-1",
    });
  });
});
