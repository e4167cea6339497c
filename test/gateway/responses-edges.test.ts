/**
 * Edges of the Responses API a client meets, with the official `openai` client over a real
 * socket: what the token cap cut is `incomplete` (a function call too), streamed or not; an item
 * of a `store: false` or deleted response is refused saying so; deleting a response does not end
 * the conversations built on it; chat-completions fields are pointed to their Responses names;
 * blank ids and a trailing slash are answered in plain words; an `include` value OpenAI does not
 * take is refused, and so is tool_choice "required" without tools; a tool type it does not take
 * is named; a response that failed is said not to be kept for that; a previous_response_id that
 * cannot be continued says why; and a thinking level a model cannot take is logged in the
 * client's own terms.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiFailure } from "../helpers/api-error.js";
import { CURRENT_SIM_MODELS } from "../simulator/models.js";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

const PLAIN = "moonshot/kimi-k2-turbo-preview";

let env: GatewayEnv;
let client: OpenAI;
const lines: string[] = [];

beforeAll(async () => {
  env = await startGatewayEnv({ fallbacks: [], start: { log: (line) => lines.push(line) } });
  client = env.client();
});
afterAll(async () => {
  await env?.close();
});

const tools = [
  {
    type: "function" as const,
    name: "lookup",
    parameters: { type: "object", properties: { q: { type: "string" } } },
    strict: false,
  },
];

/** Each output item as `type:status`. */
function statuses(response: OpenAI.Responses.Response): string[] {
  return response.output.map((item) => `${item.type}:${"status" in item ? item.status : "-"}`);
}

describe("an answer the token cap cut off", () => {
  it("marks the function call it cut incomplete, not the message before it, streamed or not", async () => {
    env.sim.script([
      {
        respond: {
          reply: {
            text: "Looking it up.",
            toolCalls: [{ name: "lookup", arguments: '{"q":"ab' }],
            finishReason: "length",
          },
        },
        times: 2,
      },
    ]);
    // A cap the scripted answer fits: its own cut (the call's arguments stop part-way) is what comes.
    const request = { model: PLAIN, input: "find it", tools, max_output_tokens: 16 };
    const plain = await client.responses.create(request);
    expect(plain.status).toBe("incomplete");
    expect(plain.incomplete_details).toEqual({ reason: "max_output_tokens" });
    expect(statuses(plain)).toEqual(["message:completed", "function_call:incomplete"]);

    const stream = await client.responses.create({ ...request, stream: true });
    const done: string[] = [];
    let final: OpenAI.Responses.Response | undefined;
    for await (const event of stream) {
      if (event.type === "response.output_item.done")
        done.push(`${event.item.type}:${"status" in event.item ? event.item.status : "-"}`);
      if (event.type === "response.incomplete") final = event.response;
    }
    expect(done).toEqual(["message:completed", "function_call:incomplete"]);
    expect(final && statuses(final)).toEqual(statuses(plain));
    const call = final?.output[1];
    expect(call?.type === "function_call" && call.arguments).toBe('{"q":"ab');
  });

  it("keeps the calls before the one cut completed", async () => {
    env.sim.script([
      {
        respond: {
          reply: {
            toolCalls: [
              { name: "lookup", arguments: '{"q":"one"}' },
              { name: "lookup", arguments: '{"q":"tw' },
            ],
            finishReason: "length",
          },
        },
        times: 2,
      },
    ]);
    const request = { model: PLAIN, input: "find both", tools, max_output_tokens: 9 };
    const plain = await client.responses.create(request);
    expect(statuses(plain)).toEqual(["function_call:completed", "function_call:incomplete"]);
    const stream = await client.responses.create({ ...request, stream: true });
    let final: OpenAI.Responses.Response | undefined;
    for await (const event of stream)
      if (event.type === "response.incomplete") final = event.response;
    expect(final && statuses(final)).toEqual(statuses(plain));
  });
});

describe("an answer the provider's content filter stopped", () => {
  it("is incomplete for content_filter, its message too, streamed or not", async () => {
    env.sim.script([
      { respond: { reply: { text: "The start of it", finishReason: "content_filter" } }, times: 2 },
    ]);
    const request = { model: PLAIN, input: "tell me" };
    const plain = await client.responses.create(request);
    expect(plain.status).toBe("incomplete");
    expect(plain.incomplete_details).toEqual({ reason: "content_filter" });
    expect(statuses(plain)).toEqual(["message:incomplete"]);
    expect(plain.output_text).toBe("The start of it");

    const stream = await client.responses.create({ ...request, stream: true });
    const ends: string[] = [];
    let final: OpenAI.Responses.Response | undefined;
    for await (const event of stream) {
      if (event.type === "response.completed" || event.type === "response.incomplete") {
        ends.push(event.type);
        final = event.response;
      }
    }
    expect(ends).toEqual(["response.incomplete"]);
    expect(final?.status).toBe("incomplete");
    expect(final?.incomplete_details).toEqual({ reason: "content_filter" });
    expect(final && statuses(final)).toEqual(["message:incomplete"]);
  });
});

