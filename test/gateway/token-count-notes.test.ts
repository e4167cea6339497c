/**
 * The gateway's note that an answer cap was lowered after Moonshot counted the conversation
 * longer than estimated writes its token counts as the CLI does, thousands separated: it said
 * "the answer may use 4130 tokens, not 8192".
 */
import { afterEach, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

type Model = { id: string; contextWindow?: number };

let env: GatewayEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

describe("x-openclaw-notes on a lowered answer cap", () => {
  it("writes the token counts with thousands separators", async () => {
    // The simulator counts 10% more than the local estimate: the default 8,192 beside a
    // conversation estimated at 234,000 tokens goes over kimi-k2.5's window, and is lowered.
    env = await startGatewayEnv({
      sim: { tokenFactor: 1.1 },
      // The window the API has, as the built-in catalog says (the test config names none).
      editConfig: (config) => {
        const models = (config as { models: { providers: { moonshot: { models: Model[] } } } })
          .models.providers.moonshot.models;
        for (const model of models) if (model.id === "kimi-k2.5") model.contextWindow = 262_144;
      },
    });
    const { response } = await env
      .client()
      .chat.completions.create({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "word ".repeat(187_200) }],
      })
      .withResponse();
    const notes = (response.headers.get("x-openclaw-notes") ?? "")
      .split(",")
      .map((entry) => decodeURIComponent(entry.trim()));
    expect(notes).toContainEqual(
      expect.stringMatching(
        /^moonshot\/kimi-k2\.5 counted the conversation longer than estimated: the answer may use \d{1,3}(,\d{3})? tokens, not 8,192$/,
      ),
    );
  });
});
