/**
 * A stream the library hands out (`runtime.stream`, `runAgent`) gives its events once. A program
 * that loops over it a second time (to print, then to collect; after a `break`; again after a
 * failure) got an empty loop and no word, as an async generator does. The second loop now throws
 * an OpenClawError (code `usage`) saying so and where the run's result is, while reading a stream
 * once, and peeking at its first event with next() before the loop, work as before.
 */
import { describe, expect, it } from "vitest";
import {
  type AgentEvent,
  OpenClawError,
  openRuntime,
  type RuntimeEvent,
  runAgent,
} from "../src/index.js";
import { withSimulator } from "./helpers/file-simulator.js";
import { tempDir } from "./helpers/tmp.js";
import type { Simulator } from "./simulator/index.js";

let sim: Simulator;
withSimulator((started) => {
  sim = started;
});

function simulatorRuntime() {
  return openRuntime({
    config: {
      models: {
        providers: { moonshot: { baseUrl: sim.moonshotBaseUrl, apiKey: sim.keys.moonshot } },
      },
    },
    env: { OPENCLAW_STATE_DIR: tempDir() },
    retry: { maxAttempts: 1 },
  }).runtime;
}

const run = {
  model: "moonshot/kimi-k2.5",
  request: { messages: [{ role: "user" as const, content: "Hi" }] },
};

/** The types of the events a loop over `stream` sees, or the error the loop throws. */
async function loop<E extends { type: string }>(
  stream: AsyncIterable<E>,
  leaveAfter = Number.POSITIVE_INFINITY,
): Promise<string[] | OpenClawError> {
  const seen: string[] = [];
  try {
    for await (const event of stream) {
      seen.push(event.type);
      if (seen.length >= leaveAfter) break;
    }
  } catch (error) {
    expect(error).toBeInstanceOf(OpenClawError);
    return error as OpenClawError;
  }
  return seen;
}

describe("a stream read a second time", () => {
  it("runtime.stream: the second for await throws, pointing at the result event and complete()", async () => {
    const stream = simulatorRuntime().stream(run);
    const first = await loop<RuntimeEvent>(stream);
    expect(first).toContain("result");
    const second = await loop<RuntimeEvent>(stream);
    expect(second).toBeInstanceOf(OpenClawError);
    const error = second as OpenClawError;
    expect(error.code).toBe("usage");
    expect(error.where).toBe("stream");
    expect(error.message).toBe(
      "the stream runtime.stream(options) gave was read to its end: a stream's events are handed out once, so a second for await would get none",
    );
    expect(error.hint).toContain('its last event, "result", holds the run\'s result');
    expect(error.hint).toContain("runtime.complete(options)");
  });

  it("runtime.stream: a loop that left early with break makes the next loop throw too", async () => {
    const stream = simulatorRuntime().stream(run);
    expect(await loop<RuntimeEvent>(stream, 1)).toEqual(["start"]);
    const second = await loop<RuntimeEvent>(stream);
    expect((second as OpenClawError).message).toContain("was stopped by a loop that left it early");
  });

  it("runtime.stream: a refused run's stream says it failed when looped over again", async () => {
    const stream = simulatorRuntime().stream({ ...run, request: { messages: [] } });
    const first = await loop<RuntimeEvent>(stream);
    expect((first as OpenClawError).code).toBe("request.invalid");
    const second = await loop<RuntimeEvent>(stream);
    expect((second as OpenClawError).code).toBe("usage");
    expect((second as OpenClawError).message).toContain("failed, with the error its loop got");
  });

  it("a first event peeked at with next() is followed by the rest in one loop, as before", async () => {
    const stream = simulatorRuntime().stream(run)[Symbol.asyncIterator]();
    const peeked = await stream.next();
    expect(peeked.done ? undefined : peeked.value.type).toBe("start");
    const rest = await loop<RuntimeEvent>({ [Symbol.asyncIterator]: () => stream });
    expect(Array.isArray(rest) && rest.at(-1)).toBe("result");
  });

  it("runAgent: the second for await throws, pointing at next() and runAgentToEnd", async () => {
    const agent = runAgent({
      runtime: simulatorRuntime(),
      model: run.model,
      messages: run.request.messages,
    });
    const first = await loop<AgentEvent>(agent);
    expect(first).toContain("result");
    const second = await loop<AgentEvent>(agent);
    const error = second as OpenClawError;
    expect(error.code).toBe("usage");
    expect(error.where).toBe("runAgent");
    expect(error.message).toBe(
      "the stream runAgent(options) gave was read to its end: a stream's events are handed out once, so a second for await would get none",
    );
    expect(error.hint).toContain("call next() until done, or use runAgentToEnd(options, onEvent)");
  });

  it("runAgent: next() until done hands out the result, and the generator then stays done", async () => {
    const agent = runAgent({
      runtime: simulatorRuntime(),
      model: run.model,
      messages: run.request.messages,
    });
    let step = await agent.next();
    while (!step.done) step = await agent.next();
    expect(step.value.message.role).toBe("assistant");
    expect(await agent.next()).toEqual({ done: true, value: undefined });
  });
});
