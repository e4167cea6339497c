import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { ModelRefError } from "../../src/catalog/index.js";
import { ConfigError, MissingVariableError } from "../../src/config/index.js";
import {
  authorize,
  ChunkEncoder,
  createModelDirectory,
  GatewayHttpError,
  GatewayMetrics,
  generateToken,
  type LedgerRow,
  parseChatRequest,
  parseSince,
  ReasoningMemory,
  readRecentRequests,
  readUsage,
  toHttpError,
  tokenPolicy,
  type UsageGrouping,
  UsageLedger,
} from "../../src/gateway/index.js";
import { ProviderError } from "../../src/providers/errors.js";
import type { AssistantMessage, ChatMessage } from "../../src/providers/types.js";
import { ledgerRow } from "../helpers/ledger-row.js";

const limits = { maxMessages: 4 };
const user = { role: "user", content: "hi" };

function rejection(body: unknown): GatewayHttpError {
  try {
    parseChatRequest(body, limits);
  } catch (error) {
    if (error instanceof GatewayHttpError) return error;
    throw error;
  }
  throw new Error("expected a rejection");
}

describe("request validation", () => {
  it("maps an OpenAI body onto the runtime request and keeps unknown fields", () => {
    const parsed = parseChatRequest(
      {
        model: "moonshot/kimi-k2.5",
        messages: [user],
        stream: true,
        stream_options: { include_usage: true },
        max_tokens: 50,
        temperature: 0.6,
        thinking: { type: "enabled" },
        seed: 7,
      },
      limits,
    );
    expect(parsed).toMatchObject({ model: "moonshot/kimi-k2.5", stream: true, includeUsage: true });
    expect(parsed.request).toMatchObject({
      maxTokens: 50,
      temperature: 0.6,
      thinking: "on",
      extraBody: { seed: 7 },
    });
  });

  it("names the field at fault", () => {
    expect(rejection({ messages: [user] }).param).toBe("model");
    expect(rejection({ model: "x", messages: "hi" }).param).toBe("messages");
    expect(
      rejection({ model: "x", messages: [user, { role: "wizard", content: "x" }] }).param,
    ).toBe("messages[1].role");
    const badCall = rejection({
      model: "x",
      messages: [
        user,
        {
          role: "assistant",
          tool_calls: [{ id: "a", type: "function", function: { name: "f", arguments: {} } }],
        },
      ],
    });
    expect(badCall.param).toBe("messages[1].tool_calls[0].function.arguments");
    expect(rejection({ model: "x", messages: [user], temperature: 9 }).param).toBe("temperature");
    expect(rejection({ model: "x", messages: [user], stream: "yes" }).status).toBe(400);
    expect(
      rejection({ model: "x", messages: [{ role: "user", content: { text: "hi" } }] }).message,
    ).toBe("messages[0].content must be a string or an array of parts, got an object");
  });

  it("drops the null optional fields of messages and functions, and refuses a deprecated field beside its successor", () => {
    const fn = { name: "noop", description: null, parameters: null, strict: null };
    const parsed = parseChatRequest(
      {
        model: "x",
        messages: [
          { role: "user", content: "hi", name: null },
          { role: "assistant", content: "yes", reasoning_content: null, partial: null },
        ],
        tools: [{ type: "function", function: fn }],
        tool_choice: null,
        functions: null,
      },
      limits,
    );
    expect(parsed.request.messages).toEqual([
      { role: "user", content: "hi" },
      { role: "assistant", content: "yes" },
    ]);
    expect(parsed.request.tools).toEqual([{ type: "function", function: { name: "noop" } }]);
    expect(parsed.request.toolChoice).toBeUndefined();
    expect(parsed.legacyFunctions).toBe(false);
    const tools = [{ type: "function", function: { name: "f" } }];
    const both = rejection({ model: "x", messages: [user], tools, functions: [{ name: "f" }] });
    expect({ param: both.param, message: both.message }).toEqual({
      param: "functions",
      message:
        "functions and tools were both sent: functions is the deprecated form of tools; send one of them",
    });
    expect(
      rejection({ model: "x", messages: [user], tools, tool_choice: "auto", function_call: "auto" })
        .param,
    ).toBe("function_call");
  });

  it("enforces the message-count limit", () => {
    const error = rejection({ model: "x", messages: [user, user, user, user, user] });
    expect(error.code).toBe("too_many_messages");
    expect(error.message).toContain("at most 4");
  });
});

