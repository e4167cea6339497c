/**
 * OpenAI's Responses API through the gateway, with the official `openai` client: the same
 * runtime, Moonshot compat, reasoning and ledger as chat completions, in the Responses shape.
 * The client's own stream helper (`responses.stream`) rebuilds the response from the events and
 * fails on any event out of order, so it checks the event sequence as well as the text.
 */
import OpenAI from "openai";
import type { ResponseInputItem, ResponseStreamEvent } from "openai/resources/responses/responses";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SimReply } from "../simulator/types.js";
import {
  expectToolRoundsReplayed,
  GATEWAY_TOKEN,
  type GatewayEnv,
  ledgerQuery,
  scriptTimeToolRounds,
  startGatewayEnv,
} from "./harness.js";

let env: GatewayEnv;
let client: OpenAI;
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
    name: "get_time",
    description: "The current time in a time zone",
    parameters: { type: "object", properties: { tz: { type: "string" } }, required: ["tz"] },
    strict: false,
  },
];

/** The next kimi-k2.5 answer streams in `chunkChars` pieces and the upstream stops after `cutAfterChunks`. */
/** A model that does not think, so that the cut falls in the answer's text or calls. */
const PLAIN_MODEL = "moonshot/kimi-k2-turbo-preview";

function scriptCutStream(reply: SimReply, chunkChars: number, cutAfterChunks: number): void {
  env.sim.script([
    {
      when: { model: "kimi-k2-turbo-preview" },
      respond: { reply, stream: { chunkChars }, cutAfterChunks },
    },
  ]);
}

/** A Responses stream read to its end: the event types, the items done, the failed response. */
async function readStream(stream: AsyncIterable<OpenAI.Responses.ResponseStreamEvent>) {
  const types: string[] = [];
  const done: OpenAI.Responses.ResponseOutputItem[] = [];
  let failed: OpenAI.Responses.Response | undefined;
  for await (const event of stream) {
    types.push(event.type);
    if (event.type === "response.output_item.done") done.push(event.item);
    if (event.type === "response.failed") failed = event.response;
  }
  return { types, done, failed };
}

