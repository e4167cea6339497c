/**
 * What a client of the Responses API sees at its edges, with the official `openai` client over a
 * real socket: refusals keep their upstream trace id in the ledger (on chat completions too),
 * `store: false` and a deleted response leave nothing to refer to, validation errors name the
 * Responses request's own fields, retrieval refuses to stream, fields are type-checked and
 * passed on, output items say how they ended, and a mid-stream failure is worded for an API client.
 */
import type OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiFailure } from "../helpers/api-error.js";
import { GATEWAY_TOKEN, type GatewayEnv, ledgerQuery, startGatewayEnv } from "./harness.js";

const PLAIN = "moonshot/kimi-k2-turbo-preview";
const THINKING = "moonshot/kimi-k2-thinking";

let env: GatewayEnv;
let client: OpenAI;

beforeAll(async () => {
  // No fallback: a refusal is the answer, not a reason to try another model.
  env = await startGatewayEnv({ fallbacks: [] });
  client = env.client();
});
afterAll(async () => {
  await env?.close();
});

/** The last upstream request's body. */
function lastUpstream(): Record<string, unknown> {
  return env.sim.chatRequests().at(-1)?.body as Record<string, unknown>;
}

const tools = [
  {
    type: "function" as const,
    name: "get_time",
    parameters: { type: "object", properties: { tz: { type: "string" } } },
    strict: false,
  },
];

describe("a refusal's upstream trace id", () => {
  it("is in the ledger row as in the x-trace-id the client got, on both APIs", async () => {
    const cases = [
      { error: "contentFilter" as const, status: 400 },
      { error: "rateLimit" as const, status: 429 },
    ];
    for (const { error, status } of cases) {
      for (const api of ["chat", "responses"] as const) {
        const user = `trace-${api}-${error}`;
        env.sim.script([{ respond: { error }, times: 20 }]);
        const caught = await apiFailure(
          api === "chat"
            ? client.chat.completions.create({
                model: PLAIN,
                messages: [{ role: "user", content: "hi" }],
                user,
              })
            : client.responses.create({ model: PLAIN, input: "hi", user }),
        );
        env.sim.reset();
        expect(caught.status).toBe(status);
        const sentTrace = caught.headers?.get("x-trace-id");
        expect(sentTrace).toBeTruthy();
        expect(caught.message).toContain(sentTrace);
        const rows = await ledgerQuery<{ trace_id: string | null; status: number }>(
          env,
          "SELECT trace_id, status FROM requests WHERE client = ?",
          user,
        );
        expect(rows).toEqual([{ trace_id: sentTrace, status }]);
      }
    }
  });
});

describe("what is not kept cannot be referred to", () => {
  it("refuses an item_reference to an output item of a store:false or deleted response", async () => {
    env.sim.script([{ respond: { reply: { text: "Kept for a moment." } }, times: 3 }]);
    const unstored = await client.responses.create({ model: PLAIN, input: "hi", store: false });
    const kept = await client.responses.create({ model: PLAIN, input: "hi" });
    const refer = (response: OpenAI.Responses.Response) =>
      client.responses.create({
        model: PLAIN,
        input: [
          { role: "user", content: "hi" },
          { type: "item_reference", id: response.output[0]?.id ?? "" },
          { role: "user", content: "and?" },
        ],
      });
    // While kept, the reference works.
    await refer(kept);
    await client.responses.delete(kept.id);
    for (const gone of [unstored, kept]) {
      const caught = await apiFailure(refer(gone));
      expect(caught.status).toBe(400);
      expect(caught.code).toBe("item_not_found");
      expect(caught.param).toBe("input[1].id");
    }
  });
});

