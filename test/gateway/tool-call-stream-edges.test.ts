/**
 * Streamed tool calls an OpenAI-compatible upstream sends in shapes Moonshot does not: a call
 * with no arguments or arguments that are not an object, two JSON values in one call's
 * arguments, calls begun out of index order, reasoning between a call's fragments. The upstream
 * is a small loopback server sending exactly the chunks each test gives (the simulator builds
 * its own); the clients are the official Anthropic and OpenAI SDKs.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customProvider } from "../helpers/custom-provider-entry.js";
import { sseEvents } from "./anthropic-grammar.js";
import { GATEWAY_TOKEN, type GatewayEnv, postMessages, startGatewayEnv } from "./harness.js";

type Json = Record<string, unknown>;

/** A step of the upstream's stream: a chunk's delta, or a wait until the test says go on. */
type Step = Json | { waitFor: Promise<void> };

interface RawUpstream {
  url: string;
  /** The chat-completion request bodies it got, in order. */
  requests: Json[];
  /** The steps of the next answer (each request takes the next script). */
  script(...answers: Step[][]): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Json> {
  let text = "";
  for await (const piece of req) text += String(piece);
  return JSON.parse(text) as Json;
}

/** The steps' deltas as one completion, for a request that does not stream. */
function wholeAnswer(steps: Step[]): Json {
  let content = "";
  let reasoning = "";
  const calls = new Map<number, { id: string; name: string; args: string }>();
  for (const step of steps) {
    if ("waitFor" in step) continue;
    content += typeof step.content === "string" ? step.content : "";
    reasoning += typeof step.reasoning_content === "string" ? step.reasoning_content : "";
    for (const part of (step.tool_calls ?? []) as {
      index: number;
      id?: string;
      function?: { name?: string; arguments?: string };
    }[]) {
      const known = calls.get(part.index) ?? { id: "", name: "", args: "" };
      known.id ||= part.id ?? "";
      known.name ||= part.function?.name ?? "";
      known.args += part.function?.arguments ?? "";
      calls.set(part.index, known);
    }
  }
  const toolCalls = [...calls.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, made]) => ({
      id: made.id,
      type: "function",
      function: { name: made.name, arguments: made.args },
    }));
  return {
    id: "c1",
    object: "chat.completion",
    model: "tools-model",
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content,
          ...(reasoning ? { reasoning_content: reasoning } : {}),
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        finish_reason: toolCalls.length > 0 ? "tool_calls" : "stop",
      },
    ],
    usage: { prompt_tokens: 20, completion_tokens: 10, total_tokens: 30 },
  };
}

