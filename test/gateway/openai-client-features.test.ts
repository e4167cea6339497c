/**
 * The official `openai` client's wider features through a real gateway in front of the
 * simulator: its helpers (`stream()`, `runTools()`, `withResponse()`, list iteration) and the
 * request fields people send beside a plain chat. What the client gets must be what OpenAI would
 * give, or a 400 naming the field; a field is never dropped where that changes the answer.
 */
import OpenAI from "openai";
import { zodResponseFormat } from "openai/helpers/zod";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  eventually,
  expectToolRoundsReplayed,
  type GatewayEnv,
  scriptTimeToolRounds,
  startGatewayEnv,
} from "./harness.js";

const K25 = "moonshot/kimi-k2.5";
const TURBO = "moonshot/kimi-k2-turbo-preview";
const THINKING = "moonshot/kimi-k2-thinking";
const ASK = [{ role: "user" as const, content: "what time is it?" }];
const TIME_TOOL = {
  type: "function" as const,
  function: {
    name: "get_time",
    description: "The current time in a time zone",
    parameters: {
      type: "object",
      properties: { tz: { type: "string" } },
      required: ["tz"],
      additionalProperties: false,
    },
  },
};

/** The model answers with two `get_time` calls at once (UTC and Asia/Tokyo). */
function scriptTwoCalls(env: GatewayEnv): void {
  env.sim.script([
    {
      respond: {
        reply: {
          toolCalls: [
            { name: "get_time", arguments: { tz: "UTC" } },
            { name: "get_time", arguments: { tz: "Asia/Tokyo" } },
          ],
        },
      },
    },
  ]);
}

/** The last chat request the simulator received, as a body. */
function lastUpstream(env: GatewayEnv): Record<string, unknown> {
  return env.sim.chatRequests().at(-1)?.body as Record<string, unknown>;
}

