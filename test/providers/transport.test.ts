import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { UpstreamDispatcher } from "../../src/providers/http1-pool.js";
import type { ProviderErrorClass } from "../../src/providers/index.js";
import { createOpenAICompletionsTransport } from "../../src/providers/openai-completions.js";
import type { ChatMessage, StreamEvent } from "../../src/providers/types.js";
import { kimiCodeModel, moonshotModel } from "../helpers/models.js";
import {
  SIM_ERRORS,
  type SimErrorName,
  type Simulator,
  startSimulator,
} from "../simulator/index.js";
import { collect, doneOf, failure, testTransport, waitFor } from "./transport-helpers.js";

let sim: Simulator;
const { transport, agent } = testTransport();
const hello: ChatMessage[] = [{ role: "user", content: "hello there" }];

beforeAll(async () => {
  sim = await startSimulator({ serveRetiredModels: true });
});
afterAll(async () => {
  await agent.close();
  await sim.close();
});
beforeEach(() => sim.reset());

const k25 = () => moonshotModel("kimi-k2.5", { baseUrl: sim.moonshotBaseUrl });
const thinking = () => moonshotModel("kimi-k2-thinking", { baseUrl: sim.moonshotBaseUrl });
const kimi = () => kimiCodeModel({ baseUrl: sim.kimiCodeBaseUrl });

describe("error table", () => {
  const rows: Array<[SimErrorName, ProviderErrorClass, boolean]> = [
    ["invalidRequest", "bad_request", false],
    ["contentFilter", "content_filter", false],
    ["tokenLimit", "context_length", false],
    ["invalidAuthentication", "auth", false],
    ["incorrectApiKey", "auth", false],
    ["accessTerminated", "forbidden_client", false],
    ["notFound", "not_found", false],
    ["rateLimit", "rate_limit", true],
    ["overloaded", "overloaded", true],
    ["quota", "quota", false],
    ["quota403", "quota", false],
    ["server", "server", true],
    ["badGateway", "server", true],
    ["unavailable", "overloaded", true],
  ];
  it.each(rows)("%s → %s (retryable %s)", async (name, errorClass, retryable) => {
    sim.failNext(1, name);
    const error = await failure(
      collect(transport, k25(), { messages: hello }, { apiKey: sim.keys.moonshot }),
    );
    expect(error.errorClass).toBe(errorClass);
    expect(error.retryable).toBe(retryable);
    expect(error.traceId).toMatch(/^sim-ai-\d+$/);
    expect(error.message).toContain(error.traceId);
    // The provider's own status and error type, as it sent them.
    expect(error.status).toBe(SIM_ERRORS[name].status);
    expect(error.providerType).toBe(SIM_ERRORS[name].type);
    expect(error.hint?.length ?? 0).toBeGreaterThan(20);
    expect(error.message).not.toContain(sim.keys.moonshot);
    if (name === "rateLimit") expect(error.retryAfterMs).toBe(1000);
    if (errorClass === "quota") expect(error.hint).toMatch(/top up/);
  });

  it("error answers leave the kept-alive connection usable", async () => {
    const fresh = await startSimulator({ serveRetiredModels: true });
    const pool = testTransport();
    try {
      fresh.failNext(3, "rateLimit");
      const model = moonshotModel("kimi-k2.5", { baseUrl: fresh.moonshotBaseUrl });
      for (let i = 0; i < 3; i++) {
        const error = await failure(
          collect(pool.transport, model, { messages: hello }, { apiKey: fresh.keys.moonshot }),
        );
        expect(error.errorClass).toBe("rate_limit");
      }
      await collect(pool.transport, model, { messages: hello }, { apiKey: fresh.keys.moonshot });
      expect(fresh.chatRequests()).toHaveLength(4);
      expect(fresh.openSockets()).toBeLessThanOrEqual(2);
    } finally {
      await pool.agent.close();
      await fresh.close();
    }
  });

  it("a key from the other region is an auth error whose hint names both regions", async () => {
    const cn = await startSimulator({ serveRetiredModels: true, region: "cn" });
    const { transport: loopback, agent: loopbackAgent } = testTransport(true);
    try {
      const model = moonshotModel("kimi-k2.5", { baseUrl: `http://api.moonshot.cn:${cn.port}/v1` });
      const error = await failure(
        collect(loopback, model, { messages: hello }, { apiKey: cn.keys.otherRegion }),
      );
      expect(error.errorClass).toBe("auth");
      expect(error.providerType).toBe("invalid_authentication_error");
      expect(error.message).toContain("China");
      expect(error.hint).toContain("https://api.moonshot.ai/v1");
      const ok = await collect(loopback, model, { messages: hello }, { apiKey: cn.keys.moonshot });
      expect(doneOf(ok).message.content).toBe("Echo: hello there");
    } finally {
      await loopbackAgent.close();
      await cn.close();
    }
  });
});

