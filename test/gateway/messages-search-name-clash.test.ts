/**
 * On /v1/messages, Anthropic's web search server tool (`{"type": "web_search_20250305", "name":
 * "web_search"}`) beside a client tool also named `web_search`: a tool_use named `web_search` in
 * the answer (or a tool_choice naming it) could mean either, and Anthropic's API refuses two tools
 * of one name. It went through, the search run and the client tool offered under the same name;
 * now it is a 400 in Anthropic's error format naming both tools and what to do. Through the
 * official Anthropic SDK.
 */
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

const OWN_SEARCH: Anthropic.Tool = {
  name: "web_search",
  description: "Searches the team's wiki",
  input_schema: { type: "object", properties: { q: { type: "string" } } },
};

it("refuses a client tool named as the web search server tool, naming both and what to do", async () => {
  const before = env.sim.chatRequests().length;
  const refused = await env
    .anthropic()
    .messages.create({
      model: "moonshot/kimi-k2.5",
      max_tokens: 256,
      messages: [{ role: "user", content: "Find the release notes" }],
      tools: [{ type: "web_search_20250305", name: "web_search" }, OWN_SEARCH],
    })
    .catch((caught: unknown) => caught);
  expect(refused).toBeInstanceOf(Anthropic.BadRequestError);
  expect((refused as InstanceType<typeof Anthropic.BadRequestError>).error).toEqual({
    type: "error",
    error: {
      type: "invalid_request_error",
      message:
        'tools[1].name "web_search" is also the name of tools[0], the web search server tool: a tool_use of that name in the answer could be either, and tool names must be unique; rename your tool (such as "my_web_search"), or leave one of them out',
    },
  });
  expect(env.sim.chatRequests()).toHaveLength(before);
});

it("still takes the client tool alone, or renamed beside the search", async () => {
  const alone = await env.anthropic().messages.create({
    model: "moonshot/kimi-k2.5",
    max_tokens: 256,
    messages: [{ role: "user", content: "Find the release notes" }],
    tools: [OWN_SEARCH],
  });
  expect(alone.stop_reason).toBe("end_turn");
  const renamed = await env.anthropic().messages.create({
    model: "moonshot/kimi-k2.5",
    max_tokens: 256,
    messages: [{ role: "user", content: "Find the release notes" }],
    tools: [
      { type: "web_search_20250305", name: "web_search" },
      { ...OWN_SEARCH, name: "wiki" },
    ],
  });
  expect(renamed.content.at(-1)).toMatchObject({ type: "text" });
});
