/**
 * The simulator against /work/shared/reference/moonshot-api.md, line by line: every behaviour
 * the reference documents that the other simulator tests do not pin down on the wire. Our own
 * code is tested against the simulator, so where the simulator drifts from the reference those
 * tests prove the wrong thing; these tests keep it from drifting.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CURRENT_SIM_MODELS,
  SIM_ERRORS,
  type SimErrorName,
  type Simulator,
  startSimulator,
} from "./index.js";

let sim: Simulator;
let cn: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ serveRetiredModels: true });
  cn = await startSimulator({ region: "cn" });
});
afterAll(async () => {
  await sim.close();
  await cn.close();
});

interface Answer {
  status: number;
  json: unknown;
  text: string;
  headers: Headers;
}

async function call(
  url: string,
  options: { body?: unknown; key?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const res = await fetch(url, {
    method: options.body === undefined ? "GET" : "POST",
    headers: {
      authorization: `Bearer ${options.key ?? sim.keys.moonshot}`,
      "content-type": "application/json",
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, headers: res.headers };
}

const chat = (body: unknown, key?: string) =>
  call(`${sim.moonshotBaseUrl}/chat/completions`, { body, key });
const kimiChat = (body: unknown) =>
  call(`${sim.kimiCodeBaseUrl}/chat/completions`, {
    body,
    key: sim.keys.kimiCode,
    headers: { "user-agent": "KimiCLI/0.77" },
  });

/** The JSON payloads of an SSE body's `data:` lines, `[DONE]` left out. */
function events(text: string): Array<Record<string, unknown>> {
  return text
    .split(/\r?\n/)
    .filter((line) => line.startsWith("data: ") && line !== "data: [DONE]")
    .map((line) => JSON.parse(line.slice("data: ".length)) as Record<string, unknown>);
}

const hello = [{ role: "user", content: "hello" }];
const noThinking = { type: "disabled" };

describe("reference: endpoints and keys", () => {
  it("refuses a key of the other region with 401 on either region, and Kimi Code and Moonshot keys on each other's surface", async () => {
    const onAi = await chat({ model: "kimi-k2.5", messages: hello }, sim.keys.otherRegion);
    const onCn = await call(`${cn.moonshotBaseUrl}/chat/completions`, {
      body: { model: "kimi-k2.5", messages: hello },
      key: cn.keys.otherRegion,
    });
    const kimiKeyOnMoonshot = await chat(
      { model: "kimi-k2.5", messages: hello },
      sim.keys.kimiCode,
    );
    const moonshotKeyOnKimi = await call(`${sim.kimiCodeBaseUrl}/chat/completions`, {
      body: { model: "kimi-for-coding", messages: hello },
      headers: { "user-agent": "KimiCLI/0.77" },
    });
    for (const answer of [onAi, onCn, kimiKeyOnMoonshot, moonshotKeyOnKimi]) {
      expect(answer.status).toBe(401);
      expect(answer.json).toMatchObject({ error: { type: "invalid_authentication_error" } });
    }
    // The key of the region it serves is taken by the China instance.
    const own = await call(`${cn.moonshotBaseUrl}/chat/completions`, {
      body: { model: "kimi-k2.5", messages: hello },
      key: cn.keys.moonshot,
    });
    expect(own.status).toBe(200);
  });

  it("serves each surface its own models: Kimi Code's on /coding/v1 only, a model of the other surface is a 404", async () => {
    const moonshotIds = (
      (await call(`${sim.moonshotBaseUrl}/models`)).json as { data: Array<{ id: string }> }
    ).data.map((m) => m.id);
    const kimi = await call(`${sim.kimiCodeBaseUrl}/models`, {
      key: sim.keys.kimiCode,
      headers: { "user-agent": "KimiCLI/0.77" },
    });
    expect(moonshotIds).toContain("kimi-k2.5");
    expect(moonshotIds).not.toContain("kimi-for-coding");
    expect(kimi.json).toMatchObject({
      data: [
        {
          id: "kimi-for-coding",
          context_length: 262_144,
          supports_reasoning: true,
          supports_image_in: false,
          supports_video_in: false,
        },
      ],
    });
    const wrongSurface = await chat({ model: "kimi-for-coding", messages: hello });
    expect(wrongSurface.status).toBe(404);
    expect(wrongSurface.json).toMatchObject({ error: { type: "resource_not_found_error" } });
  });

  it("answers a path outside the API (a base URL without its /v1) with the host's own url.not_found 404", async () => {
    for (const path of ["/chat/completions", "/coding/chat/completions", "/v1"]) {
      const answer = await call(`${sim.url}${path}`, {
        body: { model: "kimi-k2.5", messages: hello },
      });
      expect(answer.status, path).toBe(404);
      expect(answer.json, path).toEqual({
        code: 5,
        error: "url.not_found",
        message: "没找到对象",
        method: "POST",
        scode: "0x5",
        status: false,
        url: path,
      });
    }
  });

  it("reports the balance as data.available_balance, voucher_balance and cash_balance", async () => {
    const balance = await call(`${sim.moonshotBaseUrl}/users/me/balance`);
    expect(balance.status).toBe(200);
    expect(balance.json).toMatchObject({
      data: { available_balance: 49.5, voucher_balance: 46.5, cash_balance: 3 },
    });
    // A Moonshot extra: Kimi Code has no balance endpoint.
    const onKimi = await call(`${sim.kimiCodeBaseUrl}/users/me/balance`, {
      key: sim.keys.kimiCode,
      headers: { "user-agent": "KimiCLI/0.77" },
    });
    expect(onKimi.status).toBe(404);
  });
});

