/**
 * A tool_choice naming a function the request's tools lack is a 400 that lists the tools offered:
 * with thousands of tools, the first five and a count, not a message of every name (5,000 tools
 * made one of 34 kB). param still names tool_choice; nothing goes upstream.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

const tools = Array.from({ length: 5000 }, (_, i) => ({
  type: "function" as const,
  function: { name: `tool_${i}`, parameters: { type: "object" } },
}));

describe("tool_choice naming a function none of thousands of tools has", () => {
  it("lists the first five tools and counts the rest", async () => {
    const before = env.sim.chatRequests().length;
    const error = await env
      .client()
      .chat.completions.create({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "hi" }],
        tools,
        tool_choice: { type: "function", function: { name: "nope" } },
      })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const refused = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(refused.param).toBe("tool_choice");
    expect(refused.message).toBe(
      '400 tool_choice names function "nope", which is not among tools (tool_0, tool_1, tool_2, tool_3, tool_4, and 4995 more)',
    );
    expect(env.sim.chatRequests().length).toBe(before);
  });
});
