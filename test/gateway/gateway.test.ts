import OpenAI from "openai";
import type {
  ChatCompletionChunk,
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam,
} from "openai/resources/chat/completions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VERSION } from "../../src/version.js";
import {
  expectToolRoundsReplayed,
  type GatewayEnv,
  ledgerQuery,
  scriptTimeToolRounds,
  startGatewayEnv,
} from "./harness.js";

type Delta = ChatCompletionChunk["choices"][number]["delta"] & { reasoning_content?: string };

let env: GatewayEnv;
let client: OpenAI;
/** Chat requests sent to the gateway, to check the ledger has exactly one row for each. */
let sent = 0;

beforeAll(async () => {
  env = await startGatewayEnv();
  client = env.client();
});
afterAll(async () => {
  await env?.close();
});

const tools = [
  {
    type: "function" as const,
    function: {
      name: "get_time",
      description: "Current time",
      parameters: { type: "object", properties: { tz: { type: "string" } } },
    },
  },
];

async function collect(stream: AsyncIterable<ChatCompletionChunk>) {
  let content = "";
  let reasoning = "";
  let firstContentAt = -1;
  let firstReasoningAt = -1;
  let index = 0;
  let finish: string | null = null;
  let usage: ChatCompletionChunk["usage"] | undefined;
  let model = "";
  for await (const chunk of stream) {
    model = chunk.model;
    if (chunk.usage) usage = chunk.usage;
    const choice = chunk.choices[0];
    if (!choice) continue;
    const delta = choice.delta as Delta;
    if (delta.reasoning_content) {
      if (firstReasoningAt < 0) firstReasoningAt = index;
      reasoning += delta.reasoning_content;
    }
    if (delta.content) {
      if (firstContentAt < 0) firstContentAt = index;
      content += delta.content;
    }
    if (choice.finish_reason) finish = choice.finish_reason;
    index++;
  }
  return {
    content,
    reasoning,
    firstContentAt,
    firstReasoningAt,
    chunks: index,
    finish,
    usage,
    model,
  };
}