describe("the openai client's features through the gateway", () => {
  let env: GatewayEnv;
  let client: OpenAI;

  beforeAll(async () => {
    env = await startGatewayEnv();
    client = env.client();
  });
  afterAll(async () => {
    await env?.close();
  });
  beforeEach(() => {
    env.sim.reset();
  });

  describe("parallel_tool_calls", () => {
    it("with false, a client gets one tool call even when the provider makes two", async () => {
      scriptTwoCalls(env);
      const completion = await client.chat.completions.create({
        model: K25,
        messages: ASK,
        tools: [TIME_TOOL],
        parallel_tool_calls: false,
      });
      const calls = completion.choices[0]?.message.tool_calls ?? [];
      expect(calls.map((call) => call.type === "function" && call.function.arguments)).toEqual([
        '{"tz":"UTC"}',
      ]);
      expect(completion.choices[0]?.finish_reason).toBe("tool_calls");
      // It still goes upstream: a provider that honours it makes one call to begin with.
      expect(lastUpstream(env).parallel_tool_calls).toBe(false);
    });

    it("with false, a streamed answer holds one tool call (the stream() helper's events)", async () => {
      scriptTwoCalls(env);
      const done: string[] = [];
      const stream = client.chat.completions.stream({
        model: K25,
        messages: ASK,
        tools: [TIME_TOOL],
        parallel_tool_calls: false,
      });
      stream.on("tool_calls.function.arguments.done", (event) => {
        done.push(`${event.index} ${event.name} ${event.arguments}`);
      });
      const final = await stream.finalChatCompletion();
      expect(done).toEqual(['0 get_time {"tz":"UTC"}']);
      expect(final.choices[0]?.message.tool_calls).toHaveLength(1);
    });

    it("with false on a thinking model, the one call given back gets its reasoning restored", async () => {
      const question = [{ role: "user" as const, content: "the time in UTC, one call at a time" }];
      env.sim.script([
        {
          respond: {
            reply: {
              reasoning: "Two zones; one call at a time.",
              toolCalls: [
                { name: "get_time", arguments: { tz: "UTC" } },
                { name: "get_time", arguments: { tz: "Asia/Tokyo" } },
              ],
            },
          },
        },
      ]);
      const first = await client.chat.completions.create({
        model: THINKING,
        messages: question,
        tools: [TIME_TOOL],
        parallel_tool_calls: false,
      });
      const call = first.choices[0]?.message.tool_calls?.[0];
      if (call?.type !== "function") throw new Error("expected a function call");
      // As most clients send it back: without reasoning_content.
      await client.chat.completions.create({
        model: THINKING,
        messages: [
          ...question,
          { role: "assistant", content: null, tool_calls: [call] },
          { role: "tool", tool_call_id: call.id, content: "12:00" },
        ],
        tools: [TIME_TOOL],
        parallel_tool_calls: false,
      });
      const replayed = (lastUpstream(env).messages as { reasoning_content?: string }[])[1];
      expect(replayed?.reasoning_content).toBe("Two zones; one call at a time.");
    });

    it("with false on the Responses API, one function_call item, streamed or not", async () => {
      const tool = {
        type: "function" as const,
        name: "get_time",
        parameters: TIME_TOOL.function.parameters,
        strict: false,
      };
      scriptTwoCalls(env);
      const response = await client.responses.create({
        model: K25,
        input: "what time is it?",
        tools: [tool],
        parallel_tool_calls: false,
      });
      const calls = response.output.filter((item) => item.type === "function_call");
      expect(calls.map((call) => call.arguments)).toEqual(['{"tz":"UTC"}']);
      scriptTwoCalls(env);
      const stream = client.responses.stream({
        model: K25,
        input: "what time is it?",
        tools: [tool],
        parallel_tool_calls: false,
      });
      const added: string[] = [];
      stream.on("response.output_item.added", (event) => added.push(event.item.type));
      const final = await stream.finalResponse();
      expect(added.filter((type) => type === "function_call")).toHaveLength(1);
      expect(final.output.filter((item) => item.type === "function_call")).toHaveLength(1);
    });

    it("Anthropic's disable_parallel_tool_use gets one tool_use block, streamed or not", async () => {
      const request = {
        model: K25,
        max_tokens: 256,
        messages: [{ role: "user" as const, content: "what time is it?" }],
        tools: [
          {
            name: "get_time",
            input_schema: { type: "object" as const, properties: { tz: { type: "string" } } },
          },
        ],
        tool_choice: { type: "auto" as const, disable_parallel_tool_use: true },
      };
      scriptTwoCalls(env);
      const message = await env.anthropic().messages.create(request);
      expect(message.content.filter((block) => block.type === "tool_use")).toHaveLength(1);
      scriptTwoCalls(env);
      const streamed = await env.anthropic().messages.stream(request).finalMessage();
      const uses = streamed.content.filter((block) => block.type === "tool_use");
      expect(uses.map((block) => block.input)).toEqual([{ tz: "UTC" }]);
    });

    it("left out or true, both calls come through", async () => {
      scriptTwoCalls(env);
      const completion = await client.chat.completions.create({
        model: K25,
        messages: ASK,
        tools: [TIME_TOOL],
        parallel_tool_calls: true,
      });
      expect(completion.choices[0]?.message.tool_calls).toHaveLength(2);
    });

    it("refuses a value that is not a boolean, naming the field", async () => {
      const error = await client.chat.completions
        .create({
          model: K25,
          messages: ASK,
          tools: [TIME_TOOL],
          parallel_tool_calls: "no" as unknown as boolean,
        })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      const bad = error as InstanceType<typeof OpenAI.BadRequestError>;
      expect(bad.param).toBe("parallel_tool_calls");
      expect(bad.message).toContain("parallel_tool_calls must be a boolean, got a string");
      expect(env.sim.chatRequests()).toHaveLength(0);
    });
  });

  describe("response_format and parse()", () => {
    const Time = z.object({ city: z.string(), hour: z.number() });
    const ANSWER = '{"city":"Tokyo","hour":12}';

    it("parse() with a zod schema gets the parsed answer, the schema sent without $schema", async () => {
      env.sim.script([{ respond: { reply: { text: ANSWER } } }]);
      const completion = await client.chat.completions.parse({
        model: K25,
        messages: ASK,
        response_format: zodResponseFormat(Time, "time"),
      });
      expect(completion.choices[0]?.message.parsed).toEqual({ city: "Tokyo", hour: 12 });
      // The client writes a draft-07 "$schema", with which kimi-k2.5 does not keep to the
      // schema; the rest of the format goes as the client wrote it.
      const sent = zodResponseFormat(Time, "time") as unknown as {
        json_schema: { schema: Record<string, unknown> };
      };
      expect(sent.json_schema.schema.$schema).toBeDefined();
      const { $schema: _dialect, ...schema } = sent.json_schema.schema;
      expect(lastUpstream(env).response_format).toEqual({
        type: "json_schema",
        json_schema: { ...sent.json_schema, schema },
      });
    });

    it("the stream() helper parses a streamed json_schema answer on content.done", async () => {
      env.sim.script([{ respond: { reply: { text: ANSWER } } }]);
      const parsed: unknown[] = [];
      const stream = client.chat.completions.stream({
        model: TURBO,
        messages: ASK,
        response_format: zodResponseFormat(Time, "time"),
      });
      stream.on("content.done", (event) => parsed.push(event.parsed));
      const final = await stream.finalChatCompletion();
      expect(parsed).toEqual([{ city: "Tokyo", hour: 12 }]);
      expect(final.choices[0]?.message.parsed).toEqual({ city: "Tokyo", hour: 12 });
      const format = lastUpstream(env).response_format as { json_schema: { schema: object } };
      expect(format.json_schema.schema).not.toHaveProperty("$schema");
    });

    it("json_object and a json_schema without $schema go upstream unchanged", async () => {
      const plain = {
        type: "json_schema" as const,
        json_schema: {
          name: "time",
          schema: { type: "object", properties: { hour: { type: "number" } }, required: ["hour"] },
        },
      };
      for (const format of [{ type: "json_object" as const }, plain]) {
        await client.chat.completions.create({
          model: TURBO,
          messages: ASK,
          response_format: format,
        });
        expect(lastUpstream(env).response_format).toEqual(format);
      }
    });

    it("refuses a json_schema format without a name, naming the field", async () => {
      const error = await client.chat.completions
        .create({
          model: TURBO,
          messages: ASK,
          response_format: {
            type: "json_schema",
            json_schema: { schema: { type: "object" } },
          } as unknown as OpenAI.ResponseFormatJSONSchema,
        })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe(
        "response_format.json_schema.name",
      );
      expect(env.sim.chatRequests()).toHaveLength(0);
    });
  });

  describe("stream_options.include_usage", () => {
    async function lastChunks(includeUsage: boolean | undefined) {
      const stream = await client.chat.completions.create({
        model: TURBO,
        messages: ASK,
        stream: true,
        ...(includeUsage === undefined ? {} : { stream_options: { include_usage: includeUsage } }),
      });
      const chunks: OpenAI.ChatCompletionChunk[] = [];
      for await (const chunk of stream) chunks.push(chunk);
      return chunks;
    }

    it("sends a usage chunk with no choices when asked for, after the finish", async () => {
      const chunks = await lastChunks(true);
      const last = chunks.at(-1);
      expect(last?.choices).toEqual([]);
      expect(last?.usage?.total_tokens).toBeGreaterThan(0);
      expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe("stop");
      expect(chunks.slice(0, -1).every((chunk) => !chunk.usage)).toBe(true);
    });

    it("sends no usage at all when not asked for, or asked not to", async () => {
      for (const asked of [undefined, false]) {
        const chunks = await lastChunks(asked);
        expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe("stop");
        expect(chunks.some((chunk) => chunk.usage)).toBe(false);
      }
    });
  });

  describe("an answer's refusal and annotations, as OpenAI's", () => {
    it("a whole answer says refusal null and no annotations, text or tool calls", async () => {
      env.sim.script([{ respond: { reply: { text: "It is noon." } } }]);
      const text = await client.chat.completions.create({ model: TURBO, messages: ASK });
      expect(text.choices[0]?.message.refusal).toBeNull();
      expect(text.choices[0]?.message.annotations).toEqual([]);
      scriptTwoCalls(env);
      const calls = await client.chat.completions.create({
        model: TURBO,
        messages: ASK,
        tools: [TIME_TOOL],
      });
      const message = calls.choices[0]?.message;
      expect(message?.tool_calls).toHaveLength(2);
      expect(message?.refusal).toBeNull();
      expect(message?.annotations).toEqual([]);
    });

    it("a stream's first delta says refusal null, and the stream() helper's final answer too", async () => {
      env.sim.script([{ respond: { reply: { text: "It is noon." } } }]);
      const chunks: OpenAI.ChatCompletionChunk[] = [];
      const stream = await client.chat.completions.create({
        model: TURBO,
        messages: ASK,
        stream: true,
      });
      for await (const chunk of stream) chunks.push(chunk);
      expect(chunks[0]?.choices[0]?.delta).toEqual({
        role: "assistant",
        content: "",
        refusal: null,
      });
      env.sim.script([{ respond: { reply: { text: "It is noon." } } }]);
      const helper = client.chat.completions.stream({ model: TURBO, messages: ASK });
      const final = await helper.finalChatCompletion();
      expect(final.choices[0]?.message.content).toBe("It is noon.");
      expect(final.choices[0]?.message.refusal).toBeNull();
    });
  });

  describe("the stream() helper", () => {
    it("emits content.delta pieces that add up to finalChatCompletion's content", async () => {
      env.sim.script([{ respond: { reply: { text: "It is noon in Tokyo." } } }]);
      const deltas: string[] = [];
      const stream = client.chat.completions.stream({ model: TURBO, messages: ASK });
      stream.on("content.delta", (event) => deltas.push(event.delta));
      const final = await stream.finalChatCompletion();
      expect(deltas.length).toBeGreaterThan(1);
      expect(deltas.join("")).toBe("It is noon in Tokyo.");
      expect(final.choices[0]?.message.content).toBe("It is noon in Tokyo.");
      expect(final.choices[0]?.finish_reason).toBe("stop");
    });

    it("parses each call's arguments on tool_calls.function.arguments.done", async () => {
      scriptTwoCalls(env);
      const parsed: unknown[] = [];
      const stream = client.chat.completions.stream({
        model: K25,
        messages: ASK,
        tools: [{ ...TIME_TOOL, function: { ...TIME_TOOL.function, strict: true } }],
      });
      stream.on("tool_calls.function.arguments.done", (event) => {
        parsed.push([event.index, event.parsed_arguments]);
      });
      const final = await stream.finalChatCompletion();
      expect(parsed).toEqual([
        [0, { tz: "UTC" }],
        [1, { tz: "Asia/Tokyo" }],
      ]);
      expect(final.choices[0]?.message.tool_calls?.map((call) => call.id)).toEqual([
        "functions.get_time:0",
        "functions.get_time:1",
      ]);
    });
  });

  it("the stream() helper's abort() cancels the upstream request mid-stream", async () => {
    env.sim.script([
      {
        respond: {
          chunkDelayMs: 100,
          reply: { text: "a slow answer ".repeat(40) },
          stream: { chunkChars: 4 },
        },
      },
    ]);
    const stream = client.chat.completions.stream({ model: TURBO, messages: ASK });
    let received = "";
    let socketsWhileStreaming = 0;
    stream.on("content.delta", (event) => {
      received += event.delta;
      socketsWhileStreaming = env.sim.openSockets();
      stream.abort();
    });
    await expect(stream.finalChatCompletion()).rejects.toThrow(OpenAI.APIUserAbortError);
    expect(received).not.toBe("");
    // The gateway closes the connection the answer came on at once (not kept for reuse, as
    // after a whole answer): the simulator sees it close, and makes no more of the answer.
    await eventually(
      () => env.sim.openSockets() < socketsWhileStreaming,
      1500,
      "the upstream socket to close",
    );
  });

  describe("runTools() with a thinking model over two tool rounds", () => {
    const runnable = {
      type: "function" as const,
      function: {
        name: "get_time",
        description: "The current time in a time zone",
        parameters: { type: "object", properties: { tz: { type: "string" } } },
        parse: (text: string) => JSON.parse(text) as { tz: string },
        function: (args: { tz: string }) => `12:00 in ${args.tz}`,
      },
    };

    // A question of its own: the gateway restores no reasoning to a first turn that other
    // tests' conversations (the same question, the same first call) got with other reasoning.
    const question = (stream: boolean) => [
      { role: "user" as const, content: `what time is it in UTC and Tokyo? (stream: ${stream})` },
    ];

    for (const stream of [false, true]) {
      it(`ends with the final answer, each round replayed with its reasoning (stream: ${stream})`, async () => {
        scriptTimeToolRounds(env.sim, "It is noon everywhere.");
        const runner = stream
          ? client.chat.completions.runTools({
              model: THINKING,
              messages: question(stream),
              tools: [runnable],
              stream: true,
            })
          : client.chat.completions.runTools({
              model: THINKING,
              messages: question(stream),
              tools: [runnable],
            });
        expect(await runner.finalContent()).toBe("It is noon everywhere.");
        expect(env.sim.chatRequests()).toHaveLength(3);
        // The helper sends no reasoning_content back (streamed, it kept only a turn's last
        // delta); the gateway still sends Moonshot each turn's whole reasoning, as it requires.
        expectToolRoundsReplayed(env.sim);
        const results = (lastUpstream(env).messages as { role: string; content?: string }[])
          .filter((message) => message.role === "tool")
          .map((message) => message.content);
        expect(results).toEqual(["12:00 in UTC", "12:00 in Asia/Tokyo"]);
      });
    }
  });

  describe("request fields beside a plain chat", () => {
    it("max_completion_tokens, stop (string and array) and seed reach the provider", async () => {
      await client.chat.completions.create({
        model: TURBO,
        messages: ASK,
        max_completion_tokens: 77,
        stop: "END",
        seed: 42,
      });
      expect(lastUpstream(env)).toMatchObject({ max_tokens: 77, stop: "END", seed: 42 });
      await client.chat.completions.create({ model: TURBO, messages: ASK, stop: ["A", "B"] });
      expect(lastUpstream(env).stop).toEqual(["A", "B"]);
    });

    it("refuses n: 2 with a 400 naming n and saying what to do instead", async () => {
      const error = await client.chat.completions
        .create({ model: TURBO, messages: ASK, n: 2 })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      const bad = error as InstanceType<typeof OpenAI.BadRequestError>;
      expect([bad.param, bad.code]).toEqual(["n", "unsupported_value"]);
      expect(bad.message).toContain(
        "n must be 1, got 2: this gateway returns one choice per request (leave n out; for more answers, send the request again)",
      );
      expect(env.sim.chatRequests()).toHaveLength(0);
    });

    it("a tool_choice object forces that function's call", async () => {
      const completion = await client.chat.completions.create({
        model: K25,
        messages: ASK,
        tools: [TIME_TOOL],
        tool_choice: { type: "function", function: { name: "get_time" } },
      });
      const call = completion.choices[0]?.message.tool_calls?.[0];
      expect(call?.type === "function" && call.function.name).toBe("get_time");
      expect(lastUpstream(env).tool_choice).toEqual({
        type: "function",
        function: { name: "get_time" },
      });
    });

    it("logprobs and top_logprobs come back on a streamed answer's text chunks", async () => {
      const stream = await client.chat.completions.create({
        model: TURBO,
        messages: ASK,
        stream: true,
        logprobs: true,
        top_logprobs: 2,
      });
      let text = "";
      let tokens = "";
      for await (const chunk of stream) {
        const choice = chunk.choices[0];
        text += choice?.delta.content ?? "";
        for (const token of choice?.logprobs?.content ?? []) {
          tokens += token.token;
          expect(token.top_logprobs).toHaveLength(2);
        }
      }
      expect(text).not.toBe("");
      expect(tokens).toBe(text);
    });

    it("withResponse() shows the request id and the upstream trace id in the headers", async () => {
      const { data, response, request_id } = await client.chat.completions
        .create({ model: TURBO, messages: ASK })
        .withResponse();
      expect(response.headers.get("x-request-id")).toBe(data.id);
      expect(request_id).toBe(data.id);
      expect(response.headers.get("x-trace-id")).toBe(env.sim.chatRequests().at(-1)?.traceId);
    });

    it("models.list() iterates every model once", async () => {
      const ids: string[] = [];
      for await (const model of client.models.list()) ids.push(model.id);
      expect(ids).toContain(K25);
      expect(ids).toContain("kimi-code/kimi-for-coding");
      expect(new Set(ids).size).toBe(ids.length);
    });
  });
});
