/**
 * A web search asked beside a tool choice that lets the model call no tool (chat's and the
 * Responses API's "none", Anthropic's {"type": "none"}): the search cannot happen. The gateway
 * offered Moonshot's $web_search anyway and turned thinking off for it, changing how the model
 * answers for a search it was told not to run. Now the search is not offered, thinking stays as
 * asked, and the client's notes say why, quoting its own tool_choice.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type GatewayEnv, notesOf, startGatewayEnv } from "./harness.js";

const notRun = (at: string, choice: string) =>
  `${at} not used: tool_choice ${choice} lets the model call no tool, so the web search was not run (Moonshot's $web_search not offered, thinking left as asked); leave tool_choice out or send "auto" for a searched answer`;

describe('a web search under tool_choice "none"', () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv();
  });
  afterAll(async () => {
    await env?.close();
  });
  beforeEach(() => env.sim.reset());

  /** The one request upstream: no $web_search offered, thinking not turned off for it. */
  function expectSentWithoutSearch(): void {
    const sent = env.sim.chatRequests();
    expect(sent).toHaveLength(1);
    const body = sent[0]?.body as Record<string, unknown>;
    expect(JSON.stringify(body.tools ?? [])).not.toContain("$web_search");
    // "none" goes with the client's own tools; with none left it has nothing to say.
    expect(body.tool_choice).toBe(body.tools === undefined ? undefined : "none");
    // Not turned off for a search (what the model decides by itself is its own).
    expect(body.thinking).not.toEqual({ type: "disabled" });
  }

  it("on chat completions: no search offered, thinking kept, a note with the reason", async () => {
    const { data, response } = await env
      .client()
      .chat.completions.create({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "Any news today?" }],
        web_search_options: {},
        tool_choice: "none",
        reasoning_effort: "high",
      })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe("Echo: Any news today?");
    expectSentWithoutSearch();
    const notes = notesOf(response.headers);
    expect(notes).toContain(notRun("web_search_options", '"none"'));
    expect(notes.join("\n")).not.toContain("turned off");
  });

  it("on /v1/responses and /v1/messages: the same, quoting the client's tool_choice", async () => {
    const { data, response } = await env
      .client()
      .responses.create({
        model: "moonshot/kimi-k2.5",
        input: "Any news today?",
        tools: [
          { type: "function", name: "f", parameters: {}, strict: false },
          { type: "web_search" },
        ],
        tool_choice: "none",
        reasoning: { effort: "high" },
      })
      .withResponse();
    expect(data.output_text).toBe("Echo: Any news today?");
    expectSentWithoutSearch();
    expect(notesOf(response.headers)).toContain(notRun("tools[1]", '"none"'));

    env.sim.reset();
    const message = await env
      .anthropic()
      .messages.create({
        model: "moonshot/kimi-k2.5",
        max_tokens: 256,
        messages: [{ role: "user", content: "Any news today?" }],
        tools: [{ type: "web_search_20250305", name: "web_search" }],
        tool_choice: { type: "none" },
        thinking: { type: "enabled", budget_tokens: 1024 },
      })
      .withResponse();
    expect(message.data.content.find((block) => block.type === "text")).toMatchObject({
      text: "Echo: Any news today?",
    });
    expectSentWithoutSearch();
    expect(notesOf(message.response.headers)).toContain(notRun("tools[0]", '{"type":"none"}'));
  });
});
