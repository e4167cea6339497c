/**
 * A sink as plain JavaScript writes it returns whatever its body does: `(event) =>
 * events.push(event)` a count, `(event) => res.write(chunk)` a boolean. Only a promise is waited
 * for; anything else means nothing. Before, such a value made every run fail with
 * `provider.network` "request to … failed: wait.catch is not a function", the request sent.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOpenAICompletionsTransport,
  type EventSink,
  openRuntime,
  type RuntimeSink,
  resolveModel,
  type StreamEvent,
} from "../src/index.js";
import { tempDir } from "./helpers/tmp.js";
import { type Simulator, startSimulator } from "./simulator/index.js";

const request = { messages: [{ role: "user" as const, content: "hi" }] };

/** What a JavaScript sink returns, which the sink types do not allow. */
function returning<S>(sink: (event: never) => unknown): S {
  return sink as S;
}

describe("a sink's return value other than a promise", () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });

  const opened = () =>
    openRuntime({
      config: {
        models: {
          providers: {
            moonshot: {
              baseUrl: sim.moonshotBaseUrl,
              apiKey: sim.keys.moonshot,
              api: "openai-completions",
              models: [{ id: "kimi-k2.5", name: "K2.5" }],
            },
          },
        },
        agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },
      },
      env: { OPENCLAW_STATE_DIR: tempDir() },
      retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
    });

  it("relay and complete with a sink returning a count or a boolean answer as with one returning nothing", async () => {
    const { runtime } = opened();
    const types: string[] = [];
    const relayed = await runtime.relay(
      { request },
      returning<RuntimeSink>((event: { type: string }) => types.push(event.type)),
    );
    expect(relayed.message.content).toBe("Echo: hi");
    expect(types).toContain("text");
    expect(types.at(-1)).toBe("result");
    const completed = await runtime.complete(
      { request },
      returning<RuntimeSink>(() => true),
    );
    expect(completed.message.content).toBe("Echo: hi");
  });

  it("a transport's run with such a sink delivers every event and resolves", async () => {
    const { catalog, resolveKey } = opened();
    const model = resolveModel(catalog, "moonshot/kimi-k2.5");
    const key = resolveKey(model);
    const transport = createOpenAICompletionsTransport();
    const events: StreamEvent[] = [];
    await transport.run?.(
      { model, request, apiKey: key?.value, stream: true },
      returning<EventSink>((event: StreamEvent) => events.push(event)),
    );
    expect(events.map((event) => event.type)).toContain("done");
  });
});
