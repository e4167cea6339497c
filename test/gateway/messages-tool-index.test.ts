/**
 * A /v1/messages request whose tools begin with Anthropic's web search tool: that tool is answered
 * with Moonshot's own search and left out of the chat tools, yet a refusal of a later tool names
 * it by its place in the client's own `tools`, not by its place among the chat tools.
 */
import { describe, expect, it } from "vitest";
import { parseMessagesRequest } from "../../src/gateway/messages-request.js";

function refusal(tools: unknown[]): { message: string; param: string | null } {
  try {
    parseMessagesRequest(
      { model: "m", max_tokens: 5, messages: [{ role: "user", content: "x" }], tools },
      { maxMessages: 100 },
    );
  } catch (error) {
    const { message, param } = error as { message: string; param: string | null };
    return { message, param };
  }
  throw new Error("the request was not refused");
}

const webSearch = { type: "web_search_20250305", name: "web_search" };

describe("a tool after the web search tool", () => {
  it("is named by its own index in a schema refusal", () => {
    const { message, param } = refusal([webSearch, { name: "x", input_schema: "bad" }]);
    expect(message).toContain("tools[1].input_schema");
    expect(message).not.toContain("tools[0]");
    expect(param).toBe("tools[1].input_schema");
  });

  it("keeps its index when no web search tool comes before it", () => {
    const { param } = refusal([
      { name: "a", input_schema: { type: "object" } },
      { name: "x", input_schema: "bad" },
      webSearch,
    ]);
    expect(param).toBe("tools[1].input_schema");
  });
});
