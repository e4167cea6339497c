/**
 * The callbacks a run takes as an argument of its own, as plain JavaScript passes them:
 * `relay(options)` without its sink, `complete(options, { signal })` with the options split in
 * two, `runAgentToEnd(options, "x")`. Each is an OpenClawError (code `usage`, `where` the
 * argument) before anything is sent, not `TypeError: sink is not a function` at the run's first
 * event, after the request went out (or, for runSessionTurn, an onEvent silently not called).
 */
import { describe, expect, it } from "vitest";
import {
  buildCatalog,
  type ChatRequest,
  createKeyResolver,
  createRuntime,
  emptyAuthStore,
  loadConfigObject,
  OpenClawError,
  type Runtime,
  runAgentToEnd,
  runSessionTurn,
  type StreamEvent,
  type Transport,
  type TransportCall,
} from "../src/index.js";
import { customProvider } from "./helpers/custom-provider-entry.js";

const request: ChatRequest = { messages: [{ role: "user", content: "hi" }] };

/** A runtime on a transport that answers "ok", and how many calls reached it. */
function countingRuntime(): { runtime: Runtime; calls: () => number } {
  let calls = 0;
  const transport: Transport = {
    api: "openai-completions",
    async *stream(_call: TransportCall): AsyncIterable<StreamEvent> {
      calls++;
      yield { type: "text", delta: "ok" };
      yield {
        type: "done",
        finishReason: "stop",
        message: { role: "assistant", content: "ok" },
        usage: undefined,
        traceId: undefined,
      };
    },
  };
  const catalog = buildCatalog(
    loadConfigObject(
      {
        models: {
          providers: {
            lab: customProvider([{ id: "m", name: "m" }], { apiKey: "sk-upstream0000000001" }),
          },
        },
        agents: { defaults: { model: { primary: "lab/m" } } },
      },
      { env: {} },
    ),
  );
  const runtime = createRuntime({
    catalog,
    resolveKey: createKeyResolver({ store: emptyAuthStore(), env: {} }),
    transports: { "openai-completions": transport },
  });
  return { runtime, calls: () => calls };
}

async function refusal(run: () => Promise<unknown>): Promise<OpenClawError> {
  const error = await run().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(OpenClawError);
  return error as OpenClawError;
}

/** Plain JavaScript's view of a call: any argument goes. */
type Loose = (...args: unknown[]) => Promise<unknown>;

describe("a run's callback argument, given the wrong thing", () => {
  it("relay without its sink is refused naming sink, and nothing is sent", async () => {
    const { runtime, calls } = countingRuntime();
    const error = await refusal(() => (runtime.relay as Loose)({ request }));
    expect(error.code).toBe("usage");
    expect(error.where).toBe("sink");
    expect(error.message).toBe(
      "relay's second argument, sink, must be a function (event) => void, got nothing",
    );
    expect(error.hint).toContain("relay(options, (event) => { … })");
    expect(error.hint).toContain("complete(options)");
    expect(calls()).toBe(0);
    // A sink given runs as before.
    const events: string[] = [];
    const result = await runtime.relay({ request }, (event) => {
      events.push(event.type);
    });
    expect(result.message.content).toBe("ok");
    expect(events).toContain("text");
    expect(calls()).toBe(1);
  });

  it("complete given its options a second time says they all go in the first", async () => {
    const { runtime, calls } = countingRuntime();
    const signal = new AbortController().signal;
    const error = await refusal(() => (runtime.complete as Loose)({ request }, { signal }));
    expect(error.code).toBe("usage");
    expect(error.where).toBe("sink");
    expect(error.message).toContain("complete's second argument, sink, must be a function");
    expect(error.message).toContain("or left out");
    expect(error.hint).toContain("(signal, timeouts, …) in the first argument");
    const text = await refusal(() => (runtime.complete as Loose)({ request }, "x"));
    expect(text.message).toContain("got a string");
    expect(calls()).toBe(0);
    expect((await runtime.complete({ request })).message.content).toBe("ok");
  });

  it("runAgentToEnd and runSessionTurn name a second argument that is no function", async () => {
    const { runtime, calls } = countingRuntime();
    const agent = await refusal(() =>
      (runAgentToEnd as Loose)({ runtime, messages: request.messages }, "x"),
    );
    expect(agent.code).toBe("usage");
    expect(agent.where).toBe("onEvent");
    expect(agent.message).toBe(
      "runAgentToEnd's second argument, onEvent, must be a function (event) => void or left out, got a string",
    );
    const turn = await refusal(() =>
      (runSessionTurn as Loose)(
        {
          runtime,
          history: [],
          user: { role: "user", content: "hi" },
          record: () => {},
          recordUsage: () => {},
        },
        { signal: new AbortController().signal },
      ),
    );
    expect(turn.where).toBe("onEvent");
    expect(turn.message).toContain("runSessionTurn's second argument, onEvent");
    expect(turn.hint).toContain("in the first argument");
    expect(calls()).toBe(0);
  });
});
