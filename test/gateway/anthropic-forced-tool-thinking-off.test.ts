/**
 * A forced tool choice to a reasoning model behind api anthropic-messages whose config does not
 * say it always thinks, while the upstream model thinks unless told not to: nobody asked for
 * thinking, so the call goes with thinking off, said upstream as `thinking: {type: "disabled"}`
 * (the simulator, as Anthropic, refuses forced tool use while the model thinks).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CURRENT_SIM_MODELS, type SimModel } from "../simulator/models.js";
import { type GatewayEnv, notesOf, postMessages } from "./harness.js";
import { startKimiCodeOverAnthropic } from "./kimi-code-over-anthropic.js";

type Json = Record<string, unknown>;

/** Kimi Code's model as one that thinks by default and may be told not to. */
const THINKS_BY_DEFAULT: SimModel[] = CURRENT_SIM_MODELS.map((model) =>
  model.id === "kimi-for-coding"
    ? { ...model, thinking: "optional", thinkingDefault: true }
    : model,
);

const TIME_TOOL = {
  name: "get_time",
  description: "The time in a time zone",
  input_schema: { type: "object", properties: { tz: { type: "string" } } },
};

let env: GatewayEnv;

beforeAll(async () => {
  env = await startKimiCodeOverAnthropic({ sim: { models: THINKS_BY_DEFAULT } });
});
afterAll(async () => {
  await env?.close();
});

/** The upstream model calls the forced tool on its next request. */
const scriptToolCall = (): void =>
  env.sim.script([
    {
      when: { model: "kimi-for-coding" },
      respond: { reply: { toolCalls: [{ name: "get_time", arguments: { tz: "Asia/Tokyo" } }] } },
    },
  ]);

const sentUpstream = (): Json[] =>
  env.sim.requests
    .filter((request) => request.path === "/coding/v1/messages")
    .map((request) => request.body as Json);

describe("a forced tool choice nobody asked thinking for, over api anthropic-messages", () => {
  it("on /v1/messages goes forced with thinking disabled upstream, and the tool is called", async () => {
    scriptToolCall();
    const before = sentUpstream().length;
    const response = await postMessages(env.gateway.url, {
      model: "kimi-code/kimi-for-coding",
      max_tokens: 4096,
      tools: [TIME_TOOL],
      tool_choice: { type: "tool", name: "get_time" },
      messages: [{ role: "user", content: "What time is it in Tokyo?" }],
    });
    const body = (await response.json()) as { content: Json[]; stop_reason: string };
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body.stop_reason).toBe("tool_use");
    expect(body.content.map((block) => block.type)).toEqual(["tool_use"]);
    const sent = sentUpstream().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      thinking: { type: "disabled" },
      tool_choice: { type: "tool", name: "get_time" },
    });
    expect(notesOf(response.headers).join("\n")).not.toContain('sent as "auto"');
  });

  it('on /v1/chat/completions, tool_choice "required" goes as any with thinking disabled', async () => {
    scriptToolCall();
    const before = sentUpstream().length;
    const answer = await env.client().chat.completions.create({
      model: "kimi-code/kimi-for-coding",
      messages: [{ role: "user", content: "What time is it in Tokyo?" }],
      tools: [
        {
          type: "function",
          function: {
            name: TIME_TOOL.name,
            description: TIME_TOOL.description,
            parameters: TIME_TOOL.input_schema,
          },
        },
      ],
      tool_choice: "required",
    });
    expect(answer.choices[0]?.finish_reason).toBe("tool_calls");
    expect(answer.choices[0]?.message.tool_calls).toHaveLength(1);
    const sent = sentUpstream().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ thinking: { type: "disabled" }, tool_choice: { type: "any" } });
  });
});
