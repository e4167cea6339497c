import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AgentEvent,
  openRuntime,
  type RunResult,
  type RuntimeEvent,
  runAgentToEnd,
  runSessionTurn,
} from "../src/index.js";
import { tempDir } from "./helpers/tmp.js";
import { type Simulator, startSimulator } from "./simulator/index.js";

// A key pasted as a provider's name: the provider works, so its runs answer and name it.
const KEY = "sk-kimi-abcdefgh12345678XYZsecret";
const SECRET = "abcdefgh12345678";
const MASKED_REF = "sk-kimi-***/kimi-k2.5";
const request = { messages: [{ role: "user" as const, content: "hi" }] };

/** Whatever a program would log of a result or event (JSON.stringify) holds no key. */
function expectNoKey(value: unknown): void {
  expect(JSON.stringify(value).toLowerCase()).not.toContain(SECRET.toLowerCase());
}

describe("the library's run results name a key-shaped provider sk-kimi-***, as agent --json does", () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });

  /** The key-named provider first; `other` (the same simulator) as its fallback. */
  const opened = () => {
    const provider = {
      baseUrl: sim.moonshotBaseUrl,
      apiKey: sim.keys.moonshot,
      api: "openai-completions",
      models: [{ id: "kimi-k2.5", name: "K2.5" }],
    };
    return openRuntime({
      config: {
        models: { providers: { [KEY]: provider, other: provider } },
        agents: {
          defaults: { model: { primary: `${KEY}/kimi-k2.5`, fallbacks: ["other/kimi-k2.5"] } },
        },
      },
      env: { OPENCLAW_STATE_DIR: tempDir() },
      retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
    });
  };

  it("complete, relay and stream give model and requestedModel sk-kimi-***/kimi-k2.5, and no event of theirs holds the key", async () => {
    const { runtime } = opened();
    const asked = { model: `${KEY}/kimi-k2.5`, request };
    const events: RuntimeEvent[] = [];
    const completed = await runtime.complete(asked, (event) => void events.push(event));
    const relayed = await runtime.relay(asked, (event) => void events.push(event));
    for await (const event of runtime.stream(asked)) events.push(event);
    for (const result of [completed, relayed]) {
      expect(result.model).toBe(MASKED_REF);
      expect(result.requestedModel).toBe(MASKED_REF);
      expect(result.message.content).toBe("Echo: hi");
      expectNoKey(result);
    }
    const streamed = events.at(-1);
    expect(streamed?.type === "result" ? streamed.result.model : undefined).toBe(MASKED_REF);
    expectNoKey(events);
  });

  it("a fallback's result, failed attempt and fallback event name the provider sk-kimi-***", async () => {
    const { runtime } = opened();
    sim.failNext(1, "server");
    const events: RuntimeEvent[] = [];
    const result = await runtime.complete({ request }, (event) => void events.push(event));
    expect(result.model).toBe("other/kimi-k2.5");
    expect(result.fallbackFrom).toBe(MASKED_REF);
    expect(result.failedAttempts.map((attempt) => attempt.model)).toEqual([MASKED_REF]);
    const fallback = events.find((event) => event.type === "fallback");
    expect(fallback?.type === "fallback" ? [fallback.from, fallback.to] : []).toEqual([
      MASKED_REF,
      "other/kimi-k2.5",
    ]);
    expectNoKey(result);
    expectNoKey(events);
  });

  it("runAgentToEnd's and runSessionTurn's results, events and recorded usage name it sk-kimi-***", async () => {
    const { runtime } = opened();
    const agentEvents: AgentEvent[] = [];
    const agent = await runAgentToEnd(
      { runtime, messages: request.messages },
      (event) => void agentEvents.push(event),
    );
    expect(agent.model).toBe(MASKED_REF);
    expectNoKey(agent);
    expectNoKey(agentEvents);
    const usage: RunResult[] = [];
    const turn = await runSessionTurn({
      runtime,
      history: [],
      user: { role: "user", content: "hi" },
      record: () => {},
      recordUsage: (run) => void usage.push(run),
    });
    expect(turn.model).toBe(MASKED_REF);
    expect(usage.map((run) => run.model)).toEqual([MASKED_REF]);
    expectNoKey(turn);
  });
});
