/**
 * A tool whose `run` returns nothing (`run: ({ city }) => { log(city); }`, a side effect only) is
 * answered to the model as "(no output)", as a tool result without text is elsewhere. Before, its
 * result went as a tool message without content, and the run failed with `request.invalid` at
 * `request.messages[2].content`, a message the program never wrote, naming no tool.
 */
import { describe, expect, it } from "vitest";
import {
  type AgentTool,
  type ChatMessage,
  createToolRegistry,
  defineTool,
  openRuntime,
  runAgentToEnd,
} from "../src/index.js";
import { withSimulator } from "./helpers/file-simulator.js";
import { tempDir } from "./helpers/tmp.js";
import type { Simulator } from "./simulator/index.js";

let sim: Simulator;
withSimulator((started) => {
  sim = started;
});

/** A run on the simulator that calls `run` once (a forced tool choice), and what was added. */
async function addedWith(run: AgentTool<{ city?: string }>["run"]): Promise<ChatMessage[]> {
  const { runtime } = openRuntime({
    config: {
      models: {
        providers: { moonshot: { baseUrl: sim.moonshotBaseUrl, apiKey: sim.keys.moonshot } },
      },
    },
    env: { OPENCLAW_STATE_DIR: tempDir() },
    retry: { maxAttempts: 1 },
  });
  const tool = defineTool<{ city?: string }>({
    name: "remember_city",
    description: "Notes the city the user asked about",
    parameters: { type: "object", properties: { city: { type: "string" } } },
    run,
  });
  const result = await runAgentToEnd({
    runtime,
    model: "moonshot/kimi-k2.5",
    messages: [{ role: "user", content: "Note Beijing" }],
    tools: createToolRegistry([tool]),
    toolChoice: "required",
  });
  return result.added;
}

describe("a tool whose run returns nothing", () => {
  it("is answered as (no output) and the run goes on to the model's answer", async () => {
    const noted: string[] = [];
    const added = await addedWith(({ city }) => {
      noted.push(city ?? "");
    });
    expect(noted).toHaveLength(1);
    expect(added.map((message) => message.role)).toEqual(["assistant", "tool", "assistant"]);
    expect(added[1]).toMatchObject({ role: "tool", content: "(no output)" });
  });

  it("an async run that resolves with nothing is answered the same", async () => {
    const added = await addedWith(async () => {});
    expect(added[1]).toMatchObject({ role: "tool", content: "(no output)" });
  });

  it("a string, an object and null go as before: as they are, as JSON", async () => {
    expect((await addedWith(() => "noted"))[1]?.content).toBe("noted");
    expect((await addedWith(() => ({ saved: true })))[1]?.content).toBe('{"saved":true}');
    expect((await addedWith(() => null))[1]?.content).toBe("null");
  });
});
