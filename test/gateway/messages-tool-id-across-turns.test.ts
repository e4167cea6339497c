/**
 * The same tool_use id in two turns of a /v1/messages conversation (`functions.get_time:0`, as a
 * model that numbers its calls per turn makes them) goes upstream byte for byte, each tool result
 * right after its own call, where it answers that call only; a result missing from the later turn
 * gets the filler there, not the earlier turn's. Refused, such a session would fail on every
 * later turn. Through the official Anthropic SDK against the simulator.
 */
import type Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

const ID = "functions.get_time:0";
const tools: Anthropic.Tool[] = [
  { name: "get_time", input_schema: { type: "object", properties: {} } },
];
const call: Anthropic.MessageParam = {
  role: "assistant",
  content: [{ type: "tool_use", id: ID, name: "get_time", input: {} }],
};
const result = (content: string): Anthropic.MessageParam => ({
  role: "user",
  content: [{ type: "tool_result", tool_use_id: ID, content }],
});

/** The last upstream request's messages, as role and what pairs them. */
function upstream(): unknown[] {
  const body = env.sim.chatRequests().at(-1)?.body as {
    messages: {
      role: string;
      tool_calls?: { id: string }[];
      tool_call_id?: string;
      content?: unknown;
    }[];
  };
  return body.messages.map((m) =>
    m.role === "assistant"
      ? ["assistant", m.tool_calls?.map((c) => c.id)]
      : m.role === "tool"
        ? ["tool", m.tool_call_id, m.content]
        : [m.role, m.content],
  );
}

it("passes an id repeated across turns as it is, each result after its own call", async () => {
  const message = await env.anthropic().messages.create({
    model: "moonshot/kimi-k2-turbo-preview",
    max_tokens: 64,
    tools,
    messages: [
      { role: "user", content: "Time twice?" },
      call,
      result("11:00"),
      call,
      result("12:00"),
    ],
  });
  expect(message.content).toEqual([{ type: "text", text: "Tool results: 11:00 | 12:00" }]);
  expect(upstream()).toEqual([
    ["user", "Time twice?"],
    ["assistant", [ID]],
    ["tool", ID, "11:00"],
    ["assistant", [ID]],
    ["tool", ID, "12:00"],
  ]);
});

it("fills the later call's missing result where it was due, not with the earlier one's", async () => {
  await env.anthropic().messages.create({
    model: "moonshot/kimi-k2-turbo-preview",
    max_tokens: 64,
    tools,
    messages: [
      { role: "user", content: "Time twice?" },
      call,
      result("11:00"),
      call,
      { role: "user", content: "go on" },
    ],
  });
  expect(upstream()).toEqual([
    ["user", "Time twice?"],
    ["assistant", [ID]],
    ["tool", ID, "11:00"],
    ["assistant", [ID]],
    ["tool", ID, "No result: this tool call was not answered."],
    ["user", "go on"],
  ]);
});
