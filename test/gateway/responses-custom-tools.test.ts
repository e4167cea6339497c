/**
 * Custom tools (`{"type": "custom"}`, free-form text input, as Codex's `apply_patch`) on the
 * Responses API, with the official `openai` client against the simulator: each goes upstream as
 * a function of one string, `input`; the model's call comes back as a `custom_tool_call` item
 * (streamed with `response.custom_tool_call_input.*` events), and its output goes back to the
 * model on the next turn, sent in `input` or continued from with `previous_response_id`.
 */
import type OpenAI from "openai";
import type { ResponseStreamEvent } from "openai/resources/responses/responses";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiFailure } from "../helpers/api-error.js";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

const MODEL = "moonshot/kimi-k2-turbo-preview";
const PATCH = [
  "*** Begin Patch",
  "*** Update File: src/a.ts",
  '-const greeting = "hi";',
  '+const greeting = "héllo 😀\\t";',
  "*** End Patch",
].join("\n");

const tools: OpenAI.Responses.Tool[] = [
  {
    type: "custom",
    name: "apply_patch",
    description: "Apply a patch to the files.",
    format: { type: "grammar", syntax: "lark", definition: 'start: "*** Begin Patch" /.+/' },
  },
  {
    type: "function",
    name: "get_time",
    parameters: { type: "object", properties: { tz: { type: "string" } } },
    strict: false,
  },
];

let env: GatewayEnv;
let client: OpenAI;

beforeAll(async () => {
  env = await startGatewayEnv({ fallbacks: [] });
  client = env.client();
});
afterAll(async () => {
  await env?.close();
});

type Upstream = {
  tools?: {
    type: string;
    function: { name: string; description?: string; parameters?: unknown };
  }[];
  tool_choice?: unknown;
  messages: { role: string; content?: unknown; tool_calls?: unknown[]; tool_call_id?: string }[];
};

function lastUpstream(): Upstream {
  return env.sim.chatRequests().at(-1)?.body as Upstream;
}

/** The model calls apply_patch with PATCH (arguments in pieces of `chunkChars` when streamed). */
function scriptPatchCall(args: string | Record<string, unknown> = { input: PATCH }): void {
  env.sim.script([
    {
      respond: {
        reply: { toolCalls: [{ name: "apply_patch", arguments: args, id: "call_patch" }] },
        stream: { chunkChars: 3 },
      },
    },
    { respond: { reply: { text: "Patched." } } },
  ]);
}

