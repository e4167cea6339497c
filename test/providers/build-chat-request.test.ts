import { describe, expect, it } from "vitest";
import { isOpenClawError } from "../../src/errors.js";
import { buildChatRequest, DEFAULT_MAX_TOKENS } from "../../src/providers/index.js";
import type { ChatMessage, ChatRequest, ToolDefinition } from "../../src/providers/types.js";
import { kimiCodeModel, moonshotModel } from "../helpers/models.js";

const KEY = "sk-test-moonshot-ai-0001";
const user = (content: string): ChatMessage => ({ role: "user", content });
const getTime: ToolDefinition = {
  type: "function",
  function: {
    name: "get_time",
    description: "Current time",
    parameters: { type: "object", properties: { tz: { type: "string" } } },
    strict: true,
  },
};
const toolTurn: ChatMessage[] = [
  user("what time is it?"),
  {
    role: "assistant",
    content: "",
    reasoning_content: "I should call get_time.",
    tool_calls: [
      {
        id: "functions.get_time:0",
        type: "function",
        function: { name: "get_time", arguments: '{"tz":"UTC"}' },
      },
    ],
  },
  { role: "tool", tool_call_id: "functions.get_time:0", content: "12:00" },
];

function messagesOf(body: Record<string, unknown>): Array<Record<string, unknown>> {
  return body.messages as Array<Record<string, unknown>>;
}

function build(request: Partial<ChatRequest>, model = moonshotModel()) {
  return buildChatRequest(model, { messages: [user("hi")], ...request }, KEY);
}