describe("the Responses API with the official openai client", () => {
  it("answers a plain request, instructions sent as the system message", async () => {
    env.sim.script([{ respond: { reply: { text: "Hello there." } } }]);
    sent++;
    const response = await client.responses.create({
      model: "Kimi K2.5",
      instructions: "Be brief.",
      input: "Say hello.",
      max_output_tokens: 200,
    });
    expect(response.status).toBe("completed");
    expect(response.output_text).toBe("Hello there.");
    // The response repeats what was asked, as OpenAI's does.
    expect(response).toMatchObject({
      instructions: "Be brief.",
      max_output_tokens: 200,
      tool_choice: "auto",
      tools: [],
    });
    expect(response.model).toBe("moonshot/kimi-k2.5");
    expect(response.usage?.input_tokens).toBeGreaterThan(0);
    expect(response.usage?.output_tokens).toBeGreaterThan(0);
    const upstream = env.sim.chatRequests().at(-1)?.body as {
      messages: { role: string; content: string }[];
      max_tokens: number;
    };
    expect(upstream.messages).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "Say hello." },
    ]);
    expect(upstream.max_tokens).toBe(200);
  });

  it("repeats prompt_cache_key and safety_identifier in the response, as OpenAI's does", async () => {
    sent += 3;
    const asked = { prompt_cache_key: "session-7", safety_identifier: "user-hash" };
    const plain = await client.responses.create({ model: "Kimi K2.5", input: "hi", ...asked });
    expect(plain).toMatchObject(asked);
    const stream = await client.responses.create({
      model: "Kimi K2.5",
      input: "hi",
      stream: true,
      ...asked,
    });
    const echoed: unknown[] = [];
    for await (const event of stream) {
      if (event.type === "response.created" || event.type === "response.completed")
        echoed.push({
          prompt_cache_key: event.response.prompt_cache_key,
          safety_identifier: event.response.safety_identifier,
        });
    }
    expect(echoed).toEqual([asked, asked]);
    const none = await client.responses.create({ model: "Kimi K2.5", input: "hi" });
    expect(none).toMatchObject({ prompt_cache_key: null, safety_identifier: null });
  });

  it("streams reasoning, then text, in events the client's stream helper accepts", async () => {
    sent++;
    const stream = client.responses.stream({
      model: "moonshot/kimi-k2-thinking",
      input: [{ role: "user", content: "Why is the sky blue?" }],
    });
    const types: string[] = [];
    let deltas = "";
    for await (const event of stream as AsyncIterable<ResponseStreamEvent>) {
      if (types.at(-1) !== event.type) types.push(event.type);
      if (event.type === "response.output_text.delta") deltas += event.delta;
    }
    const final = await stream.finalResponse();
    expect(final.status).toBe("completed");
    expect(final.output.map((item) => item.type)).toEqual(["reasoning", "message"]);
    const reasoning = final.output[0];
    expect(reasoning?.type === "reasoning" && reasoning.summary[0]?.text).toBe(
      'The user said "Why is the sky blue?". I will answer briefly.',
    );
    expect(deltas).toBe("Echo: Why is the sky blue?");
    expect(final.output_text).toBe(deltas);
    expect(types[0]).toBe("response.created");
    expect(types.at(-1)).toBe("response.completed");
    expect(types.indexOf("response.reasoning_summary_text.delta")).toBeLessThan(
      types.indexOf("response.output_text.delta"),
    );
    expect(final.usage?.output_tokens).toBeGreaterThan(0);
  });

  it("runs two rounds of function calls with a thinking model, its reasoning replayed", async () => {
    scriptTimeToolRounds(env.sim, "12:00 in UTC, 21:00 in Tokyo.");
    const input: ResponseInputItem[] = [{ role: "user", content: "Time in UTC and Tokyo?" }];
    const answers: Record<string, string> = { UTC: "12:00", "Asia/Tokyo": "21:00" };

    // Round 1 streamed, round 2 not; the client keeps the function calls but, like many
    // clients, drops the reasoning items: the gateway puts the reasoning back.
    for (const streamed of [true, false]) {
      sent++;
      const response = streamed
        ? await client.responses.stream({ model: "Kimi K2 Thinking", input, tools }).finalResponse()
        : await client.responses.create({ model: "Kimi K2 Thinking", input, tools });
      const calls = response.output.filter((item) => item.type === "function_call");
      expect(calls).toHaveLength(1);
      for (const call of calls) {
        if (call.type !== "function_call") continue;
        input.push({
          type: "function_call",
          call_id: call.call_id,
          name: call.name,
          arguments: call.arguments,
        });
        const { tz } = JSON.parse(call.arguments) as { tz: string };
        input.push({
          type: "function_call_output",
          call_id: call.call_id,
          output: answers[tz] ?? "",
        });
      }
    }
    sent++;
    const last = await client.responses.create({ model: "Kimi K2 Thinking", input, tools });
    expect(last.output_text).toBe("12:00 in UTC, 21:00 in Tokyo.");

    expectToolRoundsReplayed(env.sim);
  });

  it("streams a function call's arguments as they arrive, then closes the call", async () => {
    const note = "x".repeat(200);
    env.sim.script([
      {
        when: { model: "kimi-k2.5" },
        respond: {
          reply: { toolCalls: [{ name: "get_time", arguments: { tz: "UTC", note } }] },
          stream: { chunkChars: 10 },
        },
      },
    ]);
    sent++;
    const stream = client.responses.stream({ model: "moonshot/kimi-k2.5", input: "Time?", tools });
    const events: ResponseStreamEvent[] = [];
    for await (const event of stream as AsyncIterable<ResponseStreamEvent>) events.push(event);
    const final = await stream.finalResponse();

    const deltas = events.filter(
      (event) => event.type === "response.function_call_arguments.delta",
    );
    expect(deltas.length).toBeGreaterThan(5);
    const types = events.map((event) => event.type);
    expect(types.indexOf("response.output_item.added")).toBeLessThan(
      types.indexOf("response.function_call_arguments.delta"),
    );
    expect(types.lastIndexOf("response.function_call_arguments.delta")).toBeLessThan(
      types.indexOf("response.function_call_arguments.done"),
    );
    const call = final.output.find((item) => item.type === "function_call");
    expect(call?.type === "function_call" && JSON.parse(call.arguments)).toEqual({
      tz: "UTC",
      note,
    });
    expect(call?.type === "function_call" && call.status).toBe("completed");
  });

  it("gives an empty answer the same one empty message, streamed or not", async () => {
    // A model that does not think, so that nothing but the message is there.
    env.sim.script([
      { when: { model: "kimi-k2-turbo-preview" }, respond: { reply: { text: "" } }, times: 2 },
    ]);
    sent += 2;
    const model = "moonshot/kimi-k2-turbo-preview";
    const whole = await client.responses.create({ model, input: "…" });
    const streamed = await client.responses.stream({ model, input: "…" }).finalResponse();
    for (const response of [whole, streamed]) {
      expect(response.output.map((item) => item.type)).toEqual(["message"]);
      expect(response.output_text).toBe("");
    }
  });

  it("takes reasoning items a client sends back as the next turn's reasoning_content", async () => {
    env.sim.script([{ respond: { reply: { text: "Done." } } }]);
    sent++;
    await client.responses.create({
      model: "Kimi K2 Thinking",
      tools,
      input: [
        { role: "user", content: "Time?" },
        {
          type: "reasoning",
          id: "rs_1",
          summary: [],
          content: [{ type: "reasoning_text", text: "I should ask the clock." }],
        },
        {
          type: "function_call",
          call_id: "functions.get_time:7",
          name: "get_time",
          arguments: '{"tz":"UTC"}',
        },
        { type: "function_call_output", call_id: "functions.get_time:7", output: "12:00" },
      ],
    });
    const upstream = env.sim.chatRequests().at(-1)?.body as {
      messages: { role: string; reasoning_content?: string; tool_calls?: { id: string }[] }[];
    };
    expect(upstream.messages[1]).toMatchObject({
      role: "assistant",
      reasoning_content: "I should ask the clock.",
      tool_calls: [{ id: "functions.get_time:7" }],
    });
  });

  it("continues a conversation from previous_response_id, streamed or not", async () => {
    sent++;
    const first = await client.responses.create({
      model: "moonshot/kimi-k2.5",
      instructions: "Be brief.",
      input: "My name is Ada.",
    });
    sent++;
    const second = await client.responses
      .stream({
        model: "moonshot/kimi-k2.5",
        input: "And I live in Paris.",
        previous_response_id: first.id,
      })
      .finalResponse();
    expect(second.previous_response_id).toBe(first.id);
    sent++;
    const third = await client.responses.create({
      model: "moonshot/kimi-k2.5",
      input: [{ role: "user", content: "What is my name?" }],
      previous_response_id: second.id,
    });
    expect(third.output_text.length).toBeGreaterThan(0);
    const upstream = env.sim.chatRequests().at(-1)?.body as {
      messages: { role: string; content: string }[];
    };
    // The whole conversation, in order (the answers with their reasoning: kimi-k2.5 thinks
    // unless told not to); the first turn's instructions are not carried over.
    expect(upstream.messages.map(({ role, content }) => ({ role, content }))).toEqual([
      { role: "user", content: "My name is Ada." },
      { role: "assistant", content: first.output_text },
      { role: "user", content: "And I live in Paris." },
      { role: "assistant", content: second.output_text },
      { role: "user", content: "What is my name?" },
    ]);
  });

  it("runs a tool loop on previous_response_id with a thinking model, its reasoning kept", async () => {
    scriptTimeToolRounds(env.sim, "12:00 in UTC, 21:00 in Tokyo.");
    const answers: Record<string, string> = { UTC: "12:00", "Asia/Tokyo": "21:00" };
    let input: ResponseInputItem[] | string = "Time in UTC and Tokyo?";
    let previous: string | undefined;
    let last: OpenAI.Responses.Response | undefined;
    // Only the new items go each time, as clients using previous_response_id do.
    for (let round = 0; round < 3; round++) {
      sent++;
      last = await client.responses.create({
        model: "Kimi K2 Thinking",
        input,
        tools,
        ...(previous ? { previous_response_id: previous } : {}),
      });
      previous = last.id;
      input = last.output.flatMap((item): ResponseInputItem[] => {
        if (item.type !== "function_call") return [];
        const { tz } = JSON.parse(item.arguments) as { tz: string };
        return [{ type: "function_call_output", call_id: item.call_id, output: answers[tz] ?? "" }];
      });
    }
    expect(last?.output_text).toBe("12:00 in UTC, 21:00 in Tokyo.");
    expectToolRoundsReplayed(env.sim);
  });

  it("sends reasoning.effort to Kimi K3 as Moonshot's reasoning_effort, xhigh as its max", async () => {
    const before = env.sim.chatRequests().length;
    for (const effort of ["low", "xhigh"] as const) {
      sent++;
      const response = await client.responses.create({
        model: "moonshot/kimi-k3",
        input: "Derive the formula for 1, 4, 9, 16.",
        reasoning: { effort },
      });
      expect(response.status).toBe("completed");
      expect(response.output.map((item) => item.type)).toEqual(["reasoning", "message"]);
    }
    const upstream = env.sim
      .chatRequests()
      .slice(before)
      .map(({ body }) => (body as { reasoning_effort?: string }).reasoning_effort);
    expect(upstream).toEqual(["low", "max"]);
  });

  it("sends text.format as the chat request's response_format and echoes it", async () => {
    env.sim.script([{ respond: { reply: { text: '{"city":"Paris"}' } } }]);
    const schema = {
      type: "object",
      properties: { city: { type: "string" } },
      required: ["city"],
      additionalProperties: false,
    };
    sent++;
    const response = await client.responses.create({
      model: "moonshot/kimi-k2.5",
      input: "Where is the Louvre? Answer as JSON.",
      text: { format: { type: "json_schema", name: "place", schema, strict: true } },
    });
    expect(JSON.parse(response.output_text)).toEqual({ city: "Paris" });
    expect(response.text?.format).toMatchObject({ type: "json_schema", name: "place" });
    const upstream = env.sim.chatRequests().at(-1)?.body as { response_format?: unknown };
    expect(upstream.response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "place", schema, strict: true },
    });
  });

  it("keeps nothing to continue from a response sent with store: false", async () => {
    sent++;
    const unstored = await client.responses.create({
      model: "moonshot/kimi-k2.5",
      input: "Forget this.",
      store: false,
    });
    sent++;
    const chained = await client.responses
      .create({ model: "moonshot/kimi-k2.5", input: "more", previous_response_id: unstored.id })
      .catch((caught: unknown) => caught);
    expect(chained).toBeInstanceOf(OpenAI.BadRequestError);
    const chainedError = chained as InstanceType<typeof OpenAI.APIError>;
    expect(chainedError.param).toBe("previous_response_id");
    expect(chainedError.code).toBe("previous_response_not_found");
    expect(chainedError.message).toContain("Send the whole conversation in input");
    const fetched = await client.responses.retrieve(unstored.id).catch((caught: unknown) => caught);
    expect(fetched).toBeInstanceOf(OpenAI.NotFoundError);
  });

  it("fetches a response it served, lists what it was sent, and forgets it when deleted", async () => {
    sent++;
    const first = await client.responses.create({
      model: "moonshot/kimi-k2.5",
      input: "Hi, I am Ada.",
    });
    sent++;
    const second = await client.responses
      .stream({
        model: "moonshot/kimi-k2.5",
        input: [{ role: "user", content: "Remember my name." }],
        previous_response_id: first.id,
      })
      .finalResponse();

    const fetched = await client.responses.retrieve(second.id);
    expect(fetched).toMatchObject({
      id: second.id,
      status: "completed",
      previous_response_id: first.id,
    });
    expect(fetched.output_text).toBe(second.output_text);

    const inputs = [];
    for await (const item of client.responses.inputItems.list(second.id, { order: "asc" })) {
      inputs.push(item);
    }
    // Its own turn's input, not the earlier turns'.
    expect(inputs).toMatchObject([
      {
        type: "message",
        role: "user",
        content: [{ type: "input_text", text: "Remember my name." }],
      },
    ]);

    const deleted = await client.responses.delete(second.id);
    expect(deleted).toMatchObject({ id: second.id, deleted: true });
    for (const gone of [client.responses.retrieve(second.id), client.responses.delete(second.id)]) {
      const error = await gone.catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.NotFoundError);
      expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe("response_not_found");
    }
    sent++;
    const chained = await client.responses
      .create({ model: "moonshot/kimi-k2.5", input: "more", previous_response_id: second.id })
      .catch((caught: unknown) => caught);
    expect(chained).toBeInstanceOf(OpenAI.BadRequestError);
  });

  it("lists a response's input items as OpenAI does: typed, with ids, paged by the SDK", async () => {
    sent++;
    const response = await client.responses.create({
      model: "moonshot/kimi-k2.5",
      tools,
      input: [
        { role: "user", content: "What time is it in Paris?" },
        {
          type: "function_call",
          call_id: "call_paris",
          name: "get_time",
          arguments: '{"tz":"Europe/Paris"}',
        },
        { type: "function_call_output", call_id: "call_paris", output: "14:05" },
      ],
    });
    // One item a page: the SDK follows has_more and last_id to the end.
    const listed: OpenAI.Responses.ResponseItem[] = [];
    for await (const item of client.responses.inputItems.list(response.id, { limit: 1 })) {
      listed.push(item);
    }
    expect(listed.map((item) => item.type)).toEqual([
      "function_call_output",
      "function_call",
      "message",
    ]);
    expect(new Set(listed.map((item) => item.id)).size).toBe(3);
    expect(listed.every((item) => typeof item.id === "string" && item.id !== "")).toBe(true);
    expect(listed[2]).toMatchObject({
      role: "user",
      content: [{ type: "input_text", text: "What time is it in Paris?" }],
    });
    expect(listed[1]).toMatchObject({
      call_id: "call_paris",
      name: "get_time",
      status: "completed",
    });
    expect(listed[0]).toMatchObject({ call_id: "call_paris", output: "14:05" });

    // The same ids on every listing; oldest first on request; before and after as cursors.
    const asc = await client.responses.inputItems.list(response.id, { order: "asc" });
    const ids = asc.data.map((item) => item.id);
    expect(ids).toEqual(listed.map((item) => item.id).reverse());
    expect(asc.has_more).toBe(false);
    const raw = await fetch(`${env.baseURL}/responses/${response.id}/input_items?limit=2`, {
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}` },
    });
    expect(await raw.json()).toMatchObject({ first_id: ids[2], last_id: ids[1], has_more: true });
    const afterFirst = await client.responses.inputItems.list(response.id, {
      order: "asc",
      after: ids[0] as string,
    });
    expect(afterFirst.data.map((item) => item.id)).toEqual(ids.slice(1));
    // `before` (which the SDK no longer sends) pages backwards.
    const beforeLast = (await (
      await fetch(
        `${env.baseURL}/responses/${response.id}/input_items?order=asc&limit=1&before=${ids[2]}`,
        { headers: { authorization: `Bearer ${GATEWAY_TOKEN}` } },
      )
    ).json()) as { data: { id: string }[]; has_more: boolean };
    expect(beforeLast.data.map((item) => item.id)).toEqual([ids[1]]);
    expect(beforeLast.has_more).toBe(true);
    const unknown = await client.responses.inputItems
      .list(response.id, { after: "msg_unknown" })
      .catch((caught: unknown) => caught);
    expect(unknown).toBeInstanceOf(OpenAI.BadRequestError);
    expect((unknown as InstanceType<typeof OpenAI.APIError>).param).toBe("after");

    const head = await fetch(`${env.baseURL}/responses/${response.id}/input_items`, {
      method: "HEAD",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}` },
    });
    expect(head.status).toBe(200);
  });

  it("refuses what the gateway cannot do with a 400 that says so", async () => {
    sent++;
    const builtin = await client.responses
      .create({
        model: "openclaw",
        input: "what do my files say?",
        tools: [{ type: "file_search", vector_store_ids: ["vs_1"] }],
      })
      .catch((caught: unknown) => caught);
    expect(builtin).toBeInstanceOf(OpenAI.BadRequestError);
    expect((builtin as InstanceType<typeof OpenAI.APIError>).param).toBe("tools[0].type");
  });

  it("reports a failure after the stream began as error and response.failed events", async () => {
    scriptCutStream({ text: "This answer will not finish properly." }, 4, 3);
    sent++;
    const { types, failed } = await readStream(
      await client.responses.create({
        model: PLAIN_MODEL,
        input: "Tell me something.",
        stream: true,
      }),
    );
    expect(types[0]).toBe("response.created");
    expect(types).toContain("response.output_text.delta");
    expect(types.slice(-2)).toEqual(["error", "response.failed"]);
    expect(failed?.error?.message).toContain("cut off");
    // One of the codes OpenAI documents for a response's error, which strict clients switch on.
    expect(failed?.error?.code).toBe("server_error");
    // The text cut off mid-way is kept, and marked as not finished.
    const message = failed?.output[0] as OpenAI.Responses.ResponseOutputMessage | undefined;
    expect(message?.status).toBe("incomplete");
    expect((message?.content[0] as { text: string } | undefined)?.text).toMatch(/^This an/);
  });

  it("ends a function call cut off mid-arguments as incomplete, not in progress", async () => {
    scriptCutStream(
      { toolCalls: [{ name: "get_time", arguments: { tz: "UTC", note: "y".repeat(80) } }] },
      10,
      4,
    );
    sent++;
    const { done, failed } = await readStream(
      await client.responses.create({
        model: PLAIN_MODEL,
        input: "Time?",
        tools,
        stream: true,
      }),
    );
    expect(failed?.status).toBe("failed");
    const call = failed?.output.find((item) => item.type === "function_call");
    expect(call).toMatchObject({ type: "function_call", name: "get_time", status: "incomplete" });
    // Arguments received before the cut, never presented as complete JSON.
    expect((call as { arguments: string }).arguments).toMatch(/^\{"tz"/);
    expect(() => JSON.parse((call as { arguments: string }).arguments)).toThrow();
    expect(done.map((item) => ("status" in item ? item.status : undefined))).toEqual([
      "incomplete",
    ]);
    expect(failed?.output.some((item) => "status" in item && item.status === "in_progress")).toBe(
      false,
    );
  });

  it("records one ledger row per request, under the responses route in /metrics", async () => {
    const rows = await ledgerQuery<{ n: number }>(env, "SELECT count(*) AS n FROM requests");
    expect(rows[0]?.n).toBe(sent);
    const metrics = await fetch(`${env.gateway.url}/metrics`, {
      headers: { authorization: "Bearer test-gateway-token-0001" },
    }).then((response) => response.text());
    expect(metrics).toMatch(/openclaw_gateway_requests_total\{route="responses",[^}]*\} \d+/);
  });
});
