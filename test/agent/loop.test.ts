/** The conversation loop's own rules, with an in-process transport that always asks for a tool. */
import { describe, expect, it } from "vitest";
import {
  createToolRegistry,
  defineTool,
  runAgentToEnd,
  runSessionTurn,
} from "../../src/agent/index.js";
import { OpenClawError } from "../../src/errors.js";
import type { ChatMessage, StreamEvent, Transport } from "../../src/providers/types.js";
import { createRuntime } from "../../src/runtime/index.js";
import { fakeKey, model } from "../runtime/fixtures.js";

function toolHungryRuntime() {
  let counter = 0;
  const transport: Transport = {
    api: "openai-completions",
    async *stream(): AsyncIterable<StreamEvent> {
      const id = `functions.ping:${counter++}`;
      const second = `functions.ping:${counter++}`;
      yield { type: "start", model: "kimi-k2.5", traceId: undefined };
      yield { type: "reasoning", delta: "again" };
      const calls = [id, second].map((callId) => ({
        id: callId,
        type: "function" as const,
        function: { name: "ping", arguments: "{}" },
      }));
      yield {
        type: "done",
        finishReason: "tool_calls",
        // The reasoning is only in the deltas: the loop must keep it on the turn.
        message: { role: "assistant", tool_calls: calls },
        usage: {
          promptTokens: 10,
          completionTokens: 2,
          totalTokens: 12,
          cachedTokens: 0,
          cacheWriteTokens: 0,
        },
        traceId: undefined,
      };
    },
  };
  return createRuntime({
    resolveChain: () => [model("moonshot/kimi-k2.5")],
    resolveKey: () => fakeKey(),
    transports: { "openai-completions": transport },
  });
}

const user: ChatMessage = { role: "user", content: "ping forever" };

/** One tool, `ping`, that answers "pong". */
function pingTools() {
  return createToolRegistry([
    defineTool({
      name: "ping",
      description: "",
      parameters: { type: "object", properties: {} },
      run: () => "pong",
    }),
  ]);
}

