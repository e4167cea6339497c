/** The runtime and the agent loop against the Moonshot / Kimi Code simulator, over real sockets. */
import { afterEach, describe, expect, it } from "vitest";
import {
  createToolRegistry,
  defineTool,
  loadSession,
  openSessionWriter,
  runAgentToEnd,
  sessionPath,
} from "../../src/agent/index.js";
import type { ChatMessage } from "../../src/providers/types.js";
import { createRuntime, openRuntime, type RuntimeEvent } from "../../src/runtime/index.js";
import { waitFor } from "../helpers/wait.js";
import { fakeKey, model } from "./fixtures.js";
import { type SimEnv, startSimEnv } from "./sim-env.js";

let env: SimEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

async function setup(options: Parameters<typeof startSimEnv>[0] = {}) {
  env = await startSimEnv(options);
  const opened = openRuntime({ env: env.env, retry: { baseDelayMs: 20, maxDelayMs: 200 } });
  return { env, ...opened };
}

const ask = (text: string) => ({ messages: [{ role: "user" as const, content: text }] });

async function collect(events: AsyncIterable<RuntimeEvent>) {
  const out: RuntimeEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

function textOf(events: RuntimeEvent[]): string {
  return events.map((e) => (e.type === "text" ? e.delta : "")).join("");
}

type Json = Record<string, unknown>;
function assistantTurns(body: unknown): Json[] {
  const messages = ((body as Json).messages ?? []) as Json[];
  return messages.filter((m) => m.role === "assistant");
}

/** A question answered by a tool call with no reasoning, as thinking off, a client or another model leaves one. */
function untoldToolTurn(): ChatMessage[] {
  return [
    { role: "user", content: "what time is it?" },
    {
      role: "assistant",
      tool_calls: [
        { id: "functions.now:0", type: "function", function: { name: "now", arguments: "{}" } },
      ],
    },
    { role: "tool", tool_call_id: "functions.now:0", content: "12:00" },
  ];
}

describe("runtime against the simulator", () => {
  it("partial mode: the prefilled start goes as written, and only the rest comes back", async () => {
    const { env, runtime } = await setup();
    const result = await runtime.complete({
      model: "moonshot/kimi-k2-turbo-preview",
      request: {
        messages: [
          { role: "user", content: "Name a colour." },
          { role: "assistant", content: "My answer is", partial: true },
        ],
      },
    });
    expect(result.message.content).toBe(' (continued after "My answer is")');
    const sent = env.sim.chatRequests().at(-1)?.body as Json;
    expect((sent.messages as Json[]).at(-1)).toEqual({
      role: "assistant",
      content: "My answer is",
      partial: true,
    });
  });

  it("partial mode with thinking on: the prefill goes as written, its reasoning apart, only the rest as the answer", async () => {
    const { env, runtime } = await setup();
    const prefill = { role: "assistant" as const, content: "My answer is", partial: true };
    for (const model of ["moonshot/kimi-k2-thinking", "kimi-code/kimi-for-coding"]) {
      const result = await runtime.complete({
        model,
        request: {
          thinking: "on",
          messages: [{ role: "user", content: "Name a colour." }, prefill],
        },
      });
      expect(result.message.content, model).toBe(' (continued after "My answer is")');
      expect(result.message.reasoning_content, model).toContain("Name a colour.");
      const sent = env.sim.chatRequests().at(-1)?.body as Json;
      expect(sent.thinking, model).toEqual({ type: "enabled" });
      // No reasoning_content slot on the prefill: that would be a start of the reasoning too.
      expect((sent.messages as Json[]).at(-1), model).toEqual(prefill);
    }
  });

  it("sends a tool result with no text as (no output), which Kimi Code takes where it refuses an empty one", async () => {
    const { env, runtime } = await setup();
    const history: ChatMessage[] = untoldToolTurn().map((message) =>
      message.role === "tool" ? { ...message, content: "" } : message,
    );
    const result = await runtime.complete({
      model: "kimi-code/kimi-for-coding",
      request: { messages: [...history, { role: "user", content: "and now?" }] },
    });
    expect(result.message.content).toBeTruthy();
    const sent = env.sim.chatRequests().at(-1)?.body as Json;
    const tool = (sent.messages as Json[]).find((m) => m.role === "tool");
    expect(tool?.content).toBe("(no output)");
  });

  it("a Kimi Code conversation's second turn reads its first from the cache: the same prompt_cache_key goes with both", async () => {
    const { env, runtime } = await setup({ sim: { contextCaching: true } });
    const question = { role: "user" as const, content: "Explain this module. ".repeat(60) };
    const first = await runtime.complete({
      model: "kimi-code/kimi-for-coding",
      request: { messages: [question] },
    });
    expect(first.usage?.cachedTokens).toBe(0);
    const second = await runtime.complete({
      model: "kimi-code/kimi-for-coding",
      request: { messages: [question, first.message, { role: "user", content: "And the tests?" }] },
    });
    expect(second.usage?.cachedTokens).toBeGreaterThan(300);
    const keys = env.sim.chatRequests().map((sent) => (sent.body as Json).prompt_cache_key);
    expect(keys[0]).toEqual(expect.any(String));
    expect(keys[1]).toBe(keys[0]);
  });

  it("streams an answer with usage and cost", async () => {
    const { env, runtime } = await setup();
    env.sim.script([
      {
        respond: {
          reply: {
            text: "Hello from the simulator.",
            usage: { promptTokens: 1000, completionTokens: 400, cachedTokens: 200 },
          },
        },
      },
    ]);
    const events = await collect(runtime.stream({ request: ask("hi") }));
    expect(textOf(events)).toBe("Hello from the simulator.");
    const last = events.at(-1);
    expect(last?.type).toBe("result");
    if (last?.type !== "result") return;
    expect(last.result.model).toBe("moonshot/kimi-k2.5");
    expect(last.result.usage).toMatchObject({
      promptTokens: 1000,
      completionTokens: 400,
      cachedTokens: 200,
    });
    // 800 uncached × 0.6 + 200 cached × 0.15 + 400 out × 2.5, per million.
    expect(last.result.cost.total).toBeCloseTo((800 * 0.6 + 200 * 0.15 + 400 * 2.5) / 1e6, 12);
    expect(last.result.traceId).toBeTruthy();
  });

  it("a thinking model gets through two rounds of tool calls with reasoning replayed", async () => {
    const { env, runtime } = await setup({ primary: "moonshot/kimi-k2-thinking" });
    env.sim.script([
      {
        respond: {
          reply: {
            reasoning: "First I list the files.",
            toolCalls: [{ name: "list_dir", arguments: { path: "." } }],
          },
        },
      },
      {
        respond: {
          reply: {
            reasoning: "Now read the notes.",
            toolCalls: [{ name: "read_file", arguments: { path: "notes.txt" } }],
          },
        },
      },
      { respond: { reply: { reasoning: "I have it.", text: "The notes say: buy milk." } } },
    ]);
    const seen: string[] = [];
    const tools = createToolRegistry([
      defineTool({
        name: "list_dir",
        description: "list",
        parameters: { type: "object", properties: { path: { type: "string" } } },
        run: () => "notes.txt",
      }),
      defineTool({
        name: "read_file",
        description: "read",
        parameters: { type: "object", properties: { path: { type: "string" } } },
        run: (args: { path?: unknown }) => {
          seen.push(String(args.path));
          return "buy milk";
        },
      }),
    ]);
    const result = await runAgentToEnd({
      runtime,
      messages: ask("what do my notes say?").messages,
      tools,
      thinking: "on",
    });
    expect(result.message.content).toBe("The notes say: buy milk.");
    expect(result.rounds).toBe(3);
    expect(seen).toEqual(["notes.txt"]);
    const requests = env.sim.chatRequests();
    expect(requests).toHaveLength(3);
    const third = assistantTurns(requests[2]?.body);
    expect(third).toHaveLength(2);
    expect(third.map((m) => m.reasoning_content)).toEqual([
      "First I list the files.",
      "Now read the notes.",
    ]);
    const ids = third.map((m) => ((m.tool_calls as Json[])[0] as Json).id);
    const generated = result.added.flatMap((m) =>
      m.role === "assistant" ? (m.tool_calls ?? []).map((c) => c.id) : [],
    );
    expect(ids).toEqual(generated);
    expect(ids[0]).toMatch(/^functions\.list_dir:\d+$/);
  });

  it("a 429 with Retry-After: 1 waits that long before asking again, then succeeds", async () => {
    const { env } = await setup();
    // The runtime's own wait, recorded instead of timed: how long, and how many requests the
    // simulator had seen when it began (the 429 alone, the retry not yet sent).
    const waits: { ms: number; requestsSeen: number }[] = [];
    const runtime = createRuntime({
      resolveChain: () => [model("moonshot/kimi-k2.5", { baseUrl: env.sim.moonshotBaseUrl })],
      resolveKey: () => fakeKey(env.sim.keys.moonshot, "fp-moonshot"),
      retry: { baseDelayMs: 20, maxDelayMs: 200 },
      sleep: async (ms) => {
        waits.push({ ms, requestsSeen: env.sim.chatRequests().length });
      },
    });
    env.sim.failNext(1, "rateLimit");
    const events = await collect(runtime.stream({ request: ask("hi") }));
    const retry = events.find((e) => e.type === "retry");
    expect(retry?.type === "retry" && retry.error.errorClass).toBe("rate_limit");
    // The second as asked, with at most 150 ms of jitter on top; not the backoff's own delay.
    const delayMs = retry?.type === "retry" ? retry.delayMs : 0;
    expect(delayMs).toBeGreaterThanOrEqual(1000);
    expect(delayMs).toBeLessThanOrEqual(1150);
    expect(waits).toEqual([{ ms: delayMs, requestsSeen: 1 }]);
    expect(env.sim.chatRequests()).toHaveLength(2);
    expect(textOf(events)).toBe("Echo: hi");
  });

  it.each(["overloaded", "unavailable"] as const)(
    "an engine short of capacity (%s) is backed off from and tried again, and answers",
    async (name) => {
      const { env, runtime } = await setup();
      env.sim.failNext(1, name);
      const events = await collect(runtime.stream({ request: ask("busy?") }));
      expect(events.filter((event) => event.type === "retry")).toHaveLength(1);
      expect(textOf(events)).toBe("Echo: busy?");
      expect(env.sim.chatRequests()).toHaveLength(2);
    },
  );

  it("an exhausted balance (429 quota) is not retried", async () => {
    const { env, runtime } = await setup();
    env.sim.failNext(1, "quota");
    await expect(runtime.complete({ request: ask("hi") })).rejects.toMatchObject({
      errorClass: "quota",
    });
    expect(env.sim.chatRequests()).toHaveLength(1);
  });

  it("falls back down the chain when the primary keeps failing", async () => {
    const { env, runtime } = await setup({ fallbacks: ["kimi-code/kimi-for-coding"] });
    env.sim.script([
      {
        when: { model: "kimi-k2.5" },
        respond: { error: "server" },
        times: Number.POSITIVE_INFINITY,
      },
    ]);
    const events = await collect(runtime.stream({ request: ask("hi") }));
    const fallback = events.find((e) => e.type === "fallback");
    expect(fallback).toMatchObject({ from: "moonshot/kimi-k2.5", to: "kimi-code/kimi-for-coding" });
    const last = events.at(-1);
    if (last?.type !== "result") throw new Error("no result");
    expect(last.result.model).toBe("kimi-code/kimi-for-coding");
    expect(last.result.fallbackFrom).toBe("moonshot/kimi-k2.5");
    expect(last.result.failedAttempts.map((f) => f.errorClass)).toEqual([
      "server",
      "server",
      "server",
    ]);
    // Kimi Code got its configured User-Agent.
    const kimi = env.sim.chatRequests().find((r) => r.surface === "kimi-code");
    expect(String(kimi?.headers["user-agent"])).toMatch(/^KimiCLI\//);
  });

  it("a stream cut before any text is retried, with no duplicated text", async () => {
    const { env, runtime } = await setup();
    env.sim.script([
      { respond: { cutAfterChunks: 1, reply: { text: "Exactly once, please." } } },
      { respond: { reply: { text: "Exactly once, please." } } },
    ]);
    const events = await collect(runtime.stream({ request: ask("hi") }));
    expect(textOf(events)).toBe("Exactly once, please.");
    expect(events.filter((e) => e.type === "retry")).toHaveLength(1);
    expect(env.sim.chatRequests()).toHaveLength(2);
  });

  it("a stream cut after text was shown is reported, not retried", async () => {
    const { env, runtime } = await setup();
    env.sim.script([
      {
        respond: {
          cutAfterChunks: 3,
          reply: { text: "abcdefghijklmnopqrstuvwxyz" },
          stream: { chunkChars: 4 },
        },
      },
    ]);
    const events: RuntimeEvent[] = [];
    await expect(
      (async () => {
        // A model that does not think, so that the cut falls in the text.
        const model = "moonshot/kimi-k2-turbo-preview";
        for await (const e of runtime.stream({ model, request: ask("hi") })) events.push(e);
      })(),
    ).rejects.toThrow(/cut off after it had started/);
    expect(textOf(events)).toBe("abcdefgh");
    expect(env.sim.chatRequests()).toHaveLength(1);
  });

  it("cancelling mid-stream leaves no open upstream socket", async () => {
    const { env, runtime } = await setup();
    env.sim.script([
      {
        respond: {
          chunkDelayMs: 300,
          reply: { text: "a slow answer that takes a while to arrive" },
          stream: { chunkChars: 2 },
        },
      },
    ]);
    const controller = new AbortController();
    let text = "";
    await expect(
      (async () => {
        for await (const e of runtime.stream({ request: ask("hi"), signal: controller.signal })) {
          if (e.type === "text") {
            text += e.delta;
            controller.abort();
          }
        }
      })(),
    ).rejects.toMatchObject({ errorClass: "cancelled" });
    expect(text.length).toBeGreaterThan(0);
    await waitFor(() => env.sim.openSockets() === 0, 3000);
    expect(env.sim.openSockets()).toBe(0);
  });

  it("a stream whose signal is aborted hands out nothing more, even of an answer already received", async () => {
    const { runtime } = await setup();
    // The simulator sends the whole answer at once: every event is queued before the abort.
    const controller = new AbortController();
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const e of runtime.stream({
          request: ask("a question with a long answer"),
          signal: controller.signal,
        })) {
          seen.push(e.type);
          controller.abort();
        }
      })(),
    ).rejects.toMatchObject({ code: "provider.cancelled", name: "AbortError" });
    expect(seen).toEqual(["start"]);

    // Aborted once the result is in hand (a cleanup), the stream just ends: nothing was cut.
    const after = new AbortController();
    const types: string[] = [];
    for await (const e of runtime.stream({ request: ask("hi"), signal: after.signal })) {
      types.push(e.type);
      if (e.type === "result") after.abort();
    }
    expect(types.at(-1)).toBe("result");
  });

  it("asks Moonshot's token-count endpoint for the context check when told to", async () => {
    const { env, runtime } = await setup();
    const result = await runtime.complete({ request: ask("count me"), exactTokenCount: true });
    expect(result.message.content).toBeTruthy();
    const paths = env.sim.requests.map((r) => r.path);
    expect(paths).toEqual(["/v1/tokenizers/estimate-token-count", "/v1/chat/completions"]);
  });

  it("refuses a conversation that cannot fit before sending it", async () => {
    const { env, runtime } = await setup();
    const huge = "长".repeat(400_000);
    await expect(runtime.complete({ request: ask(huge) })).rejects.toMatchObject({
      code: "context_too_long",
    });
    expect(env.sim.requests).toHaveLength(0);
  });

  it("lowers the default answer cap to fit beside a conversation near the window", async () => {
    const { env, runtime } = await setup();
    // About 255,000 tokens: within kimi-k2.5's window, but not with the default 8,192 beside it,
    // which Moonshot refuses ("Your request exceeded model token limit").
    const long = "word ".repeat(204_000);
    const result = await runtime.complete({ request: ask(long) });
    expect(result.message.content).toBeTruthy();
    const caps = () =>
      env.sim.chatRequests().map((sent) => (sent.body as { max_tokens: number }).max_tokens);
    expect(caps()[0]).toBeLessThan(8192);
    expect(caps()[0]).toBeGreaterThanOrEqual(256);
    // A short conversation keeps the default.
    await runtime.complete({ request: ask("hi") });
    expect(caps()[1]).toBe(8192);
  });

  it("sends a smaller answer cap when Moonshot counts the conversation longer than estimated", async () => {
    // The simulator's tokenizer counts 10% more than the local estimate: about 257,400 tokens for
    // a conversation estimated at 234,000, so the default 8,192 beside it goes over the window.
    const { env, runtime } = await setup({ sim: { tokenFactor: 1.1 } });
    const long = "word ".repeat(187_200);
    const events = await collect(runtime.stream({ request: ask(long) }));
    expect(events.at(-1)?.type).toBe("result");
    const caps = env.sim.chatRequests().map((sent) => (sent.body as Json).max_tokens);
    expect(caps[0]).toBe(8192);
    expect(caps).toHaveLength(2);
    const retry = events.find((event) => event.type === "retry");
    expect(retry).toMatchObject({ corrected: { param: "max_tokens", from: 8192, to: caps[1] } });
    expect(caps[1]).toBeLessThan(8192);
    expect(caps[1]).toBeGreaterThanOrEqual(256);

    // A cap the caller set is the caller's: refused, not lowered.
    await expect(
      runtime.complete({ request: { ...ask(long), maxTokens: 8192 } }),
    ).rejects.toMatchObject({ errorClass: "context_length" });
    expect(env.sim.chatRequests()).toHaveLength(3);
  });

  it("with the exact count asked for, sizes the answer cap by Moonshot's count the first time", async () => {
    // Moonshot's token-count endpoint counts as its window check does: 10% over the local
    // estimate here (about 254,900 tokens for 231,750 estimated), so the cap is lowered before
    // sending instead of after a refusal of the default 8,192 beside it.
    const { env, runtime } = await setup({ sim: { tokenFactor: 1.1 } });
    const long = "word ".repeat(185_400);
    const events = await collect(runtime.stream({ request: ask(long), exactTokenCount: true }));
    expect(events.at(-1)?.type).toBe("result");
    expect(events.filter((event) => event.type === "retry")).toEqual([]);
    expect(env.sim.requests.map((sent) => sent.path)).toEqual([
      "/v1/tokenizers/estimate-token-count",
      "/v1/chat/completions",
    ]);
    const cap = (env.sim.chatRequests()[0]?.body as Json | undefined)?.max_tokens;
    expect(cap).toBeLessThan(8192);
    expect(cap).toBeGreaterThanOrEqual(256);
  });

  it.each([
    ["quota", /balance or quota is used up/],
    ["rateLimit", /rate-limited the request/],
    ["server", /HTTP 500|server/],
  ] as const)(
    "a %s refusal of the exact token count does not end the run: the local estimate stands in, and the start event says why, with the trace id",
    async (name, wording) => {
      const { env, runtime } = await setup();
      env.sim.failNext(1, name, { path: "/v1/tokenizers/estimate-token-count" });
      const events = await collect(
        runtime.stream({ request: ask("count me"), exactTokenCount: true }),
      );
      expect(events.at(-1)?.type).toBe("result");
      expect(env.sim.requests.map((sent) => sent.path)).toEqual([
        "/v1/tokenizers/estimate-token-count",
        "/v1/chat/completions",
      ]);
      const start = events.find((event) => event.type === "start");
      const note = start?.type === "start" ? (start.adjustments ?? []).join(" | ") : "";
      expect(note).toContain("token count at ");
      expect(note).toContain("(trace sim-ai-1)");
      expect(note).toMatch(wording);
      expect(note).toContain("the context check used the local estimate instead");
      // Said once: a second run whose count goes through has nothing to say.
      const again = await collect(
        runtime.stream({ request: ask("count me"), exactTokenCount: true }),
      );
      const startAgain = again.find((event) => event.type === "start");
      expect(startAgain?.type === "start" ? startAgain.adjustments : undefined).toBeUndefined();
    },
  );

  it("a run cancelled while the exact token count is pending is cancelled, not a bad request", async () => {
    const { env, runtime } = await setup();
    env.sim.script([
      { when: { path: "/v1/tokenizers/estimate-token-count" }, respond: { hang: true } },
    ]);
    const controller = new AbortController();
    const running = runtime.complete({
      request: ask("count me"),
      exactTokenCount: true,
      signal: controller.signal,
    });
    await waitFor(() => env.sim.requests.length === 1);
    controller.abort();
    await expect(running).rejects.toMatchObject({ code: "provider.cancelled" });
    expect(env.sim.chatRequests()).toHaveLength(0);
  });

  it("a history recorded without thinking still goes through on a thinking model", async () => {
    const { env, runtime } = await setup({ primary: "moonshot/kimi-k2-thinking" });
    env.sim.script([{ respond: { reply: { reasoning: "ok", text: "done" } } }]);
    const history: ChatMessage[] = [
      ...untoldToolTurn(),
      { role: "assistant", content: "noon" },
      { role: "user", content: "thanks" },
    ];
    const result = await runAgentToEnd({ runtime, messages: history });
    expect(result.message.content).toBe("done");
    expect(assistantTurns(env.sim.chatRequests()[0]?.body)[0]?.reasoning_content).toBe("");
  });

  it("a model that thinks unasked (kimi-k2.5, non-reasoning in the config) gets a history without reasoning through", async () => {
    const { env, runtime } = await setup();
    const history: ChatMessage[] = [
      ...untoldToolTurn(),
      { role: "user", content: "and in an hour?" },
    ];
    const events = await collect(runtime.stream({ request: { messages: history } }));
    expect(events.find((event) => event.type === "retry")).toMatchObject({
      model: "moonshot/kimi-k2.5",
      thinksUnasked: true,
    });
    expect(events.at(-1)?.type).toBe("result");
    const turns = () =>
      env.sim.chatRequests().map((request) => assistantTurns(request.body)[0]?.reasoning_content);
    expect(turns()).toEqual([undefined, ""]);
    // Learned: the next such request goes right the first time; told not to think, it gets none.
    await collect(runtime.stream({ request: { messages: history } }));
    await collect(runtime.stream({ request: { messages: history, thinking: "off" } }));
    expect(turns()).toEqual([undefined, "", "", undefined]);
    expect(env.sim.chatRequests().at(-1)?.body).toMatchObject({ thinking: { type: "disabled" } });
  });

  it("learns from kimi-k2.5's first answer that it thinks unasked, and treats it as a thinking model", async () => {
    const { env, runtime } = await setup();
    const first = await runtime.complete({ request: ask("hello") });
    expect(first.message.reasoning_content).toBeTruthy();
    // A history without reasoning is not refused now: it gets the empty reasoning it demands.
    const events = await collect(
      runtime.stream({
        request: { messages: [...untoldToolTurn(), { role: "user", content: "again, please" }] },
      }),
    );
    expect(events.some((event) => event.type === "retry")).toBe(false);
    const sent = env.sim.chatRequests().at(-1)?.body as Json;
    expect(assistantTurns(sent)[0]?.reasoning_content).toBe("");
    // A thinking level is still not sent (the config's reasoning: false decides, as on the first
    // request), and said so; thinking off still goes.
    const asked = await collect(
      runtime.stream({ request: { ...ask("think hard"), thinking: "high" } }),
    );
    const start = asked.find((event) => event.type === "start");
    expect(start?.type === "start" && start.adjustments?.join(" ")).toContain(
      'thinking "high" not sent: moonshot/kimi-k2.5 is not a reasoning model in the config',
    );
    expect(env.sim.chatRequests().at(-1)?.body).not.toHaveProperty("thinking");
    await runtime.complete({ request: { ...ask("plainly"), thinking: "off" } });
    expect(env.sim.chatRequests().at(-1)?.body).toMatchObject({ thinking: { type: "disabled" } });
  });

  it("takes a forced tool choice refused for thinking as the sign that the model thinks unasked", async () => {
    const { env, runtime } = await setup();
    // Thinking asked for: not sent to a model the config calls non-reasoning, which thinks anyway.
    const result = await runtime.complete({
      request: {
        ...ask("what time is it?"),
        tools: [{ type: "function", function: { name: "now", parameters: {} } }],
        toolChoice: "required",
        thinking: "on",
      },
    });
    expect(result.finishReason).toBe("stop");
    expect(
      env.sim.chatRequests().map((request) => {
        const body = request.body as Json;
        return [body.tool_choice, body.thinking];
      }),
    ).toEqual([
      ["required", undefined],
      ["auto", undefined],
    ]);
  });

  it("keeps a forced tool choice to kimi-k2.5 by sending thinking off, when no thinking was asked for", async () => {
    const { env, runtime } = await setup();
    const tools = [{ type: "function" as const, function: { name: "now", parameters: {} } }];
    for (const toolChoice of [
      "required",
      { type: "function", function: { name: "now" } },
    ] as const) {
      const events = await collect(
        runtime.stream({ request: { ...ask("what time is it?"), tools, toolChoice } }),
      );
      expect(events.some((event) => event.type === "retry")).toBe(false);
      const start = events.find((event) => event.type === "start");
      expect(start?.type === "start" && start.adjustments?.join(" ")).toContain(
        "thinking sent as off (Moonshot's switch) so that tool_choice",
      );
      const result = events.at(-1);
      expect(
        result?.type === "result" && result.result.message.tool_calls?.[0]?.function.name,
      ).toBe("now");
      expect(env.sim.chatRequests().at(-1)?.body).toMatchObject({
        thinking: { type: "disabled" },
        tool_choice: toolChoice,
      });
    }
    expect(env.sim.chatRequests()).toHaveLength(2);
  });

  it("a model that cannot stop thinking gets a forced tool choice as auto, once it refused thinking off", async () => {
    const { env, runtime } = await setup({ primary: "moonshot/kimi-k2-thinking" });
    const request = {
      messages: [...untoldToolTurn(), { role: "user" as const, content: "again" }],
      tools: [{ type: "function" as const, function: { name: "now", parameters: {} } }],
      toolChoice: "required" as const,
    };
    const events = await collect(runtime.stream({ request }));
    expect(events.find((event) => event.type === "retry")).toMatchObject({
      droppedThinking: "off",
    });
    expect(events.at(-1)?.type).toBe("result");
    // Learned: the next request goes without the switch, as "auto", from the start.
    const again = await collect(runtime.stream({ request }));
    expect(again.some((event) => event.type === "retry")).toBe(false);
    const start = again.find((event) => event.type === "start");
    expect(start?.type === "start" && start.adjustments?.join(" ")).toContain(
      'tool_choice "required" sent as "auto": moonshot/kimi-k2-thinking rejects forced tool use while thinking, and it always thinks',
    );
    expect(
      env.sim.chatRequests().map((sent) => {
        const body = sent.body as Json;
        return [body.thinking, body.tool_choice, assistantTurns(body)[0]?.reasoning_content];
      }),
    ).toEqual([
      [{ type: "disabled" }, "required", undefined],
      [undefined, "auto", ""],
      [undefined, "auto", ""],
    ]);
  });

  it("a model that always thinks and refuses thinking off gets the request again without the switch", async () => {
    const { env, runtime } = await setup({ primary: "moonshot/kimi-k2-thinking" });
    const off = { ...ask("quick answer"), thinking: "off" as const };
    const events = await collect(runtime.stream({ request: off }));
    const retry = events.find((event) => event.type === "retry");
    expect(retry).toMatchObject({ model: "moonshot/kimi-k2-thinking", droppedThinking: "off" });
    const last = events.at(-1);
    expect(last?.type).toBe("result");
    // The refusal was put right, not failed: the result lists it apart from failed attempts.
    if (last?.type !== "result") return;
    expect(last.result.failedAttempts).toEqual([]);
    expect(last.result.corrections).toEqual([
      expect.objectContaining({ model: "moonshot/kimi-k2-thinking", droppedThinking: "off" }),
    ]);
    expect(last.result.retries).toBe(1);
    const sent = env.sim.chatRequests().map((request) => (request.body as Json).thinking);
    expect(sent).toEqual([{ type: "disabled" }, undefined]);
    // Learned: the next request leaves the switch out from the start.
    const again = await collect(runtime.stream({ request: off }));
    expect(again.some((event) => event.type === "retry")).toBe(false);
    expect(env.sim.chatRequests().map((request) => (request.body as Json).thinking)).toEqual([
      { type: "disabled" },
      undefined,
      undefined,
    ]);
  });

  it("sessions resume with reasoning and tool-call ids intact", async () => {
    const { env, runtime, stateDir } = await setup({ primary: "moonshot/kimi-k2-thinking" });
    env.sim.script([
      {
        respond: {
          reply: { reasoning: "Check the clock.", toolCalls: [{ name: "now", arguments: {} }] },
        },
      },
      { respond: { reply: { reasoning: "Answer.", text: "It is noon." } } },
      { respond: { reply: { reasoning: "Easy.", text: "Still noon." } } },
    ]);
    const tools = createToolRegistry([
      defineTool({
        name: "now",
        description: "time",
        parameters: { type: "object", properties: {} },
        run: () => "12:00",
      }),
    ]);
    const file = sessionPath(stateDir, "main", "resume-me");
    const writer = openSessionWriter(file, "resume-me", "main");
    const first: ChatMessage = { role: "user", content: "what time is it?" };
    writer.appendMessage(first);
    await runAgentToEnd({
      runtime,
      messages: [first],
      tools,
      thinking: "on",
      onMessage: (m) => writer.appendMessage(m),
    });
    writer.close();

    const loaded = loadSession(file, "resume-me");
    const toolTurn = loaded.messages.find((m) => m.role === "assistant" && m.tool_calls);
    expect(toolTurn?.role === "assistant" && toolTurn.reasoning_content).toBe("Check the clock.");
    const next: ChatMessage = { role: "user", content: "and now?" };
    const result = await runAgentToEnd({
      runtime,
      messages: [...loaded.messages, next],
      tools,
      thinking: "on",
    });
    expect(result.message.content).toBe("Still noon.");
    const replayed = assistantTurns(env.sim.chatRequests()[2]?.body);
    expect(replayed[0]?.reasoning_content).toBe("Check the clock.");
    const id = ((replayed[0]?.tool_calls ?? []) as Json[])[0]?.id;
    expect(id).toBe(toolTurn?.role === "assistant" ? toolTurn.tool_calls?.[0]?.id : "missing");
  });
});
