/**
 * Tool calls whose streamed fragments an upstream interleaves (call 0's arguments, call 1's,
 * call 0's again, told apart by `index`), read by the library against the simulator over real
 * sockets: each `tool_call` event, which the types promise is a whole call, carries its whole
 * arguments, and the agent loop runs each tool with them and sends them back in index order.
 */
import { describe, expect, it } from "vitest";
import {
  type AgentEvent,
  createToolRegistry,
  defineTool,
  runAgent,
} from "../../src/agent/index.js";
import { openRuntime, type RuntimeEvent } from "../../src/runtime/index.js";
import type { SimEnv } from "./sim-env.js";
import { simEnvPerTest } from "./sim-env.js";

const setup = simEnvPerTest();

const PARIS = { tz: "Europe/Paris", note: "the office in Paris, for the morning call" };
const TOKYO = { tz: "Asia/Tokyo", note: "the plant in Tokyo, before it closes" };
const LIMA = { tz: "America/Lima", note: "the warehouse in Lima" };

/** Round 1: two calls, interleaved; round 2: one more call; round 3: the answer. */
function scriptTwoToolRounds(sim: SimEnv["sim"]): void {
  sim.script([
    {
      respond: {
        reply: {
          toolCalls: [
            { name: "get_time", arguments: PARIS },
            { name: "get_time", arguments: TOKYO },
          ],
        },
        stream: { chunkChars: 4, interleaveToolCalls: true },
      },
    },
    {
      respond: {
        reply: { toolCalls: [{ name: "get_time", arguments: LIMA }] },
        stream: { chunkChars: 4 },
      },
    },
    { respond: { reply: { text: "It is noon everywhere." } } },
  ]);
}

/** The arguments of every `tool_call` event, parsed (a cut one does not parse). */
function toolCallArguments(events: readonly (RuntimeEvent | AgentEvent)[]): unknown[] {
  return events.flatMap((event) =>
    event.type === "tool_call" ? [JSON.parse(event.toolCall.function.arguments)] : [],
  );
}

describe("interleaved tool-call fragments, read by the library", () => {
  it("give tool_call events with whole arguments, and a message with the calls in index order", async () => {
    const env = await setup();
    scriptTwoToolRounds(env.sim);
    const { runtime } = openRuntime({ env: env.env });
    const events: RuntimeEvent[] = [];
    for await (const event of runtime.stream({
      request: {
        messages: [{ role: "user", content: "What time is it in Paris and Tokyo?" }],
        tools: [
          { type: "function", function: { name: "get_time", parameters: { type: "object" } } },
        ],
      },
    }))
      events.push(event);
    // Each call once, whole, whichever closed first.
    expect(toolCallArguments(events)).toHaveLength(2);
    expect(toolCallArguments(events)).toEqual(expect.arrayContaining([PARIS, TOKYO]));
    const result = events.flatMap((event) => (event.type === "result" ? [event.result] : []))[0];
    expect(
      result?.message.tool_calls?.map((call) => [call.id, JSON.parse(call.function.arguments)]),
    ).toEqual([
      ["functions.get_time:0", PARIS],
      ["functions.get_time:1", TOKYO],
    ]);
  });

  it("let the agent loop run each tool with its whole arguments through two rounds", async () => {
    const env = await setup();
    scriptTwoToolRounds(env.sim);
    const { runtime } = openRuntime({ env: env.env });
    const ran: unknown[] = [];
    const tools = createToolRegistry([
      defineTool({
        name: "get_time",
        description: "The time in a time zone",
        parameters: { type: "object", properties: { tz: { type: "string" } } },
        run: (args) => {
          ran.push(args);
          return "12:00";
        },
      }),
    ]);
    const run = runAgent({
      runtime,
      messages: [{ role: "user", content: "What time is it in Paris, Tokyo and Lima?" }],
      tools,
    });
    const events: AgentEvent[] = [];
    let step = await run.next();
    while (!step.done) {
      events.push(step.value);
      step = await run.next();
    }
    expect(step.value.message.content).toBe("It is noon everywhere.");
    expect(step.value.rounds).toBe(3);
    expect(ran).toEqual([PARIS, TOKYO, LIMA]);
    expect(toolCallArguments(events)).toHaveLength(3);
    expect(toolCallArguments(events)).toEqual(expect.arrayContaining([PARIS, TOKYO, LIMA]));
    // The second request gives the first round back as it was meant: both calls whole, in order.
    const second = env.sim.chatRequests()[1]?.body as {
      messages: { role: string; tool_calls?: { function: { arguments: string } }[] }[];
    };
    const turn = second.messages.find((message) => message.role === "assistant");
    expect(turn?.tool_calls?.map((call) => JSON.parse(call.function.arguments))).toEqual([
      PARIS,
      TOKYO,
    ]);
  });
});