describe("validation errors in the Responses request's own terms", () => {
  const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ["max_output_tokens: 0", { max_output_tokens: 0 }, "max_output_tokens", /max_output_tokens/],
    [
      "a bad reasoning.effort",
      { reasoning: { effort: "extreme" } },
      "reasoning.effort",
      /reasoning\.effort/,
    ],
    ["empty input", { input: [] }, "input", /input must not be empty/],
    [
      "too many input items",
      { input: Array.from({ length: 2100 }, () => ({ role: "user", content: "x" })) },
      "input",
      /input has 2100 items/,
    ],
    [
      "a function tool without a name",
      { tools: [{ type: "function", parameters: { type: "object" } }] },
      "tools[0].name",
      /tools\[0\]\.name/,
    ],
    [
      "an image in a developer message, after instructions",
      {
        instructions: "Be brief.",
        input: [
          { role: "user", content: "hi" },
          { role: "user", content: "hi" },
          {
            role: "developer",
            content: [{ type: "input_image", image_url: "data:image/png;base64,iVBORw0KGgo=" }],
          },
        ],
      },
      "input[2].content[0].type",
      /^input\[2\]\.content\[0\] is an image/,
    ],
    [
      "an image by file_id in a function_call_output",
      {
        input: [
          { role: "user", content: "hi" },
          { type: "function_call", call_id: "c1", name: "get_time", arguments: "{}" },
          {
            type: "function_call_output",
            call_id: "c1",
            output: [{ type: "input_image", file_id: "file-1" }],
          },
        ],
      },
      "input[2].output[0].image_url",
      /^input\[2\]\.output\[0\]\.image_url must be a URL/,
    ],
    [
      "a bad tool_choice",
      { tools, tool_choice: { type: "function", function: { name: "get_time" } } },
      "tool_choice",
      /\{"type":"function","name":…\}/,
    ],
    ["store as a string", { store: "false" }, "store", /store must be a boolean/],
    ["metadata as a string", { metadata: "oops" }, "metadata", /metadata must be an object/],
    [
      "metadata with a number",
      { metadata: { n: 1 } },
      "metadata.n",
      /metadata\.n must be a string/,
    ],
    ["an unknown truncation", { truncation: "sometimes" }, "truncation", /"disabled" or "auto"/],
    [
      "a function_call_output answering no call",
      {
        input: [
          { role: "user", content: "hi" },
          { type: "function_call_output", call_id: "call_nowhere", output: "42" },
        ],
      },
      "input[1].call_id",
      /matches no function_call before it in input/,
    ],
  ];
  it.each(cases)("%s", async (_label, fields, param, message) => {
    const before = env.sim.chatRequests().length;
    const caught = await apiFailure(
      client.responses.create({
        model: PLAIN,
        input: "hi",
        ...fields,
      } as OpenAI.Responses.ResponseCreateParamsNonStreaming),
    );
    expect(caught.status).toBe(400);
    expect(caught.param).toBe(param);
    expect((caught.error as { message: string }).message).toMatch(message);
    expect(caught.message).not.toMatch(/messages\[|max_tokens|reasoning_effort|\.function\./);
    // Refused here: nothing went upstream.
    expect(env.sim.chatRequests().length).toBe(before);
  });
});

describe("retrieving a response", () => {
  it("refuses stream=true with a 400 naming stream instead of answering JSON", async () => {
    const made = await client.responses.create({ model: PLAIN, input: "hi" });
    const caught = await apiFailure(
      (async () => {
        for await (const _event of await client.responses.retrieve(made.id, { stream: true })) {
          // Never reached.
        }
      })(),
    );
    expect(caught.status).toBe(400);
    expect(caught.param).toBe("stream");
    expect(caught.message).toContain("not supported when retrieving a response");
    // Nor is a replay from a given event.
    const replay = await fetch(`${env.baseURL}/responses/${made.id}?starting_after=3`, {
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}` },
    });
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as { error: { param: string } }).error.param).toBe(
      "starting_after",
    );
    // Without them the response is there.
    expect((await client.responses.retrieve(made.id)).id).toBe(made.id);
  });

  it("answers an empty id with a 404 that says what is missing", async () => {
    const answer = await fetch(`${env.baseURL}/responses/`, {
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}` },
    });
    expect(answer.status).toBe(404);
    const { error } = (await answer.json()) as { error: { message: string } };
    expect(error.message).toContain("no response id after /v1/responses/");
    expect(error.message).not.toContain("  ");
  });
});

