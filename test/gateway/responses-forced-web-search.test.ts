/**
 * A Responses request that forces OpenAI's web search (`tool_choice: {"type": "web_search"}`, or
 * a dated or preview name), sent with plain fetch. Moonshot's `$web_search` cannot be forced: the
 * choice went as "auto" with no note, the client's function tools offered beside the search, so
 * the model could call one of them instead of searching. It now goes as /v1/messages sends
 * Anthropic's forced search: the search the only tool, the choice left to the model, and a note
 * naming the tools left out. A forced search with no web_search tool among tools is refused, as
 * there is nothing to force.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, notesOf, startGatewayEnv } from "./harness.js";

type Json = Record<string, unknown>;

const UPSTREAM_SEARCH = { type: "builtin_function", function: { name: "$web_search" } };
const GET_TIME = {
  type: "function",
  name: "get_time",
  description: "The time in a time zone",
  parameters: { type: "object", properties: { tz: { type: "string" } } },
};

const forcedNote = (choice: string, others = "") =>
  `tool_choice ${choice} sent as "auto" with web search the only tool: Moonshot's $web_search cannot be forced, so the model is left to search (or to answer without searching)${others}`;

describe("a forced web search on the Responses API", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  /** The answer to `body` on /v1/responses, with the bodies the simulator was sent for it. */
  async function send(body: Json) {
    const before = env.sim.chatRequests().length;
    const response = await fetch(`${env.gateway.url}/v1/responses`, {
      method: "POST",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "moonshot/kimi-k2.5", input: "Any news today?", ...body }),
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

  it("sends the search alone beside function tools, naming them in the note", async () => {
    const answer = await send({
      tools: [GET_TIME, { type: "web_search" }],
      tool_choice: { type: "web_search" },
    });
    expect(answer.status, answer.text).toBe(200);
    const output = (JSON.parse(answer.text) as { output: { type: string }[] }).output;
    expect(output.map((item) => item.type)).toEqual(["web_search_call", "message"]);
    expect(answer.upstream).toHaveLength(2);
    expect(answer.upstream.map((body) => body.tools)).toEqual([
      [UPSTREAM_SEARCH],
      [UPSTREAM_SEARCH],
    ]);
    expect(answer.upstream.every((body) => body.tool_choice === undefined)).toBe(true);
    expect(answer.notes).toContain(
      forcedNote(
        '{"type":"web_search"}',
        "; the other tools (get_time) were not sent with it, as the call asked for is the search",
      ),
    );
  });

  it("says so of the search as the only tool too, by its preview name", async () => {
    const answer = await send({
      tools: [{ type: "web_search_preview" }],
      tool_choice: { type: "web_search_preview" },
    });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.upstream[0]?.tools).toEqual([UPSTREAM_SEARCH]);
    expect(answer.notes).toContain(forcedNote('{"type":"web_search_preview"}'));
  });

  it("takes the search named as a function, web_search or Moonshot's $web_search, its note quoting the choice as sent", async () => {
    for (const name of ["web_search", "$web_search"]) {
      const answer = await send({
        tools: [GET_TIME, { type: "web_search" }],
        tool_choice: { type: "function", name },
      });
      expect(answer.status, answer.text).toBe(200);
      expect(answer.text).toContain("(searched the web)");
      expect(answer.upstream[0]?.tools).toEqual([UPSTREAM_SEARCH]);
      expect(answer.upstream.every((body) => body.tool_choice === undefined)).toBe(true);
      expect(answer.notes).toContain(
        forcedNote(
          `{"type":"function","name":"${name}"}`,
          "; the other tools (get_time) were not sent with it, as the call asked for is the search",
        ),
      );
    }
  });

  it("takes allowed tools listing the search as a function as the search", async () => {
    const choice = {
      type: "allowed_tools",
      mode: "required",
      tools: [{ type: "function", name: "$web_search" }],
    };
    const answer = await send({ tools: [GET_TIME, { type: "web_search" }], tool_choice: choice });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.upstream[0]?.tools).toEqual([UPSTREAM_SEARCH]);
    expect(answer.notes).toContain(
      forcedNote(
        JSON.stringify(choice),
        "; the other tools (get_time) were not sent with it, as the call asked for is the search",
      ),
    );
  });

  it("refuses the search named as a function without a web_search tool, saying to add one", async () => {
    const answer = await send({
      tools: [GET_TIME],
      tool_choice: { type: "function", name: "$web_search" },
    });
    expect(answer.status).toBe(400);
    expect(answer.upstream).toEqual([]);
    expect(JSON.parse(answer.text)).toMatchObject({
      error: {
        param: "tool_choice",
        message:
          'tool_choice {"type":"function","name":"$web_search"} forces the web search, but tools has no web_search tool: add {"type": "web_search"} to tools, or leave tool_choice out',
      },
    });
  });

  it("forces a client function named web_search as that function", async () => {
    const answer = await send({
      tools: [{ ...GET_TIME, name: "web_search" }, { type: "web_search" }],
      tool_choice: { type: "function", name: "web_search" },
    });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.upstream[0]?.tool_choice).toEqual({
      type: "function",
      function: { name: "web_search" },
    });
  });

  it("refuses it when tools has no web_search tool, naming tool_choice", async () => {
    const answer = await send({ tools: [GET_TIME], tool_choice: { type: "web_search" } });
    expect(answer.status).toBe(400);
    expect(answer.upstream).toEqual([]);
    expect(JSON.parse(answer.text)).toMatchObject({
      error: {
        param: "tool_choice",
        message:
          'tool_choice {"type":"web_search"} forces the web search, but tools has no web_search tool: add {"type": "web_search"} to tools, or leave tool_choice out',
      },
    });
  });

  it("sends no tools when the search asked for is OpenAI's cached index, saying why", async () => {
    const answer = await send({
      tools: [GET_TIME, { type: "web_search", external_web_access: false }],
      tool_choice: { type: "web_search" },
    });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.upstream).toHaveLength(1);
    expect(answer.upstream[0]?.tools).toBeUndefined();
    expect(answer.notes).toContain(
      `tool_choice {"type":"web_search"} not sent, and the request went without tools (get_time left out too): its web_search tool has external_web_access false (OpenAI's cached index), which this gateway does not search, and the search is the only tool the choice asks for`,
    );
  });

  it("takes allowed tools of mode required listing only the search as the forced search", async () => {
    const choice = { type: "allowed_tools", mode: "required", tools: [{ type: "web_search" }] };
    const answer = await send({ tools: [GET_TIME, { type: "web_search" }], tool_choice: choice });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.text).toContain("(searched the web)");
    expect(answer.upstream[0]?.tools).toEqual([UPSTREAM_SEARCH]);
    expect(answer.upstream.every((body) => body.tool_choice === undefined)).toBe(true);
    expect(answer.notes).toContain(
      forcedNote(
        JSON.stringify(choice),
        "; the other tools (get_time) were not sent with it, as the call asked for is the search",
      ),
    );
  });

  it("takes allowed tools of mode auto listing only the search as the search alone, unforced", async () => {
    const answer = await send({
      tools: [GET_TIME, { type: "web_search" }],
      tool_choice: { type: "allowed_tools", mode: "auto", tools: [{ type: "web_search" }] },
    });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.text).toContain("(searched the web)");
    expect(answer.upstream[0]?.tools).toEqual([UPSTREAM_SEARCH]);
    expect(answer.upstream.every((body) => body.tool_choice === undefined)).toBe(true);
    expect(answer.notes.join("\n")).not.toContain("cannot be forced");
    const refused = await send({
      tools: [GET_TIME],
      tool_choice: { type: "allowed_tools", mode: "auto", tools: [{ type: "web_search" }] },
    });
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text)).toMatchObject({
      error: {
        param: "tool_choice",
        message:
          'tool_choice {"type":"allowed_tools","mode":"auto","tools":[{"type":"web_search"}]} allows only the web search, but tools has no web_search tool: add {"type": "web_search"} to tools, or leave tool_choice out',
      },
    });
  });
});
