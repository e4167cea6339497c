/**
 * A run that fails after an earlier round's tool calls had arguments left out (streamed after the
 * call was complete) still tells the caller about them: the error `runAgentToEnd` rejects with
 * carries `droppedToolCallData`, as a finished run's `results` do. Before, the library's caller
 * got the round 2 refusal alone. Real sockets: a loopback upstream sending exactly the chunks
 * scripted, the runtime `openRuntime` opens from the package entry.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createToolRegistry,
  defineTool,
  OpenClawError,
  openRuntime,
  ProviderError,
  type RunResult,
  type Runtime,
  runAgentToEnd,
} from "../../src/index.js";
import { customProvider } from "../helpers/custom-provider-entry.js";
import {
  type ScriptedUpstream,
  startScriptedUpstream,
  toolCallDelta,
  upstreamError,
} from "../helpers/scripted-upstream.js";
import { tempDir } from "../helpers/tmp.js";

let upstream: ScriptedUpstream;
beforeAll(async () => {
  upstream = await startScriptedUpstream("tools-model", "trace-agent-failed-dropped");
});
afterAll(() => upstream.close());

function runtime() {
  return openRuntime({
    config: {
      models: {
        providers: {
          raw: customProvider([{ id: "tools-model", name: "Tools Model", input: ["text"] }], {
            baseUrl: upstream.url,
            apiKey: "raw-upstream-key-0001",
          }),
        },
      },
      agents: { defaults: { model: { primary: "raw/tools-model" } } },
    },
    env: { OPENCLAW_STATE_DIR: tempDir("h3-dropped-") },
    retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
  }).runtime;
}

const tools = createToolRegistry([
  defineTool({
    name: "get_time",
    description: "the time",
    parameters: { type: "object", properties: {} },
    run: () => "12:00 UTC",
  }),
]);

/** call_a's {"b":2} (7 characters) comes after call_b began: it is left out. */
const twoValues = [
  toolCallDelta(0, '{"a":1}', "call_a"),
  toolCallDelta(1, '{"tz":"UTC"}', "call_b"),
  toolCallDelta(0, '{"b":2}'),
];

describe("a failed agent run and the tool-call arguments its earlier rounds left out", () => {
  it("rejects with an error whose droppedToolCallData names round 1's call", async () => {
    upstream.scripts.push(twoValues, upstreamError(400, "the request is malformed"));
    const error = await runAgentToEnd({
      runtime: runtime(),
      messages: [{ role: "user", content: "What time is it?" }],
      tools,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).message).toContain("the request is malformed");
    expect((error as OpenClawError).droppedToolCallData).toEqual([
      { round: 1, index: 0, id: "call_a", characters: 7 },
    ]);
    // Round 2 was sent with both of round 1's calls answered: the failure is round 2's own.
    expect(upstream.requests.at(-1)?.messages).toHaveLength(4);
  });

  it("has none when the failing run's earlier rounds left nothing out", async () => {
    upstream.scripts.push(
      [toolCallDelta(0, '{"a":1}', "call_whole")],
      upstreamError(400, "the request is malformed"),
    );
    const error = await runAgentToEnd({
      runtime: runtime(),
      messages: [{ role: "user", content: "What time is it?" }],
      tools,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenClawError);
    expect((error as OpenClawError).droppedToolCallData).toBeUndefined();
  });

  it("says each run's own when a caller's runtime throws the same error object again", async () => {
    // A program's own runtime (the library's Runtime interface), failing with one constant error.
    const refused = new OpenClawError("provider.refused", "the proxy refused the request");
    const withDrop: RunResult = {
      message: {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: "call_a", type: "function", function: { name: "get_time", arguments: "{}" } },
        ],
      },
      finishReason: "tool_calls",
      usage: undefined,
      traceId: undefined,
      model: "raw/tools-model",
      droppedToolCallData: [{ index: 0, id: "call_a", characters: 7 }],
      requestedModel: "raw/tools-model",
      cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0 },
      failedAttempts: [],
      fallbackFrom: undefined,
      timeToFirstTokenMs: undefined,
      latencyMs: 1,
    };
    const failingAfter = (answers: RunResult[]): Runtime => ({
      async *stream() {
        const answer = answers.shift();
        if (!answer) throw refused;
        yield { type: "result", result: answer };
      },
      relay: () => Promise.reject(refused),
      complete: () => Promise.reject(refused),
    });
    const run = (runtime: Runtime) =>
      runAgentToEnd({ runtime, messages: [{ role: "user", content: "now?" }], tools }).catch(
        (e: unknown) => e,
      );
    expect(await run(failingAfter([withDrop]))).toBe(refused);
    expect(refused.droppedToolCallData).toEqual([
      { round: 1, index: 0, id: "call_a", characters: 7 },
    ]);
    expect(await run(failingAfter([]))).toBe(refused);
    expect(refused.droppedToolCallData).toBeUndefined();
  });
});