describe("background", () => {
  it("answers background: false, the default, and refuses background: true saying why", async () => {
    env.sim.script([{ respond: { reply: { text: "In the foreground." } } }]);
    const answered = await client.responses.create({
      model: PLAIN,
      input: "hi",
      background: false,
    });
    expect(answered.output_text).toBe("In the foreground.");
    const refused = await apiFailure(
      client.responses.create({ model: PLAIN, input: "hi", background: true }),
    );
    expect(refused.status).toBe(400);
    expect(refused.param).toBe("background");
    expect(refused.message).toContain("answered while the request is open");
  });
});

describe("include", () => {
  it("refuses a value it does not know, or a string in place of the array, naming it", async () => {
    env.sim.script([{ respond: { reply: { reasoning: "Thinking.", text: "Hi." } } }]);
    const taken = await client.responses.create({
      model: PLAIN,
      input: "hi",
      include: ["reasoning.encrypted_content", "file_search_call.results"],
    });
    expect(taken.output_text).toBe("Hi.");
    const misspelt = await apiFailure(
      client.responses.create({
        model: PLAIN,
        input: "hi",
        include: ["reasoning.encrypted_content", "reasoning.encrypted_contents"] as never,
      }),
    );
    expect(misspelt.status).toBe(400);
    expect(misspelt.param).toBe("include[1]");
    expect(misspelt.message).toContain('got "reasoning.encrypted_contents"');
    const string = await apiFailure(
      client.responses.create({
        model: PLAIN,
        input: "hi",
        include: "reasoning.encrypted_content" as never,
      }),
    );
    expect(string.status).toBe(400);
    expect(string.param).toBe("include");
    expect(string.message).toBe(
      '400 include must be an array of strings, such as ["reasoning.encrypted_content"]; got the string "reasoning.encrypted_content"',
    );
  });
});

describe("tool_choice required", () => {
  it("is refused without tools, as OpenAI refuses it, instead of answering in text", async () => {
    const asked = env.sim.chatRequests().length;
    for (const extra of [{}, { tools: [] }]) {
      const refused = await apiFailure(
        client.responses.create({ model: PLAIN, input: "hi", tool_choice: "required", ...extra }),
      );
      expect(refused.status).toBe(400);
      expect(refused.param).toBe("tool_choice");
      expect(refused.message).toContain('tool_choice "required" asks for a tool call');
    }
    expect(env.sim.chatRequests().length).toBe(asked);
    env.sim.script([{ respond: { reply: { toolCalls: [{ name: "lookup", arguments: "{}" }] } } }]);
    const called = await client.responses.create({
      model: PLAIN,
      input: "hi",
      tools,
      tool_choice: "required",
    });
    expect(called.output.map((item) => item.type)).toEqual(["function_call"]);
  });
});

describe("a response that failed mid-stream", () => {
  it("is said not to be kept because it did not finish: fetched, continued or its item referred to", async () => {
    env.sim.script([
      {
        respond: {
          reply: { text: "hello world, how are you" },
          stream: { chunkChars: 3 },
          cutAfterChunks: 3,
        },
      },
    ]);
    const stream = await client.responses.create({ model: PLAIN, input: "hi", stream: true });
    let id = "";
    let itemId = "";
    const ends: string[] = [];
    for await (const event of stream) {
      if (event.type === "response.created") id = event.response.id;
      if (event.type === "response.output_item.done") itemId = event.item.id ?? "";
      if (event.type === "response.failed" || event.type === "response.completed")
        ends.push(event.type);
    }
    expect(ends).toEqual(["response.failed"]);
    const fetched = await apiFailure(client.responses.retrieve(id));
    expect(fetched.status).toBe(404);
    expect(fetched.message).toContain("not one that failed or whose client disconnected");
    const continued = await apiFailure(
      client.responses.create({ model: PLAIN, input: "go on", previous_response_id: id }),
    );
    expect(continued.status).toBe(400);
    expect(continued.message).toContain("not one that failed or whose client disconnected");
    const referred = await apiFailure(
      client.responses.create({
        model: PLAIN,
        input: [
          { type: "item_reference", id: itemId },
          { role: "user", content: "go on" },
        ],
      }),
    );
    expect(referred.status).toBe(400);
    expect(referred.message).toContain("not those of one that failed or whose client disconnected");
  });
});

