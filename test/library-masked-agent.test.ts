import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createToolRegistry,
  defineTool,
  OpenClawError,
  type Runtime,
  runAgent,
  runAgentToEnd,
  runSessionTurn,
  type ToolRegistry,
} from "../src/index.js";
import {
  expectMasked,
  PASTED_KEY,
  runtimeWithKeyNamedProvider,
} from "./helpers/key-named-provider.js";
import { startSimulator } from "./simulator/index.js";
import type { Simulator } from "./simulator/types.js";

const KEY = PASTED_KEY;

/** The caller's own error, named with the key as the caller wrote it: it must come back so. */
function ownError(where: string): Error {
  return new OpenClawError("caller", `${where} failed for ${KEY}`);
}

const user = { role: "user" as const, content: "hi" };

describe("runAgent and runAgentToEnd mask a key pasted where a name goes", () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });

  const opened = () => runtimeWithKeyNamedProvider(sim);

  /** The simulator's next answer calls `ping`. */
  const callPingNext = () =>
    sim.script([{ respond: { reply: { toolCalls: [{ name: "ping", arguments: {} }] } } }]);
  const pingTools = () =>
    createToolRegistry([
      defineTool({
        name: "ping",
        description: "answers pong",
        parameters: { type: "object", properties: {}, required: [] },
        run: () => "pong",
      }),
    ]);

  it("an option named with a key is named sk-kimi-*** by both", async () => {
    const { runtime } = opened();
    const options = {
      runtime,
      messages: [user],
      [KEY]: 1,
    } as Parameters<typeof runAgentToEnd>[0];
    // Before: 'runAgent has no option "sk-kimi-abcdefgh12345678XYZsecret"'.
    for (const [call, rejected] of [
      ["runAgentToEnd", await runAgentToEnd(options).catch((error: unknown) => error)],
      [
        "runAgent",
        await runAgent(options)
          .next()
          .catch((error: unknown) => error),
      ],
    ] as const) {
      const error = expectMasked(rejected);
      expect(error.code).toBe("usage");
      expect(error.message).toBe(`${call} has no option "sk-kimi-***"`);
    }
  });

  it("a run still answers, its events and result as before", async () => {
    const { runtime } = opened();
    const events: string[] = [];
    const result = await runAgentToEnd({ runtime, messages: [user] }, (event) => {
      events.push(event.type);
    });
    expect(result.message.content).toBe("Echo: hi");
    expect(result.model).toBe("sk-kimi-***/kimi-k2.5");
    expect(events).toContain("result");
    const steps: string[] = [];
    callPingNext();
    const iterator = runAgent({
      runtime,
      messages: [user],
      tools: pingTools(),
    });
    for (;;) {
      const step = await iterator.next();
      if (step.done) {
        expect(step.value.message.content).toBe("Tool results: pong");
        break;
      }
      steps.push(step.value.type);
    }
    expect(steps).toContain("tool_result");
  });

  it("what the caller's onMessage, onResult and onEvent throw comes back as the same object", async () => {
    const { runtime } = opened();
    const fromMessage = ownError("onMessage");
    const fromResult = ownError("onResult");
    const fromEvent = ownError("onEvent");
    const thrown = [
      await runAgentToEnd({
        runtime,
        messages: [user],
        onMessage: () => {
          throw fromMessage;
        },
      }).catch((error: unknown) => error),
      await runAgentToEnd({
        runtime,
        messages: [user],
        onResult: () => {
          throw fromResult;
        },
      }).catch((error: unknown) => error),
      await runAgentToEnd({ runtime, messages: [user] }, () => {
        throw fromEvent;
      }).catch((error: unknown) => error),
    ];
    expect(thrown[0]).toBe(fromMessage);
    expect(thrown[1]).toBe(fromResult);
    expect(thrown[2]).toBe(fromEvent);
    // The first step of the generator runs the model call to its result, then onResult throws.
    const stepped = runAgent({
      runtime,
      messages: [user],
      onResult: () => {
        throw fromResult;
      },
    });
    let caught: unknown;
    try {
      for await (const _event of stepped) {
        // drained for the error
      }
    } catch (error) {
      caught = error;
    }
    expect(caught).toBe(fromResult);
    expect((caught as Error).message).toContain(KEY);
  });

  it("what the caller's tool registry rejects with, and what it throws into the generator, come back as they are", async () => {
    const { runtime } = opened();
    const fromTools = ownError("tools.run");
    const base = pingTools();
    const failing: ToolRegistry = {
      size: base.size,
      names: () => base.names(),
      definitions: () => base.definitions(),
      run: async () => {
        throw fromTools;
      },
    };
    callPingNext();
    const rejected = await runAgentToEnd({
      runtime,
      messages: [user],
      tools: failing,
    }).catch((error: unknown) => error);
    expect(rejected).toBe(fromTools);
    const intoIt = ownError("the caller's throw()");
    callPingNext();
    const iterator = runAgent({ runtime, messages: [user] });
    await iterator.next();
    expect(await iterator.throw(intoIt).catch((error: unknown) => error)).toBe(intoIt);
  });

  it("a run cancelled while the caller's tool failed keeps that tool's error as its cause, the same object", async () => {
    const { runtime } = opened();
    const base = pingTools();
    /** A registry whose tool sees the run cancelled, then fails with the caller's own error. */
    const cancelledTools = (controller: AbortController, fromTool: Error): ToolRegistry => ({
      size: base.size,
      names: () => base.names(),
      definitions: () => base.definitions(),
      run: async () => {
        controller.abort();
        throw fromTool;
      },
    });
    const failures: unknown[] = [];
    for (const how of ["runAgentToEnd", "runAgent", "runSessionTurn"] as const) {
      const controller = new AbortController();
      const fromTool = ownError(`the tool under ${how}`);
      const tools = cancelledTools(controller, fromTool);
      callPingNext();
      const options = { runtime, messages: [user], tools, signal: controller.signal };
      let rejected: unknown;
      if (how === "runAgentToEnd") {
        rejected = await runAgentToEnd(options).catch((error: unknown) => error);
      } else if (how === "runAgent") {
        try {
          for await (const _event of runAgent(options)) {
            // drained for the error
          }
        } catch (error) {
          rejected = error;
        }
      } else {
        rejected = await runSessionTurn({
          runtime,
          history: [],
          user,
          record: () => {},
          recordUsage: () => {},
          tools,
          signal: controller.signal,
        }).catch((error: unknown) => error);
      }
      expect(rejected).toBeInstanceOf(OpenClawError);
      const error = rejected as OpenClawError & { provider?: string };
      expect(error.message).toBe("cancelled while the tool ping ran");
      // The library's own error is masked; the cause is the caller's, as the caller made it.
      expect(error.provider).toBe("sk-kimi-***");
      // Before: a masked copy, so this was false.
      expect(error.cause).toBe(fromTool);
      expect((error.cause as Error).message).toContain(KEY);
      failures.push(rejected);
    }
    expect(failures).toHaveLength(3);
  });

  it("runSessionTurn too hands back what the caller's own runtime or tool registry failed with", async () => {
    // A program's own Runtime (a proxy, a fake) failing with one error object it checks for.
    const refused = ownError("the caller's runtime");
    const ownRuntime: Runtime = {
      // biome-ignore lint/correctness/useYield: it fails before its first event
      async *stream() {
        throw refused;
      },
      relay: () => Promise.reject(refused),
      complete: () => Promise.reject(refused),
    };
    const turn = {
      history: [],
      user,
      record: () => {},
      recordUsage: () => {},
    };
    // Before: a masked copy, not the caller's object.
    expect(await runSessionTurn({ runtime: ownRuntime, ...turn }).catch((e: unknown) => e)).toBe(
      refused,
    );
    const fromTools = ownError("tools.run");
    const base = pingTools();
    callPingNext();
    const rejected = await runSessionTurn({
      runtime: opened().runtime,
      ...turn,
      tools: { ...base, names: () => base.names(), run: () => Promise.reject(fromTools) },
    }).catch((e: unknown) => e);
    expect(rejected).toBe(fromTools);
  });
});