describe("buildChatRequest", () => {
  it("targets <baseUrl>/chat/completions with the model id and a bearer key", () => {
    const built = build({}, moonshotModel("kimi-k2.5", { baseUrl: "https://api.moonshot.cn/v1/" }));
    expect(built.url).toBe("https://api.moonshot.cn/v1/chat/completions");
    expect(built.body.model).toBe("kimi-k2.5");
    expect(built.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(built.body.stream).toBe(true);
  });

  it("refuses a message with a role it does not know instead of leaving it out", () => {
    const legacy = { role: "function", name: "calc", content: "4" } as unknown as ChatMessage;
    expect(() => build({ messages: [user("2+2?"), legacy] })).toThrow(
      expect.objectContaining({ code: "request.invalid", where: "messages[1].role" }),
    );
  });

  it("sends no auth header when authHeader is off or there is no key", () => {
    expect(build({}, moonshotModel("kimi-k2.5", { authHeader: false })).headers.authorization).toBe(
      undefined,
    );
    const noKey = buildChatRequest(moonshotModel(), { messages: [user("hi")] }, undefined);
    expect(noKey.headers.authorization).toBeUndefined();
  });

  it("layers headers provider < model < call, case-insensitively", () => {
    const model = kimiCodeModel({ headers: { "User-Agent": "KimiCLI/0.77", "X-Team": "a" } });
    const built = build({ headers: { "user-agent": "KimiCLI/9.9" } }, model);
    expect(built.headers["user-agent"]).toBe("KimiCLI/9.9");
    expect(built.headers["x-team"]).toBe("a");
  });

  it("refuses a header value with a line break: the config's (unless the call replaces it), the call's, the key's", () => {
    const codeOf = (run: () => unknown): string | undefined => {
      try {
        run();
        return undefined;
      } catch (error) {
        return isOpenClawError(error) ? `${error.code}: ${error.message}` : String(error);
      }
    };
    const broken = kimiCodeModel({ headers: { "X-Team": "a\nb" } });
    const config = codeOf(() => build({}, broken));
    expect(config).toMatch(/^config\.header_invalid: header "x-team" for provider kimi-code /);
    // Asked twice: the model's checked headers are cached, the answer is the same.
    expect(codeOf(() => build({}, broken))).toBe(config);
    expect(codeOf(() => build({ headers: { "x-team": "c" } }, broken))).toBeUndefined();
    expect(codeOf(() => build({ headers: { "X-Trace": "a\r\nb" } }))).toMatch(
      /^request\.header_invalid: header "x-trace" .*; it is in request\.headers$/,
    );
    expect(
      codeOf(() => buildChatRequest(moonshotModel(), { messages: [user("hi")] }, "sk-a\n")),
    ).toMatch(/^config\.header_invalid: header "authorization" .*: the API key has one$/);
    expect(
      codeOf(() =>
        buildChatRequest(
          moonshotModel("kimi-k2.5", { authHeader: false }),
          { messages: [user("hi")] },
          "sk-a\n",
        ),
      ),
    ).toBeUndefined();
  });

  it("supportsDeveloperRole: false sends developer messages as system", () => {
    const messages: ChatMessage[] = [{ role: "developer", content: "be brief" }, user("hi")];
    const off = build(
      { messages },
      moonshotModel("kimi-k2.5", { compat: { supportsDeveloperRole: false } }),
    );
    expect(messagesOf(off.body)[0]?.role).toBe("system");
    expect(off.adjustments.join(" ")).toContain("developer");
    const on = build(
      { messages },
      moonshotModel("kimi-k2.5", { compat: { supportsDeveloperRole: true } }),
    );
    expect(messagesOf(on.body)[0]?.role).toBe("developer");
  });

  it("maxTokensField picks the field; the default is capped by the model's maxTokens", () => {
    const a = build({}, moonshotModel("kimi-k2.5", { maxTokens: 4000 }));
    expect(a.body.max_tokens).toBe(4000);
    expect(a.body.max_completion_tokens).toBeUndefined();
    const b = build(
      { maxTokens: 100 },
      moonshotModel("kimi-k2.5", {
        maxTokens: 32_768,
        compat: { maxTokensField: "max_completion_tokens" },
      }),
    );
    expect(b.body.max_completion_tokens).toBe(100);
    expect(b.body.max_tokens).toBeUndefined();
    // No cap asked: the model's own limit, up to 32,000 (Kimi Code's 32,768 in the spec).
    const c = build({}, moonshotModel("kimi-k2.5", { maxTokens: 32_768 }));
    expect(c.body.max_tokens).toBe(DEFAULT_MAX_TOKENS);
    expect(DEFAULT_MAX_TOKENS).toBe(32_000);
    const e = build({}, moonshotModel("kimi-k2.5", { maxTokens: 16_384 }));
    expect(e.body.max_tokens).toBe(16_384);
    const d = build({ maxTokens: 50_000 }, moonshotModel("kimi-k2.5", { maxTokens: 8192 }));
    expect(d.body.max_tokens).toBe(8192);
    expect(d.adjustments.join(" ")).toContain("capped");
  });

  it("maxTemperature lowers a higher temperature to it, and leaves the others alone", () => {
    const preview = moonshotModel("kimi-k2-0905-preview");
    const high = build({ temperature: 1.5 }, preview);
    expect(high.body.temperature).toBe(1);
    expect(high.adjustments.join(" ")).toContain("temperature 1.5 lowered to 1");
    const fromParams = build(
      {},
      moonshotModel("kimi-k2-0905-preview", { params: { temperature: 2 } }),
    );
    expect(fromParams.body.temperature).toBe(1);
    const inRange = build({ temperature: 0.3 }, preview);
    expect(inRange.body.temperature).toBe(0.3);
    expect(inRange.adjustments).toEqual([]);
    const openaiScale = build(
      { temperature: 1.5 },
      moonshotModel("kimi-k2-0905-preview", { compat: { maxTemperature: undefined } }),
    );
    expect(openaiScale.body.temperature).toBe(1.5);
  });

  it("promptCacheKey: conversation gives every turn of a conversation the same key", () => {
    const kimi = kimiCodeModel({ compat: { promptCacheKey: "conversation" } });
    const system: ChatMessage = { role: "system", content: "You are a coding agent." };
    const turn1: ChatMessage[] = [system, user("Fix the failing test.")];
    const turn3: ChatMessage[] = [
      ...turn1,
      { role: "assistant", content: "Which one?" },
      user("test/a.test.ts"),
    ];
    const key = build({ messages: turn1 }, kimi).body.prompt_cache_key;
    expect(key).toMatch(/^openclaw-[0-9a-f]{32}$/);
    expect(build({ messages: turn3 }, kimi).body.prompt_cache_key).toBe(key);
    // Another conversation, another key; the caller's own key always wins.
    expect(
      build({ messages: [system, user("Add a README.")] }, kimi).body.prompt_cache_key,
    ).not.toBe(key);
    expect(
      build({ messages: turn1, promptCacheKey: "session-42" }, kimi).body.prompt_cache_key,
    ).toBe("session-42");
    // Off unless the compat asks for it.
    expect(build({ messages: turn1 }, moonshotModel()).body.prompt_cache_key).toBeUndefined();
  });

  it("supportsUsageInStreaming adds stream_options.include_usage on streamed calls only", () => {
    expect(build({}).body.stream_options).toEqual({ include_usage: true });
    const off = build(
      {},
      moonshotModel("kimi-k2.5", { compat: { supportsUsageInStreaming: false } }),
    );
    expect(off.body.stream_options).toBeUndefined();
    const nonStream = buildChatRequest(moonshotModel(), { messages: [user("hi")] }, KEY, {
      stream: false,
    });
    expect(nonStream.body.stream).toBe(false);
    expect(nonStream.body.stream_options).toBeUndefined();
  });

  it("thinkingFormat moonshot sends a thinking object; openai sends reasoning_effort; none sends nothing", () => {
    const thinking = moonshotModel("kimi-k2-thinking");
    expect(build({ thinking: "on" }, thinking).body.thinking).toEqual({ type: "enabled" });
    expect(build({ thinking: "off" }, thinking).body.thinking).toEqual({ type: "disabled" });
    expect(build({}, thinking).body.thinking).toBeUndefined();
    const openai = moonshotModel("kimi-k2-thinking", {
      compat: { thinkingFormat: "openai", supportsReasoningEffort: true },
    });
    const viaEffort = build({ thinking: "high" }, openai).body;
    expect(viaEffort.reasoning_effort).toBe("high");
    expect(viaEffort.thinking).toBeUndefined();
    const none = build(
      { thinking: "high" },
      moonshotModel("kimi-k2-thinking", { compat: { thinkingFormat: "none" } }),
    );
    expect(none.body.thinking).toBeUndefined();
    expect(none.body.reasoning_effort).toBeUndefined();
  });

  it("thinkingFormat moonshot-effort (Kimi K3) sends Moonshot's reasoning_effort and never a thinking object", () => {
    const k3 = moonshotModel("kimi-k3", {
      reasoning: true,
      compat: { thinkingFormat: "moonshot-effort" },
    });
    const sent = (thinking: ChatRequest["thinking"]) => {
      const built = build(thinking === undefined ? {} : { thinking }, k3);
      expect(built.body.thinking).toBeUndefined();
      return [built.body.reasoning_effort, built.adjustments];
    };
    expect(sent(undefined)).toEqual([undefined, []]);
    expect(sent("on")).toEqual([undefined, []]); // max, its default
    expect(sent("low")).toEqual(["low", []]);
    expect(sent("high")).toEqual(["high", []]);
    expect(sent("max")).toEqual(["max", []]);
    expect(sent("medium")).toEqual([
      "high",
      ['reasoning effort "medium" sent as "high": moonshot/kimi-k3 takes low, high or max'],
    ]);
    expect(sent("off")).toEqual([
      "low",
      [
        'thinking "off" sent as reasoning effort "low": moonshot/kimi-k3 always thinks, low is its lightest',
      ],
    ]);
    // It always thinks, so a tool-call turn's reasoning is replayed even when "off" was asked.
    const replayed = build({ thinking: "off", messages: toolTurn }, k3).body;
    expect(messagesOf(replayed)[1]?.reasoning_content).toBe("I should call get_time.");
  });

  it("sends the top level as xhigh to an OpenAI-style endpoint", () => {
    const model = moonshotModel("kimi-k2-thinking", {
      compat: { thinkingFormat: "openai", supportsReasoningEffort: true },
    });
    expect(build({ thinking: "max" }, model).body.reasoning_effort).toBe("xhigh");
  });

  it("sends Moonshot's built-in $web_search as it is, beside tools whose names it rewrites", () => {
    const webSearch: ToolDefinition = {
      type: "builtin_function",
      function: { name: "$web_search" },
    };
    const mcpTool: ToolDefinition = {
      type: "function",
      function: { name: "fs.read", parameters: { type: "object", properties: {} } },
    };
    const searched = '{"search_result":{"search_id":"s-1"}}';
    const built = build({
      tools: [webSearch, mcpTool],
      messages: [
        user("news?"),
        {
          role: "assistant",
          content: "",
          tool_calls: [
            {
              id: "$web_search:0",
              type: "function",
              function: { name: "$web_search", arguments: searched },
            },
          ],
        },
        { role: "tool", tool_call_id: "$web_search:0", name: "$web_search", content: searched },
      ],
    });
    expect(built.body.tools).toEqual([
      { type: "builtin_function", function: { name: "$web_search" } },
      {
        type: "function",
        function: { name: "fs_read", parameters: { type: "object", properties: {}, required: [] } },
      },
    ]);
    const messages = messagesOf(built.body);
    expect(messages[1]?.tool_calls).toEqual([
      {
        id: "$web_search:0",
        type: "function",
        function: { name: "$web_search", arguments: searched },
      },
    ]);
    expect(messages[2]).toMatchObject({ role: "tool", name: "$web_search", content: searched });
  });

  it("supportsReasoningEffort: false keeps reasoning_effort out", () => {
    const model = moonshotModel("kimi-k2-thinking", {
      compat: { thinkingFormat: "openai", supportsReasoningEffort: false },
    });
    expect(build({ thinking: "high" }, model).body.reasoning_effort).toBeUndefined();
  });

  it("ignores a thinking request on a non-reasoning model and says so", () => {
    const built = build({ thinking: "on" }, moonshotModel("kimi-k2-0905-preview"));
    expect(built.body.thinking).toBeUndefined();
    expect(built.adjustments.join(" ")).toContain("not a reasoning model");
  });

  it("downgrades tool_choice required to auto when thinking is on, with a reason", () => {
    const thinking = build(
      { tools: [getTime], toolChoice: "required", thinking: "on" },
      moonshotModel("kimi-k2-thinking"),
    );
    expect(thinking.body.tool_choice).toBe("auto");
    expect(thinking.adjustments.join(" ")).toContain("tool_choice");
    const plain = build({ tools: [getTime], toolChoice: "required" }, moonshotModel("kimi-k2.5"));
    expect(plain.body.tool_choice).toBe("required");
  });

  it("keeps a forced tool choice nobody asked thinking for by sending thinking off", () => {
    const named = { type: "function" as const, function: { name: "get_time" } };
    for (const model of [moonshotModel("kimi-k2.5"), moonshotModel("kimi-k2-thinking")]) {
      for (const toolChoice of ["required" as const, named]) {
        const built = build({ tools: [getTime], toolChoice }, model);
        expect(built.body.thinking).toEqual({ type: "disabled" });
        expect(built.body.tool_choice).toEqual(toolChoice);
        expect(built.adjustments.join(" ")).toContain(
          `thinking sent as off (Moonshot's switch) so that tool_choice ${JSON.stringify(toolChoice)} is kept`,
        );
      }
    }
    // Not forced, or thinking asked for: as before.
    expect(build({ tools: [getTime], toolChoice: "auto" }).body.thinking).toBeUndefined();
    const asked = build(
      {
        tools: [getTime],
        toolChoice: "required",
        thinking: "on",
        thinkingAsked: 'reasoning effort "high"',
      },
      moonshotModel("kimi-k2-thinking"),
    );
    expect([asked.body.thinking, asked.body.tool_choice]).toEqual([{ type: "enabled" }, "auto"]);
    expect(asked.adjustments.join(" ")).toContain(
      'and thinking is on, as asked (reasoning effort "high")',
    );
    // A model that refused the switch always thinks: no switch, and "auto" with the reason.
    const refused = build(
      { tools: [getTime], toolChoice: "required", noThinkingSwitch: true },
      moonshotModel("kimi-k2-thinking"),
    );
    expect([refused.body.thinking, refused.body.tool_choice]).toEqual([undefined, "auto"]);
    expect(refused.adjustments.join(" ")).toContain(
      "it always thinks (it refused Moonshot's thinking switch)",
    );
    // Kimi K3 takes no switch at all.
    const k3 = build(
      { tools: [getTime], toolChoice: "required" },
      moonshotModel("kimi-k3", { reasoning: true, compat: { thinkingFormat: "moonshot-effort" } }),
    );
    expect([k3.body.thinking, k3.body.tool_choice]).toEqual([undefined, "auto"]);
    expect(k3.adjustments.join(" ")).toContain("it always thinks (it takes no thinking switch)");
  });

  it("supportsStrictMode decides whether tool schemas keep strict", () => {
    const off = build({ tools: [getTime] });
    const fnOff = (off.body.tools as Array<{ function: Record<string, unknown> }>)[0]?.function;
    expect(fnOff?.strict).toBeUndefined();
    expect(fnOff?.parameters).toEqual({ ...getTime.function.parameters, required: [] });
    const on = build(
      { tools: [getTime] },
      moonshotModel("kimi-k2.5", { compat: { supportsStrictMode: true } }),
    );
    expect(
      (on.body.tools as Array<{ function: Record<string, unknown> }>)[0]?.function.strict,
    ).toBe(true);
  });

  it("gives a parameterless tool an object schema and rejects a non-object root", () => {
    const bare: ToolDefinition = { type: "function", function: { name: "ping" } };
    const built = build({ tools: [bare] });
    expect(
      (built.body.tools as Array<{ function: Record<string, unknown> }>)[0]?.function.parameters,
    ).toEqual({ type: "object", properties: {}, required: [] });
    const arrayRoot: ToolDefinition = {
      type: "function",
      function: { name: "list", parameters: { type: "array", items: { type: "string" } } },
    };
    expect(() => build({ tools: [arrayRoot] })).toThrow(/root must be type "object"/);
  });

  it("sends a root union of objects as an object, and names any other root's shape and path", () => {
    const union: ToolDefinition = {
      type: "function",
      function: {
        name: "find",
        parameters: {
          anyOf: [
            { type: "object", properties: { id: { type: "string" } }, required: ["id"] },
            { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
          ],
        },
      },
    };
    const moonshot = build({ tools: [union] });
    const sent = (moonshot.body.tools as Array<{ function: Record<string, unknown> }>)[0]?.function;
    expect(sent?.parameters).toEqual({
      type: "object",
      properties: { id: { type: "string" }, name: { type: "string" } },
      required: [],
      description: "Needs one of: id, or name.",
    });
    // Elsewhere the union goes as it is, with the type that makes its root an object.
    const openai = build(
      { tools: [union] },
      moonshotModel("gpt", { compat: { toolSchema: "none", thinkingFormat: "openai" } }),
    );
    const plain = (openai.body.tools as Array<{ function: Record<string, unknown> }>)[0]?.function;
    expect(plain?.parameters).toEqual({ ...union.function.parameters, type: "object" });
    expect(openai.adjustments.join(" ")).toContain('sent with type "object"');

    const refused = (parameters: Record<string, unknown>) => {
      const tool: ToolDefinition = { type: "function", function: { name: "f", parameters } };
      try {
        build({ tools: [getTime, tool] });
      } catch (error) {
        if (!isOpenClawError(error)) throw error;
        return { code: error.code, where: error.where, message: error.message };
      }
      throw new Error("not refused");
    };
    const mixed = refused({ anyOf: [{ type: "string" }, { type: "object" }] });
    expect(mixed).toEqual({
      code: "request.tool_schema",
      where: "tools[1].function.parameters",
      message:
        'tool "f" has parameters that may be a string or an object (anyOf), not only objects; the root must be type "object"',
    });
    expect(refused({ type: ["object", "null"] }).message).toContain(
      'parameters of the types ["object","null"]',
    );
    expect(refused({ $ref: "#/definitions/Args" }).message).toContain(
      'parameters that are a $ref to "#/definitions/Args"',
    );
    expect(refused({ items: { type: "string" } }).message).toContain(
      'parameters without a "type" (they have items)',
    );
    for (const shape of [mixed, refused({ oneOf: [] }), refused({ minItems: 1 })])
      expect(shape.message).not.toContain("undefined");
  });

  it("toolSchema: moonshot rewrites a generated schema to Moonshot's rules and says so; none sends it as given", () => {
    const generated: ToolDefinition = {
      type: "function",
      function: {
        name: "search",
        parameters: {
          type: "object",
          properties: { query: { type: "string" }, mode: { enum: ["fast", "deep"] }, extra: {} },
          required: ["query"],
        },
      },
    };
    const built = build({ tools: [generated] });
    const sent = (
      built.body.tools as Array<{ function: { parameters: Record<string, unknown> } }>
    )[0]?.function.parameters;
    expect(sent?.properties).toEqual({
      query: { type: "string" },
      mode: { enum: ["fast", "deep"], type: "string" },
      extra: { type: "string" },
    });
    expect(built.adjustments).toEqual([
      `tool "search" parameters adapted to moonshot/kimi-k2.5's JSON Schema rules: properties.mode: typed as "string"; properties.extra: typed as "string"`,
    ]);
    const asGiven = build(
      { tools: [generated] },
      moonshotModel("kimi-k2.5", { compat: { toolSchema: "none" } }),
    );
    expect(
      (asGiven.body.tools as Array<{ function: Record<string, unknown> }>)[0]?.function.parameters,
    ).toBe(generated.function.parameters);
    expect(asGiven.adjustments).toEqual([]);
  });

  it("sends tool names Moonshot refuses in a form it takes, everywhere the request names them", () => {
    const mcpTool: ToolDefinition = {
      type: "function",
      function: { name: "12306__query", parameters: { type: "object", properties: {} } },
    };
    const built = build({
      tools: [mcpTool, getTime],
      toolChoice: { type: "function", function: { name: "12306__query" } },
      messages: [
        user("trains?"),
        {
          role: "assistant",
          tool_calls: [
            {
              id: "functions.fn_12306__query:0",
              type: "function",
              function: { name: "12306__query", arguments: "{}" },
            },
          ],
        },
        {
          role: "tool",
          tool_call_id: "functions.fn_12306__query:0",
          name: "12306__query",
          content: "G1",
        },
      ],
    });
    const body = built.body as {
      tools: Array<{ function: { name: string } }>;
      tool_choice: unknown;
      messages: Array<Record<string, unknown>>;
    };
    expect(body.tools.map((tool) => tool.function.name)).toEqual(["fn_12306__query", "get_time"]);
    expect(body.tool_choice).toEqual({ type: "function", function: { name: "fn_12306__query" } });
    expect(body.messages[1]?.tool_calls).toEqual([
      {
        id: "functions.fn_12306__query:0", // ids are echoed byte for byte, never rewritten
        type: "function",
        function: { name: "fn_12306__query", arguments: "{}" },
      },
    ]);
    expect(body.messages[2]?.name).toBe("fn_12306__query");
    expect(built.toolNamesFromUpstream?.get("fn_12306__query")).toBe("12306__query");
    expect(built.adjustments.join("\n")).toContain('"12306__query" as "fn_12306__query"');
    const asGiven = build(
      { tools: [mcpTool] },
      moonshotModel("kimi-k2.5", { compat: { toolSchema: "none" } }),
    );
    expect((asGiven.body.tools as Array<{ function: { name: string } }>)[0]?.function.name).toBe(
      "12306__query",
    );
    expect(asGiven.toolNamesFromUpstream).toBeUndefined();
  });

  it("supportsTools: false leaves tools out and says why", () => {
    const built = build(
      { tools: [getTime], toolChoice: "auto" },
      moonshotModel("kimi-k2.5", { compat: { supportsTools: false } }),
    );
    expect(built.body.tools).toBeUndefined();
    expect(built.body.tool_choice).toBeUndefined();
    expect(built.adjustments.join(" ")).toContain("supportsTools");
  });

  it("replays reasoning_content and tool-call ids byte for byte and omits empty content", () => {
    const built = build({ messages: toolTurn }, moonshotModel("kimi-k2-thinking"));
    const assistant = messagesOf(built.body)[1];
    expect(assistant).toEqual({
      role: "assistant",
      reasoning_content: "I should call get_time.",
      tool_calls: [
        {
          id: "functions.get_time:0",
          type: "function",
          function: { name: "get_time", arguments: '{"tz":"UTC"}' },
        },
      ],
    });
    expect(messagesOf(built.body)[2]?.tool_call_id).toBe("functions.get_time:0");
  });

  it("requiresToolResultName adds the tool's name to tool results", () => {
    const off = build({ messages: toolTurn });
    expect(messagesOf(off.body)[2]?.name).toBeUndefined();
    const on = build(
      { messages: toolTurn },
      moonshotModel("kimi-k2.5", { compat: { requiresToolResultName: true } }),
    );
    expect(messagesOf(on.body)[2]?.name).toBe("get_time");
  });

  it("requiresAssistantAfterToolResult puts an assistant turn between a tool result and a user turn", () => {
    const messages = [...toolTurn, user("thanks")];
    const off = build({ messages });
    expect(messagesOf(off.body).map((m) => m.role)).toEqual(["user", "assistant", "tool", "user"]);
    const on = build(
      { messages },
      moonshotModel("kimi-k2.5", { compat: { requiresAssistantAfterToolResult: true } }),
    );
    expect(messagesOf(on.body).map((m) => m.role)).toEqual([
      "user",
      "assistant",
      "tool",
      "assistant",
      "user",
    ]);
  });

  it("requiresThinkingAsText folds reasoning into the assistant's text", () => {
    const messages: ChatMessage[] = [
      user("hi"),
      { role: "assistant", content: "Hello!", reasoning_content: "greet back" },
      user("again"),
    ];
    const on = build(
      { messages },
      moonshotModel("kimi-k2.5", { compat: { requiresThinkingAsText: true } }),
    );
    const assistant = messagesOf(on.body)[1];
    expect(assistant?.reasoning_content).toBeUndefined();
    expect(assistant?.content).toContain("greet back");
    expect(assistant?.content).toContain("Hello!");
    const off = build({ messages });
    expect(messagesOf(off.body)[1]).toMatchObject({
      content: "Hello!",
      reasoning_content: "greet back",
    });
  });

  it("requiresStringContent flattens text parts into a string", () => {
    const messages: ChatMessage[] = [
      {
        role: "user",
        content: [
          { type: "text", text: "one" },
          { type: "text", text: "two" },
        ],
      },
    ];
    const on = build(
      { messages },
      moonshotModel("kimi-k2.5", { compat: { requiresStringContent: true } }),
    );
    expect(messagesOf(on.body)[0]?.content).toBe("one\ntwo");
    const off = build({ messages });
    expect(Array.isArray(messagesOf(off.body)[0]?.content)).toBe(true);
  });

  it("sends plain string content to text-only models, which reject content arrays", () => {
    const messages: ChatMessage[] = [
      { role: "system", content: [{ type: "text", text: "be brief" }] },
      {
        role: "user",
        content: [
          { type: "text", text: "one" },
          { type: "text", text: "two" },
        ],
      },
    ];
    const built = build({ messages }, moonshotModel("kimi-k2-turbo-preview"));
    expect(messagesOf(built.body).map((message) => message.content)).toEqual([
      "be brief",
      "one\ntwo",
    ]);
  });

  it("drops empty text parts (Kimi Code rejects them)", () => {
    const messages: ChatMessage[] = [
      {
        role: "user",
        content: [
          { type: "text", text: "" },
          { type: "text", text: "hi" },
        ],
      },
    ];
    const built = build({ messages }, kimiCodeModel());
    expect(messagesOf(built.body)[0]?.content).toBe("hi");
  });

  it("supportsStore sends store: false so the provider keeps nothing", () => {
    expect(build({}).body.store).toBeUndefined();
    // A caller's own store and metadata reach no endpoint without OpenAI's stored completions.
    const extraBody = { store: true, metadata: { app: "x" }, seed: 7 };
    const elsewhere = build({ extraBody }).body;
    expect(elsewhere.store).toBeUndefined();
    expect(elsewhere.metadata).toBeUndefined();
    expect(elsewhere.seed).toBe(7);
    expect(
      build({}, moonshotModel("kimi-k2.5", { compat: { supportsStore: true } })).body.store,
    ).toBe(false);
  });

  it("sends images as image_url parts to image models and refuses them for text-only models", () => {
    const messages: ChatMessage[] = [
      {
        role: "user",
        content: [
          { type: "text", text: "what is this?" },
          { type: "image_url", image_url: { url: "data:image/png;base64,AAAA" } },
        ],
      },
    ];
    const ok = build({ messages }, moonshotModel("kimi-k2.5", { input: ["text", "image"] }));
    expect(messagesOf(ok.body)[0]?.content).toEqual(messages[0]?.content);
    let caught: unknown;
    try {
      build({ messages }, moonshotModel("kimi-k2-0905-preview"));
    } catch (error) {
      caught = error;
    }
    expect(isOpenClawError(caught)).toBe(true);
    expect((caught as Error).message).toContain("accepts text only");
    expect((caught as { hint?: string }).hint).toContain('"image"');
  });

  it("merges model params and extra body fields without letting them replace the messages", () => {
    const model = moonshotModel("kimi-k2.5", {
      params: { temperature: 0.6, maxTokens: 1000, top_k: 5 },
    });
    const built = buildChatRequest(
      model,
      {
        messages: [user("hi")],
        extraBody: { messages: "nope", frequency_penalty: 0.1 },
        promptCacheKey: "s1",
      },
      KEY,
    );
    expect(built.body).toMatchObject({
      temperature: 0.6,
      max_tokens: 1000,
      top_k: 5,
      frequency_penalty: 0.1,
      prompt_cache_key: "s1",
    });
    expect(Array.isArray(built.body.messages)).toBe(true);
  });
});