describe("a tool type the gateway does not take", () => {
  it("is named in the refusal, beside Codex's free-form tool, which it takes", async () => {
    const sentTools = [
      tools[0],
      { type: "custom", name: "apply_patch", description: "Edit files" },
      { type: "local_shell" },
    ];
    const shell = await apiFailure(
      client.responses.create({ model: PLAIN, input: "hi", tools: sentTools as never }),
    );
    expect(shell.status).toBe(400);
    expect(shell.param).toBe("tools[2].type");
    expect(shell.message).toContain(
      'tools[2].type must be "function", "custom", "namespace" or "web_search", got "local_shell"',
    );
  });
});

describe("an item_reference to what is not kept", () => {
  it("says the item's response was sent with store: false, or was deleted", async () => {
    env.sim.script([{ respond: { reply: { text: "Noted." } }, times: 2 }]);
    const unstored = await client.responses.create({ model: PLAIN, input: "hi", store: false });
    const deleted = await client.responses.create({ model: PLAIN, input: "hi" });
    await client.responses.delete(deleted.id);
    const refer = (id: string) =>
      apiFailure(
        client.responses.create({
          model: PLAIN,
          input: [
            { type: "item_reference", id },
            { role: "user", content: "and?" },
          ],
        }),
      );
    const notStored = await refer(unstored.output[0]?.id ?? "");
    expect(notStored.code).toBe("item_not_found");
    expect(notStored.message).toContain("sent with store: false");
    expect(notStored.message).not.toContain("providerOptions");
    const gone = await refer(deleted.output[0]?.id ?? "");
    expect(gone.code).toBe("item_not_found");
    expect(gone.message).toContain("was deleted");
    expect(gone.message).not.toContain("providerOptions");
    // An id the gateway never served still names every cause.
    const unknown = await refer("msg_never_served");
    expect(unknown.message).toContain("for an hour");
    expect(unknown.message).toContain("store: false or deleted");
  });
});

describe("a previous_response_id that cannot be continued", () => {
  it("says why: sent with store: false, deleted, or an output item's id rather than the response's", async () => {
    env.sim.script([{ respond: { reply: { text: "Noted." } }, times: 3 }]);
    const unstored = await client.responses.create({ model: PLAIN, input: "hi", store: false });
    const deleted = await client.responses.create({ model: PLAIN, input: "hi" });
    await client.responses.delete(deleted.id);
    const kept = await client.responses.create({ model: PLAIN, input: "hi" });
    const before = env.sim.chatRequests().length;
    const continueFrom = (id: string) =>
      apiFailure(
        client.responses.create({ model: PLAIN, input: "and?", previous_response_id: id }),
      );

    const notStored = await continueFrom(unstored.id);
    expect(notStored).toMatchObject({
      status: 400,
      param: "previous_response_id",
      code: "previous_response_not_found",
    });
    expect(notStored.message).toBe(
      `400 previous_response_id "${unstored.id}" was answered to a request sent with store: false, so this gateway kept nothing of it to continue from. Send the whole conversation in input, or leave store out (it defaults to true) on the requests you want to continue from`,
    );
    const gone = await continueFrom(deleted.id);
    expect(gone.message).toBe(
      `400 previous_response_id "${deleted.id}" was deleted (DELETE /v1/responses/{id}), so it can no longer be continued from. Send the whole conversation in input`,
    );
    // The message item's id, where the response's was meant: the response's id is given.
    const itemId = kept.output.at(-1)?.id ?? "";
    expect(itemId).not.toBe(kept.id);
    const item = await continueFrom(itemId);
    expect(item).toMatchObject({ status: 400, code: "previous_response_not_found" });
    expect(item.message).toBe(
      `400 previous_response_id "${itemId}" is the id of an output item, not of a response: previous_response_id takes a response's own id (its id field, resp_…), here "${kept.id}"`,
    );
    // An id the gateway never gave still names every cause.
    const unknown = await continueFrom("resp_never_served");
    expect(unknown.message).toContain("for an hour");
    expect(unknown.message).toContain("store: false or deleted");
    expect(env.sim.chatRequests().length).toBe(before);
  });
});