describe("reasoning memory", () => {
  const call = {
    id: "functions.get_time:0",
    type: "function" as const,
    function: { name: "get_time", arguments: "{}" },
  };
  const turn: AssistantMessage = {
    role: "assistant",
    content: null,
    reasoning_content: "I should call get_time",
    tool_calls: [call],
  };
  const asked = (text: string): ChatMessage[] => [
    { role: "system", content: "You tell the time." },
    { role: "user", content: text },
  ];
  /** The conversation as a client sends it back: the turn without its reasoning, and its result. */
  const replay = (history: ChatMessage[], calls = [call]): ChatMessage[] => [
    ...history,
    { role: "assistant", content: null, tool_calls: calls },
    { role: "tool", tool_call_id: calls[0]?.id ?? "", content: "12:00" },
  ];
  const reasoningOf = (messages: ChatMessage[], index: number) =>
    (messages[index] as AssistantMessage).reasoning_content;

  it("restores reasoning on a replayed tool-call turn that lost it", () => {
    const memory = new ReasoningMemory({ maxEntries: 10, ttlMs: 60_000 });
    memory.remember(asked("What time is it?"), undefined, turn);
    const messages = replay(asked("What time is it?"));
    expect(memory.restore(messages, undefined)).toBe(1);
    expect(reasoningOf(messages, 2)).toBe("I should call get_time");
  });

  it("gives each conversation its own reasoning when both made the same first call", () => {
    const memory = new ReasoningMemory({ maxEntries: 10, ttlMs: 60_000 });
    memory.remember(asked("Time in Paris?"), undefined, { ...turn, reasoning_content: "A" });
    memory.remember(asked("Time in Lima?"), undefined, { ...turn, reasoning_content: "B" });
    const first = replay(asked("Time in Paris?"));
    const second = replay(asked("Time in Lima?"));
    memory.restore(first, undefined);
    memory.restore(second, undefined);
    expect([reasoningOf(first, 2), reasoningOf(second, 2)]).toEqual(["A", "B"]);
  });

  it("tells identical conversations apart by the request's user", () => {
    const memory = new ReasoningMemory({ maxEntries: 10, ttlMs: 60_000 });
    memory.remember(asked("Time?"), "alice", { ...turn, reasoning_content: "A" });
    memory.remember(asked("Time?"), "bob", { ...turn, reasoning_content: "B" });
    const alice = replay(asked("Time?"));
    const bob = replay(asked("Time?"));
    const anonymous = replay(asked("Time?"));
    memory.restore(alice, "alice");
    memory.restore(bob, "bob");
    expect(memory.restore(anonymous, undefined)).toBe(0);
    expect([reasoningOf(alice, 2), reasoningOf(bob, 2)]).toEqual(["A", "B"]);
  });

  it("restores the last reasoning for a conversation run again that reasoned differently", () => {
    // An eval or a cron job sends the same prompt every run; the model's reasoning differs.
    const memory = new ReasoningMemory({ maxEntries: 10, ttlMs: 60_000 });
    memory.remember(asked("Time?"), undefined, { ...turn, reasoning_content: "A" });
    const firstRun = replay(asked("Time?"));
    memory.restore(firstRun, undefined);
    memory.remember(asked("Time?"), undefined, { ...turn, reasoning_content: "B" });
    const secondRun = replay(asked("Time?"));
    const thirdRun = replay(asked("Time?"));
    memory.remember(asked("Time?"), undefined, { ...turn, reasoning_content: "C" });
    expect(memory.restore(secondRun, undefined)).toBe(1);
    memory.restore(thirdRun, undefined);
    expect([reasoningOf(firstRun, 2), reasoningOf(secondRun, 2), reasoningOf(thirdRun, 2)]).toEqual(
      ["A", "C", "C"],
    );
  });

  it("finds the turn whatever the client reshaped: parts, null or empty content, spacing, names", () => {
    const memory = new ReasoningMemory({ maxEntries: 10, ttlMs: 60_000 });
    const spaced = { ...call, function: { name: "get_time", arguments: '{"tz": "UTC"}' } };
    const first: ChatMessage[] = [
      { role: "developer", content: [{ type: "text", text: "You tell the time." }] },
      { role: "user", content: "What time", name: "ann" },
    ];
    memory.remember(first, undefined, { ...turn, tool_calls: [spaced] });
    const second: ChatMessage[] = [
      ...first,
      { role: "assistant", content: "", reasoning_content: "x", tool_calls: [spaced] },
      { role: "tool", tool_call_id: call.id, content: "12:00", name: "get_time" },
    ];
    memory.remember(second, undefined, { ...turn, reasoning_content: "Next" });
    const messages: ChatMessage[] = [
      { role: "system", content: "You tell the time." },
      {
        role: "user",
        content: [
          { type: "text", text: "What " },
          { type: "text", text: "time" },
        ],
      },
      {
        role: "assistant",
        content: null,
        tool_calls: [{ ...call, function: { name: "get_time", arguments: '{"tz":"UTC"}' } }],
      },
      { role: "tool", tool_call_id: call.id, content: [{ type: "text", text: "12:00" }] },
      { role: "assistant", content: [], tool_calls: [call] },
      { role: "tool", tool_call_id: call.id, content: "13:00" },
    ];
    expect(memory.restore(messages, undefined)).toBe(2);
    expect([reasoningOf(messages, 2), reasoningOf(messages, 4)]).toEqual([
      "I should call get_time",
      "Next",
    ]);
  });

  it("restores nothing to a turn whose earlier messages the client rewrote", () => {
    const memory = new ReasoningMemory({ maxEntries: 10, ttlMs: 60_000 });
    memory.remember(asked("What time is it?"), undefined, turn);
    const messages = replay(asked("What time is it now?"));
    expect(memory.restore(messages, undefined)).toBe(0);
  });

  it("forgets by age and by count", () => {
    let now = 0;
    const memory = new ReasoningMemory({ maxEntries: 2, ttlMs: 1000, now: () => now });
    memory.remember(asked("Time?"), undefined, turn);
    now = 2000;
    expect(memory.restore(replay(asked("Time?")), undefined)).toBe(0);
    for (let i = 0; i < 5; i++) memory.remember(asked(`Time ${i}?`), undefined, turn);
    expect(memory.size).toBe(2);
  });

  it("does not restore when the arguments differ", () => {
    const memory = new ReasoningMemory({ maxEntries: 10, ttlMs: 60_000 });
    memory.remember(asked("Time?"), undefined, turn);
    const other = { ...call, function: { name: "get_time", arguments: '{"tz":"UTC"}' } };
    expect(memory.restore(replay(asked("Time?"), [other]), undefined)).toBe(0);
  });
});