describe("reference: requests", () => {
  it("takes thinking as an object only, and a thinking-only model refuses it disabled", async () => {
    const boolean = await chat({ model: "kimi-k2.5", thinking: true, messages: hello });
    expect(boolean.status).toBe(400);
    expect(boolean.json).toMatchObject({ error: { type: "invalid_request_error" } });
    const off = await chat({ model: "kimi-k2.5", thinking: noThinking, messages: hello });
    expect(off.status).toBe(200);
    expect(off.json).not.toHaveProperty("choices.0.message.reasoning_content");
    const onlyEnabled = await kimiChat({
      model: "kimi-for-coding",
      thinking: noThinking,
      messages: hello,
    });
    expect(onlyEnabled.status).toBe(400);
    expect(onlyEnabled.text).toContain("only type=enabled is allowed for this model");
  });

  it("has kimi-k2.7-code always think: thinking disabled is refused, as MoonshotAI/kimi-code#797 saw on the platform", async () => {
    const off = await chat({ model: "kimi-k2.7-code", thinking: noThinking, messages: hello });
    expect(off.status).toBe(400);
    expect(off.json).toEqual({
      error: {
        type: "invalid_request_error",
        message: "invalid thinking: only type=enabled is allowed for this model",
      },
    });
    const unasked = await chat({ model: "kimi-k2.7-code", messages: hello });
    expect(unasked.json).toHaveProperty("choices.0.message.reasoning_content");
  });

  it("gives reasoning_content beside content in an answer that does not stream", async () => {
    const answer = await chat({ model: "kimi-k2.5", messages: hello });
    expect(answer.json).toMatchObject({
      choices: [
        {
          message: {
            role: "assistant",
            content: "Echo: hello",
            reasoning_content: expect.stringContaining("hello"),
          },
        },
      ],
    });
  });

  it("fixes kimi-k2.5's temperature per thinking state and holds the retired previews to [0, 1]", async () => {
    const thinking = await chat({ model: "kimi-k2.5", temperature: 0.6, messages: hello });
    expect(thinking.text).toContain("invalid temperature: only 1 is allowed for this model");
    const plain = await chat({
      model: "kimi-k2.5",
      thinking: noThinking,
      temperature: 1,
      messages: hello,
    });
    expect(plain.text).toContain("invalid temperature: only 0.6 is allowed for this model");
    const tookFixed = await chat({
      model: "kimi-k2.5",
      thinking: noThinking,
      temperature: 0.6,
      messages: hello,
    });
    expect(tookFixed.status).toBe(200);
    const preview = await chat({
      model: "kimi-k2-0905-preview",
      temperature: 1.2,
      messages: hello,
    });
    expect(preview.status).toBe(400);
    const previewInRange = await chat({
      model: "kimi-k2-0905-preview",
      temperature: 0.3,
      messages: hello,
    });
    expect(previewInRange.status).toBe(200);
  });

  it("refuses a content array on a text-only model and takes it on one that sees images", async () => {
    const parts = [{ role: "user", content: [{ type: "text", text: "hello" }] }];
    const textOnly = await chat({ model: "kimi-k2-0905-preview", messages: parts });
    expect(textOnly.status).toBe(400);
    expect(textOnly.json).toMatchObject({ error: { type: "invalid_request_error" } });
    const vision = await chat({ model: "kimi-k2.5", messages: parts });
    expect(vision.status).toBe(200);
  });

  it("counts max_completion_tokens as max_tokens against the window, with the reference's wording", async () => {
    for (const field of ["max_tokens", "max_completion_tokens"]) {
      const over = await chat({ model: "kimi-k2.5", [field]: 262_144, messages: hello });
      expect(over.status, field).toBe(400);
      expect(over.text, field).toContain("Your request exceeded model token limit: 262144");
      const within = await chat({ model: "kimi-k2.5", [field]: 1000, messages: hello });
      expect(within.status, field).toBe(200);
    }
  });

  it("continues a partial final assistant message: only the rest of the answer comes back", async () => {
    const answer = await chat({
      model: "kimi-k2.5",
      thinking: noThinking,
      messages: [...hello, { role: "assistant", content: "Once upon a time", partial: true }],
    });
    expect(answer.status).toBe(200);
    const content = (answer.json as { choices: Array<{ message: { content: string } }> }).choices[0]
      ?.message.content;
    expect(content).not.toContain("Echo: hello");
    expect(content?.startsWith("Once upon a time")).toBe(false);
  });

  it("continues a partial final assistant message with thinking on: reasoning apart, only the rest as content", async () => {
    const answer = await chat({
      model: "kimi-k2.5",
      thinking: { type: "enabled" },
      messages: [...hello, { role: "assistant", content: "Once upon a time", partial: true }],
    });
    expect(answer.status).toBe(200);
    const message = (
      answer.json as {
        choices: Array<{ message: { content: string; reasoning_content?: string } }>;
      }
    ).choices[0]?.message;
    expect(message?.reasoning_content).toContain("hello");
    expect(message?.content).not.toContain("Echo: hello");
    expect(message?.content.startsWith("Once upon a time")).toBe(false);
  });

  it("streams tool calls with ids of a conversation-wide counter, and without index when told to", async () => {
    const history = [
      ...hello,
      {
        role: "assistant",
        content: "",
        reasoning_content: "",
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
    sim.script([
      {
        respond: {
          reply: { toolCalls: [{ name: "get_date", arguments: { day: "today" } }] },
          stream: { toolCallIndex: false },
        },
      },
    ]);
    const answer = await chat({ model: "kimi-k2.5", stream: true, messages: history });
    const deltas = events(answer.text).flatMap((event) => {
      const choice = (event.choices as Array<{ delta?: { tool_calls?: unknown[] } }>)[0];
      return choice?.delta?.tool_calls ?? [];
    }) as Array<Record<string, unknown>>;
    expect(deltas[0]).toMatchObject({ id: "functions.get_date:1", function: { name: "get_date" } });
    for (const delta of deltas) expect(delta).not.toHaveProperty("index");
    const args = deltas
      .map((delta) => (delta.function as { arguments?: string }).arguments ?? "")
      .join("");
    expect(JSON.parse(args)).toEqual({ day: "today" });
  });
});

describe("reference: reasoning_content sent back empty", () => {
  const toolTurn = (reasoning: string) => [
    { role: "user", content: "what time is it?" },
    {
      role: "assistant",
      reasoning_content: reasoning,
      tool_calls: [
        {
          id: "functions.now:0",
          type: "function",
          function: { name: "now", arguments: "{}" },
        },
      ],
    },
    { role: "tool", tool_call_id: "functions.now:0", content: "12:00" },
  ];

  it("is taken by default, and refused as missing by a model with refusesEmptyReasoning (reports differ)", async () => {
    const taken = await chat({ model: "kimi-k2.6", messages: toolTurn("") });
    expect(taken.status).toBe(200);
    const strict = await startSimulator({
      models: CURRENT_SIM_MODELS.map((model) =>
        model.id === "kimi-k2.6" ? { ...model, refusesEmptyReasoning: true } : model,
      ),
    });
    try {
      const refused = await call(`${strict.moonshotBaseUrl}/chat/completions`, {
        body: { model: "kimi-k2.6", messages: toolTurn("") },
        key: strict.keys.moonshot,
      });
      expect(refused.status).toBe(400);
      expect(refused.text).toContain(
        "thinking is enabled but reasoning_content is missing in assistant tool call message at index 1",
      );
      const kept = await call(`${strict.moonshotBaseUrl}/chat/completions`, {
        body: { model: "kimi-k2.6", messages: toolTurn("I look at the clock.") },
        key: strict.keys.moonshot,
      });
      expect(kept.status).toBe(200);
    } finally {
      await strict.close();
    }
  });
});

describe("reference: responses", () => {
  it("puts a stream's usage inside choices[0].usage of the last chunk, with cached_tokens in usage", async () => {
    sim.script([{ respond: { reply: { usage: { cachedTokens: 3 } } } }]);
    const answer = await chat({ model: "kimi-k2.5", stream: true, messages: hello });
    const all = events(answer.text);
    const last = all[all.length - 1] as { choices: Array<{ usage?: unknown }>; usage?: unknown };
    expect(last.usage).toBeUndefined();
    expect(last.choices[0]?.usage).toMatchObject({ cached_tokens: 3 });
    expect(answer.text.trimEnd().endsWith("data: [DONE]")).toBe(true);
  });

  it("can put usage at the top level and cached tokens under prompt_tokens_details or the chunk", async () => {
    sim.script([
      {
        respond: {
          reply: { usage: { cachedTokens: 4 } },
          stream: { usageIn: "top", cachedIn: "details" },
        },
      },
      {
        respond: {
          reply: { usage: { cachedTokens: 5 } },
          stream: { usageIn: "choice", cachedIn: "chunk" },
        },
      },
    ]);
    const top = events((await chat({ model: "kimi-k2.5", stream: true, messages: hello })).text).at(
      -1,
    );
    expect(top).toMatchObject({
      choices: [],
      usage: { prompt_tokens_details: { cached_tokens: 4 } },
    });
    const chunk = events(
      (await chat({ model: "kimi-k2.5", stream: true, messages: hello })).text,
    ).at(-1);
    expect(chunk).toMatchObject({ cached_tokens: 5 });
    expect(chunk).not.toHaveProperty("choices.0.usage.cached_tokens");
  });

  it("writes a stream in pieces that cut lines, \\r\\n pairs and keep-alive comments when told to (writeSizes): the same bytes, read apart", async () => {
    const reply = {
      text: "你好，世界",
      toolCalls: [{ name: "get_time", arguments: { tz: "UTC" } }, { name: "get_date" }],
      usage: { cachedTokens: 3 },
    };
    const shape = { crlf: true, comments: true, toolCallIndex: false, cachedIn: "chunk" } as const;
    sim.script([
      { respond: { reply, stream: shape } },
      { respond: { reply, stream: { ...shape, writeSizes: [1, 2, 3, 5, 7] } } },
    ]);
    /** The body as the client's reads gave it; the completion's id and time left out. */
    const read = async (): Promise<{ body: string; reads: Buffer[] }> => {
      const res = await fetch(`${sim.moonshotBaseUrl}/chat/completions`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${sim.keys.moonshot}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ model: "kimi-k2.5", stream: true, messages: hello }),
      });
      const reads: Buffer[] = [];
      for await (const piece of res.body as AsyncIterable<Uint8Array>)
        reads.push(Buffer.from(piece));
      const body = Buffer.concat(reads)
        .toString("utf8")
        .replace(/chatcmpl-sim-\d+/g, "id")
        .replace(/"created":\d+/g, '"created":0');
      return { body, reads };
    };
    const whole = await read();
    const apart = await read();
    expect(apart.body).toBe(whole.body);
    expect(whole.body).toContain(": keep-alive\r\ndata: ");
    // Read in many pieces, some of which end inside a line (a \r\n pair or a comment cut).
    expect(apart.reads.length).toBeGreaterThan(10);
    expect(apart.reads.some((piece) => piece.at(-1) !== 0x0a)).toBe(true);
  });

  it("caches a conversation's leading messages when told to (contextCaching): by itself on Moonshot, on Kimi Code under the same prompt_cache_key only", async () => {
    const caching = await startSimulator({ contextCaching: true });
    try {
      const long = "a question with some length to it ".repeat(40);
      const first = [{ role: "user", content: long }];
      const second = [
        ...first,
        { role: "assistant", content: "an answer" },
        { role: "user", content: "more" },
      ];
      const cached = async (
        base: string,
        key: string,
        extra: Record<string, unknown>,
        messages: unknown[],
      ) => {
        const answer = await call(`${base}/chat/completions`, {
          body: {
            model: base.includes("coding") ? "kimi-for-coding" : "kimi-k2.5",
            messages,
            ...extra,
          },
          key,
          headers: { "user-agent": "KimiCLI/0.77" },
        });
        expect(answer.status).toBe(200);
        return (answer.json as { usage: { cached_tokens: number; prompt_tokens: number } }).usage;
      };
      const moonshot = caching.moonshotBaseUrl;
      expect((await cached(moonshot, caching.keys.moonshot, {}, first)).cached_tokens).toBe(0);
      const later = await cached(moonshot, caching.keys.moonshot, {}, second);
      expect(later.cached_tokens).toBeGreaterThan(300);
      expect(later.cached_tokens).toBeLessThan(later.prompt_tokens);

      const kimi = caching.kimiCodeBaseUrl;
      const kimiKey = caching.keys.kimiCode;
      await cached(kimi, kimiKey, {}, first);
      expect((await cached(kimi, kimiKey, {}, second)).cached_tokens).toBe(0);
      const session = { prompt_cache_key: "session-1" };
      expect((await cached(kimi, kimiKey, session, first)).cached_tokens).toBe(0);
      expect((await cached(kimi, kimiKey, session, second)).cached_tokens).toBeGreaterThan(300);
      expect(
        (await cached(kimi, kimiKey, { prompt_cache_key: "session-2" }, second)).cached_tokens,
      ).toBe(0);
    } finally {
      await caching.close();
    }
    // Off by default: no cached tokens unless scripted.
    await chat({ model: "kimi-k2.5", messages: hello });
    const again = await chat({ model: "kimi-k2.5", messages: hello });
    expect((again.json as { usage: { cached_tokens: number } }).usage.cached_tokens).toBe(0);
  });

  it("sends keep-alive comment lines during a pause when told to (keepAliveEveryMs): bytes between events, no event", async () => {
    sim.script([
      {
        respond: {
          reply: { reasoning: "", text: "short" },
          stream: { crlf: true, chunkChars: 100 },
          chunkDelayMs: 60,
          keepAliveEveryMs: 10,
        },
      },
    ]);
    const answer = await chat({ model: "kimi-k2.5", stream: true, messages: hello });
    expect(answer.text).toMatch(/\r\n\r\n(?:: keep-alive\r\n)+data: /);
    expect(events(answer.text).map((event) => event.object)).toEqual([
      "chat.completion.chunk",
      "chat.completion.chunk",
      "chat.completion.chunk",
    ]);
  });

  it("names every answer, refusals included, by an x-trace-id (or the msh headers when told)", async () => {
    const refused = await chat({ model: "kimi-k2.5", messages: hello }, "sk-wrong");
    expect(refused.status).toBe(401);
    expect(refused.json).toMatchObject({ error: { type: "incorrect_api_key_error" } });
    expect(refused.headers.get("x-trace-id")).toMatch(/^sim-ai-\d+$/);
    const msh = await startSimulator({ traceHeaders: "msh" });
    try {
      const res = await fetch(`${msh.moonshotBaseUrl}/models`, {
        headers: { authorization: `Bearer ${msh.keys.moonshot}` },
      });
      await res.text();
      expect(res.headers.get("x-msh-trace-id")).toMatch(/^sim-ai-\d+$/);
      expect(res.headers.get("x-trace-id")).toBeNull();
    } finally {
      await msh.close();
    }
  });

  it("cuts a stream by closing the socket, or ends it with a data: {error} event", async () => {
    sim.script([{ respond: { cutAfterChunks: 2 } }]);
    const cut = await fetch(`${sim.moonshotBaseUrl}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${sim.keys.moonshot}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "kimi-k2.5", stream: true, messages: hello }),
    });
    expect(cut.status).toBe(200);
    await expect(cut.text()).rejects.toThrow();
    sim.script([{ respond: { midStreamError: { afterChunks: 2, error: "overloaded" } } }]);
    const broken = await chat({ model: "kimi-k2.5", stream: true, messages: hello });
    const all = events(broken.text);
    expect(all).toHaveLength(3);
    expect(all[2]).toEqual({
      error: { type: "engine_overloaded_error", message: SIM_ERRORS.overloaded.message },
    });
    expect(broken.text).not.toContain("[DONE]");
  });
});

describe("reference: the error table", () => {
  const rows: Array<[SimErrorName, number, string]> = [
    ["invalidRequest", 400, "invalid_request_error"],
    ["contentFilter", 400, "content_filter"],
    ["invalidAuthentication", 401, "invalid_authentication_error"],
    ["incorrectApiKey", 401, "incorrect_api_key_error"],
    ["accessTerminated", 403, "access_terminated_error"],
    ["notFound", 404, "resource_not_found_error"],
    ["rateLimit", 429, "rate_limit_reached_error"],
    ["rateLimitRpm", 429, "rate_limit_reached_error"],
    ["overloaded", 429, "engine_overloaded_error"],
    ["quota", 429, "exceeded_current_quota_error"],
    // Insufficient balance is also documented as a 403: the type tells it apart.
    ["quota403", 403, "exceeded_current_quota_error"],
    ["server", 500, "server_error"],
    // Kimi Code's "too many requests", which it also says of a used-up plan: no wait given.
    ["kimiCodeRateLimit", 429, "rate_limit_reached_error"],
  ];
  it.each(rows)(
    "%s is a %i with type %s in {error: {type, message}}",
    async (name, status, type) => {
      sim.failNext(1, name);
      const answer = await chat({ model: "kimi-k2.5", messages: hello });
      expect(answer.status).toBe(status);
      expect(answer.json).toEqual({ error: { type, message: expect.any(String) } });
      // Only the scripted rate limit names a wait in Retry-After; the captured one does not.
      expect(answer.headers.get("retry-after")).toBe(name === "rateLimit" ? "1" : null);
    },
  );
});

describe("reference: tool definitions are input", () => {
  // A schema of about 4,000 characters: some 1,000 tokens by any count.
  const bigTool = {
    type: "function",
    function: {
      name: "lookup",
      description: "x".repeat(4000),
      parameters: { type: "object", properties: {}, required: [] },
    },
  };

  it("counts the tools in prompt_tokens, at the token-count endpoint and against the window", async () => {
    const plain = await chat({ model: "kimi-k2.5", thinking: noThinking, messages: hello });
    const withTools = await chat({
      model: "kimi-k2.5",
      thinking: noThinking,
      messages: hello,
      tools: [bigTool],
    });
    const promptTokens = (answer: Answer) =>
      (answer.json as { usage: { prompt_tokens: number } }).usage.prompt_tokens;
    expect(promptTokens(withTools) - promptTokens(plain)).toBeGreaterThanOrEqual(1000);

    const count = async (body: Record<string, unknown>) =>
      (
        (
          await call(`${sim.moonshotBaseUrl}/tokenizers/estimate-token-count`, {
            body: { model: "kimi-k2.5", messages: hello, ...body },
          })
        ).json as { data: { total_tokens: number } }
      ).data.total_tokens;
    expect((await count({ tools: [bigTool] })) - (await count({}))).toBeGreaterThanOrEqual(1000);

    // A cap that fits the messages alone does not fit them with the tools: input + max.
    const cap = 262_144 - promptTokens(plain) - 10;
    const over = await chat({
      model: "kimi-k2.5",
      thinking: noThinking,
      max_tokens: cap,
      messages: hello,
      tools: [bigTool],
    });
    expect(over.status).toBe(400);
    expect(over.text).toContain("Your request exceeded model token limit: 262144");
  });
});
