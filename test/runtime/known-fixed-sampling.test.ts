/**
 * kimi-k2.5 takes one value of each sampling parameter (Moonshot's model parameter page:
 * temperature 1 while it thinks and 0.6 when told not to, top_p 0.95, both penalties 0). A
 * request that sends other values goes upstream once, with the values the model takes, and says
 * what it changed; before, every parameter cost a refusal and a resend of its own. Through the
 * runtime against the simulator over real sockets, counting what reached it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRuntime } from "../../src/runtime/index.js";
import type { RuntimeEvent } from "../../src/runtime/types.js";
import { tempDir } from "../helpers/tmp.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.close());

function configFor(models: Record<string, unknown>[], compat?: Record<string, unknown>) {
  return {
    models: {
      mode: "replace",
      providers: {
        moonshot: {
          baseUrl: sim.moonshotBaseUrl,
          apiKey: "${MY_MOONSHOT_KEY}",
          api: "openai-completions",
          ...(compat ? { compat } : {}),
          models,
        },
      },
    },
    agents: { defaults: { model: { primary: `moonshot/${models[0]?.id}` } } },
  };
}

const K2_5 = { id: "kimi-k2.5", name: "Kimi K2.5" };
const ALL_PARAMS = {
  messages: [{ role: "user" as const, content: "hi" }],
  temperature: 0.7,
  topP: 0.9,
  extraBody: { presence_penalty: 0.5, frequency_penalty: 0.2 },
};

interface SentSampling {
  temperature?: number;
  top_p?: number;
  presence_penalty?: number;
  frequency_penalty?: number;
}

function sentSince(before: number): SentSampling[] {
  return sim
    .chatRequests()
    .slice(before)
    .map((request) => {
      const body = request.body as SentSampling;
      return {
        temperature: body.temperature,
        top_p: body.top_p,
        presence_penalty: body.presence_penalty,
        frequency_penalty: body.frequency_penalty,
      };
    });
}

async function run(config: ReturnType<typeof configFor>, request: typeof ALL_PARAMS) {
  const { runtime } = openRuntime({
    config,
    env: { OPENCLAW_STATE_DIR: tempDir(), MY_MOONSHOT_KEY: sim.keys.moonshot },
  });
  const events: RuntimeEvent[] = [];
  const result = await runtime.complete({ request }, (event) => {
    events.push(event);
  });
  const notes = events.flatMap((event) =>
    event.type === "start" ? [...(event.adjustments ?? [])] : [],
  );
  return { result, notes, events };
}

describe("kimi-k2.5's fixed sampling values, known before the first request", () => {
  it("sends a request with every sampling parameter once, with the values it takes, and says so", async () => {
    const before = sim.chatRequests().length;
    const { result, notes, events } = await run(configFor([K2_5]), ALL_PARAMS);
    expect(result.message.content).toBeTruthy();
    expect([result.corrections, result.retries]).toEqual([undefined, 0]);
    // It thinks unless told not to: temperature 1.
    expect(sentSince(before)).toEqual([
      { temperature: 1, top_p: 0.95, presence_penalty: 0, frequency_penalty: 0 },
    ]);
    expect(events.filter((event) => event.type === "retry")).toEqual([]);
    expect(notes).toEqual([
      'temperature 0.7 sent as 1, top_p 0.9 as 0.95, presence_penalty 0.5 as 0, frequency_penalty 0.2 as 0: the only values moonshot/kimi-k2.5 takes while it thinks (Moonshot fixes them; compat.fixedSampling "none" sends them as asked)',
    ]);
  });

  it("sends 0.6 when told not to think", async () => {
    const before = sim.chatRequests().length;
    const { notes } = await run(configFor([K2_5]), { ...ALL_PARAMS, thinking: "off" } as never);
    expect(sentSince(before)).toEqual([
      { temperature: 0.6, top_p: 0.95, presence_penalty: 0, frequency_penalty: 0 },
    ]);
    expect(notes).toContainEqual(
      expect.stringContaining(
        "temperature 0.7 sent as 0.6, top_p 0.9 as 0.95, presence_penalty 0.5 as 0, frequency_penalty 0.2 as 0: the only values moonshot/kimi-k2.5 takes with thinking off",
      ),
    );
  });

  it("leaves a model the catalog does not know to learn from its refusals, once", async () => {
    // The simulator gives kimi-k2.6 kimi-k2.5's rules; openclaw has no source for its values.
    const config = configFor([{ id: "kimi-k2.6", name: "Kimi K2.6" }]);
    const { runtime } = openRuntime({
      config,
      env: { OPENCLAW_STATE_DIR: tempDir(), MY_MOONSHOT_KEY: sim.keys.moonshot },
    });
    const before = sim.chatRequests().length;
    const first = await runtime.complete({ request: ALL_PARAMS });
    // One refusal per value the simulator names, then the answer.
    expect(
      first.corrections?.map((correction) =>
        "corrected" in correction ? correction.corrected.param : undefined,
      ),
    ).toEqual(["temperature", "top_p", "presence_penalty", "frequency_penalty"]);
    expect(sentSince(before)).toHaveLength(5);
    const again = sim.chatRequests().length;
    await runtime.complete({ request: ALL_PARAMS });
    expect(sentSince(again)).toEqual([
      { temperature: 1, top_p: 0.95, presence_penalty: 0, frequency_penalty: 0 },
    ]);
  });

  it("puts right every refusal of one request: four sampling values and thinking.keep", async () => {
    // With the known values off, kimi-k2.5 refuses each value and then preserved thinking
    // (thinking.keep, kimi-k2.6's option): five corrections, each learned, then the answer.
    const config = configFor([K2_5], { fixedSampling: "none" });
    const before = sim.chatRequests().length;
    const { result } = await run(config, {
      ...ALL_PARAMS,
      thinking: "off",
      thinkingOptions: { keep: "all" },
    } as never);
    expect(result.message.content).toBeTruthy();
    expect(sentSince(before)).toHaveLength(6);
    expect(sentSince(before).at(-1)).toEqual({
      temperature: 0.6,
      top_p: 0.95,
      presence_penalty: 0,
      frequency_penalty: 0,
    });
  });
});