describe("auth", () => {
  it("accepts only the exact bearer token", () => {
    const token = generateToken();
    const policy = tokenPolicy(token);
    expect(authorize(policy, `Bearer ${token}`)).toBe(true);
    expect(authorize(policy, `bearer ${token}`)).toBe(true);
    expect(authorize(policy, `Bearer ${token}x`)).toBe(false);
    expect(authorize(policy, token)).toBe(false);
    expect(authorize(policy, undefined)).toBe(false);
    expect(authorize({ mode: "none" }, undefined)).toBe(true);
  });
});

describe("errors", () => {
  it("maps upstream failures to statuses a client can act on", () => {
    const error = (errorClass: ProviderError["errorClass"], extra = {}) =>
      toHttpError(
        new ProviderError({
          errorClass,
          message: "boom",
          provider: "moonshot",
          model: "kimi-k2.5",
          ...extra,
        }),
      );
    expect(error("rate_limit", { retryAfterMs: 2500 })).toMatchObject({
      status: 429,
      retryAfterSec: 3,
    });
    expect(error("quota")).toMatchObject({ status: 429, code: "insufficient_quota" });
    // A used-up balance has no wait to keep, unless the provider named one.
    expect(error("quota").retryAfterSec).toBeUndefined();
    expect(error("quota", { retryAfterMs: 60_000 }).retryAfterSec).toBe(60);
    expect(error("auth").status).toBe(502);
    expect(error("timeout").status).toBe(504);
    const body = JSON.parse(error("bad_request").body());
    expect(body.error).toMatchObject({ type: "invalid_request_error", param: null });
  });

  it("gives each of our own error kinds its status, code and message instead of an anonymous 500", () => {
    const unknown = toHttpError(
      new ModelRefError(
        "model.unknown",
        "moonshot/kimi-k9",
        'unknown model "kimi-k9" for provider "moonshot"',
        ["moonshot/kimi-k2.5"],
        "openclaw models list shows the configured models",
      ),
    );
    expect(unknown).toMatchObject({
      status: 404,
      param: "model",
      code: "model_not_found",
      errorClass: "not_found",
    });
    expect(unknown.message).toContain("closest: moonshot/kimi-k2.5");
    expect(unknown.message).toContain("openclaw models list");
    const broken = toHttpError(
      new ModelRefError("model.provider_broken", "x/y", 'provider "x" is not usable', [], "fix it"),
    );
    expect(broken).toMatchObject({ status: 503, code: "provider_unavailable", param: "model" });
    const missing = toHttpError(
      new MissingVariableError("MOONSHOT_API_KEY", "models.providers.moonshot.apiKey"),
    );
    // The gateway's config is for its operator to fix: unavailable, not a fault of the code.
    expect(missing).toMatchObject({
      status: 503,
      code: "config.missing_env",
      type: "server_error",
      errorClass: "config",
    });
    expect(missing.message).toContain("MOONSHOT_API_KEY is not set");
    const config = toHttpError(new ConfigError("config.invalid", "gateway.port must be a number"));
    expect(config).toMatchObject({ status: 503, code: "config.invalid" });
    expect(config.message).toBe("gateway.port must be a number");
    expect(toHttpError(new TypeError("x is undefined"))).toMatchObject({
      status: 500,
      code: "internal_error",
      message: "internal gateway error",
    });
  });
});

