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
  it("sends a named function on the first call (thinking off, so Moonshot keeps it), then auto", async () => {
    const env = await startEnv();
    const { runtime } = openRuntime({ env: env.env });
    const result = await runAgentToEnd({
      runtime,
      messages: [{ role: "user", content: "Weather in Beijing?" }],
      tools: weatherTools(),
      toolChoice: { type: "function", function: { name: "get_weather" } },
    });
    const sent = env.sim.chatRequests().map((request) => request.body as SentBody);
    // The second round may take two requests: it thinks (kimi-k2.5's default), and Moonshot then
    // wants reasoning_content on the first round's tool-call turn, which the runtime adds.
    expect(sent.length).toBeGreaterThanOrEqual(2);
    expect(sent[0]).toMatchObject({
      tool_choice: { type: "function", function: { name: "get_weather" } },
      thinking: { type: "disabled" },
    });
    // Forced again, the model could never answer: the second call leaves it to the model.
    expect(sent.slice(1).map((body) => body.tool_choice)).toEqual(sent.slice(1).map(() => "auto"));
    expect(result.failedAttempts).toEqual([]);
    expect(result.rounds).toBe(2);
    expect(result.roundsExhausted).toBe(false);
    expect(result.added[0]).toMatchObject({
      role: "assistant",
      tool_calls: [{ function: { name: "get_weather" } }],
    });
    expect(result.added[1]).toMatchObject({ role: "tool", content: "sunny" });
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
