/**
 * A /v1/messages system message (Claude Code 2.1's mid-conversation system) placed between an
 * assistant's tool_use and the user turn with its tool_result. Sent where it stood, it split the
 * tool calls from their results: the gateway's repair answered the calls with "No result: this
 * tool call was not answered." before it, and the real result went after it, answering no call.
 * It goes after the tool messages instead. Real sockets, the simulator.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, postMessages, startGatewayEnv } from "./harness.js";

type Obj = Record<string, unknown>;

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv({ start: { log: () => {} } });
});
afterAll(async () => {
  await env?.close();
});

function lastUpstream(): Obj {
  return (env.sim.chatRequests().at(-1)?.body ?? {}) as Obj;
}

describe("a system message between a tool_use and its tool_result", () => {
  it("goes upstream after the tool message, so the tool call is answered first", async () => {
    const response = await postMessages(env.gateway.url, {
      model: "moonshot/kimi-k2.5",
      max_tokens: 256,
      messages: [
        { role: "user", content: "What time is it?" },
        {
          role: "assistant",
          content: [{ type: "tool_use", id: "toolu_01", name: "get_time", input: {} }],
        },
        { role: "system", content: "The user is in Tokyo." },
        {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: "toolu_01", content: "12:00" },
            { type: "text", text: "And now?" },
          ],
        },
      ],
      tools: [{ name: "get_time", input_schema: { type: "object", properties: {} } }],
    });
    expect(response.status, await response.clone().text()).toBe(200);
    const messages = lastUpstream().messages as Obj[];
    expect(messages.map((message) => message.role)).toEqual([
      "user",
      "assistant",
      "tool",
      "system",
      "user",
    ]);
    expect(messages[2]?.content).toBe("12:00");
    expect(messages[3]?.content).toBe("The user is in Tokyo.");
  });
});
