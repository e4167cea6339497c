/**
 * A turn that does not end normally, and the whole-call deadline, with in-process transports:
 * what the session is given, and the limits the transport is told.
 */
import { describe, expect, it } from "vitest";
import { type RecordMeta, runAgentToEnd, runSessionTurn } from "../../src/agent/index.js";
import { ProviderError } from "../../src/providers/errors.js";
import type {
  ChatMessage,
  StreamEvent,
  Timeouts,
  Transport,
  TransportCall,
} from "../../src/providers/types.js";
import { createRuntime } from "../../src/runtime/index.js";
import { fakeKey, model } from "../runtime/fixtures.js";

const DONE: StreamEvent = {
  type: "done",
  finishReason: "stop",
  message: { role: "assistant", content: "ok" },
  usage: undefined,
  traceId: undefined,
};

function runtimeWith(stream: (call: TransportCall) => AsyncIterable<StreamEvent>) {
  const transport: Transport = { api: "openai-completions", stream };
  return createRuntime({
    resolveChain: () => [model("moonshot/kimi-k2.5")],
    resolveKey: () => fakeKey(),
    transports: { "openai-completions": transport },
  });
}

describe("a session turn cut off after output", () => {
  it("records the user's message and the partial answer, marked interrupted", async () => {
    const runtime = runtimeWith(async function* () {
      yield { type: "start", model: "kimi-k2.5", traceId: undefined };
      yield { type: "text", delta: "Half an ans" };
      throw new ProviderError({
        errorClass: "network",
        message: "socket closed",
        provider: "moonshot",
        model: "kimi-k2.5",
      });
    });
    const recorded: [ChatMessage, RecordMeta | undefined][] = [];
    await expect(
      runSessionTurn({
        runtime,
        history: [],
        user: { role: "user", content: "question" },
        record: (message, meta) => recorded.push([message, meta]),
        recordUsage: () => {},
      }),
    ).rejects.toThrow(/cut off/);
    expect(recorded).toEqual([
      [{ role: "user", content: "question" }, undefined],
      [{ role: "assistant", content: "Half an ans" }, { interrupted: true }],
    ]);
  });

  it("records nothing when nothing came back", async () => {
    const runtime = runtimeWith(async function* () {
      yield { type: "start", model: "kimi-k2.5", traceId: undefined };
      throw new ProviderError({
        errorClass: "auth",
        message: "bad key",
        provider: "moonshot",
        model: "kimi-k2.5",
      });
    });
    const recorded: ChatMessage[] = [];
    await expect(
      runSessionTurn({
        runtime,
        history: [],
        user: { role: "user", content: "question" },
        record: (message) => recorded.push(message),
        recordUsage: () => {},
      }),
    ).rejects.toThrow(/bad key/);
    expect(recorded).toEqual([]);
  });
});

describe("timeouts.totalMs in the agent loop", () => {
  async function limitsFor(totalMs: number): Promise<Timeouts | undefined> {
    let seen: Timeouts | undefined;
    const runtime = runtimeWith(async function* (call) {
      seen = call.timeouts;
      yield { type: "start", model: "kimi-k2.5", traceId: undefined };
      yield DONE;
    });
    await runAgentToEnd({
      runtime,
      messages: [{ role: "user", content: "hi" }],
      timeouts: { totalMs },
    });
    return seen;
  }

  it("raises the first-byte and idle limits to a longer total, and leaves them for a shorter one", async () => {
    expect(await limitsFor(900_000)).toMatchObject({
      totalMs: 900_000,
      firstByteMs: 900_000,
      idleMs: 900_000,
    });
    expect(await limitsFor(5_000)).toMatchObject({
      totalMs: 5_000,
      firstByteMs: 120_000,
      idleMs: 120_000,
    });
  });
});