describe("an input item without its type or role, or with a chat completions role", () => {
  it("is refused saying what is missing or what to send instead", async () => {
    const before = env.sim.chatRequests().length;
    const refusal = async (item: Record<string, unknown>) =>
      apiFailure(
        client.responses.create({
          model: PLAIN,
          input: [item] as unknown as OpenAI.Responses.ResponseInput,
        }),
      );
    const tool = await refusal({ role: "tool", tool_call_id: "call_1", content: "12:00" });
    expect(tool).toMatchObject({ status: 400, param: "input[0].role", code: "invalid_value" });
    expect(tool.message).toBe(
      '400 input[0].role must be user, assistant, system or developer; got "tool": a tool\'s result is a function_call_output item, {"type": "function_call_output", "call_id": "…", "output": "…"}, after the function_call it answers',
    );
    const noRole = await refusal({ type: "message", content: "hi" });
    expect(noRole).toMatchObject({ param: "input[0].role", code: "missing_required_parameter" });
    expect(noRole.message).toBe(
      "400 input[0].role is required on a message item: user, assistant, system or developer",
    );
    const neither = await refusal({ content: "hi" });
    expect(neither).toMatchObject({ param: "input[0].type", code: "missing_required_parameter" });
    expect(neither.message).toContain(
      "input[0].type is missing (and there is no role that would make the item a message); this gateway takes message, function_call",
    );
    expect(env.sim.chatRequests().length).toBe(before);
  });
});

describe("deleting a response", () => {
  it("leaves the conversations continuing from it whole, but it cannot be fetched or continued", async () => {
    env.sim.script([{ respond: { reply: { text: "Fine." } }, times: 4 }]);
    const first = await client.responses.create({ model: PLAIN, input: "remember 42" });
    const second = await client.responses.create({
      model: PLAIN,
      input: "and 7",
      previous_response_id: first.id,
    });
    await client.responses.delete(first.id);
    expect((await apiFailure(client.responses.retrieve(first.id))).status).toBe(404);
    expect((await apiFailure(client.responses.delete(first.id))).status).toBe(404);
    const refused = await apiFailure(
      client.responses.create({ model: PLAIN, input: "x", previous_response_id: first.id }),
    );
    expect(refused.code).toBe("previous_response_not_found");
    expect(refused.message).toContain("deleted");

    const before = env.sim.chatRequests().length;
    await client.responses.create({
      model: PLAIN,
      input: "sum them",
      previous_response_id: second.id,
    });
    const sent = env.sim.chatRequests()[before]?.body as { messages: Array<{ content: unknown }> };
    // The deleted turn is still the context of the one built on it.
    expect(sent.messages.map((message) => message.content)).toEqual([
      "remember 42",
      "Fine.",
      "and 7",
      "Fine.",
      "sum them",
    ]);
    // A response nothing continued from is gone entirely; deleting the later one works too.
    await client.responses.delete(second.id);
    expect((await apiFailure(client.responses.retrieve(second.id))).status).toBe(404);
  });
});

describe("chat-completions fields sent to /v1/responses", () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ["max_tokens", { max_tokens: 10 }, "max_output_tokens"],
    ["reasoning_effort", { reasoning_effort: "low" }, "reasoning.effort"],
    ["response_format", { response_format: { type: "json_object" } }, "text.format"],
    ["messages", { messages: [{ role: "user", content: "hi" }] }, "input"],
  ];
  for (const [field, extra, instead] of cases) {
    it(`refuses ${field}, naming ${instead}`, async () => {
      const caught = await apiFailure(
        client.responses.create({
          model: PLAIN,
          input: "hi",
          ...extra,
        } as OpenAI.Responses.ResponseCreateParamsNonStreaming),
      );
      expect(caught.status).toBe(400);
      expect(caught.param).toBe(field);
      expect(caught.message).toContain(`use ${instead}`);
    });
  }
});

describe("the paths of stored responses", () => {
  const auth = { authorization: `Bearer ${GATEWAY_TOKEN}` };
  it("answers a blank id as no id, and quotes the id it cannot find", async () => {
    const blank = await fetch(`${env.baseURL}/responses/%20`, { headers: auth });
    expect(blank.status).toBe(404);
    const blankError = ((await blank.json()) as { error: { message: string } }).error.message;
    expect(blankError).toContain('only blanks (" ") for a response id');
    expect(blankError).not.toContain("is kept here");
    const missing = await apiFailure(client.responses.retrieve("resp_nope"));
    expect(missing.message).toContain('no response "resp_nope" is kept here');
  });

  it("tells a POST with a trailing slash to POST /v1/responses", async () => {
    const answer = await fetch(`${env.baseURL}/responses/`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ model: PLAIN, input: "hi" }),
    });
    expect(answer.status).toBe(404);
    const { error } = (await answer.json()) as { error: { message: string } };
    expect(error.message).toContain("to create a response, POST /v1/responses (no trailing slash)");
  });
});

