/**
 * A /v1/messages request that forces Anthropic's web search server tool, as Claude Code's
 * WebSearch sends it (a request of its own: the search tool alone, `tool_choice: {"type": "tool",
 * "name": "web_search"}`, thinking disabled), sent with plain fetch. The search tool is Moonshot's
 * `$web_search` upstream, no function tool: the gateway refused the choice as naming a tool "not
 * among tools (none were sent)". It now searches as an unforced request does, the choice left to
 * the model (Moonshot's search cannot be forced), and the client's notes say so.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type GatewayEnv,
  notesOf,
  postMessages,
  startGatewayEnv,
  withKimiCodeAlwaysThinking,
} from "./harness.js";

type Json = Record<string, unknown>;

/** The text of an Anthropic event stream's text deltas, joined. */
function streamedText(sse: string): string {
  let text = "";
  for (const line of sse.split("\n")) {
    if (!line.startsWith("data: ")) continue;
    const event = JSON.parse(line.slice(6)) as { delta?: { type?: string; text?: string } };
    if (event.delta?.type === "text_delta") text += event.delta.text ?? "";
  }
  return text;
}

const SEARCH_TOOL = { type: "web_search_20250305", name: "web_search", max_uses: 8 };
const FORCED = { type: "tool", name: "web_search" };
const UPSTREAM_SEARCH = { type: "builtin_function", function: { name: "$web_search" } };
const GET_TIME = {
  name: "get_time",
  description: "The time in a time zone",
  input_schema: { type: "object", properties: { tz: { type: "string" } } },
};

/** Claude Code's WebSearch request for `query`, with `changes` over it. */
function webSearchRequest(model: string, query: string, changes: Json = {}): Json {
  return {
    model,
    max_tokens: 256,
    system: [{ type: "text", text: "You are an assistant for performing a web search tool use" }],
    thinking: { type: "disabled" },
    tools: [SEARCH_TOOL],
    tool_choice: FORCED,
    messages: [{ role: "user", content: `Perform a web search for the query: ${query}` }],
    ...changes,
  };
}