describe("streaming", () => {
  it("gives a thinking model's reasoning before its text, with the trace id", async () => {
    const events = await collect(
      transport,
      thinking(),
      { messages: hello },
      { apiKey: sim.keys.moonshot },
    );
    const start = events[0];
    expect(start).toMatchObject({ type: "start", model: "kimi-k2-thinking" });
    expect(start?.type === "start" && start.traceId).toMatch(/^sim-ai-/);
    const kinds = events.map((e) => e.type).filter((t) => t === "reasoning" || t === "text");
    expect(kinds.indexOf("text")).toBeGreaterThan(kinds.lastIndexOf("reasoning"));
    const done = doneOf(events);
    expect(done.message.reasoning_content).toContain("hello there");
    expect(done.message.content).toBe("Echo: hello there");
    expect(done.finishReason).toBe("stop");
  });

  it.each([true, false])(
    "assembles tool calls from deltas (index present: %s)",
    async (withIndex) => {
      sim.script([
        {
          respond: {
            reply: {
              toolCalls: [
                { name: "get_time", arguments: { tz: "Asia/Shanghai" } },
                { name: "get_weather", arguments: { city: "Beijing", unit: "celsius" } },
              ],
            },
            stream: { toolCallIndex: withIndex, chunkChars: 3 },
          },
        },
      ]);
      const events = await collect(
        transport,
        k25(),
        { messages: hello },
        { apiKey: sim.keys.moonshot },
      );
      const calls = events.filter(
        (e): e is Extract<StreamEvent, { type: "tool_call" }> => e.type === "tool_call",
      );
      expect(calls.map((c) => c.toolCall.id)).toEqual([
        "functions.get_time:0",
        "functions.get_weather:1",
      ]);
      expect(JSON.parse(calls[1]?.toolCall.function.arguments ?? "")).toEqual({
        city: "Beijing",
        unit: "celsius",
      });
      expect(events.filter((e) => e.type === "tool_call_delta").length).toBeGreaterThan(4);
      const done = doneOf(events);
      expect(done.finishReason).toBe("tool_calls");
      expect(done.message.tool_calls?.map((c) => c.function.name)).toEqual([
        "get_time",
        "get_weather",
      ]);
    },
  );

  it("reads usage from choices[0].usage and cached tokens from the usage object", async () => {
    sim.script([
      {
        respond: {
          reply: { usage: { promptTokens: 120, completionTokens: 30, cachedTokens: 100 } },
        },
      },
    ]);
    const done = doneOf(
      await collect(transport, k25(), { messages: hello }, { apiKey: sim.keys.moonshot }),
    );
    expect(done.usage).toEqual({
      promptTokens: 120,
      completionTokens: 30,
      totalTokens: 150,
      cachedTokens: 100,
      cacheWriteTokens: 0,
    });
  });

  it("reads usage from a top-level chunk and cached_tokens at the chunk's top level", async () => {
    sim.script([
      {
        respond: {
          reply: { usage: { promptTokens: 50, completionTokens: 5, cachedTokens: 40 } },
          stream: { usageIn: "top", cachedIn: "chunk" },
        },
      },
    ]);
    const events = await collect(
      transport,
      k25(),
      { messages: hello },
      { apiKey: sim.keys.moonshot },
    );
    expect(events.filter((e) => e.type === "usage")).toHaveLength(1);
    expect(doneOf(events).usage).toMatchObject({
      promptTokens: 50,
      completionTokens: 5,
      cachedTokens: 40,
    });
  });

  it.each([
    ["usage", { cached_tokens: 40 }, {}],
    ["details", { prompt_tokens_details: { cached_tokens: 40 } }, {}],
    ["chunk", {}, { cached_tokens: 40 }],
  ] as const)(
    "reads cached tokens sent in %s of an answer that does not stream",
    async (cachedIn, inUsage, atTop) => {
      sim.script([
        {
          respond: {
            reply: { usage: { promptTokens: 50, completionTokens: 5, cachedTokens: 40 } },
            stream: { cachedIn },
          },
        },
      ]);
      const wire = await fetch(`${sim.moonshotBaseUrl}/chat/completions`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${sim.keys.moonshot}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ model: "kimi-k2.5", messages: hello }),
      });
      const answer = (await wire.json()) as { usage: Record<string, unknown> };
      expect(answer.usage).toMatchObject(inUsage);
      expect(answer).toMatchObject(atTop);
      if (cachedIn !== "usage") expect(answer.usage.cached_tokens).toBeUndefined();

      sim.script([
        {
          respond: {
            reply: { usage: { promptTokens: 50, completionTokens: 5, cachedTokens: 40 } },
            stream: { cachedIn },
          },
        },
      ]);
      const events = await collect(
        transport,
        k25(),
        { messages: hello },
        { apiKey: sim.keys.moonshot, stream: false },
      );
      expect(doneOf(events).usage).toMatchObject({ promptTokens: 50, cachedTokens: 40 });
    },
  );

  it("parses CRLF line endings and comment lines", async () => {
    sim.script([{ respond: { stream: { crlf: true, comments: true, chunkChars: 1 } } }]);
    const events = await collect(
      transport,
      k25(),
      { messages: hello },
      { apiKey: sim.keys.moonshot },
    );
    const text = events.map((e) => (e.type === "text" ? e.delta : "")).join("");
    expect(text).toBe("Echo: hello there");
  });

  it("reads a stream TCP cut anywhere: CRLF and keep-alive comments cut mid-line, index-less calls, usage in choices[0].usage with cached_tokens at the top", async () => {
    const reply = {
      reasoning: "用户要时间和日期。",
      text: "我来查一下。",
      toolCalls: [
        { name: "get_time", arguments: { tz: "Asia/Shanghai" } },
        { name: "get_date", arguments: { city: "北京" } },
        { name: "get_weather" },
      ],
      usage: { promptTokens: 90, completionTokens: 12, cachedTokens: 64 },
    };
    const shape = {
      crlf: true,
      comments: true,
      toolCallIndex: false,
      chunkChars: 3,
      usageIn: "choice",
      cachedIn: "chunk",
    } as const;
    for (const writeSizes of [[1], [2, 3, 5, 7, 11]]) {
      sim.script([{ respond: { reply, stream: { ...shape, writeSizes } } }]);
      const events = await collect(
        transport,
        k25(),
        { messages: hello },
        { apiKey: sim.keys.moonshot },
      );
      const said = (type: "text" | "reasoning") =>
        events.map((e) => (e.type === type ? e.delta : "")).join("");
      expect(said("reasoning"), `${writeSizes}`).toBe("用户要时间和日期。");
      expect(said("text"), `${writeSizes}`).toBe("我来查一下。");
      const done = doneOf(events);
      expect(done.message.tool_calls, `${writeSizes}`).toEqual([
        {
          id: "functions.get_time:0",
          type: "function",
          function: { name: "get_time", arguments: '{"tz":"Asia/Shanghai"}' },
        },
        {
          id: "functions.get_date:1",
          type: "function",
          function: { name: "get_date", arguments: '{"city":"北京"}' },
        },
        {
          id: "functions.get_weather:2",
          type: "function",
          function: { name: "get_weather", arguments: "{}" },
        },
      ]);
      expect(done.usage, `${writeSizes}`).toEqual({
        promptTokens: 90,
        completionTokens: 12,
        totalTokens: 102,
        cachedTokens: 64,
        cacheWriteTokens: 0,
      });
    }
  });

  it("gives the same final message without streaming", async () => {
    sim.script([
      {
        respond: {
          reply: { toolCalls: [{ name: "get_time", arguments: "{}" }], reasoning: "need the time" },
        },
        times: 2,
      },
    ]);
    const streamed = doneOf(
      await collect(transport, k25(), { messages: hello }, { apiKey: sim.keys.moonshot }),
    );
    const whole = await collect(
      transport,
      k25(),
      { messages: hello },
      { apiKey: sim.keys.moonshot, stream: false },
    );
    expect(whole.map((e) => e.type)).toEqual([
      "start",
      "reasoning",
      "tool_call_delta",
      "tool_call",
      "usage",
      "done",
    ]);
    expect(doneOf(whole).message).toEqual(streamed.message);
    expect(sim.chatRequests()[1]?.body).toMatchObject({ stream: false });
  });

  it("reuses kept-alive connections instead of opening one per call", async () => {
    const fresh = await startSimulator({ serveRetiredModels: true });
    const pool = testTransport();
    try {
      const model = moonshotModel("kimi-k2.5", { baseUrl: fresh.moonshotBaseUrl });
      for (let i = 0; i < 6; i++) {
        await collect(pool.transport, model, { messages: hello }, { apiKey: fresh.keys.moonshot });
      }
      expect(fresh.chatRequests()).toHaveLength(6);
      expect(fresh.openSockets()).toBeLessThanOrEqual(2);
    } finally {
      await pool.agent.close();
      await fresh.close();
    }
  });
});

