/**
 * /v1/messages: Kimi Code's 400 for a message without text ("text content is empty") names the
 * client's message that has none, not an earlier tool result without text, which the gateway
 * sends as "(no output)" and which Kimi Code never saw empty.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, postMessages, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;

beforeAll(async () => {
  env = await startGatewayEnv({});
});
afterAll(async () => {
  await env?.close();
});

describe("Kimi Code's refusal of a message without text", () => {
  it("names the empty user turn, after a tool result with no output", async () => {
    const response = await postMessages(env.gateway.url, {
      model: "kimi-code/kimi-for-coding",
      max_tokens: 1024,
      messages: [
        { role: "user", content: "run the tests" },
        {
          role: "assistant",
          content: [
            { type: "tool_use", id: "toolu_01Run", name: "Bash", input: { command: "true" } },
          ],
        },
        {
          role: "user",
          content: [{ type: "tool_result", tool_use_id: "toolu_01Run", content: "" }],
        },
        { role: "assistant", content: "The tests printed nothing." },
        { role: "user", content: [{ type: "text", text: "" }] },
      ],
      tools: [
        {
          name: "Bash",
          description: "Runs a command",
          input_schema: { type: "object", properties: { command: { type: "string" } } },
        },
      ],
    });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { message: string } };
    expect(error.message).toContain(
      "messages[4].content has no text, which this provider refuses: send some text there, or leave the message out",
    );
    expect(error.message).not.toContain("messages[2]");
  });
});