describe("a forced web search on a model that searches", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  /** The bodies the simulator was sent since it had `count` requests. */
  const upstreamSince = (count: number): Json[] =>
    env.sim
      .chatRequests()
      .slice(count)
      .map((request) => request.body as Json);

  async function send(body: Json) {
    const before = env.sim.chatRequests().length;
    const response = await postMessages(env.gateway.url, body);
    return {
      status: response.status,
      notes: notesOf(response.headers),
      text: await response.text(),
      upstream: upstreamSince(before),
    };
  }

  const forcedNote = (choice: string, others = "") =>
    `tool_choice ${choice} sent as "auto" with web search the only tool: Moonshot's $web_search cannot be forced, so the model is left to search (or to answer without searching)${others}`;

  it("runs the search, as Claude Code's WebSearch asks it, and says the choice went as auto", async () => {
    const answer = await send(webSearchRequest("moonshot/kimi-k2.5", "rust 2026 release"));
    expect(answer.status, answer.text).toBe(200);
    const message = JSON.parse(answer.text) as {
      content: { type: string; text?: string }[];
      usage: { server_tool_use?: { web_search_requests: number } };
    };
    expect(message.content.at(-1)).toEqual({
      type: "text",
      text: "Echo: Perform a web search for the query: rust 2026 release (searched the web)",
    });
    expect(message.usage.server_tool_use).toEqual({ web_search_requests: 1 });
    expect(answer.upstream).toHaveLength(2);
    expect(answer.upstream[0]?.tools).toEqual([UPSTREAM_SEARCH]);
    expect(answer.upstream.every((body) => body.tool_choice === undefined)).toBe(true);
    expect(answer.notes).toContain(forcedNote('{"type":"tool","name":"web_search"}'));
  });

  it("runs it streamed too, its search counted in the stream's usage", async () => {
    const answer = await send(
      webSearchRequest("moonshot/kimi-k2.5", "node 24 lts", { stream: true }),
    );
    expect(answer.status, answer.text).toBe(200);
    expect(answer.text).toContain("event: message_stop");
    expect(streamedText(answer.text)).toBe(
      "Echo: Perform a web search for the query: node 24 lts (searched the web)",
    );
    expect(answer.text).toContain('"server_tool_use":{"web_search_requests":1}');
    expect(answer.notes).toContain(forcedNote('{"type":"tool","name":"web_search"}'));
  });

  it("sends the search alone when client tools came beside it, naming them in the note", async () => {
    const answer = await send(
      webSearchRequest("moonshot/kimi-k2.5", "tokyo weather", {
        tools: [GET_TIME, SEARCH_TOOL],
      }),
    );
    expect(answer.status, answer.text).toBe(200);
    expect(answer.text).toContain("(searched the web)");
    expect(answer.upstream[0]?.tools).toEqual([UPSTREAM_SEARCH]);
    expect(answer.upstream.every((body) => body.tool_choice === undefined)).toBe(true);
    expect(answer.notes).toContain(
      forcedNote(
        '{"type":"tool","name":"web_search"}',
        "; the other tools (get_time) were not sent with it, as the call asked for is the search",
      ),
    );
  });

  it('takes tool_choice {"type":"any"} with the search the only tool as the search, not "required" on every request of it', async () => {
    const answer = await send(
      webSearchRequest("moonshot/kimi-k2.5", "vitest 4", { tool_choice: { type: "any" } }),
    );
    expect(answer.status, answer.text).toBe(200);
    expect(answer.text).toContain("(searched the web)");
    expect(answer.upstream).toHaveLength(2);
    expect(answer.upstream.every((body) => body.tool_choice === undefined)).toBe(true);
    expect(answer.notes).toContain(forcedNote('{"type":"any"}'));
    // Beside client tools, "any" is theirs to meet as well: it goes as "required".
    const withTools = await send(
      webSearchRequest("moonshot/kimi-k2.5", "vitest 4", {
        tools: [GET_TIME, SEARCH_TOOL],
        tool_choice: { type: "any" },
      }),
    );
    expect(withTools.status, withTools.text).toBe(200);
    expect(withTools.upstream[0]?.tool_choice).toBe("required");
    expect(withTools.notes.join("\n")).not.toContain("sent as");
  });

  it('takes Moonshot\'s name for the search, {"type":"tool","name":"$web_search"}, as the search, its note quoting it as sent', async () => {
    const answer = await send(
      webSearchRequest("moonshot/kimi-k2.5", "deno 3", {
        tools: [GET_TIME, SEARCH_TOOL],
        tool_choice: { type: "tool", name: "$web_search" },
      }),
    );
    expect(answer.status, answer.text).toBe(200);
    expect(answer.text).toContain("(searched the web)");
    expect(answer.upstream[0]?.tools).toEqual([UPSTREAM_SEARCH]);
    expect(answer.notes).toContain(
      forcedNote(
        '{"type":"tool","name":"$web_search"}',
        "; the other tools (get_time) were not sent with it, as the call asked for is the search",
      ),
    );
  });

  it("refuses a choice of the search without a search tool, naming the Anthropic tool to add", async () => {
    for (const name of ["web_search", "$web_search"]) {
      const answer = await send(
        webSearchRequest("moonshot/kimi-k2.5", "x", {
          tools: [GET_TIME],
          tool_choice: { type: "tool", name },
        }),
      );
      expect(answer.status).toBe(400);
      expect(answer.upstream).toEqual([]);
      expect(JSON.parse(answer.text)).toMatchObject({
        error: {
          message: `tool_choice {"type":"tool","name":"${name}"} forces the web search, but tools has no web search tool: add {"type": "web_search_20250305", "name": "web_search"} to tools, or leave tool_choice out`,
        },
      });
    }
  });

  it("still forces a client tool of that name when no search tool was sent", async () => {
    const answer = await send(
      webSearchRequest("moonshot/kimi-k2.5", "x", {
        tools: [{ ...GET_TIME, name: "web_search" }],
      }),
    );
    expect(answer.status, answer.text).toBe(200);
    expect(answer.upstream[0]?.tool_choice).toEqual({
      type: "function",
      function: { name: "web_search" },
    });
    expect(JSON.parse(answer.text).content).toContainEqual(
      expect.objectContaining({ type: "tool_use", name: "web_search" }),
    );
  });
});

describe("a forced web search on a model without web search (kimi-for-coding)", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    // Its config says it always thinks, as the built-in catalog does.
    env = await startGatewayEnv({
      primary: "kimi-code/kimi-for-coding",
      fallbacks: [],
      editConfig: withKimiCodeAlwaysThinking,
    });
  });
  afterAll(async () => {
    await env?.close();
  });

  /** Its status and body, the upstream's trace id (one per request) left out of the message. */
  async function refusal(body: Json): Promise<{ status: number; body: Json }> {
    const response = await postMessages(env.gateway.url, body);
    const text = (await response.text()).replace(/ \(trace [^)]*\)/, "");
    return { status: response.status, body: JSON.parse(text) as Json };
  }

  it("gets the answer an unforced search gets: the model cannot search, and which one can", async () => {
    const forced = await refusal(webSearchRequest("kimi-code/kimi-for-coding", "a"));
    const unforced = await refusal(
      webSearchRequest("kimi-code/kimi-for-coding", "a", { tool_choice: undefined }),
    );
    const again = await refusal(webSearchRequest("kimi-code/kimi-for-coding", "a"));
    expect(unforced.status).toBe(400);
    expect(unforced.body).toMatchObject({
      type: "error",
      error: {
        message:
          "kimi-code/kimi-for-coding cannot search the web: it always thinks (it refuses thinking off, its compat.alwaysThinks says), and Moonshot's $web_search works only with thinking off, so the request was not sent (hint: search with a model that can stop thinking, such as moonshot/kimi-k2.5, or ask kimi-code/kimi-for-coding without web search)",
      },
    });
    expect(forced).toEqual(unforced);
    expect(again).toEqual(unforced);
    // None of them went upstream: the config said the model cannot search.
    expect(env.sim.chatRequests()).toEqual([]);
  });
});