describe("the gateway with the official openai client", () => {
  it("answers a plain chat", async () => {
    sent++;
    const completion = await client.chat.completions.create({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "Hello there" }],
    });
    expect(completion.object).toBe("chat.completion");
    expect(completion.model).toBe("moonshot/kimi-k2.5");
    // The simulator's answer, whole: its reply and nothing else in the content.
    expect(completion.choices[0]?.message.content).toBe("Echo: Hello there");
    expect(completion.choices[0]?.finish_reason).toBe("stop");
    expect(completion.usage?.total_tokens).toBeGreaterThan(0);
    // The provider key stayed inside the gateway.
    expect(JSON.stringify(completion)).not.toContain(env.sim.keys.moonshot);
  });

  it("streams a chat, with usage when asked", async () => {
    sent++;
    const stream = await client.chat.completions.create({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "Tell me a short story" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const result = await collect(stream);
    expect(result.chunks).toBeGreaterThan(2);
    // The deltas add up to the whole answer, none lost or sent twice.
    expect(result.content).toBe("Echo: Tell me a short story");
    expect(result.finish).toBe("stop");
    expect(result.model).toBe("moonshot/kimi-k2.5");
    expect(result.usage?.completion_tokens).toBeGreaterThan(0);
  });

  it("passes reasoning_content of a thinking model through the stream, before the answer", async () => {
    sent++;
    const stream = await client.chat.completions.create({
      model: "moonshot/kimi-k2-thinking",
      messages: [{ role: "user", content: "Why is the sky blue?" }],
      stream: true,
    });
    const result = await collect(stream);
    expect(result.reasoning).toBe('The user said "Why is the sky blue?". I will answer briefly.');
    expect(result.content).toBe("Echo: Why is the sky blue?");
    expect(result.firstReasoningAt).toBeLessThan(result.firstContentAt);
  });

  it("restores reasoning_content the client dropped over two rounds of tool calls", async () => {
    const finalText = "It is 12:00 in UTC and 21:00 in Tokyo.";
    scriptTimeToolRounds(env.sim, finalText);
    const messages: ChatCompletionMessageParam[] = [
      { role: "user", content: "What time is it in UTC and Tokyo?" },
    ];

    // Round 1, streamed: the client assembles the tool call and (like most clients) keeps no reasoning.
    sent++;
    const stream = await client.chat.completions.create({
      model: "Kimi K2 Thinking",
      messages,
      tools,
      stream: true,
    });
    const calls: ChatCompletionMessageFunctionToolCall[] = [];
    for await (const chunk of stream) {
      for (const part of chunk.choices[0]?.delta.tool_calls ?? []) {
        const existing = calls[part.index];
        if (!existing) {
          calls[part.index] = {
            id: part.id ?? "",
            type: "function",
            function: {
              name: part.function?.name ?? "",
              arguments: part.function?.arguments ?? "",
            },
          };
        } else existing.function.arguments += part.function?.arguments ?? "";
      }
    }
    expect(calls.map((call) => [call.function.name, JSON.parse(call.function.arguments)])).toEqual([
      ["get_time", { tz: "UTC" }],
    ]);
    messages.push({ role: "assistant", content: null, tool_calls: calls });
    messages.push({ role: "tool", tool_call_id: calls[0]?.id ?? "", content: "12:00" });

    // Round 2, not streamed.
    sent++;
    const second = await client.chat.completions.create({
      model: "Kimi K2 Thinking",
      messages,
      tools,
    });
    const secondMessage = second.choices[0]?.message;
    expect(second.choices[0]?.finish_reason).toBe("tool_calls");
    expect(
      secondMessage?.tool_calls?.map((call) =>
        call.type === "function" ? [call.function.name, JSON.parse(call.function.arguments)] : [],
      ),
    ).toEqual([["get_time", { tz: "Asia/Tokyo" }]]);
    messages.push({
      role: "assistant",
      content: secondMessage?.content ?? null,
      tool_calls: secondMessage?.tool_calls ?? [],
    });
    messages.push({
      role: "tool",
      tool_call_id: secondMessage?.tool_calls?.[0]?.id ?? "",
      content: "21:00",
    });

    // Round 3: the final answer. The simulator rejects a tool-call turn without reasoning.
    sent++;
    const third = await client.chat.completions.create({
      model: "Kimi K2 Thinking",
      messages,
      tools,
    });
    expect(third.choices[0]?.message.content).toBe(finalText);
    expect(third.choices[0]?.finish_reason).toBe("stop");

    expectToolRoundsReplayed(env.sim);
  });

  it("gives each conversation its own reasoning back, though they made the same first tool call", async () => {
    // Moonshot's ids count calls per conversation: both calls are functions.get_time:0.
    const conversations = [
      { user: "alice", question: "What time is it?", reasoning: "alice's own reasoning" },
      { user: "bob", question: "What time is it?", reasoning: "bob's own reasoning" },
      { user: undefined, question: "Time please", reasoning: "the third one's reasoning" },
    ];
    env.sim.script(
      conversations.map(({ reasoning }) => ({
        when: { model: "kimi-k2-thinking" },
        respond: {
          reply: { reasoning, toolCalls: [{ name: "get_time", arguments: { tz: "UTC" } }] },
        },
      })),
    );
    const histories: ChatCompletionMessageParam[][] = [];
    for (const { user, question } of conversations) {
      sent++;
      const messages: ChatCompletionMessageParam[] = [{ role: "user", content: question }];
      const answer = await client.chat.completions.create({
        model: "moonshot/kimi-k2-thinking",
        messages,
        tools,
        ...(user ? { user } : {}),
      });
      const calls = answer.choices[0]?.message.tool_calls ?? [];
      expect(calls[0]?.id).toBe("functions.get_time:0");
      // Like most clients, it keeps the calls and not the reasoning.
      messages.push({ role: "assistant", content: null, tool_calls: calls });
      messages.push({ role: "tool", tool_call_id: calls[0]?.id ?? "", content: "12:00" });
      histories.push(messages);
    }
    // Replayed the other way round, so that no conversation is the last one remembered.
    for (let i = conversations.length - 1; i >= 0; i--) {
      sent++;
      const user = conversations[i]?.user;
      await client.chat.completions.create({
        model: "moonshot/kimi-k2-thinking",
        messages: histories[i] ?? [],
        tools,
        ...(user ? { user } : {}),
      });
    }
    const replayed = env.sim
      .chatRequests()
      .slice(-conversations.length)
      .map((request) => (request.body as { messages: { reasoning_content?: string }[] }).messages)
      .map((messages) => messages[1]?.reasoning_content);
    expect(replayed.reverse()).toEqual(conversations.map(({ reasoning }) => reasoning));
  });

  it("sends empty reasoning for a turn whose earlier messages the client rewrote", async () => {
    env.sim.script([
      {
        when: { model: "kimi-k2-thinking" },
        respond: {
          reply: { reasoning: "Secret plan", toolCalls: [{ name: "get_time", arguments: {} }] },
        },
      },
    ]);
    sent++;
    const messages: ChatCompletionMessageParam[] = [{ role: "user", content: "Tell me the time" }];
    const answer = await client.chat.completions.create({
      model: "moonshot/kimi-k2-thinking",
      messages,
      tools,
    });
    const calls = answer.choices[0]?.message.tool_calls ?? [];
    sent++;
    await client.chat.completions.create({
      model: "moonshot/kimi-k2-thinking",
      messages: [
        { role: "user", content: "Tell me the time, please" },
        { role: "assistant", content: null, tool_calls: calls },
        { role: "tool", tool_call_id: calls[0]?.id ?? "", content: "12:00" },
      ],
      tools,
    });
    const last = env.sim.chatRequests().at(-1)?.body as {
      messages: { reasoning_content?: string }[];
    };
    expect(last.messages[1]?.reasoning_content).toBe("");
  });

  it("lets a client use a tool named as MCP servers name them, which Moonshot refuses as given", async () => {
    // Moonshot wants a letter first; the model sees "fn_…" and the client only its own name.
    env.sim.script([
      {
        when: { model: "kimi-k2.5" },
        respond: {
          reply: { toolCalls: [{ name: "fn_12306__query-tickets", arguments: { to: "Beijing" } }] },
        },
      },
      { when: { model: "kimi-k2.5" }, respond: { reply: { text: "G1 leaves at 07:00." } } },
    ]);
    const trainTool = {
      type: "function" as const,
      function: {
        name: "12306__query-tickets",
        parameters: { type: "object", properties: { to: { type: "string" } }, required: ["to"] },
      },
    };
    const messages: ChatCompletionMessageParam[] = [
      { role: "user", content: "Trains to Beijing?" },
    ];
    sent++;
    const stream = await client.chat.completions.create({
      model: "moonshot/kimi-k2.5",
      messages,
      tools: [trainTool],
      stream: true,
    });
    const names: string[] = [];
    let id = "";
    let args = "";
    for await (const chunk of stream) {
      for (const part of chunk.choices[0]?.delta.tool_calls ?? []) {
        if (part.function?.name) names.push(part.function.name);
        if (part.id) id = part.id;
        args += part.function?.arguments ?? "";
      }
    }
    expect(names).toEqual(["12306__query-tickets"]);
    expect(JSON.parse(args)).toEqual({ to: "Beijing" });
    messages.push(
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { id, type: "function", function: { name: "12306__query-tickets", arguments: args } },
        ],
      },
      { role: "tool", tool_call_id: id, content: "G1 07:00" },
    );
    sent++;
    const answer = await client.chat.completions.create({
      model: "moonshot/kimi-k2.5",
      messages,
      tools: [trainTool],
    });
    expect(answer.choices[0]?.message.content).toBe("G1 leaves at 07:00.");
    const upstream = env.sim.chatRequests().at(-1)?.body as {
      messages: Array<{ tool_calls?: Array<{ function: { name: string } }> }>;
    };
    expect(upstream.messages[1]?.tool_calls?.[0]?.function.name).toBe("fn_12306__query-tickets");
  });

  it("answers a conversation a client broke (an empty reply, a tool call left without result)", async () => {
    // Left as sent, Moonshot refuses this history on every later turn.
    const messages: ChatCompletionMessageParam[] = [
      { role: "user", content: "List the files." },
      {
        role: "assistant",
        content: null,
        tool_calls: [
          {
            id: "Shell:58",
            type: "function",
            function: { name: "shell", arguments: '{"cmd":"ls"}' },
          },
        ],
      },
      { role: "user", content: "Sorry, I pressed Ctrl-C. Are you there?" },
      { role: "assistant", content: "" },
      { role: "user", content: "Hello?" },
    ];
    const before = env.sim.chatRequests().length;
    sent++;
    const answer = await client.chat.completions.create({
      model: "moonshot/kimi-k2.5",
      messages,
      tools: [
        {
          type: "function",
          function: {
            name: "shell",
            parameters: { type: "object", properties: { cmd: { type: "string" } } },
          },
        },
      ],
    });
    expect(answer.choices[0]?.message.content?.length).toBeGreaterThan(0);
    const upstream = env.sim.chatRequests()[before]?.body as {
      messages: Array<{ role: string; content?: unknown; tool_call_id?: string }>;
    };
    expect(upstream.messages.map((message) => message.role)).toEqual([
      "user",
      "assistant",
      "tool",
      "user",
      "user",
    ]);
    expect(upstream.messages[2]).toMatchObject({ tool_call_id: "Shell:58" });
  });

  it("passes the further fields of a thinking object through (kimi-k2.6's keep)", async () => {
    const before = env.sim.chatRequests().length;
    sent++;
    await client.chat.completions.create({
      model: "moonshot/kimi-k2-thinking",
      messages: [{ role: "user", content: "think it over" }],
      // @ts-expect-error Moonshot's own field, not in the openai package's types
      thinking: { type: "enabled", keep: "all" },
    });
    expect(env.sim.chatRequests()[before]?.body).toMatchObject({
      thinking: { type: "enabled", keep: "all" },
    });
  });

  it("sets Kimi K3's effort with Moonshot's reasoning_effort, whatever a client asks with, and never sends it a thinking object", async () => {
    const before = env.sim.chatRequests().length;
    const asked: Record<string, unknown>[] = [
      { reasoning_effort: "low" },
      { reasoning_effort: "xhigh" }, // OpenAI's top level: K3's max
      { reasoning_effort: "medium" }, // K3 has none: high
      { thinking: { type: "enabled" } }, // K2's switch, which K3 refuses: its default
      {},
    ];
    for (const extra of asked) {
      sent++;
      const answer = await client.chat.completions.create({
        model: "moonshot/kimi-k3",
        messages: [{ role: "user", content: "Derive the formula for 1, 4, 9, 16." }],
        ...extra,
      });
      const message = answer.choices[0]?.message as { content: string; reasoning_content?: string };
      expect(message.content.length).toBeGreaterThan(0);
      expect(message.reasoning_content?.length).toBeGreaterThan(0);
    }
    const upstream = env.sim
      .chatRequests()
      .slice(before)
      .map(({ body }) => {
        const { reasoning_effort, thinking } = body as Record<string, unknown>;
        return [reasoning_effort, thinking];
      });
    expect(upstream).toEqual([
      ["low", undefined],
      ["max", undefined],
      ["high", undefined],
      [undefined, undefined],
      [undefined, undefined],
    ]);
  });

  it("lets a client use Moonshot's built-in $web_search: the tool goes as it is, and so do its call and result", async () => {
    const searched = {
      search_result: { search_id: "sim-search-1" },
      usage: { total_tokens: 1200 },
    };
    env.sim.script([
      {
        when: { model: "kimi-k2.5" },
        respond: { reply: { toolCalls: [{ name: "$web_search", arguments: searched }] } },
      },
      {
        when: { model: "kimi-k2.5" },
        respond: { reply: { text: "Two launches happened today." } },
      },
    ]);
    const webSearch = { type: "builtin_function", function: { name: "$web_search" } };
    const messages: ChatCompletionMessageParam[] = [
      { role: "user", content: "What launched today? Search the web." },
    ];
    sent++;
    const first = await client.chat.completions.create({
      model: "moonshot/kimi-k2.5",
      messages,
      // @ts-expect-error Moonshot's own tool type, not in the openai package's types
      tools: [webSearch],
    });
    const call = first.choices[0]?.message.tool_calls?.[0];
    expect(first.choices[0]?.finish_reason).toBe("tool_calls");
    if (call?.type !== "function") throw new Error("expected a function-style tool call");
    expect(call.function.name).toBe("$web_search");
    // What Moonshot asks of the caller: send the arguments back as they are.
    messages.push(first.choices[0]?.message as ChatCompletionMessageParam, {
      role: "tool",
      tool_call_id: call.id,
      content: call.function.arguments,
    });
    sent++;
    const second = await client.chat.completions.create({
      model: "moonshot/kimi-k2.5",
      messages,
      // @ts-expect-error as above
      tools: [webSearch],
    });
    expect(second.choices[0]?.message.content).toBe("Two launches happened today.");
    const upstream = env.sim.chatRequests().at(-1)?.body as {
      tools: unknown[];
      messages: { role: string; content?: string; tool_calls?: { function: { name: string } }[] }[];
    };
    expect(upstream.tools).toEqual([webSearch]);
    expect(upstream.messages[1]?.tool_calls?.[0]?.function.name).toBe("$web_search");
    expect(JSON.parse(upstream.messages[2]?.content ?? "")).toEqual(searched);
  });

  it("turns Kimi K2 tool-call markup left in the text or the reasoning into tool calls", async () => {
    const markup = (name: string, args: string) =>
      `<|tool_calls_section_begin|><|tool_call_begin|>functions.${name}:0<|tool_call_argument_begin|>${args}<|tool_call_end|><|tool_calls_section_end|>`;
    env.sim.script([
      {
        when: { model: "kimi-k2.5" },
        respond: { reply: { text: `Checking. ${markup("get_time", '{"tz":"UTC"}')}` } },
      },
      {
        when: { model: "kimi-k2-thinking" },
        respond: {
          reply: {
            reasoning: `I should ask. ${markup("get_time", '{"tz":"Asia/Tokyo"}')}`,
            text: "",
          },
        },
      },
    ]);
    sent++;
    const plain = await client.chat.completions.create({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "What time is it in UTC?" }],
      tools,
    });
    expect(plain.choices[0]?.finish_reason).toBe("tool_calls");
    expect(plain.choices[0]?.message.content).toBe("Checking. ");
    expect(plain.choices[0]?.message.tool_calls).toEqual([
      {
        id: "functions.get_time:0",
        type: "function",
        function: { name: "get_time", arguments: '{"tz":"UTC"}' },
      },
    ]);

    sent++;
    const stream = await client.chat.completions.create({
      model: "moonshot/kimi-k2-thinking",
      messages: [{ role: "user", content: "And in Tokyo?" }],
      tools,
      stream: true,
    });
    let reasoning = "";
    let args = "";
    const names: string[] = [];
    let finish: string | null = null;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      reasoning += (choice?.delta as Delta | undefined)?.reasoning_content ?? "";
      for (const part of choice?.delta.tool_calls ?? []) {
        if (part.function?.name) names.push(part.function.name);
        args += part.function?.arguments ?? "";
      }
      finish = choice?.finish_reason ?? finish;
    }
    expect(reasoning).toBe("I should ask. ");
    expect(names).toEqual(["get_time"]);
    expect(JSON.parse(args)).toEqual({ tz: "Asia/Tokyo" });
    expect(finish).toBe("tool_calls");
  });

  it("accepts an alias as the model", async () => {
    sent++;
    const completion = await client.chat.completions.create({
      model: "Kimi K2.5",
      messages: [{ role: "user", content: "hi from an alias" }],
    });
    expect(completion.model).toBe("moonshot/kimi-k2.5");
    expect(completion.choices[0]?.message.content).toBe("Echo: hi from an alias");
    // Moonshot was asked for the model the alias names, by its own id.
    const upstream = env.sim.chatRequests().at(-1);
    if (!upstream) throw new Error("the simulator got no chat request");
    expect(upstream.path.startsWith(new URL(env.sim.moonshotBaseUrl).pathname)).toBe(true);
    expect((upstream.body as { model?: string }).model).toBe("kimi-k2.5");
  });

  it("lists models with the default and aliases, and finds ids that contain a slash", async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids[0]).toBe("openclaw");
    expect(ids).toContain("moonshot/kimi-k2-thinking");
    const model = await client.models.retrieve("moonshot/kimi-k2-thinking");
    expect(model).toMatchObject({
      id: "moonshot/kimi-k2-thinking",
      owned_by: "moonshot",
      aliases: ["Kimi K2 Thinking"],
      // What Moonshot's own list gives, which Kimi's clients read.
      context_length: 200_000, // the window the test config gives it
      supports_reasoning: true,
      supports_image_in: false,
    });
  });

  it("refuses a wrong token with 401 in the OpenAI format", async () => {
    sent++;
    const error = await env
      .client("wrong-token")
      .chat.completions.create({ model: "openclaw", messages: [{ role: "user", content: "hi" }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(401);
    // As OpenAI answers a bad key: the SDK's AuthenticationError comes from the status.
    expect((error as InstanceType<typeof OpenAI.APIError>).type).toBe("invalid_request_error");
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe("invalid_api_key");
    // The whole body as OpenAI's: what was wrong and where the right token is, never the
    // token that was sent.
    const body = (error as InstanceType<typeof OpenAI.APIError>).error;
    expect(body).toEqual({
      message: expect.stringContaining("incorrect gateway token: send this gateway's own token"),
      type: "invalid_request_error",
      param: null,
      code: "invalid_api_key",
    });
    expect(JSON.stringify(body)).not.toContain("wrong-token");
    const models = await env
      .client("wrong-token")
      .models.list()
      .catch((caught: unknown) => caught);
    expect(models).toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it("sends the one temperature a Kimi model takes when a client sends its own", async () => {
    const before = env.sim.chatRequests().length;
    const temperatures = () =>
      env.sim
        .chatRequests()
        .slice(before)
        .map((request) => (request.body as { temperature?: number }).temperature);

    // kimi-k2.5 thinks unless told not to, and then takes only 1: known before any refusal
    // (Moonshot documents its values), so the first request goes out with it.
    sent++;
    const first = await client.chat.completions.create({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "hi" }],
      temperature: 0.7,
    });
    expect(first.choices[0]?.message.content?.length).toBeGreaterThan(0);
    expect(temperatures()).toEqual([1]);

    sent++;
    await client.chat.completions.create({
      model: "Kimi K2.5",
      messages: [{ role: "user", content: "again" }],
      temperature: 0.2,
    });
    expect(temperatures()).toEqual([1, 1]);

    // The thinking model takes only 1, which the catalog does not say: the refusal names it,
    // the gateway resends, streamed as well.
    sent++;
    const stream = await client.chat.completions.create({
      model: "moonshot/kimi-k2-thinking",
      messages: [{ role: "user", content: "why?" }],
      temperature: 0.3,
      stream: true,
    });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    expect(text.length).toBeGreaterThan(0);
    expect(temperatures()).toEqual([1, 1, 0.3, 1]);

    // Told not to think, kimi-k2.5 takes only 0.6.
    const plain = (content: string, temperature: number) =>
      client.chat.completions.create({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content }],
        temperature,
        // @ts-expect-error Moonshot's thinking switch, not in the openai package's types
        thinking: { type: "disabled" },
      });
    sent++;
    await plain("no thinking", 0.7);
    expect(temperatures().slice(4)).toEqual([0.6]);

    // What was learned outlives a config reload.
    expect(env.gateway.reload()).toBe(true);
    sent += 2;
    await plain("after the reload", 0.9);
    await client.chat.completions.create({
      model: "moonshot/kimi-k2-thinking",
      messages: [{ role: "user", content: "and thinking" }],
      temperature: 0.9,
    });
    expect(temperatures().slice(5)).toEqual([0.6, 1]);
  });

  it("lowers a temperature on OpenAI's scale (up to 2) to Moonshot's highest, 1", async () => {
    const before = env.sim.chatRequests().length;
    sent++;
    const answer = await client.chat.completions.create({
      model: "moonshot/kimi-k2-turbo-preview",
      messages: [{ role: "user", content: "be creative" }],
      temperature: 1.6,
    });
    expect(answer.choices[0]?.message.content?.length).toBeGreaterThan(0);
    const sentTemperatures = env.sim
      .chatRequests()
      .slice(before)
      .map((request) => (request.body as { temperature?: number }).temperature);
    // One request, accepted the first time: no refusal to learn from.
    expect(sentTemperatures).toEqual([1]);
  });

  it("sends Kimi Code one cache key for the whole of a conversation the client keys nothing for", async () => {
    const before = env.sim.chatRequests().length;
    const system = { role: "system", content: "You are a careful coding agent." } as const;
    const conversation: OpenAI.Chat.ChatCompletionMessageParam[] = [
      system,
      { role: "user", content: "Rename the function foo to bar." },
    ];
    sent++;
    const first = await client.chat.completions.create({
      model: "kimi-code/kimi-for-coding",
      messages: conversation,
    });
    conversation.push(
      { role: "assistant", content: first.choices[0]?.message.content ?? "" },
      { role: "user", content: "Now update the callers." },
    );
    sent++;
    await client.chat.completions.create({
      model: "kimi-code/kimi-for-coding",
      messages: conversation,
    });
    sent++;
    await client.chat.completions.create({
      model: "kimi-code/kimi-for-coding",
      messages: [system, { role: "user", content: "Something else entirely." }],
    });
    const keys = env.sim
      .chatRequests()
      .slice(before)
      .map((request) => (request.body as { prompt_cache_key?: string }).prompt_cache_key);
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(/^openclaw-[0-9a-f]{32}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it("answers an unknown model with 404 listing close matches", async () => {
    sent++;
    const error = await client.chat.completions
      .create({ model: "moonshot/kimi-k2.9", messages: [{ role: "user", content: "hi" }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    const apiError = error as InstanceType<typeof OpenAI.APIError>;
    expect(apiError.message).toContain("moonshot/kimi-k2.5");
    expect(apiError.param).toBe("model");
    expect(apiError.code).toBe("model_not_found");
  });

  it("answers a malformed body with 400 naming the field", async () => {
    sent++;
    const error = await client.chat.completions
      .create({
        model: "openclaw",
        messages: [
          { role: "user", content: "hi" },
          { role: "assistant", tool_calls: [{ id: "x", type: "function" }] },
        ],
      } as never)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.APIError>).param).toBe(
      "messages[1].tool_calls[0].function.name",
    );
    // The message names it too: most clients show the message alone.
    expect((error as InstanceType<typeof OpenAI.APIError>).message).toContain(
      "messages[1].tool_calls[0].function.name",
    );

    sent++;
    const raw = await fetch(`${env.baseURL}/chat/completions`, {
      method: "POST",
      headers: {
        authorization: "Bearer test-gateway-token-0001",
        "content-type": "application/json",
      },
      body: '{"model": "openclaw", "messages": [',
    });
    expect(raw.status).toBe(400);
    const body = (await raw.json()) as { error: { type: string; code: string; message: string } };
    expect(body.error).toMatchObject({ type: "invalid_request_error", code: "invalid_json" });
  });

  it("answers OpenAI's input-token count and compaction with 404 saying so, not a 405 for a response id", async () => {
    const counted = await client.responses.inputTokens
      .count({ model: "moonshot/kimi-k2.5", input: "hello" })
      .catch((caught: unknown) => caught);
    expect(counted).toBeInstanceOf(OpenAI.NotFoundError);
    const countError = counted as InstanceType<typeof OpenAI.APIError>;
    expect(countError.code).toBe("unknown_route");
    expect(countError.message).toBe(
      "404 POST /v1/responses/input_tokens: counting a request's input tokens (client.responses.inputTokens.count, in Python client.responses.input_tokens.count) is not served by this gateway; each response's usage.input_tokens says what its input took",
    );

    const compacted = await client.responses
      .compact({ model: "moonshot/kimi-k2.5", input: "hello" })
      .catch((caught: unknown) => caught);
    expect(compacted).toBeInstanceOf(OpenAI.NotFoundError);
    expect((compacted as InstanceType<typeof OpenAI.APIError>).message).toContain(
      "compacting a conversation (client.responses.compact) is not served by this gateway",
    );
  });

  it("answers a route it does not serve with 404 saying what to use instead", async () => {
    // No response runs in the background here: there is none to cancel.
    const cancelled = await client.responses
      .cancel("resp_chatcmpl-oc0001")
      .catch((caught: unknown) => caught);
    expect(cancelled).toBeInstanceOf(OpenAI.NotFoundError);
    const cancelError = cancelled as InstanceType<typeof OpenAI.APIError>;
    expect(cancelError.code).toBe("unknown_route");
    expect(cancelError.message).toContain("Responses cannot be cancelled");
    expect(cancelError.message).toContain("POST /v1/chat/completions, POST /v1/responses");

    // A base URL without /v1, the commonest set-up mistake.
    const withoutV1 = new OpenAI({
      apiKey: "test-gateway-token-0001",
      baseURL: env.gateway.url,
      maxRetries: 0,
    });
    const missing = await withoutV1.chat.completions
      .create({ model: "openclaw", messages: [{ role: "user", content: "hi" }] })
      .catch((caught: unknown) => caught);
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
    expect((missing as InstanceType<typeof OpenAI.APIError>).message).toContain(
      "missing the /v1 at its end",
    );

    const doubled = await new OpenAI({
      apiKey: "test-gateway-token-0001",
      baseURL: `${env.baseURL}/v1`,
      maxRetries: 0,
    }).models
      .list()
      .catch((caught: unknown) => caught);
    expect(doubled).toBeInstanceOf(OpenAI.NotFoundError);
    expect((doubled as InstanceType<typeof OpenAI.APIError>).message).toContain("another /v1");
  });

  it("answers a conversation too long for the model with 400 context_length_exceeded", async () => {
    sent++;
    const error = await client.chat.completions
      .create({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "many words ".repeat(300_000) }],
      })
      .catch((caught: unknown) => caught);
    // A 400, not a 500: SDKs would retry a 5xx, sending the same oversized request again.
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const apiError = error as InstanceType<typeof OpenAI.APIError>;
    expect(apiError.code).toBe("context_length_exceeded");
    expect(apiError.message).toMatch(/context window/);
  });

  it("refuses a body over the size limit with 413", async () => {
    sent++;
    const big = "x".repeat(9 * 1024 * 1024);
    const raw = await fetch(`${env.baseURL}/chat/completions`, {
      method: "POST",
      headers: {
        authorization: "Bearer test-gateway-token-0001",
        "content-type": "application/json",
      },
      body: JSON.stringify({ model: "openclaw", messages: [{ role: "user", content: big }] }),
    });
    expect(raw.status).toBe(413);
    expect(((await raw.json()) as { error: { code: string } }).error.code).toBe(
      "request_too_large",
    );
  });

  it("falls back when the primary fails, with `openclaw` as the model", async () => {
    env.sim.failNext(1, "quota", { model: "kimi-k2.5" });
    const before = env.sim.chatRequests().length;
    sent++;
    const completion = await client.chat.completions.create({
      model: "openclaw",
      messages: [{ role: "user", content: "who answers?" }],
    });
    expect(completion.model).toBe("kimi-code/kimi-for-coding");
    expect(completion.choices[0]?.message.content).toBe("Echo: who answers?");
    // The primary was asked once and refused; the fallback answered.
    expect(
      env.sim
        .chatRequests()
        .slice(before)
        .map((request) => (request.body as { model?: string }).model),
    ).toEqual(["kimi-k2.5", "kimi-for-coding"]);
  });

  it("reports health and Prometheus metrics", async () => {
    const health = await fetch(`${env.gateway.url}/healthz`);
    expect(health.status).toBe(200);
    const wrongMethod = await fetch(`${env.baseURL}/chat/completions`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("POST, OPTIONS");
    const metrics = await fetch(`${env.gateway.url}/metrics`, {
      headers: { authorization: "Bearer test-gateway-token-0001" },
    });
    const text = await metrics.text();
    expect(text).toContain("# TYPE openclaw_gateway_request_duration_seconds histogram");
    expect(text).toMatch(
      /openclaw_gateway_requests_total\{route="chat_completions",status="200"\} \d+/,
    );
    // The wrong token's two 401s: on the chat and on the model list.
    expect(text).toMatch(/openclaw_gateway_errors_total\{class="auth"\} 2/);
    // Not a chat request (no ledger row): counted with the routes that reach no chat handler.
    expect(text).toContain('openclaw_gateway_requests_total{route="other",status="405"} 1');
    expect(text).not.toContain('route="chat_completions",status="405"');
    expect(text).toMatch(
      /openclaw_gateway_upstream_fallbacks_total\{from="moonshot\/kimi-k2.5",to="kimi-code\/kimi-for-coding"\} 1/,
    );
    expect(text).toMatch(
      /openclaw_gateway_tokens_total\{provider="moonshot",model="kimi-k2.5",kind="prompt"\} \d+/,
    );
    expect(text).toContain("openclaw_gateway_time_to_first_token_seconds_count");
    // The process's own health follows: what explains a slow tail with a fast upstream.
    expect(text).toMatch(/^process_resident_memory_bytes \d+$/m);
    expect(text).toContain(
      `openclaw_gateway_build_info{version="${VERSION}",node="${process.version}"} 1`,
    );
    expect(text).toMatch(/^nodejs_eventloop_delay_seconds\{percentile="99"\} [\d.e-]+$/m);
    expect(text).toContain("# TYPE nodejs_gc_duration_seconds histogram");
    expect((await fetch(`${env.gateway.url}/metrics`)).status).toBe(401);
  });

  it("keeps exactly one ledger row per chat request, with fallback and cost", async () => {
    const rows = await ledgerQuery<{
      request_id: string;
      model_requested: string | null;
      model_used: string | null;
      fallback_from: string | null;
      status: number;
      outcome: string;
      cost_usd: number;
    }>(
      env,
      "SELECT request_id, model_requested, model_used, fallback_from, status, outcome, cost_usd FROM requests ORDER BY id",
    );
    expect(rows).toHaveLength(sent);
    expect(new Set(rows.map((row) => row.request_id)).size).toBe(sent);
    const fallback = rows.find((row) => row.fallback_from !== null);
    expect(fallback).toMatchObject({
      model_requested: "openclaw",
      model_used: "kimi-code/kimi-for-coding",
      fallback_from: "moonshot/kimi-k2.5",
    });
    expect(rows.filter((row) => row.status === 401)).toHaveLength(1);
    expect(rows[0]?.cost_usd).toBeGreaterThan(0);
  });
});
