/**
 * A web search tool's settings that Moonshot's `$web_search` (which takes none) cannot use:
 * Anthropic's `allowed_domains`, `blocked_domains`, `user_location` and a `max_uses` below the
 * gateway's rounds on /v1/messages; the Responses tool's `filters.allowed_domains`,
 * `user_location` and `search_context_size`. They were dropped unsaid, so a client that kept the
 * answer to some sites could not learn that it may draw on any; now `x-openclaw-notes` says so
 * of each, and the answer is still searched.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  GATEWAY_TOKEN,
  type GatewayEnv,
  notesOf,
  postMessages,
  startGatewayEnv,
} from "./harness.js";

type Json = Record<string, unknown>;

const WHO = "Moonshot's $web_search, which answers the search,";
const LOCATION = { type: "approximate", city: "Paris", country: "FR" };
const GET_TIME = { name: "get_time", input_schema: { type: "object", properties: {} } };

describe("web search tool settings Moonshot's search cannot use", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  async function messages(tools: Json[]) {
    const response = await postMessages(env.gateway.url, {
      model: "moonshot/kimi-k2.5",
      max_tokens: 256,
      messages: [{ role: "user", content: "What is on in Paris tonight?" }],
      tools,
    });
    return {
      status: response.status,
      text: await response.text(),
      notes: notesOf(response.headers),
    };
  }

  async function responses(tools: Json[]) {
    const response = await fetch(`${env.gateway.url}/v1/responses`, {
      method: "POST",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "moonshot/kimi-k2.5", input: "What is on tonight?", tools }),
    });
    return {
      status: response.status,
      text: await response.text(),
      notes: notesOf(response.headers),
    };
  }

  it("on /v1/messages, notes domains, location and a max_uses below the rounds, at the tool's index", async () => {
    const answer = await messages([
      {
        type: "web_search_20250305",
        name: "web_search",
        max_uses: 1,
        allowed_domains: ["example.com"],
        blocked_domains: ["example.org"],
        user_location: LOCATION,
      },
      GET_TIME,
    ]);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.text).toContain("(searched the web)");
    expect(answer.notes).toEqual(
      expect.arrayContaining([
        `tools[0].allowed_domains not used: ${WHO} takes no list of sites, so the answer may draw on any site; name the sites in the prompt to ask for them`,
        `tools[0].blocked_domains not used: ${WHO} takes no list of sites to avoid, so the answer may draw on those too; ask in the prompt to leave them out`,
        `tools[0].user_location not used: ${WHO} takes no location; name the place in the prompt when the answer depends on it`,
        `tools[0].max_uses 1 not applied: ${WHO} takes no limit, and the gateway bounds searching only by rounds: the model may search in up to 3 rounds (any number of searches each) before it is asked to answer`,
      ]),
    );
  });

  it("on /v1/messages, says nothing of Claude Code's max_uses 8 or empty lists", async () => {
    const answer = await messages([
      { type: "web_search_20250305", name: "web_search", max_uses: 8, allowed_domains: [] },
    ]);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.notes.join("\n")).not.toContain("not used");
    expect(answer.notes.join("\n")).not.toContain("not applied");
  });

  it("on /v1/responses, notes the domain filter, location and a context size", async () => {
    const answer = await responses([
      { type: "function", name: "get_time", parameters: { type: "object", properties: {} } },
      {
        type: "web_search",
        filters: { allowed_domains: ["example.com"] },
        user_location: LOCATION,
        search_context_size: "high",
      },
    ]);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.text).toContain("(searched the web)");
    expect(answer.notes).toEqual(
      expect.arrayContaining([
        `tools[1].filters.allowed_domains not used: ${WHO} takes no list of sites, so the answer may draw on any site; name the sites in the prompt to ask for them`,
        `tools[1].user_location not used: ${WHO} takes no location; name the place in the prompt when the answer depends on it`,
        `tools[1].search_context_size "high" not used: ${WHO} takes no such setting and decides how much it reads`,
      ]),
    );
  });

  it("on /v1/responses, says nothing of the default context size or a cached-index tool", async () => {
    const plain = await responses([{ type: "web_search", search_context_size: "medium" }]);
    expect(plain.status, plain.text).toBe(200);
    expect(plain.notes.join("\n")).not.toContain("not used");
    // Not searched at all (OpenAI's cached index): its settings have nothing to be used by.
    const cached = await responses([
      { type: "web_search", external_web_access: false, user_location: LOCATION },
    ]);
    expect(cached.status, cached.text).toBe(200);
    expect(cached.notes.join("\n")).not.toContain("user_location");
  });
});