describe("custom tools on /v1/responses", () => {
  it("runs a two-round custom tool exchange, not streamed, the output sent back in input", async () => {
    scriptPatchCall();
    const first = await client.responses.create({
      model: MODEL,
      input: "Say héllo.",
      tools,
      tool_choice: { type: "custom", name: "apply_patch" },
    });
    const upstream = lastUpstream();
    const sent = upstream.tools?.find((tool) => tool.function.name === "apply_patch");
    expect(sent?.type).toBe("function");
    expect(sent?.function.parameters).toEqual({
      type: "object",
      properties: { input: expect.objectContaining({ type: "string" }) },
      required: ["input"],
      additionalProperties: false,
    });
    expect(sent?.function.description).toContain("Apply a patch to the files.");
    expect(sent?.function.description).toContain(
      'put the whole input for it in the "input" string',
    );
    expect(sent?.function.description).toContain("Nothing enforces it");
    expect(sent?.function.description).toContain('start: "*** Begin Patch" /.+/');
    expect(upstream.tool_choice).toEqual({ type: "function", function: { name: "apply_patch" } });

    expect(first.output).toEqual([
      {
        type: "custom_tool_call",
        id: expect.stringMatching(/^ctc_/),
        status: "completed",
        call_id: "call_patch",
        name: "apply_patch",
        input: PATCH,
      },
    ]);

    const second = await client.responses.create({
      model: MODEL,
      tools,
      input: [
        { role: "user", content: "Say héllo." },
        { type: "custom_tool_call", call_id: "call_patch", name: "apply_patch", input: PATCH },
        { type: "custom_tool_call_output", call_id: "call_patch", output: "Done!" },
      ],
    });
    expect(second.output_text).toBe("Patched.");
    const messages = lastUpstream().messages;
    expect(messages.map((message) => message.role)).toEqual(["user", "assistant", "tool"]);
    expect(messages[1]?.tool_calls).toEqual([
      {
        id: "call_patch",
        type: "function",
        function: { name: "apply_patch", arguments: JSON.stringify({ input: PATCH }) },
      },
    ]);
    expect(messages[2]).toEqual({ role: "tool", tool_call_id: "call_patch", content: "Done!" });
  });

  it("streams the call's input as it arrives, then continues from it with previous_response_id", async () => {
    // Escapes (\n, \", \u00e9 and a surrogate pair) split between the pieces the arguments come in.
    scriptPatchCall(
      `{"input": ${JSON.stringify(PATCH).replace("é", "\\u00e9").replace("😀", "\\ud83d\\ude00")}}`,
    );
    const stream = client.responses.stream({ model: MODEL, input: "Say héllo.", tools });
    const events: ResponseStreamEvent[] = [];
    for await (const event of stream as AsyncIterable<ResponseStreamEvent>) events.push(event);
    const first = await stream.finalResponse();

    const deltas = events.flatMap((event) =>
      event.type === "response.custom_tool_call_input.delta" ? [event.delta] : [],
    );
    expect(deltas.length).toBeGreaterThan(10);
    expect(deltas.join("")).toBe(PATCH);
    // No delta ends or starts inside a surrogate pair (a lone half is not decodable text).
    const loneHalf = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;
    expect(deltas.filter((delta) => loneHalf.test(delta))).toEqual([]);
    const types = events.map((event) => event.type);
    expect(types).not.toContain("response.function_call_arguments.delta");
    const done = events.find((event) => event.type === "response.custom_tool_call_input.done");
    expect(done).toMatchObject({ input: PATCH, output_index: 0 });
    const added = events.find((event) => event.type === "response.output_item.added");
    expect(added).toMatchObject({
      item: { type: "custom_tool_call", status: "in_progress", name: "apply_patch", input: "" },
    });
    expect(types.indexOf("response.custom_tool_call_input.done")).toBeLessThan(
      types.indexOf("response.output_item.done"),
    );
    expect(first.output).toEqual([
      {
        type: "custom_tool_call",
        id: expect.stringMatching(/^ctc_/),
        status: "completed",
        call_id: "call_patch",
        name: "apply_patch",
        input: PATCH,
      },
    ]);

    const second = await client.responses
      .stream({
        model: MODEL,
        tools,
        previous_response_id: first.id,
        input: [{ type: "custom_tool_call_output", call_id: "call_patch", output: "Done!" }],
      })
      .finalResponse();
    expect(second.output_text).toBe("Patched.");
    const messages = lastUpstream().messages;
    expect(messages.at(-2)?.tool_calls).toEqual([
      {
        id: "call_patch",
        type: "function",
        function: { name: "apply_patch", arguments: JSON.stringify({ input: PATCH }) },
      },
    ]);
    expect(messages.at(-1)).toEqual({ role: "tool", tool_call_id: "call_patch", content: "Done!" });
    const listed = await client.responses.inputItems.list(second.id);
    expect(listed.data).toEqual([
      {
        id: expect.stringMatching(/^ctco_/),
        type: "custom_tool_call_output",
        call_id: "call_patch",
        output: "Done!",
        status: "completed",
      },
    ]);
  });

  it("gives a call the token cap cut off the input that came, streamed or not", async () => {
    const reply = {
      toolCalls: [{ name: "apply_patch", arguments: '{"input": "*** Begin Pa', id: "call_cut" }],
      finishReason: "length",
    };
    env.sim.script([{ respond: { reply, stream: { chunkChars: 4 } }, times: 2 }]);
    const whole = await client.responses.create({ model: MODEL, input: "Patch.", tools });
    const streamed = await client.responses
      .stream({ model: MODEL, input: "Patch.", tools })
      .finalResponse();
    for (const response of [whole, streamed]) {
      expect(response.status).toBe("incomplete");
      expect(response.output).toMatchObject([
        { type: "custom_tool_call", status: "incomplete", input: "*** Begin Pa" },
      ]);
    }
  });

  it("takes a custom tool among allowed_tools", async () => {
    scriptPatchCall();
    const response = await client.responses.create({
      model: MODEL,
      input: "Say héllo.",
      tools,
      tool_choice: {
        type: "allowed_tools",
        mode: "required",
        tools: [{ type: "custom", name: "apply_patch" }],
      },
    });
    expect(lastUpstream().tools?.map((tool) => tool.function.name)).toEqual(["apply_patch"]);
    expect(response.output[0]).toMatchObject({ type: "custom_tool_call", input: PATCH });
  });

  it("refuses a custom_tool_call_output that answers no call, and a format it does not know", async () => {
    const orphan = await apiFailure(
      client.responses.create({
        model: MODEL,
        tools,
        input: [
          { role: "user", content: "hi" },
          { type: "custom_tool_call_output", call_id: "call_x", output: "?" },
        ],
      }),
    );
    expect(orphan.status).toBe(400);
    expect(orphan.message).toContain(
      'input[1].call_id "call_x" matches no custom_tool_call before it in input',
    );
    const format = await apiFailure(
      client.responses.create({
        model: MODEL,
        input: "hi",
        tools: [
          { type: "custom", name: "x", format: { type: "xml" } as unknown as { type: "text" } },
        ],
      }),
    );
    expect(format.status).toBe(400);
    const unnamed = await apiFailure(
      client.responses.create({
        model: MODEL,
        input: "hi",
        tools,
        tool_choice: { type: "allowed_tools", mode: "auto", tools: [{ type: "custom" }] },
      }),
    );
    expect(unnamed.message).toContain(
      'tool_choice.tools[0] must be {"type": "function", "name": …} or {"type": "custom", "name": …}',
    );
    expect(format.message).toContain('tools[0].format.type must be "text" or "grammar", got "xml"');
  });

  it("refuses a tool_choice naming a custom tool the request does not declare as one", async () => {
    const before = env.sim.chatRequests().length;
    const absent = await apiFailure(
      client.responses.create({
        model: MODEL,
        input: "hi",
        tools,
        tool_choice: { type: "custom", name: "apply_diff" },
      }),
    );
    expect(absent.status).toBe(400);
    expect(absent.message).toContain(
      'tool_choice names custom tool "apply_diff", which is not among the custom tools of tools (apply_patch)',
    );
    const asFunction = await apiFailure(
      client.responses.create({
        model: MODEL,
        input: "hi",
        tools,
        tool_choice: { type: "custom", name: "get_time" },
      }),
    );
    expect(asFunction.status).toBe(400);
    expect(asFunction.message).toContain(
      'tool_choice names custom tool "get_time", but tools declares it as a function tool',
    );
    const allowed = await apiFailure(
      client.responses.create({
        model: MODEL,
        input: "hi",
        tools,
        tool_choice: {
          type: "allowed_tools",
          mode: "auto",
          tools: [
            { type: "custom", name: "apply_patch" },
            { type: "custom", name: "apply_diff" },
          ],
        },
      }),
    );
    expect(allowed.message).toContain(
      'tool_choice.tools[1] names custom tool "apply_diff", which is not among the custom tools of tools (apply_patch)',
    );
    expect(env.sim.chatRequests().length).toBe(before);
  });
});
