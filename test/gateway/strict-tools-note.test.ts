/**
 * A tool with `strict: true` (the openai client's `zodFunction()` writes it, and the OpenAI
 * Agents SDK's tools have it by default) to a model without strict mode (Moonshot, Kimi Code):
 * the tool goes without it, and x-openclaw-notes says so, naming the tools, since the client's
 * reliance on arguments that match the schema no longer holds. Before, `strict` was dropped
 * unsaid. Official client, simulator, real sockets.
 */
import type OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, notesOf, startGatewayEnv } from "./harness.js";

type Tool = OpenAI.Chat.Completions.ChatCompletionTool;

const tool = (name: string, strict?: boolean): Tool => ({
  type: "function",
  function: {
    name,
    parameters: {
      type: "object",
      properties: { tz: { type: "string" } },
      required: ["tz"],
      additionalProperties: false,
    },
    ...(strict === undefined ? {} : { strict }),
  },
});

describe("strict tools to a model without strict mode", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  const ask = (tools: Tool[]) =>
    env
      .client()
      .chat.completions.create({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "what time is it?" }],
        tools,
      })
      .withResponse();

  it("go without strict, and the note names them", async () => {
    const { response } = await ask([
      tool("get_time", true),
      tool("get_date"),
      tool("get_tz", true),
    ]);
    expect(notesOf(response.headers)).toContain(
      `strict not sent for tools "get_time", "get_tz": moonshot/kimi-k2.5 has no strict mode (compat.supportsStrictMode is false), so a call's arguments are not held to the tool's schema; check them before use`,
    );
    const sent = env.sim.chatRequests().at(-1)?.body as {
      tools: Array<{ function: Record<string, unknown> }>;
    };
    expect(sent.tools.map((entry) => "strict" in entry.function)).toEqual([false, false, false]);
  });

  it("say nothing of strict when no tool asks for it", async () => {
    const { response } = await ask([tool("get_time", false), tool("get_date")]);
    expect(notesOf(response.headers).filter((note) => note.includes("strict"))).toEqual([]);
  });
});