describe("fields passed on and echoed", () => {
  it("sends parallel_tool_calls upstream, accepts truncation, and echoes reasoning", async () => {
    const response = await client.responses.create({
      model: THINKING,
      input: "What time is it?",
      tools,
      parallel_tool_calls: false,
      truncation: "auto",
      reasoning: { effort: "low", summary: "auto" },
    });
    expect(lastUpstream().parallel_tool_calls).toBe(false);
    expect(lastUpstream()).not.toHaveProperty("truncation");
    expect(response.parallel_tool_calls).toBe(false);
    expect(response.truncation).toBe("auto");
    expect(response.reasoning).toEqual({ effort: "low", summary: "auto" });
    const plain = await client.responses.create({ model: PLAIN, input: "hi" });
    expect(plain.reasoning).toEqual({ effort: null, summary: null });
    expect(plain.truncation).toBe("disabled");
  });
});

/** A streamed response read to its end: its final response object. */
async function streamed(params: OpenAI.Responses.ResponseCreateParamsNonStreaming) {
  let last: OpenAI.Responses.Response | undefined;
  for await (const event of await client.responses.create({ ...params, stream: true })) {
    if (event.type === "response.completed" || event.type === "response.incomplete")
      last = event.response;
  }
  return last;
}

describe("output items", () => {
  it("marks the message cut by max_output_tokens incomplete, streamed and not", async () => {
    const reply = { text: "A long answer that the cap cut", finishReason: "length" };
    env.sim.script([{ respond: { reply }, times: 2 }]);
    const params = { model: PLAIN, input: "Tell me everything.", max_output_tokens: 16 };
    for (const response of [await client.responses.create(params), await streamed(params)]) {
      expect(response?.status).toBe("incomplete");
      expect(response?.incomplete_details).toEqual({ reason: "max_output_tokens" });
      expect(response?.output.map((item) => [item.type, "status" in item && item.status])).toEqual([
        ["message", "incomplete"],
      ]);
    }
  });

  it("gives an answer with only reasoning no empty message item, streamed or not", async () => {
    env.sim.script([{ respond: { reply: { text: "", reasoning: "Thinking only." } }, times: 2 }]);
    const params = { model: THINKING, input: "Think." };
    for (const response of [await client.responses.create(params), await streamed(params)]) {
      expect(response?.output.map((item) => item.type)).toEqual(["reasoning"]);
    }
  });
});

/** The next answer streams in 4-character pieces and the upstream connection breaks after 3. */
function scriptCut(): void {
  env.sim.script([
    {
      respond: {
        reply: { text: "This answer will not finish properly." },
        stream: { chunkChars: 4 },
        cutAfterChunks: 3,
      },
    },
  ]);
}

/** What an API client should read about a stream cut off upstream. */
function expectApiWording(message: string | undefined): void {
  expect(message).toMatch(/was reached for model \S+, but the connection broke after \d+ events/);
  expect(message).toContain("partial");
  expect(message).not.toContain("could not be reached");
  expect(message).not.toContain("shown above");
}

describe("a failure mid-stream", () => {
  it("on chat completions says the same to the client", async () => {
    scriptCut();
    const caught = await apiFailure(
      (async () => {
        const stream = await client.chat.completions.create({
          model: PLAIN,
          messages: [{ role: "user", content: "Tell me something." }],
          stream: true,
        });
        for await (const _chunk of stream) {
          // The text before the cut.
        }
      })(),
    );
    expectApiWording(caught.message);
  });

  it("says the upstream connection broke after N events and that the output above is partial", async () => {
    scriptCut();
    let message: string | undefined;
    for await (const event of await client.responses.create({
      model: PLAIN,
      input: "Tell me something.",
      stream: true,
    })) {
      if (event.type === "error") message = event.message;
    }
    expectApiWording(message);
  });
});