describe("multi-turn with tools and thinking", () => {
  it("survives two rounds of tool calls because reasoning_content and ids are replayed", async () => {
    sim.script([
      { respond: { reply: { toolCalls: [{ name: "get_time", arguments: { tz: "UTC" } }] } } },
      {
        respond: { reply: { toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }] } },
      },
    ]);
    const tools = ["get_time", "get_weather"].map((name) => ({
      type: "function" as const,
      function: { name, parameters: { type: "object", properties: {} } },
    }));
    const messages: ChatMessage[] = [{ role: "user", content: "time and weather?" }];
    const ids: string[] = [];
    for (let round = 0; round < 3; round++) {
      const done = doneOf(
        await collect(
          transport,
          thinking(),
          { messages, tools, thinking: "on" },
          { apiKey: sim.keys.moonshot },
        ),
      );
      messages.push(done.message);
      if (done.finishReason !== "tool_calls") break;
      for (const call of done.message.tool_calls ?? []) {
        ids.push(call.id);
        messages.push({
          role: "tool",
          tool_call_id: call.id,
          content: `${call.function.name}: ok`,
        });
      }
    }
    expect(ids).toEqual(["functions.get_time:0", "functions.get_weather:1"]);
    const last = messages[messages.length - 1];
    expect(last).toMatchObject({
      role: "assistant",
      content: "Tool results: get_time: ok | get_weather: ok",
    });
    const secondRequest = sim.chatRequests()[1]?.body as {
      messages: Array<Record<string, unknown>>;
    };
    expect(secondRequest.messages[1]).not.toHaveProperty("content");
    expect(secondRequest.messages[1]?.reasoning_content).toBeTruthy();
  });

  it("the simulator refuses a tool-call turn whose reasoning was dropped", async () => {
    const messages: ChatMessage[] = [
      ...hello,
      {
        role: "assistant",
        tool_calls: [
          {
            id: "functions.get_time:0",
            type: "function",
            function: { name: "get_time", arguments: "{}" },
          },
        ],
      },
      { role: "tool", tool_call_id: "functions.get_time:0", content: "12:00" },
    ];
    const error = await failure(
      collect(transport, thinking(), { messages }, { apiKey: sim.keys.moonshot }),
    );
    expect(error.errorClass).toBe("bad_request");
    expect(error.message).toContain(
      "reasoning_content is missing in assistant tool call message at index 1",
    );
  });
});

