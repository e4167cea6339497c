/**
 * A web search tool sent beside a tool choice that lets the model call no tool (`{"type":
 * "none"}` on /v1/messages, `"none"` on /v1/responses) is not run, and the answer's notes say so.
 * They also went on to name each of the tool's settings Moonshot's search cannot use (its sites,
 * its location, its max_uses…): about a search that never ran, noise beside the one note that
 * matters. Now that note is the only one about the search. Through the official SDKs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, notesOf, startGatewayEnv } from "./harness.js";

const LOCATION = { type: "approximate" as const, city: "Paris", country: "FR" };

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

/** The notes that speak of the web search tool at `at` (`tools[0]`). */
const searchNotes = (notes: string[], at: string) => notes.filter((note) => note.startsWith(at));

describe("a web search tool with settings, beside a choice of no tool", () => {
  it("on /v1/messages, gets the note that the search did not run and none about its settings", async () => {
    const { data, response } = await env
      .anthropic()
      .messages.create({
        model: "moonshot/kimi-k2.5",
        max_tokens: 256,
        messages: [{ role: "user", content: "What is on in Paris tonight?" }],
        tools: [
          {
            type: "web_search_20250305",
            name: "web_search",
            max_uses: 1,
            allowed_domains: ["example.com"],
            user_location: LOCATION,
          },
        ],
        tool_choice: { type: "none" },
      })
      .withResponse();
    // Answered without searching (kimi-k2.5 thinks then, as nothing turned its thinking off).
    expect(data.content.at(-1)).toEqual({
      type: "text",
      text: "Echo: What is on in Paris tonight?",
    });
    expect(searchNotes(notesOf(response.headers), "tools[0]")).toEqual([
      'tools[0] not used: tool_choice {"type":"none"} lets the model call no tool, so the web search was not run (Moonshot\'s $web_search not offered, thinking left as asked); leave tool_choice out or send "auto" for a searched answer',
    ]);
  });

  it("on /v1/responses, gets the note that the search did not run and none about its settings", async () => {
    const { data, response } = await env
      .client()
      .responses.create({
        model: "moonshot/kimi-k2.5",
        input: "What is on tonight?",
        tools: [
          {
            type: "web_search",
            filters: { allowed_domains: ["example.com"] },
            user_location: LOCATION,
            search_context_size: "high",
          },
        ],
        tool_choice: "none",
      })
      .withResponse();
    expect(data.output_text).toBe("Echo: What is on tonight?");
    expect(searchNotes(notesOf(response.headers), "tools[0]")).toEqual([
      'tools[0] not used: tool_choice "none" lets the model call no tool, so the web search was not run (Moonshot\'s $web_search not offered, thinking left as asked); leave tool_choice out or send "auto" for a searched answer',
    ]);
  });

  it("still names the settings when the search runs", async () => {
    const { response } = await env
      .anthropic()
      .messages.create({
        model: "moonshot/kimi-k2.5",
        max_tokens: 256,
        messages: [{ role: "user", content: "What is on in Paris tonight?" }],
        tools: [{ type: "web_search_20250305", name: "web_search", user_location: LOCATION }],
      })
      .withResponse();
    expect(searchNotes(notesOf(response.headers), "tools[0]")).toEqual([
      "tools[0].user_location not used: Moonshot's $web_search, which answers the search, takes no location; name the place in the prompt when the answer depends on it",
    ]);
  });
});