describe("model directory", () => {
  const model = (id: string, aliases: string[] = []) => ({
    id,
    name: id,
    ownedBy: id.split("/")[0] ?? "",
    aliases,
    usable: true,
    reasoning: false,
    created: 0,
    contextWindow: 1,
    maxTokens: 1,
    input: ["text"],
  });
  const directory = createModelDirectory(
    [model("moonshot/kimi-k2.5", ["Kimi K2.5"]), model("kimi-code/kimi-for-coding")],
    ["moonshot/kimi-k2.5", "kimi-code/kimi-for-coding"],
  );
  it("finds refs, aliases, bare ids and the default", () => {
    expect(directory.find("moonshot/kimi-k2.5")?.id).toBe("moonshot/kimi-k2.5");
    expect(directory.find("kimi k2.5")?.id).toBe("moonshot/kimi-k2.5");
    expect(directory.find("kimi-for-coding")?.id).toBe("kimi-code/kimi-for-coding");
    expect(directory.find("openclaw")?.chain).toEqual([
      "moonshot/kimi-k2.5",
      "kimi-code/kimi-for-coding",
    ]);
    expect(directory.find("openclaw/default")?.id).toBe("openclaw");
    expect(directory.find("moonshot/kimi-k9")).toBeUndefined();
    expect(directory.suggest("moonshot/kimi-k2.6")).toContain("moonshot/kimi-k2.5");
  });
  it("matches a model id in any case when only one model does, the exact case first", () => {
    const mixed = createModelDirectory(
      [model("moonshot/Kimi-Big"), model("lab/Foo"), model("lab/foo"), model("lab/bar", ["baz"])],
      [],
    );
    expect(mixed.find("MOONSHOT/kimi-big")?.id).toBe("moonshot/Kimi-Big");
    expect(mixed.find("kimi-BIG")?.id).toBe("moonshot/Kimi-Big");
    expect(mixed.find("lab/Foo")?.id).toBe("lab/Foo");
    expect(mixed.find("lab/foo")?.id).toBe("lab/foo");
    // Two models that differ only in case: which one is meant cannot be told.
    expect(mixed.find("lab/FOO")).toBeUndefined();
    expect(mixed.find("BAZ")?.id).toBe("lab/bar");
  });
  it("resolves a bare id shared with a built-in provider to the configured provider's model", () => {
    const regions = createModelDirectory(
      [
        { ...model("moonshot/kimi-k2.5"), configured: true },
        model("moonshot-cn/kimi-k2.5"),
        model("moonshot-cn/kimi-k2-thinking"),
        model("moonshot-ai2/kimi-k2-thinking"),
      ],
      [],
    );
    expect(regions.find("kimi-k2.5")?.id).toBe("moonshot/kimi-k2.5");
    expect(regions.find("moonshot-cn/kimi-k2.5")?.id).toBe("moonshot-cn/kimi-k2.5");
    // Neither provider configured: which one is meant cannot be told.
    expect(regions.find("kimi-k2-thinking")).toBeUndefined();
  });
  it("never lets an alias spelled like a ref take that ref's model", () => {
    const aliased = createModelDirectory(
      [model("moonshot/kimi-k2.5"), model("moonshot/kimi-k2-thinking", ["Moonshot/Kimi-K2.5"])],
      ["moonshot/kimi-k2.5"],
    );
    expect(aliased.find("moonshot/kimi-k2.5")?.id).toBe("moonshot/kimi-k2.5");
    expect(aliased.find("MOONSHOT/KIMI-K2.5")?.id).toBe("moonshot/kimi-k2.5");
    expect(aliased.find("openclaw")?.chain).toEqual(["moonshot/kimi-k2.5"]);
  });
});

describe("stream encoding and metrics", () => {
  it("writes OpenAI chunks that parse back to the deltas", () => {
    const encoder = new ChunkEncoder("chatcmpl-1", 1, "moonshot/kimi-k2.5");
    const parse = (line: string) => JSON.parse(line.slice("data: ".length));
    expect(parse(encoder.text('say "hi"\n')).choices[0].delta.content).toBe('say "hi"\n');
    expect(parse(encoder.reasoning("hmm")).choices[0].delta.reasoning_content).toBe("hmm");
    const tool = parse(encoder.toolCallDelta(0, "functions.f:0", "f", "{")).choices[0].delta
      .tool_calls[0];
    expect(tool).toEqual({
      index: 0,
      id: "functions.f:0",
      type: "function",
      function: { name: "f", arguments: "{" },
    });
    expect(parse(encoder.finish("tool_calls")).choices[0].finish_reason).toBe("tool_calls");
    const usage = parse(
      encoder.usage({
        promptTokens: 3,
        completionTokens: 4,
        totalTokens: 7,
        cachedTokens: 1,
        cacheWriteTokens: 0,
      }),
    );
    expect(usage.choices).toEqual([]);
    expect(usage.usage.total_tokens).toBe(7);
  });

  it("renders Prometheus text with cumulative histogram buckets", () => {
    const metrics = new GatewayMetrics();
    for (const latency of [0.0005, 0.02, 3]) {
      metrics.completed({
        route: "chat_completions",
        status: 200,
        stream: true,
        errorClass: undefined,
        latencySeconds: latency,
        ttftSeconds: latency / 2,
        modelUsed: "moonshot/kimi-k2.5",
        promptTokens: 10,
        completionTokens: 5,
        cachedTokens: 0,
        costUsd: 0.001,
        webSearches: latency > 1 ? 2 : 0,
      });
    }
    const text = metrics.render();
    expect(text).toContain(
      'openclaw_gateway_web_searches_total{provider="moonshot",model="kimi-k2.5"} 2',
    );
    expect(text).toContain(
      'openclaw_gateway_requests_total{route="chat_completions",status="200"} 3',
    );
    expect(text).toContain(
      'openclaw_gateway_request_duration_seconds_bucket{route="chat_completions",stream="true",le="0.001"} 1',
    );
    expect(text).toContain(
      'openclaw_gateway_request_duration_seconds_bucket{route="chat_completions",stream="true",le="+Inf"} 3',
    );
    expect(text).toContain(
      'openclaw_gateway_tokens_total{provider="moonshot",model="kimi-k2.5",kind="prompt"} 30',
    );
  });
});