describe("tool schemas", () => {
  /** What MCP servers and schema generators send: untyped properties, anyOf beside a type, $refs. */
  const generated = {
    type: "function" as const,
    function: {
      name: "open_asset",
      parameters: {
        type: "object",
        properties: {
          path: { $ref: "#/definitions/AssetPath", description: "The asset to open" },
          mode: { enum: ["read", "write"] },
          tag: { type: "string", anyOf: [{ maxLength: 20 }, { type: "null" }] },
          options: {},
        },
        required: ["path"],
        definitions: { AssetPath: { type: "string", description: "A path under Assets/" } },
      },
    },
  };

  it("Moonshot refuses a generated schema sent as given, naming the path", async () => {
    const asGiven = moonshotModel("kimi-k2.5", {
      baseUrl: sim.moonshotBaseUrl,
      compat: { toolSchema: "none" },
    });
    const error = await failure(
      collect(
        transport,
        asGiven,
        { messages: hello, tools: [generated] },
        { apiKey: sim.keys.moonshot },
      ),
    );
    expect(error.errorClass).toBe("bad_request");
    expect(error.message).toContain("is not a valid moonshot flavored json schema");
    expect(error.message).toContain("<At path 'properties.path.$ref'");
    expect(error.hint).toContain('models.providers.moonshot.compat.toolSchema is "moonshot"');
  });

  it("the same tool, adapted to Moonshot's rules, is accepted and called", async () => {
    sim.script([
      {
        respond: {
          reply: { toolCalls: [{ name: "open_asset", arguments: { path: "Assets/a.png" } }] },
        },
      },
    ]);
    const done = doneOf(
      await collect(
        transport,
        k25(),
        { messages: hello, tools: [generated] },
        { apiKey: sim.keys.moonshot },
      ),
    );
    expect(done.finishReason).toBe("tool_calls");
    expect(done.message.tool_calls?.[0]?.function.arguments).toBe('{"path":"Assets/a.png"}');
    const sent = sim.chatRequests()[0]?.body as {
      tools: Array<{ function: { parameters: Record<string, unknown> } }>;
    };
    expect(sent.tools[0]?.function.parameters.properties).toEqual({
      path: { type: "string", description: "The asset to open" },
      mode: { enum: ["read", "write"], type: "string" },
      // A value must be a string and match a branch: null is not a string, so it goes.
      tag: { anyOf: [{ maxLength: 20, type: "string" }] },
      options: { type: "string" },
    });
  });
});

