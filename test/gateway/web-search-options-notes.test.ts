/**
 * `web_search_options` is answered with Moonshot's `$web_search`, which takes no settings: a
 * `search_context_size` other than OpenAI's default ("medium") and a `user_location` are not
 * used, and x-openclaw-notes says so for each. Before, they were dropped unsaid. Official
 * client, simulator, real sockets.
 */
import type OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, notesOf, startGatewayEnv } from "./harness.js";

type Options = OpenAI.Chat.Completions.ChatCompletionCreateParams.WebSearchOptions;

describe("web_search_options settings Moonshot's search does not take", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  const search = async (options: Options) => {
    const { data, response } = await env
      .client()
      .chat.completions.create({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "what's on in town tonight?" }],
        web_search_options: options,
      })
      .withResponse();
    return {
      text: data.choices[0]?.message.content,
      notes: notesOf(response.headers).filter((note) => note.startsWith("web_search_options")),
    };
  };

  it("are noted as not used, and the answer is still searched", async () => {
    const answer = await search({
      search_context_size: "high",
      user_location: { type: "approximate", approximate: { country: "DE", city: "Berlin" } },
    });
    expect(answer.text).toContain("(searched the web)");
    expect(answer.notes).toEqual([
      `web_search_options.search_context_size "high" not used: Moonshot's $web_search, which answers the search, takes no such setting and decides how much it reads`,
      "web_search_options.user_location not used: Moonshot's $web_search, which answers the search, takes no location; name the place in the prompt when the answer depends on it",
    ]);
  });

  it("say nothing for {} or the default context size", async () => {
    expect((await search({})).notes).toEqual([]);
    expect((await search({ search_context_size: "medium" })).notes).toEqual([]);
  });
});
