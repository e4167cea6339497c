/**
 * The runtime as a JavaScript program uses it, against the simulator: what it refuses before
 * anything is sent (naming the field), how a cancelled or timed-out signal is reported, and
 * tools whose names Moonshot does not take as they are.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToolRegistry, defineTool, runAgentToEnd } from "../../src/agent/index.js";
import { OpenClawError } from "../../src/errors.js";
import { ProviderError } from "../../src/providers/errors.js";
import { openRuntime, type RunOptions, type Runtime } from "../../src/runtime/index.js";
import type { Simulator } from "../simulator/index.js";
import { type SimEnv, simEnvPerTest, startSimEnv } from "./sim-env.js";

let env: SimEnv;
let runtime: Runtime;
beforeAll(async () => {
  env = await startSimEnv();
  runtime = openRuntime({ env: env.env, retry: { baseDelayMs: 10, maxDelayMs: 50 } }).runtime;
});
afterAll(() => env.close());

const hi = { messages: [{ role: "user" as const, content: "hi" }] };

/** The error `complete` rejects with for options a JavaScript caller may pass. */
async function refusalOf(options: unknown): Promise<OpenClawError> {
  const error = await runtime.complete(options as RunOptions).catch((thrown: unknown) => thrown);
  expect(error).toBeInstanceOf(OpenClawError);
  return error as OpenClawError;
}

describe("what the runtime refuses before sending", () => {
  it("a bad role, content 5 and a bad thinking level each carry a hint saying what to give", async () => {
    const role = await refusalOf({ request: { messages: [{ role: "bogus", content: "hi" }] } });
    expect(role.hint).toMatch(/^use one of those roles: "user" for what a person says/);
    const content = await refusalOf({ request: { messages: [{ role: "user", content: 5 }] } });
    expect(content.hint).toBe(
      'give the text as a string, or an array of parts such as [{type: "text", text: "…"}]',
    );
    const thinking = await refusalOf({ request: { ...hi, thinking: "bogus" } });
    expect(thinking.hint).toBe("give one of those levels, or leave it out for the model's default");
  });

  it("names the field of a message, a timeout, a thinking level that cannot be right", async () => {
    const sentBefore = env.sim.chatRequests().length;
    const cases: Array<[unknown, string, RegExp]> = [
      [
        {
          request: {
            messages: [
              { role: "user", content: "2+2?" },
              { role: "assistant", content: null },
              { role: "function", name: "calc", content: "4" },
            ],
          },
        },
        "request.messages[2].role",
        /deprecated form of a tool result/,
      ],
      [{ request: { messages: [{ role: "bogus" }] } }, "request.messages[0].role", /one of/],
      [{ request: { messages: [] } }, "request.messages", /is empty/],
      [{ request: hi, timeouts: { totalMs: Number.NaN } }, "timeouts.totalMs", /got NaN/],
      [
        { request: hi, timeouts: { firstByteMs: -5 } },
        "timeouts.firstByteMs",
        /from 0 \(no limit\)/,
      ],
      [{ request: { ...hi, thinking: "bogus" } }, "request.thinking", /off, on, low/],
      [{ request: null }, "request", /must be an object/],
      [
        { request: { messages: [{ role: "user", content: 5 }] } },
        "request.messages[0].content",
        /got the number 5/,
      ],
      [
        { request: { messages: [{ role: "user", content: { text: "hi" } }] } },
        "request.messages[0].content",
        /got an object/,
      ],
      [
        {
          request: {
            messages: [
              { role: "user", content: "time?" },
              {
                role: "assistant",
                tool_calls: [
                  { id: "", type: "function", function: { name: "now", arguments: "{}" } },
                ],
              },
            ],
          },
        },
        "request.messages[1].tool_calls[0].id",
        / is empty$/,
      ],
      [
        {
          request: {
            messages: [
              { role: "user", content: "time?" },
              {
                role: "assistant",
                tool_calls: [
                  { id: "call_1", type: "function", function: { name: "now", arguments: "{}" } },
                ],
              },
              { role: "tool", tool_call_id: "", content: "noon" },
            ],
          },
        },
        "request.messages[2].tool_call_id",
        /is empty: it must be the id of the call this answers/,
      ],
      [
        { request: { messages: [{ role: "system", content: [{ type: "image_url" }] }] } },
        "request.messages[0].content[0].type",
        /must be "text"/,
      ],
    ];
    for (const [options, where, message] of cases) {
      const error = await refusalOf(options);
      expect(error.code, where).toBe("request.invalid");
      expect(error.where).toBe(where);
      expect(error.message).toContain(where);
      expect(error.message).toMatch(message);
      // Every refusal says what to do, as an OpenClawError's hint does.
      expect(error.hint, where).toMatch(/\S/);
    }
    // A stream says so on its first step, as other refusals do.
    const streamed = runtime.stream({ request: { messages: [] } } as RunOptions);
    await expect(streamed[Symbol.asyncIterator]().next()).rejects.toMatchObject({
      code: "request.invalid",
      where: "request.messages",
    });
    expect(env.sim.chatRequests()).toHaveLength(sentBefore);
  });

  it("takes a timeout of 0 as no limit, as gateway.timeouts does", async () => {
    // A streamed and a plain answer slower than nothing: 0 must not fire at once.
    env.sim.script([
      { respond: { firstByteDelayMs: 150, stream: { chunkChars: 2 }, chunkDelayMs: 20 } },
      { respond: { firstByteDelayMs: 150 } },
    ]);
    const timeouts = { firstByteMs: 0, idleMs: 0, totalMs: 0 };
    let streamed = "";
    for await (const event of runtime.stream({ request: hi, timeouts }))
      if (event.type === "text") streamed += event.delta;
    expect(streamed).not.toBe("");
    const plain = await runtime.complete({ request: hi, timeouts });
    expect(plain.finishReason).toBe("stop");
  });

  it("still takes what the runtime itself sends on: tool turns, empty assistant content, extra fields", async () => {
    const result = await runtime.complete({
      request: {
        messages: [
          { role: "user", content: "what time is it?" },
          {
            role: "assistant",
            content: null,
            tool_calls: [
              {
                id: "functions.now:0",
                type: "function",
                function: { name: "now", arguments: "{}" },
              },
            ],
          },
          {
            role: "tool",
            tool_call_id: "functions.now:0",
            content: [{ type: "text", text: "12:00" }],
          },
          { role: "user", content: [{ type: "text", text: "thanks" }] },
        ],
        thinking: "off",
        temperature: 0.5,
      },
      timeouts: { totalMs: 30_000 },
    });
    expect(result.finishReason).toBe("stop");
  });
});