describe("too many input items", () => {
  it("names only what the request has", async () => {
    const small = await startGatewayEnv({ gateway: { limits: { maxMessages: 2 } } });
    try {
      const smallClient = small.client();
      const two = [
        { role: "user" as const, content: "a" },
        { role: "assistant" as const, content: "b" },
      ];
      const withInstructions = await apiFailure(
        smallClient.responses.create({ model: PLAIN, input: two, instructions: "be brief" }),
      );
      expect(withInstructions.code).toBe("too_many_messages");
      expect(withInstructions.message).toContain("3 messages with instructions;");
      expect(withInstructions.message).not.toContain("previous_response_id");
      small.sim.script([{ respond: { reply: { text: "b" } } }]);
      const first = await smallClient.responses.create({ model: PLAIN, input: "a" });
      const continued = await apiFailure(
        smallClient.responses.create({ model: PLAIN, input: "c", previous_response_id: first.id }),
      );
      expect(continued.message).toContain(
        "3 messages with the conversation previous_response_id continues;",
      );
      expect(continued.message).not.toContain("instructions");
    } finally {
      await small.close();
    }
  });
});

describe("a thinking level a model cannot take", () => {
  it("is logged in the client's terms: none on a model that always thinks, xhigh, and levels after", async () => {
    const model = "moonshot/kimi-k2-thinking";
    env.sim.script([{ respond: { reply: { reasoning: "Hm.", text: "Yes." } }, times: 10 }]);
    await client.responses.create({ model, input: "hi", reasoning: { effort: "none" } });
    const sent = env.sim.chatRequests().slice(-2);
    expect(sent.map((request) => (request.body as { thinking?: unknown }).thinking)).toEqual([
      { type: "disabled" },
      undefined,
    ]);
    // Once learned, a level goes without the switch: said, in the client's word.
    await client.chat.completions.create({
      model,
      messages: [{ role: "user", content: "hi" }],
      reasoning_effort: "xhigh" as OpenAI.ReasoningEffort,
    });
    const said = lines.filter((line) => line.includes(model));
    expect(said).toContain(
      `gateway: ${model}: reasoning effort "none" not applied: ${model} always thinks (it refused Moonshot's thinking switch), so it is sent without the switch and thinks at its own depth (said once per model)`,
    );
    expect(said).toContain(
      `gateway: ${model}: reasoning effort "xhigh" not applied: ${model} always thinks (it refused Moonshot's thinking switch), so it is sent without the switch and thinks at its own depth (said once per model)`,
    );
  });

  it("names xhigh, not max, when a level is sent as on", async () => {
    const model = "kimi-code/kimi-for-coding";
    env.sim.script([{ respond: { reply: { reasoning: "Hm.", text: "Yes." } } }]);
    await client.responses.create({ model, input: "hi", reasoning: { effort: "xhigh" } });
    expect(lines).toContain(
      `gateway: ${model}: reasoning effort "xhigh" sent as on: Moonshot's thinking switch has only on and off (${model} picks its own depth) (said once per model)`,
    );
  });

  // (After the test above: once the model refused the switch, its xhigh is no longer sent as on.)
  it("is logged as the guide's example says, for the model it names, one served today", async () => {
    const guide = readFileSync(join(import.meta.dirname, "../../docs/guide.md"), "utf8");
    const example =
      /`reasoning effort "none" not applied` on a model that always thinks,\s+such as ([\w.-]+),\s+which refuses thinking off/.exec(
        guide,
      )?.[1];
    const served = CURRENT_SIM_MODELS.find((candidate) => candidate.id === example);
    expect(served, `the guide's example ${example}`).toBeDefined();
    const model = `${served?.surface}/${example}`;
    env.sim.script([{ respond: { reply: { reasoning: "Hm.", text: "Yes." } }, times: 2 }]);
    const response = await client.responses.create({
      model,
      input: "hi",
      reasoning: { effort: "none" },
    });
    // "the response still echoes what was asked"
    expect(response.reasoning?.effort).toBe("none");
    expect(lines.filter((line) => line.includes(model))).toContainEqual(
      expect.stringContaining(
        `${model}: reasoning effort "none" not applied: ${model} always thinks`,
      ),
    );
  });
});
