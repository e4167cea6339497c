/**
 * Preserved thinking (`thinking: {"keep": "all"}`) gives every assistant turn a
 * `reasoning_content` slot, and fills the empty ones with "(reasoning not kept)" for a model that
 * takes "" as missing. A partial-mode prefill (a final assistant message with `partial: true`) is
 * the start of the answer being written, not an earlier turn: a reasoning_content on it would be
 * the start of the model's reasoning too. It goes as the caller wrote it, through a refusal of ""
 * and after it. Real sockets, the simulator with kimi-k2-thinking refusing "".
 */
import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../../src/providers/types.js";
import { openRuntime } from "../../src/runtime/index.js";
import { CURRENT_SIM_MODELS, RETIRED_SIM_MODELS } from "../simulator/index.js";
import { simEnvPerTest } from "./sim-env.js";

const startEnv = simEnvPerTest();

type Json = Record<string, unknown>;

/** A question answered by a tool call whose reasoning was not kept, then a new question. */
const history: ChatMessage[] = [
  { role: "user", content: "what time is it?" },
  {
    role: "assistant",
    tool_calls: [
      { id: "functions.now:0", type: "function", function: { name: "now", arguments: "{}" } },
    ],
  },
  { role: "tool", tool_call_id: "functions.now:0", content: "12:00" },
  { role: "user", content: "Name a colour." },
];

const lastSent = (body: unknown) => ((body as Json).messages as Json[]).at(-1);

describe('partial mode with preserved thinking (keep: "all")', () => {
  it("sends the prefill as written: no reasoning slot, and none filled after a refusal of empty reasoning", async () => {
    const env = await startEnv({
      sim: {
        models: [
          ...CURRENT_SIM_MODELS,
          ...RETIRED_SIM_MODELS.map((model) =>
            model.id === "kimi-k2-thinking" ? { ...model, refusesEmptyReasoning: true } : model,
          ),
        ],
      },
    });
    const { runtime } = openRuntime({ env: env.env, retry: { baseDelayMs: 20, maxDelayMs: 200 } });
    const prefill = { role: "assistant" as const, content: "My answer is", partial: true };
    const request = {
      thinking: "on" as const,
      thinkingOptions: { type: "enabled", keep: "all" },
      messages: [...history, prefill],
    };
    for (let round = 0; round < 2; round++) {
      const result = await runtime.complete({ model: "moonshot/kimi-k2-thinking", request });
      expect(result.message.content).toBe(' (continued after "My answer is")');
    }
    const sent = env.sim.chatRequests().map((call) => call.body as Json);
    // The refusal of "" on the tool-call turn, its retry filled, then the learned request.
    expect(sent.length).toBe(3);
    for (const body of sent) {
      expect(body.thinking).toEqual({ type: "enabled", keep: "all" });
      expect(lastSent(body)).toEqual(prefill);
    }
    const toolTurn = (sent[1]?.messages as Json[] | undefined)?.[1];
    expect(toolTurn?.reasoning_content).toBe("(reasoning not kept)");
  });

  it("keeps a reasoning_content the caller gave the prefill", async () => {
    const env = await startEnv();
    const { runtime } = openRuntime({ env: env.env, retry: { baseDelayMs: 20, maxDelayMs: 200 } });
    const prefill = {
      role: "assistant" as const,
      content: "My answer is",
      reasoning_content: "A colour, then.",
      partial: true,
    };
    const result = await runtime.complete({
      model: "moonshot/kimi-k2-thinking",
      request: {
        thinking: "on",
        thinkingOptions: { type: "enabled", keep: "all" },
        messages: [{ role: "user", content: "Name a colour." }, prefill],
      },
    });
    expect(result.message.content).toBe(' (continued after "My answer is")');
    expect(lastSent(env.sim.chatRequests().at(-1)?.body)).toEqual(prefill);
  });
});