describe("an option name a run does not take", () => {
  it("a misspelt signal or timeouts is refused before sending, naming it and the nearest name", async () => {
    const sentBefore = env.sim.chatRequests().length;
    const controller = new AbortController();
    const signal = await refusalOf({ request: hi, sginal: controller.signal });
    expect(signal.code).toBe("request.invalid");
    expect(signal.where).toBe("sginal");
    expect(signal.message).toBe('"sginal" is not an option of a run (did you mean signal?)');
    expect(signal.hint).toMatch(/^spell it signal, or leave it out: the options complete, stream/);
    const typo = await refusalOf({ requst: hi });
    expect(typo.message).toMatch(/"requst" is not an option of a run \(did you mean request\?\)/);
    const streamed = runtime.stream({ request: hi, timeout: 5000 } as unknown as RunOptions);
    const refusal = await (async () => {
      for await (const _ of streamed) return undefined;
    })().catch((thrown: unknown) => thrown);
    expect((refusal as OpenClawError).where).toBe("timeout");
    expect(env.sim.chatRequests().length).toBe(sentBefore);
  });

  it("two misspelt names are both named, each with its nearest option", async () => {
    const controller = new AbortController();
    const refusal = await refusalOf({ request: hi, sginal: controller.signal, timeuots: {} });
    expect(refusal.code).toBe("request.invalid");
    expect(refusal.where).toBe("sginal, timeuots");
    expect(refusal.message).toBe(
      '"sginal" (did you mean signal?), "timeuots" (did you mean timeouts?) are not options of a run',
    );
    expect(refusal.hint).toMatch(/^spell "sginal" as signal, "timeuots" as timeouts/);
  });

  it("a request field named as in an OpenAI body is refused before sending, not dropped", async () => {
    const sentBefore = env.sim.chatRequests().length;
    // Taken as given, the answer would be uncapped, or come from the default model.
    const cap = await refusalOf({ request: { ...hi, max_tokens: 5 } });
    expect(cap.code).toBe("request.invalid");
    expect(cap.where).toBe("request.max_tokens");
    expect(cap.message).toBe(
      "request.max_tokens is not a field of a request (did you mean request.maxTokens?)",
    );
    expect(cap.hint).toMatch(/^spell it maxTokens, or leave it out: the fields a request takes/);
    expect(cap.hint).toMatch(/goes in request\.extraBody$/);
    const model = await refusalOf({ request: { ...hi, model: "kimi-code/kimi-for-coding" } });
    expect(model.where).toBe("request.model");
    expect(model.hint).toBe(
      'the model is the run\'s own option, beside request: complete({model: "kimi-code/kimi-for-coding", request})',
    );
    const outside = await refusalOf({ messages: hi.messages });
    expect(outside.message).toBe('"messages" is not an option of a run (it goes inside request)');
    expect(outside.hint).toMatch(/^put messages inside request: \{request: \{messages: /);
    expect(env.sim.chatRequests().length).toBe(sentBefore);
    // What the hints say works: a field the provider takes as it is goes in extraBody.
    const answered = await runtime.complete({
      request: { ...hi, maxTokens: 50, extraBody: { n: 1 } },
    });
    expect(answered.message.content).toBe("Echo: hi");
    expect(env.sim.chatRequests().at(-1)?.body).toMatchObject({ max_tokens: 50, n: 1 });
  });

  it("a whole OpenAI body given as request is told where model and stream go, not to leave them out", async () => {
    const sentBefore = env.sim.chatRequests().length;
    const body = { model: "kimi-code/kimi-for-coding", ...hi, max_tokens: 5, stream: true };
    const refusal = await refusalOf({ request: body });
    expect(refusal.message).toBe(
      "request.model is not a field of a request, nor request.max_tokens, request.stream",
    );
    expect(refusal.where).toBe("request.model, request.max_tokens, request.stream");
    // Left out as the hint said before, the run took the default model and its answer uncapped.
    expect(refusal.hint).toMatch(
      /^request\.model: the model is the run's own option, beside request: complete\(\{model: "kimi-code\/kimi-for-coding", request\}\); request\.stream: call runtime\.stream\(options\) for a stream of events, runtime\.complete\(options\) for the whole answer; request\.max_tokens: spell it maxTokens, or leave it out: the fields a request takes are /,
    );
    expect(refusal.hint).not.toMatch(/leave out "model"|leave out "stream"/);
    expect(env.sim.chatRequests().length).toBe(sentBefore);
  });

  it("a request field named as an Object method or __proto__ (JSON read) is refused as any other", async () => {
    const sentBefore = env.sim.chatRequests().length;
    // JSON.parse makes "__proto__" an own field: the refusal threw a TypeError from complete()
    // itself ("move is not a function"), not the request.invalid a caller catches.
    const parsed: unknown = JSON.parse(
      '{"messages":[{"role":"user","content":"hi"}],"__proto__":1}',
    );
    for (const [request, name] of [
      [parsed, "__proto__"],
      [{ ...hi, toString: "x" }, "toString"],
      [{ ...hi, constructor: "x" }, "constructor"],
    ] as const) {
      const refusal = await refusalOf({ request });
      expect(refusal.code).toBe("request.invalid");
      expect(refusal.where).toBe(`request.${name}`);
      // Before: "[object Undefined]" for toString, the field's own value "x" for constructor.
      expect(refusal.hint).toMatch(/^leave it out: the fields a request takes are messages, /);
    }
    expect(env.sim.chatRequests().length).toBe(sentBefore);
  });

  it("a misspelt name inside timeouts or retry is refused before sending, not run on the defaults", async () => {
    const sentBefore = env.sim.chatRequests().length;
    // Taken as given, the run would wait 120 s for the first byte and try three times.
    const timeouts = await refusalOf({ request: hi, timeouts: { firstByte: 300 } });
    expect(timeouts.code).toBe("request.invalid");
    expect(timeouts.where).toBe("timeouts.firstByte");
    expect(timeouts.message).toBe(
      "timeouts.firstByte is not a timeout (did you mean firstByteMs?)",
    );
    expect(timeouts.hint).toBe(
      "spell it firstByteMs, or leave it out: the names timeouts takes are firstByteMs, idleMs, totalMs",
    );
    const retry = await refusalOf({ request: hi, retry: { attempts: 1, maxDelay: 5 } });
    expect(retry.where).toBe("retry.attempts, retry.maxDelay");
    expect(retry.message).toBe(
      '"attempts" (did you mean maxAttempts?), "maxDelay" (did you mean maxDelayMs?) are not retry settings',
    );
    const streamed = runtime.stream({
      request: hi,
      timeouts: { total: 1 },
    } as unknown as RunOptions);
    const refusal = await (async () => {
      for await (const _ of streamed) return undefined;
    })().catch((thrown: unknown) => thrown);
    expect((refusal as OpenClawError).where).toBe("timeouts.total");
    expect(env.sim.chatRequests().length).toBe(sentBefore);
  });
});

describe("a run stopped by its signal", () => {
  // Each on a simulator of its own: a request sent just before the signal fired may reach the
  // simulator after the test is over (on a loaded machine), where it would take another test's
  // scripted answer and be read as that test's request.
  const ownSimEnv = simEnvPerTest();
  const ownRuntime = async (): Promise<{ sim: Simulator; runtime: Runtime }> => {
    const own = await ownSimEnv();
    return { sim: own.sim, runtime: openRuntime({ env: own.env }).runtime };
  };

  it("abort(): provider.cancelled, named AbortError, with a hint", async () => {
    const { sim, runtime } = await ownRuntime();
    sim.script([{ respond: { hang: true } }]);
    const controller = new AbortController();
    const pending = runtime.complete({ request: hi, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const error = (await pending.catch((thrown: unknown) => thrown)) as ProviderError;
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.code).toBe("provider.cancelled");
    expect(error.name).toBe("AbortError");
    expect(error.hint).toMatch(/nothing to fix/);
  });

  it("AbortSignal.timeout(ms): a timeout, not a cancellation", async () => {
    const { sim, runtime } = await ownRuntime();
    sim.script([{ respond: { hang: true } }]);
    const error = (await runtime
      .complete({ request: hi, signal: AbortSignal.timeout(200) })
      .catch((thrown: unknown) => thrown)) as ProviderError;
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.code).toBe("provider.timeout");
    expect(error.message).toMatch(/deadline of the run's signal/);
    expect(error.hint).toMatch(/longer deadline/);
  });
});

describe("defineTool", () => {
  it("takes names Moonshot does not take as they are; they are sent mapped and answered as named", async () => {
    env.sim.script([
      { respond: { reply: { toolCalls: [{ name: "fs_read", arguments: { path: "a.txt" } }] } } },
      { respond: { reply: { text: "It says hello." } } },
    ]);
    const read: string[] = [];
    const tools = createToolRegistry([
      defineTool({
        name: "fs.read",
        description: "read a file",
        parameters: { type: "object", properties: { path: { type: "string" } } },
        run: (args: { path?: unknown }) => {
          read.push(String(args.path));
          return "hello";
        },
      }),
      defineTool({
        name: "12306__query-tickets",
        description: "trains",
        parameters: { type: "object", properties: {} },
        run: () => "none",
      }),
    ]);
    // Its own words, by which its request is told from any other the simulator was sent.
    const asked = "what does a.txt say? (defineTool names)";
    const result = await runAgentToEnd({
      runtime,
      messages: [{ role: "user", content: asked }],
      tools,
    });
    expect(result.message.content).toBe("It says hello.");
    expect(read).toEqual(["a.txt"]);
    const sent = env.sim.chatRequests().find((request) => {
      const body = request.body as { messages?: { content?: unknown }[] } | undefined;
      return body?.messages?.[0]?.content === asked;
    })?.body as { tools: { function: { name: string } }[] } | undefined;
    expect(sent?.tools.map((tool) => tool.function.name)).toEqual([
      "fs_read",
      "fn_12306__query-tickets",
    ]);
  });

  it("refuses only names nothing can map, saying the rule", () => {
    const tool = (name: string) => () =>
      defineTool({ name, description: "", parameters: { type: "object" }, run: () => "" });
    expect(tool("")).toThrow(/is empty/);
    expect(tool("x".repeat(65))).toThrow(/65 characters, more than 64/);
    expect(tool("read file")).toThrow(/space/);
    expect(tool("$web_search")).toThrow(/built-in tools/);
    try {
      tool("")();
    } catch (error) {
      expect((error as OpenClawError).hint).toMatch(/fs\.read.*mapped back/);
    }
  });
});