describe("usage ledger", () => {
  const dir = mkdtempSync(join(tmpdir(), "openclaw-ledger-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes every queued row on close and reports them grouped", async () => {
    const path = join(dir, "usage.sqlite");
    const ledger = new UsageLedger({ path, flushIntervalMs: 60_000 });
    const now = Date.now();
    const row = (model: string, cost: number, ts = now) =>
      ledgerRow({
        ts,
        modelUsed: model,
        promptTokens: 10,
        completionTokens: 5,
        cachedTokens: 2,
        costUsd: cost,
        latencyMs: 12,
      });
    ledger.record(row("moonshot/kimi-k2.5", 0.5));
    ledger.record(row("moonshot/kimi-k2.5", 0.25));
    ledger.record(row("kimi-code/kimi-for-coding", 0.1));
    ledger.record(row("moonshot/kimi-k2.5", 9, now - 30 * 86_400_000));
    // The ledger is private to its owner, like every file under the state dir.
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await ledger.close();
    expect(ledger.written).toBe(4);
    const report = readUsage({ ledgerPath: path, since: "7d", by: "provider" });
    expect(report.groups.map((group) => [group.key, group.requests])).toEqual([
      ["moonshot", 2],
      ["kimi-code", 1],
    ]);
    expect(report.total.costUsd).toBeCloseTo(0.85);
    expect(readUsage({ ledgerPath: path, since: "60d", by: "model" }).total.requests).toBe(4);
  });

  it("keeps rows the database refused and writes them once it accepts again", async () => {
    const path = join(dir, "refusing.sqlite");
    const ledger = new UsageLedger({ path, flushIntervalMs: 60_000 });
    await ledger.ready();
    const errors: string[] = [];
    ledger.onError = (error) => errors.push(error instanceof Error ? error.message : String(error));
    // A second connection makes every insert fail, as a full or read-only disk would.
    const admin = new Database(path);
    admin.exec(
      "CREATE TRIGGER refuse BEFORE INSERT ON request_rows BEGIN SELECT RAISE(ABORT, 'disk says no'); END;",
    );
    const row = (n: number) =>
      ledgerRow({
        requestId: `refused-${n}`,
        traceId: n === 1 ? 'trace "quoted" ✓' : undefined,
        modelUsed: "moonshot/kimi-k2.5",
        stream: n % 2 === 0,
        promptTokens: n,
        completionTokens: 1,
        latencyMs: 1.5,
      });
    for (let n = 1; n <= 3; n++) ledger.record(row(n));
    await ledger.flush();
    expect(errors.join("\n")).toMatch(/disk says no/);
    expect(ledger.written).toBe(0);
    admin.exec("DROP TRIGGER refuse;");
    ledger.record(row(4));
    await ledger.close();
    expect(ledger.written).toBe(4);
    const stored = admin
      .prepare("SELECT request_id, trace_id, prompt_tokens FROM requests ORDER BY prompt_tokens")
      .all();
    admin.close();
    expect(stored).toEqual([
      { request_id: "refused-1", trace_id: 'trace "quoted" ✓', prompt_tokens: 1 },
      { request_id: "refused-2", trace_id: null, prompt_tokens: 2 },
      { request_id: "refused-3", trace_id: null, prompt_tokens: 3 },
      { request_id: "refused-4", trace_id: null, prompt_tokens: 4 },
    ]);
  });

  it("takes over a ledger written by the first version, rows and all", async () => {
    const path = join(dir, "v1.sqlite");
    const v1 = new Database(path);
    v1.exec(`CREATE TABLE requests (id INTEGER PRIMARY KEY, ts INTEGER NOT NULL, request_id TEXT NOT NULL,
      trace_id TEXT, client TEXT NOT NULL, model_requested TEXT, model_used TEXT, provider TEXT,
      fallback_from TEXT, stream INTEGER NOT NULL, prompt_tokens INTEGER NOT NULL,
      completion_tokens INTEGER NOT NULL, cached_tokens INTEGER NOT NULL, cost_usd REAL NOT NULL,
      latency_ms REAL NOT NULL, ttft_ms REAL, status INTEGER NOT NULL, outcome TEXT NOT NULL,
      error_class TEXT); CREATE INDEX requests_ts ON requests(ts);`);
    v1.prepare(
      "INSERT INTO requests VALUES (NULL, ?, 'old-1', NULL, '127.0.0.1', 'openclaw', 'moonshot/kimi-k2.5', 'moonshot', NULL, 1, 100, 20, 5, 0.25, 812.5, 140.25, 200, 'ok', NULL)",
    ).run(Date.now() - 60_000);
    v1.close();
    const ledger = new UsageLedger({ path, flushIntervalMs: 60_000 });
    ledger.record(
      ledgerRow({
        requestId: "new-1",
        traceId: "t-1",
        client: "cli",
        modelRequested: "kimi-code/kimi-for-coding",
        modelUsed: "kimi-code/kimi-for-coding",
        promptTokens: 7,
        completionTokens: 3,
        latencyMs: 9.75,
      }),
    );
    await ledger.close();
    const db = new Database(path, { readonly: true });
    const rows = db
      .prepare(
        "SELECT request_id, provider, stream, prompt_tokens, cost_usd, typeof(cost_usd) AS costType, latency_ms, ttft_ms, api FROM requests ORDER BY id",
      )
      .all();
    db.close();
    expect(rows).toEqual([
      {
        request_id: "old-1",
        provider: "moonshot",
        stream: 1,
        prompt_tokens: 100,
        cost_usd: 0.25,
        costType: "real",
        latency_ms: 812.5,
        ttft_ms: 140.25,
        api: null,
      },
      {
        request_id: "new-1",
        provider: "kimi-code",
        stream: 0,
        prompt_tokens: 7,
        cost_usd: 0,
        costType: "real",
        latency_ms: 9.75,
        ttft_ms: null,
        api: "chat_completions",
      },
    ]);
    const report = readUsage({ ledgerPath: path, since: "1d", by: "provider" });
    expect(report.total.requests).toBe(2);
    expect(report.groups.map((group) => group.key).sort()).toEqual(["kimi-code", "moonshot"]);
  });

  /** An attempt that fell through with its usage reported, and one whose provider reported none. */
  const FELL_THROUGH = {
    model: "moonshot/kimi-k2-turbo-preview",
    prompt_tokens: 40,
    completion_tokens: 2,
    cached_tokens: 0,
    cost_usd: 0.5,
  };
  const UNKNOWN_FELL_THROUGH = {
    model: "moonshot/kimi-k2-turbo-preview",
    prompt_tokens: null,
    completion_tokens: null,
    cached_tokens: null,
    cost_usd: null,
  };

  it("gives a ledger from before the API, web searches, retries and attempts that fell through were recorded their columns, NULL on its old rows", async () => {
    const path = join(dir, "before-api.sqlite");
    const before = new Database(path);
    // The schema the previous version wrote: rows of 18 values and a view that names 18 columns.
    before.exec(`
      CREATE TABLE request_rows (id INTEGER PRIMARY KEY, ts INTEGER NOT NULL, row TEXT NOT NULL);
      CREATE INDEX request_rows_ts ON request_rows(ts);
      CREATE VIEW requests AS SELECT id, ts, CAST(row ->> 1 AS TEXT) AS request_id,
        CAST(row ->> 2 AS TEXT) AS trace_id, CAST(row ->> 3 AS TEXT) AS client,
        CAST(row ->> 4 AS TEXT) AS model_requested, CAST(row ->> 5 AS TEXT) AS model_used,
        CAST(row ->> 6 AS TEXT) AS provider, CAST(row ->> 7 AS TEXT) AS fallback_from,
        CAST(row ->> 8 AS INTEGER) AS stream, CAST(row ->> 9 AS INTEGER) AS prompt_tokens,
        CAST(row ->> 10 AS INTEGER) AS completion_tokens, CAST(row ->> 11 AS INTEGER) AS cached_tokens,
        CAST(row ->> 12 AS REAL) AS cost_usd, CAST(row ->> 13 AS REAL) AS latency_ms,
        CAST(row ->> 14 AS REAL) AS ttft_ms, CAST(row ->> 15 AS INTEGER) AS status,
        CAST(row ->> 16 AS TEXT) AS outcome, CAST(row ->> 17 AS TEXT) AS error_class
        FROM request_rows;
      CREATE TABLE usage_hourly (hour INTEGER NOT NULL, model TEXT NOT NULL,
        provider TEXT NOT NULL, requests INTEGER NOT NULL, errors INTEGER NOT NULL,
        fallbacks INTEGER NOT NULL, prompt_tokens INTEGER NOT NULL,
        completion_tokens INTEGER NOT NULL, cached_tokens INTEGER NOT NULL, cost_usd REAL NOT NULL,
        latency_ms REAL NOT NULL, PRIMARY KEY (hour, model, provider));`);
    const ts = Date.now() - 60_000;
    const oldRow = `[${ts},"old-1",null,"127.0.0.1","openclaw","moonshot/kimi-k2.5","moonshot",null,0,100,20,0,0.25,812.5,null,200,"ok",null]`;
    before.prepare("INSERT INTO request_rows (ts, row) VALUES (?, ?)").run(ts, oldRow);
    before
      .prepare("INSERT INTO usage_hourly VALUES (?, ?, ?, 1, 0, 0, 100, 20, 0, 0.25, 812.5)")
      .run(Math.floor(ts / 3_600_000), "moonshot/kimi-k2.5", "moonshot");
    before.close();

    // Read before any newer gateway opened it: nothing says which API the old row came in on.
    expect(
      readUsage({ ledgerPath: path, since: "1d", by: "api" }).groups.map((group) => [
        group.key,
        group.requests,
      ]),
    ).toEqual([["(not recorded)", 1]]);
    expect(readUsage({ ledgerPath: path, since: "1d", by: "model" }).total).toMatchObject({
      requests: 1,
      webSearches: 0,
    });
    expect(
      readRecentRequests({ ledgerPath: path, sinceMs: 0, limit: 5, errorsOnly: false }).map(
        (request) => [request.requestId, request.api],
      ),
    ).toEqual([["old-1", undefined]]);

    const ledger = new UsageLedger({ path, flushIntervalMs: 60_000 });
    ledger.record(
      ledgerRow({
        requestId: "new-1",
        modelUsed: "moonshot/kimi-k2.5",
        api: "responses",
        webSearches: 2,
        retries: 3,
        fellThrough: [FELL_THROUGH, UNKNOWN_FELL_THROUGH],
      }),
    );
    await ledger.close();
    expect(ledger.written).toBe(1);

    const db = new Database(path, { readonly: true });
    const rows = db
      .prepare(
        "SELECT request_id, api, cost_usd, web_searches, retries, fell_through FROM requests ORDER BY id",
      )
      .all();
    db.close();
    // Retries were not counted before either: NULL on the old row, not 0.
    expect(rows).toEqual([
      {
        request_id: "old-1",
        api: null,
        cost_usd: 0.25,
        web_searches: null,
        retries: null,
        fell_through: null,
      },
      {
        request_id: "new-1",
        api: "responses",
        cost_usd: 0,
        web_searches: 2,
        retries: 3,
        fell_through: JSON.stringify([FELL_THROUGH, UNKNOWN_FELL_THROUGH]),
      },
    ]);
    // The attempt that fell through counts under its own model: its known tokens, no request.
    expect(readUsage({ ledgerPath: path, since: "1d", by: "model" }).groups).toContainEqual(
      expect.objectContaining({
        key: "moonshot/kimi-k2-turbo-preview",
        requests: 0,
        promptTokens: 40,
        costUsd: 0.5,
      }),
    );
    expect(
      readRecentRequests({ ledgerPath: path, sinceMs: 0, limit: 5, errorsOnly: false }).map(
        (request) => request.fellThrough,
      ),
    ).toEqual([undefined, [FELL_THROUGH, UNKNOWN_FELL_THROUGH]]);
    expect(
      readUsage({ ledgerPath: path, since: "1d", by: "api" }).groups.map((group) => [
        group.key,
        group.requests,
        group.costUsd,
      ]),
    ).toEqual([
      // The cost of its attempt that fell through counts under the request's API.
      ["responses", 1, 0.5],
      ["(not recorded)", 1, 0.25],
    ]);
    // The hourly totals still agree with the rows, web searches included (none in the old hour).
    expect(readUsage({ ledgerPath: path, since: "1d", by: "model" }).groups).toEqual([
      expect.objectContaining({
        key: "moonshot/kimi-k2-turbo-preview",
        requests: 0,
        promptTokens: 40,
      }),
      expect.objectContaining({
        key: "moonshot/kimi-k2.5",
        requests: 2,
        promptTokens: 100,
        webSearches: 2,
      }),
    ]);
  });

  it("reports from hourly totals exactly what the rows say, for any --since", async () => {
    const path = join(dir, "rollup.sqlite");
    const ledger = new UsageLedger({ path, flushIntervalMs: 60_000, maxBatch: 37 });
    const now = Date.UTC(2026, 10, 29, 20, 41, 17);
    const models = ["moonshot/kimi-k2.5", "kimi-code/kimi-for-coding", "moonshot-cn/kimi-k2.5"];
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const rows: LedgerRow[] = [];
    for (let i = 0; i < 600; i++) {
      const used = random() < 0.1 ? undefined : models[Math.floor(random() * models.length)];
      const row = ledgerRow({
        ts: now - Math.floor(random() * 3 * 86_400_000),
        requestId: `r-${i}`,
        client: ["127.0.0.1", "editor", "batch-job"][Math.floor(random() * 3)] ?? "127.0.0.1",
        modelRequested: random() < 0.5 ? "openclaw" : undefined,
        modelUsed: used,
        fallbackFrom: random() < 0.2 ? "moonshot/kimi-k2.5" : undefined,
        stream: random() < 0.5,
        promptTokens: Math.floor(random() * 1000),
        completionTokens: Math.floor(random() * 300),
        cachedTokens: Math.floor(random() * 100),
        costUsd: Math.round(random() * 1000) / 100_000,
        latencyMs: Math.round(random() * 20_000) / 10,
        outcome: random() < 0.15 ? "error" : "ok",
        api: (["chat_completions", "responses", undefined] as const)[Math.floor(random() * 3)],
      });
      rows.push(row);
      ledger.record(row);
      if (i % 100 === 0) await ledger.flush();
    }
    await ledger.close();
    const keyOf = (row: LedgerRow, by: UsageGrouping): string => {
      // A request no model was called for is "(not sent)", not the name it asked for.
      if (by === "model") return row.modelUsed ?? "(not sent)";
      if (by === "client") return row.client;
      if (by === "api") return row.api ?? "(not recorded)";
      if (by === "provider") return row.modelUsed?.split("/")[0] ?? "(not sent)";
      return new Date(row.ts).toISOString().slice(0, 10);
    };
    for (const since of ["90m", "26h", "2d", "7d"]) {
      for (const by of ["model", "provider", "client", "api", "day"] as const) {
        const report = readUsage({ ledgerPath: path, since, by, now });
        const from = parseSince(since, now);
        const expected = new Map<string, { requests: number; errors: number; prompt: number }>();
        for (const row of rows.filter((candidate) => candidate.ts >= from)) {
          const entry = expected.get(keyOf(row, by)) ?? { requests: 0, errors: 0, prompt: 0 };
          entry.requests++;
          if (row.outcome !== "ok") entry.errors++;
          entry.prompt += row.promptTokens;
          expected.set(keyOf(row, by), entry);
        }
        const got = new Map(
          report.groups.map((group) => [
            group.key,
            { requests: group.requests, errors: group.errors, prompt: group.promptTokens },
          ]),
        );
        expect(got, `${since} by ${by}`).toEqual(expected);
        const inWindow = rows.filter((row) => row.ts >= from);
        const latency = inWindow.reduce((sum, row) => sum + row.latencyMs, 0) / inWindow.length;
        expect(report.total.avgLatencyMs).toBeCloseTo(latency, 0);
        expect(report.total.costUsd).toBeCloseTo(
          inWindow.reduce((sum, row) => sum + row.costUsd, 0),
          9,
        );
      }
    }
  });

  it("closes, reporting the rows it lost, when its writer thread has died", async () => {
    const path = join(dir, "dead-writer.sqlite");
    const ledger = new UsageLedger({ path, flushIntervalMs: 60_000 });
    await ledger.ready();
    const errors: string[] = [];
    ledger.onError = (error) => errors.push(error instanceof Error ? error.message : String(error));
    // The writer thread dies (as after a native crash); nothing will ever answer again.
    await (ledger as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    ledger.record(ledgerRow({ requestId: "lost-1" }));
    const closed = await Promise.race([
      ledger.close().then(() => "closed"),
      new Promise((resolve) => setTimeout(() => resolve("hung"), 3_000)),
    ]);
    expect(closed).toBe("closed");
    expect(errors.join("\n")).toMatch(/writer stopped; 1 row not written/);
  });

  it("parses --since as a duration or a date", () => {
    expect(parseSince("2d", 1_000_000_000)).toBe(1_000_000_000 - 2 * 86_400_000);
    expect(parseSince("2026-11-01")).toBe(Date.parse("2026-11-01"));
    expect(() => parseSince("soon")).toThrow(/neither a duration nor a date/);
    expect(parseSince("2026-11-01T09:30:00Z")).toBe(Date.parse("2026-11-01T09:30:00Z"));
    // Date.parse reads these as dates (July 2001, 4 July 2001, 2 March): none is meant as one.
    expect(() => parseSince("7")).toThrow(/"7" has no unit: write 7d for days/);
    expect(() => parseSince("12")).toThrow(/has no unit/);
    expect(() => parseSince("July 4")).toThrow(/neither a duration nor a date/);
    expect(() => parseSince("2026-02-30")).toThrow(/day 30 does not exist in February 2026/);
  });
});
