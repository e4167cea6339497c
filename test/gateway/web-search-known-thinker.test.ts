/**
 * `web_search_options` sent to a model that cannot stop thinking (Kimi Code's kimi-for-coding,
 * which refuses Moonshot's thinking switch): Moonshot refuses `$web_search` while a model thinks.
 * The first request learns the refusal of the switch and says why; every later one must say the
 * same, not "check the model's params and compat settings", which sends a client's developer to
 * a config that is fine.
 */
import { APIError } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;

beforeAll(async () => {
  env = await startGatewayEnv({ primary: "kimi-code/kimi-for-coding", fallbacks: [] });
});
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

describe("web search on a model that always thinks, asked more than once", () => {
  it("says the model cannot search and names one that can, on every request", async () => {
    for (const attempt of [1, 2, 3]) {
      const error = await searchError();
      expect(error.status, `request ${attempt}`).toBe(400);
      expect(error.message, `request ${attempt}`).toContain(
        "kimi-code/kimi-for-coding always thinks (it refused thinking off), and Moonshot's $web_search does not work while a model thinks: search with a model that can stop, such as moonshot/kimi-k2.5",
      );
      expect(error.message, `request ${attempt}`).not.toContain("compat settings");
    }
  });
});
