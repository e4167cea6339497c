/**
 * A web search Moonshot ran for Anthropic's web search tool on /v1/messages shows in the answer
 * as Anthropic's own does, a `server_tool_use` block (name `web_search`, input `{"query": …}`
 * when the model's `$web_search` call named the query, else `{}`) ahead of the text the search
 * informed, whole or streamed; the answer had text alone, so Claude Code and the SDK could not
 * show that a search ran. No `web_search_tool_result` follows: Moonshot does not hand over the
 * pages it read, and none are made up. The block sent back in the next turn's history is taken
 * and left out upstream. Through the official Anthropic SDK against the simulator.
 */
import type Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
let client: Anthropic;
beforeAll(async () => {
  env = await startGatewayEnv();
  client = env.anthropic();
});
afterAll(async () => {
  await env?.close();
});

const SEARCH_TOOL: Anthropic.WebSearchTool20250305 = {
  type: "web_search_20250305",
  name: "web_search",
};

/** An id as Anthropic gives a server_tool_use block. */
const SERVER_TOOL_ID = /^srvtoolu_[A-Za-z0-9_]+$/;

/** Scripts Moonshot's search call to name `query` (with `before` as the text beside it). */
function searchFor(query: string, before?: string): void {
  env.sim.script([
    {
      when: { model: "kimi-k2.5" },
      respond: {
        reply: {
          ...(before === undefined ? {} : { text: before }),
          toolCalls: [
            {
              name: "$web_search",
              arguments: {
                search_result: { search_id: "q1", query },
                usage: { total_tokens: 900 },
              },
            },
          ],
        },
      },
    },
    { when: { model: "kimi-k2.5" }, respond: { reply: { text: "Found it." } } },
  ]);
}

const request = (content: string): Anthropic.MessageCreateParamsNonStreaming => ({
  model: "moonshot/kimi-k2.5",
  max_tokens: 256,
  messages: [{ role: "user", content }],
  tools: [SEARCH_TOOL],
});

describe("a web search on /v1/messages", () => {
  it("is a server_tool_use block before the text in a whole answer, with no results made up", async () => {
    const message = await client.messages.create(request("Who won?"));
    expect(message.content).toHaveLength(2);
    const [search, text] = message.content;
    expect(search).toEqual({
      type: "server_tool_use",
      id: expect.stringMatching(SERVER_TOOL_ID),
      name: "web_search",
      // The simulator's call, as Moonshot documents it, names only the search's id.
      input: {},
    });
    expect(text).toEqual({ type: "text", text: "Echo: Who won? (searched the web)" });
    expect(message.usage.server_tool_use).toEqual({ web_search_requests: 1 });
    expect(message.stop_reason).toBe("end_turn");
  });

  it("has the query as its input when Moonshot's call names it", async () => {
    searchFor("kimi k2 release notes");
    const message = await client.messages.create(request("What changed in Kimi K2?"));
    expect(message.content).toEqual([
      {
        type: "server_tool_use",
        id: expect.stringMatching(SERVER_TOOL_ID),
        name: "web_search",
        input: { query: "kimi k2 release notes" },
      },
      { type: "text", text: "Found it." },
    ]);
  });

  it("streams the block between the text before the search and the answer", async () => {
    searchFor("beijing weather today", "Let me look.");
    const stream = client.messages.stream({
      ...request("Weather in Beijing?"),
      stream: true,
    });
    const starts: string[] = [];
    stream.on("streamEvent", (event) => {
      if (event.type === "content_block_start") starts.push(event.content_block.type);
    });
    const message = await stream.finalMessage();
    expect(starts).toEqual(["text", "server_tool_use", "text"]);
    expect(message.content).toEqual([
      { type: "text", text: "Let me look." },
      {
        type: "server_tool_use",
        id: expect.stringMatching(SERVER_TOOL_ID),
        name: "web_search",
        input: { query: "beijing weather today" },
      },
      { type: "text", text: "Found it." },
    ]);
    expect(message.usage.server_tool_use).toEqual({ web_search_requests: 1 });
  });

  it("gives each answer's block its own id, and takes the blocks back in the history", async () => {
    const first = await client.messages.create(request("Who won?"));
    const again = await client.messages.create(request("Who won?"));
    expect(first.content[0]?.type).toBe("server_tool_use");
    expect(again.content[0]?.type).toBe("server_tool_use");
    expect((again.content[0] as Anthropic.ServerToolUseBlock).id).not.toBe(
      (first.content[0] as Anthropic.ServerToolUseBlock).id,
    );
    const next = await client.messages.create({
      ...request("Who won?"),
      messages: [
        { role: "user", content: "Who won?" },
        { role: "assistant", content: first.content },
        { role: "user", content: "And who came second?" },
      ],
    });
    expect(next.content.at(-1)).toEqual({
      type: "text",
      text: "Echo: And who came second? (searched the web)",
    });
    const upstream = env.sim.chatRequests().at(-1)?.body as {
      messages: { role: string; content: unknown }[];
    };
    expect(upstream.messages.filter((entry) => entry.role === "assistant").at(0)).toEqual({
      role: "assistant",
      content: "Echo: Who won? (searched the web)",
    });
  });
});
