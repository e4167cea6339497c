/**
 * The output limit cuts the model's turn while it writes its tool calls (the simulator honours
 * max_tokens as the real API does): the last call's arguments stop part-way. The agent loop runs
 * none of the calls (not the half one, which could do what the model did not ask for, nor those
 * before it), answers each with a result saying why, and returns `toolCallsCut: true` with the
 * finish reason `length` on the last result; the conversation it leaves is one the API takes.
 * A cut plain answer is reachable too: `finishReason` "length". The package entry's
 * `openRuntime` against the simulator over real sockets.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ChatMessage,
  createToolRegistry,
  defineTool,
  openRuntime,
  type Runtime,
  runAgentToEnd,
} from "../../src/index.js";
import { tempDir } from "../helpers/tmp.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;
let runtime: Runtime;
beforeAll(async () => {
  sim = await startSimulator();
  runtime = openRuntime({
    config: {
      models: {
        providers: {
          moonshot: {
            baseUrl: sim.moonshotBaseUrl,
            apiKey: sim.keys.moonshot,
            api: "openai-completions",
            models: [{ id: "kimi-k2.5", name: "Kimi K2.5", input: ["text"], maxTokens: 8192 }],
          },
        },
      },
      agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },
    },
    env: { OPENCLAW_STATE_DIR: tempDir("tool-calls-cut-") },
    retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
  }).runtime;
});
afterAll(() => sim.close());

const NOT_RUN =
  "error: not run: your answer was cut off at the output limit (max_tokens) while you wrote the tool calls, so none of them ran";

function writeTools(runs: string[]) {
  return createToolRegistry([
    defineTool<{ path: string; text?: string }>({
      name: "write_note",
      description: "Writes a note",
      parameters: {
        type: "object",
        properties: { path: { type: "string" }, text: { type: "string" } },
        required: ["path"],
      },
      run: ({ path }) => {
        runs.push(path);
        return "written";
      },
    }),
  ]);
}

describe("a tool-call turn cut at the output limit", () => {
  it("runs no call, answers each as not run, and says toolCallsCut", async () => {
    sim.script([
      {
        respond: {
          reply: {
            toolCalls: [
              { name: "write_note", arguments: { path: "a.txt" } },
              { name: "write_note", arguments: { path: "b.txt", text: "a long note to write" } },
            ],
          },
        },
      },
    ]);
    const runs: string[] = [];
    const messages: ChatMessage[] = [{ role: "user", content: "write two notes" }];
    // Thinking off: the first call (4 + 4 tokens) fits whole, the second stops in its arguments.
    const result = await runAgentToEnd({
      runtime,
      messages,
      tools: writeTools(runs),
      thinking: "off",
      maxTokens: 16,
    });
    expect(runs).toEqual([]);
    expect(result.toolCallsCut).toBe(true);
    expect(result.roundsExhausted).toBe(false);
    expect(result.rounds).toBe(1);
    expect(result.results.at(-1)?.finishReason).toBe("length");
    const calls = result.message.tool_calls ?? [];
    expect(calls.map((call) => call.function.arguments)).toEqual([
      '{"path":"a.txt"}',
      '{"path":"b.txt",',
    ]);
    expect(result.added.slice(1)).toEqual(
      calls.map((call) => ({
        role: "tool",
        tool_call_id: call.id,
        name: "write_note",
        content: NOT_RUN,
      })),
    );

    // The conversation goes on as it is: with room, the model answers.
    const next = await runAgentToEnd({
      runtime,
      messages: [...messages, ...result.added, { role: "user", content: "go on" }],
      tools: writeTools(runs),
      thinking: "off",
    });
    expect(next.toolCallsCut).toBe(false);
    expect(next.results[0]?.finishReason).toBe("stop");
  });

  it("a cut plain answer: finishReason length, the text that fitted", async () => {
    const answer = await runtime.complete({
      request: {
        messages: [{ role: "user", content: "hi there, a long story please" }],
        thinking: "off",
        maxTokens: 3,
      },
    });
    expect(answer.finishReason).toBe("length");
    expect(answer.message.content).toBe("Echo: hi the");
    expect(answer.usage?.completionTokens).toBe(3);
  });
});