describe("Kimi Code", () => {
  it("sends the configured User-Agent and no developer role", async () => {
    const messages: ChatMessage[] = [{ role: "developer", content: "You are terse." }, ...hello];
    const events = await collect(transport, kimi(), { messages }, { apiKey: sim.keys.kimiCode });
    expect(doneOf(events).message.content).toBe("Echo: hello there");
    const sent = sim.chatRequests()[0];
    expect(sent?.headers["user-agent"]).toBe("KimiCLI/0.77");
    expect(JSON.stringify(sent?.body)).not.toContain('"developer"');
    const body = sent?.body as { messages: Array<{ role: string }> } | undefined;
    expect(body?.messages[0]?.role).toBe("system");
  });

  it("without a coding-agent User-Agent the refusal hints at the headers config", async () => {
    const error = await failure(
      collect(
        transport,
        kimiCodeModel({ baseUrl: sim.kimiCodeBaseUrl, headers: {} }),
        { messages: hello },
        { apiKey: sim.keys.kimiCode },
      ),
    );
    expect(error.errorClass).toBe("forbidden_client");
    expect(error.retryable).toBe(false);
    expect(error.hint).toContain("User-Agent");
    expect(error.hint).toContain("headers");
  });
});

describe("faults", () => {
  it("a stream cut mid-way is a retryable network error", async () => {
    sim.script([{ respond: { cutAfterChunks: 3 } }]);
    const seen: StreamEvent[] = [];
    const error = await failure(
      (async () => {
        for await (const event of transport.stream({
          model: k25(),
          request: { messages: hello },
          apiKey: sim.keys.moonshot,
          stream: true,
        })) {
          seen.push(event);
        }
      })(),
    );
    expect(error.errorClass).toBe("network");
    expect(error.retryable).toBe(true);
    // Something of the answer arrived before the cut (kimi-k2.5 thinks first, unasked).
    expect(seen.some((e) => e.type === "text" || e.type === "reasoning")).toBe(true);
    expect(seen.some((e) => e.type === "done")).toBe(false);
  });

  it("an error object in the middle of a stream is classified by its type", async () => {
    sim.script([{ respond: { midStreamError: { afterChunks: 3, error: "overloaded" } } }]);
    const error = await failure(
      collect(transport, k25(), { messages: hello }, { apiKey: sim.keys.moonshot }),
    );
    expect(error.errorClass).toBe("overloaded");
    expect(error.retryable).toBe(true);
    expect(error.traceId).toMatch(/^sim-ai-/);
  });

  it("a slow first byte is a timeout", async () => {
    sim.script([{ respond: { firstByteDelayMs: 5_000 } }]);
    const error = await failure(
      collect(
        transport,
        k25(),
        { messages: hello },
        { apiKey: sim.keys.moonshot, timeouts: { firstByteMs: 300 } },
      ),
    );
    expect(error.errorClass).toBe("timeout");
    expect(error.retryable).toBe(true);
    expect(error.message).toContain("first-byte");
  });

  it("silence between chunks is an idle timeout", async () => {
    sim.script([{ respond: { chunkDelayMs: 2_000 } }]);
    const error = await failure(
      collect(
        transport,
        k25(),
        { messages: hello },
        { apiKey: sim.keys.moonshot, timeouts: { idleMs: 300 } },
      ),
    );
    expect(error.errorClass).toBe("timeout");
    expect(error.message).toContain("idle");
  });

  it("keep-alive comments in a long pause hold off the idle timeout, as while a model thinks", async () => {
    // Each pause is twice the idle timeout; a comment line comes every 100 ms of it.
    sim.script([
      {
        respond: {
          reply: { reasoning: "", text: "Thought long, answered." },
          stream: { crlf: true, chunkChars: 100 },
          chunkDelayMs: 900,
          keepAliveEveryMs: 100,
        },
      },
    ]);
    const events = await collect(
      transport,
      k25(),
      { messages: hello },
      { apiKey: sim.keys.moonshot, timeouts: { idleMs: 450 } },
    );
    expect(doneOf(events).message.content).toBe("Thought long, answered.");
  });

  it("a server that never answers hits the total timeout and leaves no socket", async () => {
    const fresh = await startSimulator({ serveRetiredModels: true });
    try {
      fresh.script([{ respond: { hang: true } }]);
      const model = moonshotModel("kimi-k2.5", { baseUrl: fresh.moonshotBaseUrl });
      const error = await failure(
        collect(
          transport,
          model,
          { messages: hello },
          { apiKey: fresh.keys.moonshot, timeouts: { totalMs: 400 } },
        ),
      );
      expect(error.errorClass).toBe("timeout");
      expect(error.message).toContain("total");
      expect(await waitFor(() => fresh.openSockets() === 0)).toBe(true);
    } finally {
      await fresh.close();
    }
  });

  it("cancelling mid-stream closes the upstream socket at once", async () => {
    const fresh = await startSimulator({ serveRetiredModels: true });
    try {
      fresh.script([{ respond: { chunkDelayMs: 300 } }]);
      const model = moonshotModel("kimi-k2.5", { baseUrl: fresh.moonshotBaseUrl });
      const controller = new AbortController();
      const error = await failure(
        (async () => {
          for await (const event of transport.stream({
            model,
            request: { messages: hello },
            apiKey: fresh.keys.moonshot,
            stream: true,
            signal: controller.signal,
          })) {
            if (event.type === "start") {
              expect(fresh.openSockets()).toBe(1);
              controller.abort();
            }
          }
        })(),
      );
      expect(error.errorClass).toBe("cancelled");
      expect(error.retryable).toBe(false);
      expect(await waitFor(() => fresh.openSockets() === 0)).toBe(true);
    } finally {
      await fresh.close();
    }
  });

  it("cancelling while waiting for the first byte closes the socket too", async () => {
    const fresh = await startSimulator({ serveRetiredModels: true });
    try {
      fresh.script([{ respond: { firstByteDelayMs: 5_000 } }]);
      const model = moonshotModel("kimi-k2.5", { baseUrl: fresh.moonshotBaseUrl });
      const controller = new AbortController();
      const run = collect(
        transport,
        model,
        { messages: hello },
        { apiKey: fresh.keys.moonshot, signal: controller.signal },
      );
      expect(await waitFor(() => fresh.chatRequests().length === 1)).toBe(true);
      controller.abort();
      const error = await failure(run);
      expect(error.errorClass).toBe("cancelled");
      expect(await waitFor(() => fresh.openSockets() === 0)).toBe(true);
    } finally {
      await fresh.close();
    }
  });

  it("a consumer that stops reading also releases the socket", async () => {
    const fresh = await startSimulator({ serveRetiredModels: true });
    try {
      fresh.script([{ respond: { chunkDelayMs: 300 } }]);
      const model = moonshotModel("kimi-k2.5", { baseUrl: fresh.moonshotBaseUrl });
      for await (const event of transport.stream({
        model,
        request: { messages: hello },
        apiKey: fresh.keys.moonshot,
        stream: true,
      })) {
        if (event.type === "text") break;
      }
      expect(await waitFor(() => fresh.openSockets() === 0)).toBe(true);
    } finally {
      await fresh.close();
    }
  });

  it("a machine out of file descriptors is said so, not blamed on the provider", async () => {
    // The connection the system could not open: what node:net reports when no descriptor is left.
    const outOfFiles: UpstreamDispatcher = {
      dispatch(_request, handler) {
        const error = Object.assign(
          new Error("connect EMFILE 127.0.0.1:443 - Local (undefined:undefined)"),
          {
            code: "EMFILE",
          },
        );
        queueMicrotask(() => handler.onError?.(error));
        return true;
      },
    };
    const starved = createOpenAICompletionsTransport({ dispatcher: outOfFiles });
    const error = await failure(
      collect(starved, k25(), { messages: hello }, { apiKey: sim.keys.moonshot }),
    );
    expect(error.errorClass).toBe("network");
    expect(error.message).toContain("this process is out of file descriptors (EMFILE");
    expect(error.hint).toContain("open-files limit");
    expect(error.hint).toContain("gateway.limits.maxConcurrentStreams");
    expect(error.hint).not.toContain("check the network");
  });
});
