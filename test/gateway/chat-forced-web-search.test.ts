/**
 * A chat completion that asks for a searched answer with `web_search_options` and forces the
 * search by naming it in `tool_choice` (`{"type": "function", "function": {"name":
 * "$web_search"}}`, or `"web_search"`). The search is no function of `tools` (the gateway adds
 * Moonshot's `$web_search` for `web_search_options`), so the gateway refused the choice as naming
 * a function "not among tools (none were sent)", which told the client nothing of the search it
 * asked for. It now runs as the other routes run a forced search: the search the only tool, the
 * choice left to the model, and x-openclaw-notes says so. Without `web_search_options` the 400
 * says what to send. Checked on what the simulator was sent, over real sockets.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, notesOf, startGatewayEnv } from "./harness.js";

type Json = Record<string, unknown>;

const UPSTREAM_SEARCH = { type: "builtin_function", function: { name: "$web_search" } };
const GET_TIME = {
  type: "function",
  function: {
    name: "get_time",
    description: "The time in a time zone",
    parameters: { type: "object", properties: { tz: { type: "string" } } },
  },
};
const forcing = (name: string) => ({ type: "function", function: { name } });

describe("a chat completion whose tool_choice names the web search", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  async function chat(body: Json) {
    const before = env.sim.chatRequests().length;
    const response = await fetch(`${env.gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "Who won the match yesterday?" }],
        ...body,
      }),
    });
    const text = await response.text();
    return {
      status: response.status,
      text,
      notes: notesOf(response.headers),
      upstream: env.sim
        .chatRequests()
        .slice(before)
        .map((request) => request.body as Json),
    };
  }

  it("$web_search beside web_search_options: searched, the choice left to the model, with a note", async () => {
    const answer = await chat({ web_search_options: {}, tool_choice: forcing("$web_search") });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.text).toContain("(searched the web)");
    expect(answer.upstream[0]?.tools).toEqual([UPSTREAM_SEARCH]);
    expect(answer.upstream.map((body) => body.tool_choice ?? "auto")).not.toContain("required");
    expect(answer.upstream[0]?.tool_choice).not.toEqual(forcing("$web_search"));
    expect(answer.notes).toContain(
      'tool_choice {"type":"function","function":{"name":"$web_search"}} sent as "auto" with web search the only tool: Moonshot\'s $web_search cannot be forced, so the model is left to search (or to answer without searching)',
    );
  });

  it("web_search beside function tools: the search goes alone, the note naming the tools left out", async () => {
    const answer = await chat({
      web_search_options: {},
      tools: [GET_TIME],
      tool_choice: forcing("web_search"),
    });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.upstream[0]?.tools).toEqual([UPSTREAM_SEARCH]);
    expect(answer.notes.join("\n")).toContain(
      "the other tools (get_time) were not sent with it, as the call asked for is the search",
    );
  });

  it("without web_search_options: a 400 that says to send web_search_options", async () => {
    const answer = await chat({ tool_choice: forcing("$web_search") });
    expect(answer.status).toBe(400);
    const error = (JSON.parse(answer.text) as { error: { message: string; param: string } }).error;
    expect(error.param).toBe("tool_choice");
    expect(error.message).toContain("send web_search_options: {} for a searched answer");
    expect(error.message).not.toContain("none were sent");
    expect(answer.upstream).toHaveLength(0);
  });

  it("a client function named web_search is still the one forced", async () => {
    const ownSearch = { type: "function", function: { name: "web_search", parameters: {} } };
    const answer = await chat({ tools: [ownSearch], tool_choice: forcing("web_search") });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.upstream[0]?.tool_choice).toEqual(forcing("web_search"));
  });
});
