/**
 * `runAgent`'s `toolChoice`, against the simulator: what Moonshot receives as `tool_choice` on
 * each model call, and the choices refused before anything is sent.
 */
import { describe, expect, it } from "vitest";
import {
  createToolRegistry,
  defineTool,
  runAgentToEnd,
  type ToolRegistry,
} from "../../src/agent/index.js";
import { isOpenClawError } from "../../src/errors.js";
import type { ToolChoice } from "../../src/providers/types.js";
import { openRuntime } from "../../src/runtime/index.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const startEnv = simEnvPerTest();

function weatherTools(): ToolRegistry {
  return createToolRegistry([
    defineTool<{ city?: string }>({
      name: "get_weather",
      description: "Today's weather in a city",
      parameters: { type: "object", properties: { city: { type: "string" } } },
      run: () => "sunny",
    }),
    defineTool({
      name: "get_time",
      description: "The time now",
      parameters: { type: "object", properties: {} },
      run: () => "12:00",
    }),
  ]);
}

interface SentBody {
  tool_choice?: unknown;
  thinking?: unknown;
}

function firstBody(requests: readonly { body: unknown }[]): SentBody {
  return (requests[0]?.body ?? {}) as SentBody;
}

describe("runAgent's toolChoice", () => {
  it("sends a named function on the first call (thinking off, so Moonshot keeps it), then auto, in two requests", async () => {
    const env = await startEnv();
    const { runtime } = openRuntime({ env: env.env });
    const tools = weatherTools();
    const result = await runAgentToEnd({
      runtime,
      messages: [{ role: "user", content: "Weather in Beijing?" }],
      tools,
      toolChoice: { type: "function", function: { name: "get_weather" } },
    });
    const common = {
      model: "kimi-k2.5",
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 8192,
      tools: tools.definitions().map((tool) => ({
        ...tool,
        function: {
          ...tool.function,
          parameters: { ...tool.function.parameters, required: [] },
        },
      })),
    };
    const call = {
      id: "functions.get_weather:0",
      type: "function",
      function: { name: "get_weather", arguments: "{}" },
    };
    // One request per round: the second thinks (kimi-k2.5's default), and the first round's
    // tool-call turn, made with thinking off, goes with an empty reasoning_content from the start,
    // so Moonshot takes it without refusing it first.
    expect(env.sim.chatRequests().map((request) => request.body)).toEqual([
      {
        ...common,
        messages: [{ role: "user", content: "Weather in Beijing?" }],
        thinking: { type: "disabled" },
        tool_choice: { type: "function", function: { name: "get_weather" } },
      },
      {
        ...common,
        messages: [
          { role: "user", content: "Weather in Beijing?" },
          { role: "assistant", reasoning_content: "", tool_calls: [call] },
          {
            role: "tool",
            tool_call_id: "functions.get_weather:0",
            content: "sunny",
            name: "get_weather",
          },
        ],
        // Forced again, the model could never answer: the second call leaves it to the model.
        tool_choice: "auto",
      },
    ]);
    expect(result.corrections).toEqual([]);
    expect(result.failedAttempts).toEqual([]);
    expect(result.rounds).toBe(2);
    expect(result.roundsExhausted).toBe(false);
    expect(result.added.slice(0, 2)).toEqual([
      { role: "assistant", content: "", reasoning_content: "", tool_calls: [call] },
      {
        role: "tool",
        tool_call_id: "functions.get_weather:0",
        name: "get_weather",
        content: "sunny",
      },
    ]);
    // The answer comes from the model thinking, as it does unless told not to.
    expect(result.message.reasoning_content).not.toBe("");
  });

  it('sends "none" on every call, and "auto" in place of "required" when thinking is asked for', async () => {
    const env = await startEnv();
    const { runtime } = openRuntime({ env: env.env });
    const none = await runAgentToEnd({
      runtime,
      messages: [{ role: "user", content: "Hi" }],
      tools: weatherTools(),
      toolChoice: "none",
    });
    expect(none.rounds).toBe(1);
    expect(firstBody(env.sim.chatRequests()).tool_choice).toBe("none");

    env.sim.reset();
    const adjustments: string[] = [];
    await runAgentToEnd(
      {
        runtime,
        model: "moonshot/kimi-k2-thinking",
        messages: [{ role: "user", content: "Hi" }],
        tools: weatherTools(),
        toolChoice: "required",
        thinking: "on",
      },
      (event) => {
        if (event.type === "start") adjustments.push(...(event.adjustments ?? []));
      },
    );
    // Moonshot refuses forced tool use while thinking: sent as "auto", and the run says so.
    expect(firstBody(env.sim.chatRequests()).tool_choice).toBe("auto");
    expect(adjustments.join("\n")).toContain('tool_choice "required" sent as "auto"');
  });

  it("refuses, before anything is sent, a function the tools lack and a forced choice without tools", async () => {
    const env = await startEnv();
    const { runtime } = openRuntime({ env: env.env });
    const refusal = async (toolChoice: ToolChoice, tools?: ToolRegistry) => {
      try {
        await runAgentToEnd({
          runtime,
          messages: [{ role: "user", content: "Hi" }],
          ...(tools ? { tools } : {}),
          toolChoice,
        });
      } catch (error) {
        if (isOpenClawError(error)) return error.toJSON();
        throw error;
      }
      throw new Error("runAgent took the choice");
    };
    expect(
      await refusal({ type: "function", function: { name: "get_wether" } }, weatherTools()),
    ).toEqual({
      code: "request.invalid",
      message:
        'toolChoice names function "get_wether", which is not among the run\'s tools (get_weather, get_time)',
      where: "toolChoice.function.name",
      hint: "name one of the run's tools",
    });
    expect(await refusal("required")).toMatchObject({
      message: 'toolChoice "required" but the run has no tools',
      where: "toolChoice",
    });
    expect(env.sim.chatRequests()).toHaveLength(0);
  });
});