async function startRawUpstream(): Promise<RawUpstream> {
  const requests: Json[] = [];
  const answers: Step[][] = [];
  const server: Server = createServer(async (req, res) => {
    if (req.method === "GET") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ object: "list", data: [{ id: "tools-model", object: "model" }] }));
      return;
    }
    const body = await readBody(req);
    requests.push(body);
    const steps = answers.shift() ?? [{ content: "nothing scripted" }];
    if (body.stream !== true) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(wholeAnswer(steps)));
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream" });
    const send = (choice: Json) =>
      res.write(
        `data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", model: "tools-model", choices: [{ index: 0, ...choice }] })}\n\n`,
      );
    send({ delta: { role: "assistant", content: "" }, finish_reason: null });
    for (const step of steps) {
      if ("waitFor" in step) await step.waitFor;
      else send({ delta: step, finish_reason: null });
    }
    send({
      delta: {},
      finish_reason: "tool_calls",
      usage: { prompt_tokens: 20, completion_tokens: 10, total_tokens: 30 },
    });
    res.end("data: [DONE]\n\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (...scripted) => answers.push(...scripted),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let upstream: RawUpstream;
let env: GatewayEnv;

beforeAll(async () => {
  upstream = await startRawUpstream();
  env = await startGatewayEnv({
    extraProviders: {
      raw: customProvider(
        [{ id: "tools-model", name: "Tools Model", reasoning: true, input: ["text"] }],
        { baseUrl: upstream.url, apiKey: "raw-upstream-key-0001" },
      ),
    },
  });
});
afterAll(async () => {
  await env?.close();
  await upstream?.close();
});

const MODEL = "raw/tools-model";

/** A tool-call delta: the call's head (with `id`, naming it) or a fragment of its arguments. */
function call(index: number, args: string, id?: string): Json {
  return {
    tool_calls: [
      {
        index,
        ...(id ? { id, type: "function", function: { name: "get_time", arguments: args } } : {}),
        ...(id ? {} : { function: { arguments: args } }),
      },
    ],
  };
}

/**
 * A gate the upstream waits at: opened by the test once its client saw what it waits for, or
 * after a while so that a gateway that holds it back still ends (the test then fails on what
 * it saw, not on the time).
 */
function gate(): { step: Step; open(): void; opened: () => boolean } {
  let open = () => {};
  let isOpen = false;
  const waitFor = new Promise<void>((resolve) => {
    open = () => {
      isOpen = true;
      resolve();
    };
    setTimeout(open, 4000).unref();
  });
  return { step: { waitFor }, open: () => open(), opened: () => isOpen };
}

const tool = {
  name: "get_time",
  description: "The current time in a time zone",
  input_schema: { type: "object" as const, properties: { tz: { type: "string" } } },
};

const question = {
  model: MODEL,
  max_tokens: 256,
  tools: [tool],
  messages: [{ role: "user" as const, content: "What time is it?" }],
};

describe("a call whose arguments are empty or not an object", () => {
  // Call 0's arguments: none at all, a bare string, an array. Call 1 follows it, and the
  // upstream waits (its stream still open) until the client has seen call 1 begin.
  for (const args of ["", '"x"', "[1,2]"]) {
    it(`does not hold back the next call on /v1/messages (arguments ${JSON.stringify(args)}), and its input is {} as unstreamed`, async () => {
      const wait = gate();
      upstream.script([
        call(0, "", "call_a"),
        ...(args === "" ? [] : [call(0, args)]),
        call(1, "", "call_b"),
        call(1, '{"tz": '),
        call(1, '"UTC"}'),
        wait.step,
      ]);
      let secondBeganLive: boolean | undefined;
      const stream = env.anthropic().messages.stream(question);
      stream.on("streamEvent", (event) => {
        if (event.type === "content_block_start" && event.content_block.type === "tool_use")
          if (event.content_block.id === "call_b") {
            secondBeganLive = !wait.opened();
            wait.open();
          }
      });
      const message = await stream.finalMessage();
      expect(secondBeganLive).toBe(true);
      expect(
        message.content.map((block) =>
          block.type === "tool_use" ? { id: block.id, input: block.input } : block.type,
        ),
      ).toEqual([
        { id: "call_a", input: {} },
        { id: "call_b", input: { tz: "UTC" } },
      ]);

      // The same answer not streamed: the same inputs.
      upstream.script([
        call(0, "", "call_a"),
        ...(args === "" ? [] : [call(0, args)]),
        call(1, "", "call_b"),
        call(1, '{"tz": "UTC"}'),
      ]);
      const whole = await env.anthropic().messages.create(question);
      expect(
        whole.content.map((block) => (block.type === "tool_use" ? block.input : block.type)),
      ).toEqual([{}, { tz: "UTC" }]);
    });
  }

  it("does not hold back the next call on /v1/responses", async () => {
    const wait = gate();
    upstream.script([
      call(0, "", "call_a"),
      call(1, "", "call_b"),
      call(1, '{"tz": "UTC"}'),
      wait.step,
    ]);
    let secondBeganLive: boolean | undefined;
    const stream = env.client().responses.stream({
      model: MODEL,
      input: "What time is it?",
      tools: [{ type: "function", name: "get_time", parameters: tool.input_schema, strict: false }],
    });
    stream.on("response.output_item.added", (event) => {
      if (event.item.type === "function_call" && event.item.call_id === "call_b") {
        secondBeganLive = !wait.opened();
        wait.open();
      }
    });
    const response = await stream.finalResponse();
    expect(secondBeganLive).toBe(true);
    expect(
      response.output.map((item) =>
        item.type === "function_call" ? [item.call_id, item.arguments] : item.type,
      ),
    ).toEqual([
      ["call_a", "{}"],
      ["call_b", '{"tz": "UTC"}'],
    ]);
  });
});

describe("a call with no arguments on /v1/responses", () => {
  const REASONING = "No zone asked: the local clock.";
  const tools = [
    { type: "function" as const, name: "get_time", parameters: tool.input_schema, strict: false },
  ];
  const noArguments = () => [{ reasoning_content: REASONING }, call(0, "", "call_a")];

  it("has arguments {} (JSON a client can parse) streamed, not streamed and stored, and replayed gets its reasoning back", async () => {
    const client = env.client();
    upstream.script(noArguments());
    const stream = client.responses.stream({ model: MODEL, input: "What time is it?", tools });
    let joinedDeltas = "";
    const doneArguments: string[] = [];
    stream.on("response.function_call_arguments.delta", (event) => {
      joinedDeltas += event.delta;
    });
    stream.on("response.function_call_arguments.done", (event) => {
      doneArguments.push(event.arguments);
    });
    const streamed = await stream.finalResponse();
    const streamedCall = streamed.output.find((item) => item.type === "function_call");
    expect(streamedCall?.arguments).toBe("{}");
    expect(JSON.parse(streamedCall?.arguments ?? "")).toEqual({});
    // What a client joins from the deltas is what the done event and the item say.
    expect(joinedDeltas).toBe("{}");
    expect(doneArguments).toEqual(["{}"]);

    upstream.script(noArguments());
    const whole = await client.responses.create({
      model: MODEL,
      input: "What time is it?",
      tools,
      store: true,
    });
    const wholeCall = whole.output.find((item) => item.type === "function_call");
    expect(wholeCall?.arguments).toBe("{}");
    const stored = await client.responses.retrieve(whole.id);
    expect(stored.output.find((item) => item.type === "function_call")?.arguments).toBe("{}");

    // A client that drops reasoning items sends the call back as it got it: still the turn
    // the gateway remembers, so the upstream gets the turn's reasoning.
    upstream.script([{ content: "Noon." }]);
    await client.responses.create({
      model: MODEL,
      tools,
      input: [
        { role: "user", content: "What time is it?" },
        { type: "function_call", call_id: "call_a", name: "get_time", arguments: "{}" },
        { type: "function_call_output", call_id: "call_a", output: "12:00" },
      ],
    });
    const last = upstream.requests.at(-1) as { messages: Json[] };
    const replayed = last.messages.find((message) => message.role === "assistant");
    expect(replayed?.reasoning_content).toBe(REASONING);
  });

  it("on /v1/messages too, a tool_use echoed with its input {} is the turn remembered: the upstream gets its reasoning", async () => {
    const client = env.anthropic();
    upstream.script(noArguments());
    const message = await client.messages.stream(question).finalMessage();
    upstream.script([{ content: "Noon." }]);
    await client.messages.create({
      ...question,
      messages: [
        ...question.messages,
        { role: "assistant", content: message.content.filter((b) => b.type === "tool_use") },
        {
          role: "user",
          content: [{ type: "tool_result", tool_use_id: "call_a", content: "12:00" }],
        },
      ],
    });
    const last = upstream.requests.at(-1) as { messages: Json[] };
    const replayed = last.messages.find((made) => made.role === "assistant");
    expect(replayed?.reasoning_content).toBe(REASONING);
  });

  it("is {} on /v1/chat/completions too, as OpenAI sends it (no-argument-tool-calls.test.ts streams it)", async () => {
    upstream.script([call(0, "", "call_a")]);
    const completion = await env.client().chat.completions.create({
      model: MODEL,
      messages: [{ role: "user", content: "What time is it?" }],
      tools: [{ type: "function", function: { name: "get_time", parameters: tool.input_schema } }],
    });
    const made = completion.choices[0]?.message.tool_calls?.[0];
    expect(made?.type === "function" ? made.function.arguments : undefined).toBe("{}");
  });
});

describe("what a client is streamed is the turn the gateway remembers", () => {
  const REASONING = "Two clocks to read.";

  /**
   * A thinking turn whose calls begin out of index order (call 1 first) and interleave, call 1's
   * arguments carrying a second JSON value after its first has ended.
   */
  function scriptOddTurn(): void {
    upstream.script([
      { reasoning_content: REASONING },
      call(1, '{"tz": "Asia/Tokyo"}', "call_b"),
      call(0, '{"tz": ', "call_a"),
      call(1, '{"tz": "UTC"}'),
      call(0, '"Europe/Paris"}'),
    ]);
  }

  /** The reasoning the upstream got back with the replayed tool-call turn. */
  function replayedReasoning(): unknown {
    const last = upstream.requests.at(-1) as { messages: Json[] };
    return last.messages.find((message) => message.role === "assistant")?.reasoning_content;
  }

  it("on /v1/messages: the calls in streamed order with the inputs streamed, replayed without thinking, get their reasoning back", async () => {
    scriptOddTurn();
    const client = env.anthropic();
    const message = await client.messages.stream(question).finalMessage();
    const calls = message.content.flatMap((block) =>
      block.type === "tool_use" ? [{ id: block.id, input: block.input }] : [],
    );
    // Streamed in the order the upstream began them; call 1's second value is not part of it.
    expect(calls).toEqual([
      { id: "call_b", input: { tz: "Asia/Tokyo" } },
      { id: "call_a", input: { tz: "Europe/Paris" } },
    ]);

    // A client that drops thinking blocks sends the turn back as it got the calls.
    upstream.script([{ content: "Noon in both." }]);
    await client.messages.create({
      ...question,
      messages: [
        ...question.messages,
        {
          role: "assistant",
          content: message.content.filter((block) => block.type === "tool_use"),
        },
        {
          role: "user",
          content: calls.map((made) => ({
            type: "tool_result" as const,
            tool_use_id: made.id,
            content: "12:00",
          })),
        },
      ],
    });
    expect(replayedReasoning()).toBe(REASONING);
  });

  it("on /v1/responses: the function calls as streamed, replayed as input items, get their reasoning back", async () => {
    scriptOddTurn();
    const client = env.client();
    const tools = [
      { type: "function" as const, name: "get_time", parameters: tool.input_schema, strict: false },
    ];
    const response = await client.responses
      .stream({ model: MODEL, input: "What time is it?", tools })
      .finalResponse();
    const calls = response.output.flatMap((item) =>
      item.type === "function_call" ? [{ call_id: item.call_id, arguments: item.arguments }] : [],
    );
    expect(calls).toEqual([
      { call_id: "call_b", arguments: '{"tz": "Asia/Tokyo"}' },
      { call_id: "call_a", arguments: '{"tz": "Europe/Paris"}' },
    ]);

    upstream.script([{ content: "Noon in both." }]);
    await client.responses.create({
      model: MODEL,
      tools,
      input: [
        { role: "user", content: "What time is it?" },
        ...calls.map((made) => ({ type: "function_call" as const, name: "get_time", ...made })),
        ...calls.map((made) => ({
          type: "function_call_output" as const,
          call_id: made.call_id,
          output: "12:00",
        })),
      ],
    });
    expect(replayedReasoning()).toBe(REASONING);
  });
});

describe("reasoning between a call's fragments on /v1/messages", () => {
  it("follows the call as a thinking block of its own, and a client echoing the turn gives the upstream all of it", async () => {
    const script = [
      { reasoning_content: "First Paris. " },
      call(0, '{"tz": ', "call_a"),
      { reasoning_content: "Then Tokyo. " },
      call(0, '"Europe/Paris"}'),
      { reasoning_content: "Both now." },
      call(1, '{"tz": "Asia/Tokyo"}', "call_b"),
    ];
    upstream.script(script);
    const response = await postMessages(env.gateway.url, { ...question, stream: true });
    const events = sseEvents(await response.text());
    // A block cannot be left and come back to: the reasoning that came inside call 0 waits for
    // it to end, as a thinking block of its own (as Anthropic's own thinking follows a server
    // tool's blocks in one message), and keeps its place before call 1.
    const blocks = events.flatMap((event) =>
      event.type === "content_block_start" ? [(event.content_block as Json).type] : [],
    );
    expect(blocks).toEqual(["thinking", "tool_use", "thinking", "tool_use"]);

    upstream.script(script);
    const client = env.anthropic();
    const message = await client.messages.stream(question).finalMessage();
    expect(
      message.content.map((block) => (block.type === "thinking" ? block.thinking : block.type)),
    ).toEqual(["First Paris. ", "tool_use", "Then Tokyo. Both now.", "tool_use"]);

    // Claude clients send the turn back as they got it: the upstream gets the turn's whole
    // reasoning, in the order it was thought.
    upstream.script([{ content: "Noon in both." }]);
    await client.messages.create({
      ...question,
      messages: [
        ...question.messages,
        { role: "assistant", content: message.content },
        {
          role: "user",
          content: ["call_a", "call_b"].map((id) => ({
            type: "tool_result" as const,
            tool_use_id: id,
            content: "12:00",
          })),
        },
      ],
    });
    const last = upstream.requests.at(-1) as { messages: Json[] };
    expect(last.messages.find((m) => m.role === "assistant")?.reasoning_content).toBe(
      "First Paris. Then Tokyo. Both now.",
    );
  });
});

describe("a call's name as each kind of upstream streams it", () => {
  /** Parts of call 0 naming it `names[i]` (no name where undefined), then its arguments. */
  function named(names: (string | undefined)[], args: string[]): Json[] {
    return names.map((name, i) => ({
      tool_calls: [
        {
          index: 0,
          ...(i === 0 ? { id: "call_a", type: "function" } : {}),
          function: { ...(name !== undefined ? { name } : {}), arguments: args[i] ?? "" },
        },
      ],
    }));
  }
  const styles: [string, Json[]][] = [
    ["whole once (OpenAI, Moonshot)", named(["get_time", undefined], ['{"tz": ', '"UTC"}'])],
    [
      "in pieces (vLLM, some llama.cpp builds)",
      named(["get", "_ti", "me", undefined], ["", "", '{"tz": ', '"UTC"}']),
    ],
    ["repeated whole in every part", named(["get_time", "get_time"], ['{"tz": ', '"UTC"}'])],
    [
      "its id in a part of its own, before the name",
      named([undefined, "get_time", undefined], ["", '{"tz": ', '"UTC"}']),
    ],
  ];

  for (const [style, parts] of styles) {
    it(`${style}: the openai client and the Anthropic client get get_time, named once`, async () => {
      upstream.script(parts, parts);
      const stream = env.client().chat.completions.stream({
        model: MODEL,
        messages: [{ role: "user", content: "What time is it?" }],
        tools: [
          { type: "function", function: { name: "get_time", parameters: tool.input_schema } },
        ],
      });
      const namesStreamed: string[] = [];
      stream.on("chunk", (chunk) => {
        for (const part of chunk.choices[0]?.delta.tool_calls ?? [])
          if (part.function?.name !== undefined) namesStreamed.push(part.function.name);
      });
      const completion = await stream.finalChatCompletion();
      const made = completion.choices[0]?.message.tool_calls?.[0];
      expect(namesStreamed).toEqual(["get_time"]);
      expect(made?.type === "function" ? made.function : undefined).toEqual({
        name: "get_time",
        arguments: '{"tz": "UTC"}',
      });

      const message = await env.anthropic().messages.stream(question).finalMessage();
      expect(
        message.content.map((block) =>
          block.type === "tool_use"
            ? { id: block.id, name: block.name, input: block.input }
            : block.type,
        ),
      ).toEqual([{ id: "call_a", name: "get_time", input: { tz: "UTC" } }]);
    });
  }
});

describe("a call the upstream sent no id for", () => {
  // Named, with its arguments, and no id in any part.
  const withoutId: Step[] = [
    { tool_calls: [{ index: 0, type: "function", function: { name: "get_time", arguments: "" } }] },
    { tool_calls: [{ index: 0, function: { arguments: '{"tz": "UTC"}' } }] },
  ];

  it("has the same id streamed as not streamed on /v1/messages", async () => {
    upstream.script(withoutId, withoutId);
    const streamed = await env.anthropic().messages.stream(question).finalMessage();
    const whole = await env.anthropic().messages.create(question);
    const calls = (message: typeof whole) =>
      message.content.map((block) =>
        block.type === "tool_use" ? { id: block.id, input: block.input } : block.type,
      );
    expect(calls(whole)).toEqual([{ id: "call_0", input: { tz: "UTC" } }]);
    expect(calls(streamed)).toEqual(calls(whole));
  });

  it("is a call the openai client takes, streamed as not streamed, on /v1/chat/completions", async () => {
    upstream.script(withoutId, withoutId);
    const request = {
      model: MODEL,
      messages: [{ role: "user" as const, content: "What time is it?" }],
      tools: [
        {
          type: "function" as const,
          function: { name: "get_time", parameters: tool.input_schema },
        },
      ],
    };
    const streamed = await env.client().chat.completions.stream(request).finalChatCompletion();
    const whole = await env.client().chat.completions.create(request);
    expect(whole.choices[0]?.message.tool_calls).toEqual([
      {
        id: "call_0",
        type: "function",
        function: { name: "get_time", arguments: '{"tz": "UTC"}' },
      },
    ]);
    expect(streamed.choices[0]?.message.tool_calls).toEqual(whole.choices[0]?.message.tool_calls);
  });
});

describe("a tool-call stub with neither a name nor arguments, and finish_reason tool_calls", () => {
  // Text, then a call part carrying nothing (an empty id, name and arguments), and the upstream
  // ends with finish_reason "tool_calls". Given out it was a tool_use named "" (streamed with the
  // id ""): Claude Code ran it as an unknown tool, and its next request, echoing the empty id,
  // was refused.
  const stub: Step[] = [
    { content: "Let me look." },
    { tool_calls: [{ index: 0, id: "", type: "function", function: { name: "", arguments: "" } }] },
  ];

  it("is no call: the Anthropic client gets the text and end_turn, streamed and not", async () => {
    upstream.script(stub, stub);
    const streamed = await env.anthropic().messages.stream(question).finalMessage();
    const whole = await env.anthropic().messages.create(question);
    for (const message of [streamed, whole]) {
      expect(message.content).toEqual([{ type: "text", text: "Let me look." }]);
      expect(message.stop_reason).toBe("end_turn");
    }
  });

  it("is no call on /v1/chat/completions either, streamed and not", async () => {
    upstream.script(stub, stub);
    const request = {
      model: MODEL,
      messages: [{ role: "user" as const, content: "What time is it?" }],
      tools: [
        {
          type: "function" as const,
          function: { name: "get_time", parameters: tool.input_schema },
        },
      ],
    };
    const streamed = await env.client().chat.completions.stream(request).finalChatCompletion();
    const whole = await env.client().chat.completions.create(request);
    for (const completion of [streamed, whole]) {
      expect(completion.choices[0]?.message.content).toBe("Let me look.");
      expect(completion.choices[0]?.message.tool_calls ?? []).toEqual([]);
    }
  });
});

describe("an empty tool-call stub at index 0 beside the real call at index 1", () => {
  // The upstream's call 0 gets only an id and nothing more; call 1 is the real one. The stub is
  // no call; the real one went out as index 1 with no index 0, so a client filling an array by
  // index held a hole at 0, and one asking for a single call (parallel_tool_calls false) was
  // streamed none.
  const stubBeside: Step[] = [
    { content: "Let me look." },
    { tool_calls: [{ index: 0, id: "call_stub", type: "function" }] },
    call(1, '{"tz": "UTC"}', "call_real"),
  ];
  const chatRequest = {
    model: MODEL,
    messages: [{ role: "user" as const, content: "What time is it?" }],
    tools: [
      { type: "function" as const, function: { name: "get_time", parameters: tool.input_schema } },
    ],
  };
  const realCall = {
    id: "call_real",
    type: "function",
    function: { name: "get_time", arguments: '{"tz": "UTC"}' },
  };

  it("is streamed on /v1/chat/completions as call 0, as the whole answer has it", async () => {
    upstream.script(stubBeside, stubBeside, stubBeside);
    const response = await fetch(`${env.gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ ...chatRequest, stream: true }),
    });
    const indexes = (await response.text())
      .split("\n")
      .filter((line) => line.startsWith("data: {"))
      .flatMap((line) => {
        const chunk = JSON.parse(line.slice(6)) as {
          choices: { delta: { tool_calls?: { index: number }[] } }[];
        };
        return (chunk.choices[0]?.delta.tool_calls ?? []).map((part) => part.index);
      });
    expect(indexes.length).toBeGreaterThan(0);
    expect(new Set(indexes)).toEqual(new Set([0]));

    const streamed = await env.client().chat.completions.stream(chatRequest).finalChatCompletion();
    const whole = await env.client().chat.completions.create(chatRequest);
    for (const completion of [streamed, whole])
      expect(completion.choices[0]?.message.tool_calls).toEqual([realCall]);
  });

  it("reaches an Anthropic client asking for one call at a time, streamed and not", async () => {
    upstream.script(stubBeside, stubBeside);
    const oneAtATime = {
      ...question,
      tool_choice: { type: "auto" as const, disable_parallel_tool_use: true },
    };
    const streamed = await env.anthropic().messages.stream(oneAtATime).finalMessage();
    const whole = await env.anthropic().messages.create(oneAtATime);
    for (const message of [streamed, whole]) {
      expect(message.content).toEqual([
        { type: "text", text: "Let me look." },
        { type: "tool_use", id: "call_real", name: "get_time", input: { tz: "UTC" } },
      ]);
      expect(message.stop_reason).toBe("tool_use");
    }
  });
});
