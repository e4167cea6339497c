/** Moonshot's built-in `$web_search`: the request it needs, the answer it asks for, where it runs. */
import { describe, expect, it } from "vitest";
import { buildChatRequest } from "../../src/providers/build-chat-request.js";
import type { ChatRequest, ToolCall } from "../../src/providers/types.js";
import {
  searchReady,
  WEB_SEARCH_TOOL,
  webSearchResult,
  webSearchTokens,
} from "../../src/providers/web-search.js";
import { moonshotModel } from "../helpers/models.js";

const ask: ChatRequest = { messages: [{ role: "user", content: "What launched today?" }] };
const getTime = {
  type: "function" as const,
  function: { name: "get_time", parameters: { type: "object", properties: {} } },
};
const searchCall = (args: string): ToolCall => ({
  id: "$web_search:0",
  type: "function",
  function: { name: "$web_search", arguments: args },
});

describe("the request a web search needs", () => {
  it("offers the tool once, beside the caller's, and turns thinking off", () => {
    const ready = searchReady({ ...ask, tools: [getTime] }, true);
    expect(ready.request.tools).toEqual([getTime, WEB_SEARCH_TOOL]);
    expect(ready.request.thinking).toBe("off");
    expect(searchReady(ready.request, true).request.tools).toEqual([getTime, WEB_SEARCH_TOOL]);
  });

  it("says so when the caller had asked for thinking, and not when it had asked for nothing", () => {
    expect(searchReady({ ...ask, thinking: "high" }, true).adjustment).toBe(
      `thinking "high" turned off: Moonshot's $web_search does not work with thinking on`,
    );
    expect(searchReady(ask, true).adjustment).toBeUndefined();
    expect(searchReady({ ...ask, thinking: "off" }, true).adjustment).toBeUndefined();
  });

  it("leaves a request alone that neither asks for search nor offers the tool", () => {
    const request = { ...ask, thinking: "high" as const };
    expect(searchReady(request, false).request).toBe(request);
    // A caller that offers the tool itself (and answers its calls) gets thinking off too.
    const offered = searchReady({ ...ask, tools: [WEB_SEARCH_TOOL] }, false);
    expect([offered.request.tools, offered.request.thinking]).toEqual([[WEB_SEARCH_TOOL], "off"]);
  });
});

describe("the answer Moonshot asks for", () => {
  it("is the call's own arguments, byte for byte, under the tool's name", () => {
    const args = '{"search_result":{"search_id":"s-1"},  "usage":{"total_tokens":2048}}';
    expect(webSearchResult(searchCall(args))).toEqual({
      role: "tool",
      tool_call_id: "$web_search:0",
      name: "$web_search",
      content: args,
    });
    expect(webSearchTokens(searchCall(args))).toBe(2048);
  });

  it("knows no token count from arguments that do not state one", () => {
    for (const args of ["", "not json", "[]", '{"usage":{"total_tokens":"many"}}', '{"usage":{}}'])
      expect(webSearchTokens(searchCall(args))).toBeUndefined();
  });
});

describe("where the search runs", () => {
  const build = (model: ReturnType<typeof moonshotModel>, request: ChatRequest) =>
    buildChatRequest(model, request, "sk-test-0001", { stream: false });

  it("sends thinking off to a Moonshot model the config calls non-reasoning (K2.5 thinks unless told)", () => {
    const ready = searchReady(ask, true).request;
    const body = build(moonshotModel("kimi-k2.5"), ready).body;
    expect(body.thinking).toEqual({ type: "disabled" });
    expect(body.tools).toEqual([WEB_SEARCH_TOOL]);
    // Without the tool, thinking off is sent all the same; asked nothing, the model decides.
    expect(build(moonshotModel("kimi-k2.5"), { ...ask, thinking: "off" }).body.thinking).toEqual({
      type: "disabled",
    });
    expect(build(moonshotModel("kimi-k2.5"), ask).body.thinking).toBeUndefined();
  });

  it("refuses, before sending, an endpoint that does not run Moonshot's tools", () => {
    const other = moonshotModel("llama-3", {
      ref: "local/llama-3",
      provider: "local",
      baseUrl: "http://127.0.0.1:11434/v1",
      compat: { supportsWebSearch: false, toolSchema: "none", thinkingFormat: "none" },
    });
    expect(() => build(other, searchReady(ask, true).request)).toThrow(
      expect.objectContaining({
        code: "request.web_search_unsupported",
        message: expect.stringContaining("local/llama-3 cannot search the web"),
      }),
    );
  });

  it("quotes a client's tool name in that refusal by its first 40 characters, not whole", () => {
    const other = moonshotModel("llama-3", {
      ref: "local/llama-3",
      provider: "local",
      baseUrl: "http://127.0.0.1:11434/v1",
      compat: { supportsWebSearch: false, toolSchema: "none", thinkingFormat: "none" },
    });
    const request = searchReady(ask, true).request;
    const huge = `$${"w".repeat(200_000)}`;
    const tools = (request.tools ?? []).map((tool) =>
      tool.type === "builtin_function"
        ? { ...tool, function: { ...tool.function, name: huge } }
        : tool,
    );
    let message = "";
    try {
      build(other, { ...request, tools });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(`"$${"w".repeat(39)}…" (200001 characters) is Moonshot's own tool`);
    expect(message.length).toBeLessThan(400);
  });
});
