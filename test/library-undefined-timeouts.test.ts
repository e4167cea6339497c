/**
 * A program that forwards its own optional timeouts (`timeouts: { totalMs: opts.totalMs }`, which
 * 69cf53c let it type under exactOptionalPropertyTypes) keeps the limits it left undefined. Before,
 * the transport spread them over its defaults, so an undefined totalMs took the total limit away
 * and a call to a provider that never answered hung instead of timing out.
 */
import { describe, expect, it } from "vitest";
import {
  createOpenAICompletionsTransport,
  isOpenClawError,
  openRuntime,
  type Timeouts,
} from "../src/index.js";
import { withSimulator } from "./helpers/file-simulator.js";
import type { Simulator } from "./simulator/index.js";

let sim: Simulator;
withSimulator((started) => {
  sim = started;
});

/** A runtime whose transport's own limits (the defaults of every call) are 400 ms each. */
function runtimeWithLimits() {
  return openRuntime({
    config: {
      models: {
        providers: { moonshot: { baseUrl: sim.moonshotBaseUrl, apiKey: sim.keys.moonshot } },
      },
    },
    env: {},
    retry: { maxAttempts: 1 },
    transports: {
      "openai-completions": createOpenAICompletionsTransport({
        timeouts: { firstByteMs: 400, idleMs: 400, totalMs: 400 },
      }),
    },
  }).runtime;
}

/** What a call to a provider that never answers fails with: the limit's words, or `hung`. */
async function failureOf(stream: boolean, timeouts: Timeouts): Promise<string> {
  sim.script([{ respond: { hang: true } }]);
  const runtime = runtimeWithLimits();
  // A backstop, so the old code's hang ends the test with a word instead of its timeout.
  const signal = AbortSignal.timeout(5_000);
  const run = {
    model: "moonshot/kimi-k2.5",
    request: { messages: [{ role: "user" as const, content: "Hi" }] },
    timeouts,
    signal,
  };
  try {
    if (stream) for await (const event of runtime.stream(run)) void event;
    else await runtime.complete(run);
  } catch (error) {
    if (signal.aborted) return "hung";
    return isOpenClawError(error) ? error.message : String(error);
  }
  return "answered";
}

describe("a run's timeouts given as undefined", () => {
  it("keep the transport's total limit (complete)", async () => {
    expect(await failureOf(false, { totalMs: undefined })).toContain(
      "no complete answer within 400 ms (total timeout)",
    );
  });

  it("keep the transport's first-byte limit (stream, no total limit)", async () => {
    expect(await failureOf(true, { firstByteMs: undefined, totalMs: 0 })).toContain(
      "no response within 400 ms (first-byte timeout)",
    );
  });
});
