/**
 * A searched answer asked with a tool choice of "required" (chat completions' tool_choice
 * "required" beside web_search_options, /v1/messages' {"type":"any"} beside client tools). The
 * gateway answers Moonshot's `$web_search` in an exchange of several requests; "required" went
 * on every one of them, asking the model for a tool call after its search too: with the search
 * its only tool, another billed search on each request up to the exchange's last. It now goes on
 * the requests up to the search, the ones after it with "auto", and the client's notes say so.
 * Checked on what the simulator was sent, over real sockets.
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

const UPSTREAM_SEARCH = { type: "builtin_function", function: { name: "$web_search" } };
const GET_TIME_CHAT = {
  type: "function",
  function: {
    name: "get_time",
    description: "The time in a time zone",
    parameters: { type: "object", properties: { tz: { type: "string" } } },
  },
};

const NOTE_START =
  'tool_choice "required" holds until the model searches the web: the requests of the search exchange after a search go with "auto", as ';
const SEARCH_ONLY_NOTE = `${NOTE_START}it would ask for a tool call on each of them, and with $web_search the only tool each would be another billed search`;
const BESIDE_TOOLS_NOTE = `${NOTE_START}the search meets it, and it would ask for another tool call on each of them, as likely another billed search as a call of your tools (the model may still call them)`;

describe('a searched answer with tool_choice "required"', () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  /** The answer to `post`, with the bodies the simulator was sent for it. */
  async function exchange(post: () => Promise<Response>) {
    const before = env.sim.chatRequests().length;
    const response = await post();
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

  const chat = (body: Json) => () =>
    fetch(`${env.gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "Who won the match yesterday?" }],
        web_search_options: {},
        tool_choice: "required",
        ...body,
      }),
    });

  it("on chat completions with no function tools: required until the search, auto after it", async () => {
    const answer = await exchange(chat({}));
    expect(answer.status, answer.text).toBe(200);
    expect(answer.text).toContain("(searched the web)");
    expect(answer.upstream).toHaveLength(2);
    expect(answer.upstream[0]?.tools).toEqual([UPSTREAM_SEARCH]);
    expect(answer.upstream.map((body) => body.tool_choice)).toEqual(["required", "auto"]);
    expect(answer.notes).toContain(SEARCH_ONLY_NOTE);
  });

  it("streamed, with the note in the stream's headers", async () => {
    const answer = await exchange(chat({ stream: true }));
    expect(answer.status, answer.text).toBe(200);
    expect(answer.text).toContain("data: [DONE]");
    expect(answer.upstream.map((body) => body.tool_choice)).toEqual(["required", "auto"]);
    expect(answer.notes).toContain(SEARCH_ONLY_NOTE);
  });

  it("on chat completions beside function tools: required on the first request, auto after the search", async () => {
    const answer = await exchange(chat({ tools: [GET_TIME_CHAT] }));
    expect(answer.status, answer.text).toBe(200);
    expect(answer.upstream).toHaveLength(2);
    expect(answer.upstream[1]?.tools).toContainEqual(UPSTREAM_SEARCH);
    expect(answer.upstream[1]?.tools).toContainEqual(
      expect.objectContaining({ function: expect.objectContaining({ name: "get_time" }) }),
    );
    expect(answer.upstream.map((body) => body.tool_choice)).toEqual(["required", "auto"]);
    expect(answer.notes).toContain(BESIDE_TOOLS_NOTE);
  });

  it('on /v1/messages, {"type":"any"} beside client tools: required until the search', async () => {
    const answer = await exchange(() =>
      postMessages(env.gateway.url, {
        model: "moonshot/kimi-k2.5",
        max_tokens: 256,
        tools: [
          {
            name: "get_time",
            description: "The time in a time zone",
            input_schema: { type: "object", properties: { tz: { type: "string" } } },
          },
          { type: "web_search_20250305", name: "web_search", max_uses: 8 },
        ],
        tool_choice: { type: "any" },
        messages: [{ role: "user", content: "Who won the match yesterday?" }],
      }),
    );
    expect(answer.status, answer.text).toBe(200);
    expect(answer.text).toContain("(searched the web)");
    expect(answer.upstream.map((body) => body.tool_choice)).toEqual(["required", "auto"]);
    // Told in Anthropic's terms, as the route tells its other notes.
    expect(answer.notes).toContain(
      BESIDE_TOOLS_NOTE.replace('tool_choice "required"', 'tool_choice {"type":"any"}'),
    );
  });

  it('on /v1/responses, "required" beside the web_search tool: required until the search', async () => {
    const answer = await exchange(() =>
      fetch(`${env.gateway.url}/v1/responses`, {
        method: "POST",
        headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({
          model: "moonshot/kimi-k2.5",
          input: "Who won the match yesterday?",
          tools: [{ type: "web_search" }],
          tool_choice: "required",
        }),
      }),
    );
    expect(answer.status, answer.text).toBe(200);
    expect(answer.text).toContain("(searched the web)");
    expect(answer.upstream.map((body) => body.tool_choice)).toEqual(["required", "auto"]);
    expect(answer.notes).toContain(SEARCH_ONLY_NOTE);
  });

  it("leaves a request that never searches as it was sent, required throughout", async () => {
    const answer = await exchange(() =>
      fetch(`${env.gateway.url}/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({
          model: "moonshot/kimi-k2.5",
          messages: [{ role: "user", content: "What time is it?" }],
          tools: [GET_TIME_CHAT],
          tool_choice: "required",
        }),
      }),
    );
    expect(answer.status, answer.text).toBe(200);
    expect(answer.upstream.map((body) => body.tool_choice)).toEqual(["required"]);
    expect(answer.notes.join("\n")).not.toContain("holds until");
  });
});