describe("agent loop", () => {
  it("stops after maxRounds, sums usage, and keeps streamed reasoning on tool-call turns", async () => {
    const tools = pingTools();
    const result = await runAgentToEnd({
      runtime: toolHungryRuntime(),
      messages: [user],
      tools,
      maxRounds: 3,
    });
    expect(result.rounds).toBe(3);
    expect(result.roundsExhausted).toBe(true);
    expect(result.usage.promptTokens).toBe(30);
    const turns = result.added.filter((m) => m.role === "assistant");
    expect(turns).toHaveLength(3);
    expect(turns.every((m) => m.role === "assistant" && m.reasoning_content === "again")).toBe(
      true,
    );
  });

  it("answers the calls the round limit stopped, so the conversation can go on as it is", async () => {
    const result = await runAgentToEnd({
      runtime: toolHungryRuntime(),
      messages: [user],
      tools: pingTools(),
      maxRounds: 2,
    });
    expect(result.roundsExhausted).toBe(true);
    const last = result.added.findLast((m) => m.role === "assistant");
    const ids = last?.role === "assistant" ? (last.tool_calls ?? []).map((c) => c.id) : [];
    const after = result.added.slice(result.added.indexOf(last as ChatMessage) + 1);
    expect(ids).toHaveLength(2);
    expect(after.map((m) => (m.role === "tool" ? m.tool_call_id : m.role))).toEqual(ids);
    for (const message of after) {
      expect(message.content).toBe(
        "error: not run: the round limit (2) stopped the run before this tool ran",
      );
    }
  });

  it("closes the tool round when cancelled inside a tool, so the history stays sendable", async () => {
    const controller = new AbortController();
    const tools = createToolRegistry([
      defineTool({
        name: "ping",
        description: "",
        parameters: { type: "object", properties: {} },
        run: () => {
          controller.abort();
          throw new Error("aborted");
        },
      }),
    ]);
    const added: ChatMessage[] = [];
    await expect(
      runAgentToEnd({
        runtime: toolHungryRuntime(),
        messages: [user],
        tools,
        signal: controller.signal,
        onMessage: (m) => added.push(m),
      }),
      // Told as a cancelled model call is: one error class for "the caller cancelled".
    ).rejects.toMatchObject({
      name: "AbortError",
      code: "provider.cancelled",
      errorClass: "cancelled",
      message: "cancelled while the tool ping ran",
      hint: "the run's signal was aborted, so nothing more was run; nothing to fix",
    });
    const call = added.find((m) => m.role === "assistant");
    const ids = call?.role === "assistant" ? (call.tool_calls ?? []).map((c) => c.id) : [];
    const answered = added.flatMap((m) => (m.role === "tool" ? [m.tool_call_id] : []));
    expect(ids).toHaveLength(2);
    expect(answered).toEqual(ids);
  });

  it("says a signal that timed out inside a tool is a timeout, as it is during a model call", async () => {
    const controller = new AbortController();
    const tools = createToolRegistry([
      defineTool({
        name: "ping",
        description: "",
        parameters: { type: "object", properties: {} },
        run: (_args, context) => {
          // What AbortSignal.timeout(ms) does once its time is up, without waiting for it.
          controller.abort(new DOMException("The operation timed out.", "TimeoutError"));
          throw context.signal?.reason;
        },
      }),
    ]);
    await expect(
      runAgentToEnd({
        runtime: toolHungryRuntime(),
        messages: [user],
        tools,
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({
      code: "provider.timeout",
      errorClass: "timeout",
      message: "the run's signal reached its deadline while the tool ping ran",
      hint: "give the signal a longer deadline (AbortSignal.timeout), or make the tool faster",
    });
  });
});

describe("a session turn", () => {
  it("records the user's message once the provider accepts it, then the run's messages and usage", async () => {
    const tools = pingTools();
    const recorded: string[] = [];
    const usage: number[] = [];
    const history: ChatMessage[] = [{ role: "user", content: "earlier" }];
    const result = await runSessionTurn({
      runtime: toolHungryRuntime(),
      history,
      user,
      tools,
      maxRounds: 2,
      record: (message) => recorded.push(message.role),
      recordUsage: (run) => usage.push(run.usage?.promptTokens ?? -1),
    });
    // The user's message first, then each assistant turn and its tool results (the rounds run
    // out on the second turn, whose tools are not run but answered as stopped).
    expect(recorded).toEqual(["user", "assistant", "tool", "tool", "assistant", "tool", "tool"]);
    expect(usage).toEqual([10, 10]);
    expect(result.added).toHaveLength(6);
    expect(history).toEqual([{ role: "user", content: "earlier" }]);
  });

  it("records nothing when the request is refused before the provider accepts it", async () => {
    const recorded: ChatMessage[] = [];
    const runtime = createRuntime({
      resolveChain: () => [model("moonshot/kimi-k2.5")],
      resolveKey: () => undefined,
      transports: {
        "openai-completions": {
          api: "openai-completions",
          async *stream(): AsyncIterable<StreamEvent> {},
        },
      },
    });
    await expect(
      runSessionTurn({
        runtime,
        history: [],
        user,
        record: (message) => recorded.push(message),
        recordUsage: () => {},
      }),
    ).rejects.toThrow(/key/i);
    expect(recorded).toEqual([]);
  });
});

describe("agent loop: a maxRounds that is no bound", () => {
  it("refuses NaN, Infinity, 0, 2.5 or a string, naming maxRounds, before any model call", async () => {
    // Before: NaN ran no round and threw 'unreachable: agent loop ended without a result'
    // (code internal); Infinity let a model that always wants a tool call it for ever; 0, -1
    // and "2" ran as 1 or 2 without a word.
    for (const maxRounds of [Number.NaN, Number.POSITIVE_INFINITY, 0, -1, 2.5, "2"]) {
      let calls = 0;
      const runtime = toolHungryRuntime();
      const counted = {
        ...runtime,
        stream: (options: Parameters<typeof runtime.stream>[0]) => {
          calls += 1;
          return runtime.stream(options);
        },
      };
      const error = await runAgentToEnd({
        runtime: counted,
        messages: [user],
        tools: pingTools(),
        maxRounds: maxRounds as number,
      }).catch((caught: unknown) => caught as OpenClawError);
      expect(error).toBeInstanceOf(OpenClawError);
      expect((error as OpenClawError).code).toBe("usage");
      expect((error as OpenClawError).where).toBe("maxRounds");
      expect((error as OpenClawError).message).toMatch(
        /^maxRounds must be a whole number of 1 or more \(the model calls the run may make\), got /,
      );
      expect(calls).toBe(0);
    }
    // A whole number still bounds the run.
    const bounded = await runAgentToEnd({
      runtime: toolHungryRuntime(),
      messages: [user],
      tools: pingTools(),
      maxRounds: 2,
    });
    expect(bounded.rounds).toBe(2);
    expect(bounded.roundsExhausted).toBe(true);
  });
});
