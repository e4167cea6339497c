import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GatewayHttpError, parseChatRequest } from "../../src/gateway/index.js";
import { responsesToChatBody } from "../../src/gateway/responses-request.js";

function refusal(body: unknown): GatewayHttpError {
  try {
    responsesToChatBody(body);
  } catch (error) {
    if (error instanceof GatewayHttpError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("a Responses request as chat completions", () => {
  it("turns items into turns: assistant text and its calls together, reasoning on the next turn", () => {
    const chat = responsesToChatBody({
      model: "openclaw",
      instructions: "Be brief.",
      input: [
        {
          role: "user",
          content: [
            { type: "input_text", text: "Look at " },
            { type: "input_text", text: "this." },
          ],
        },
        { type: "reasoning", summary: [{ type: "summary_text", text: "Check the clock." }] },
        {
          type: "message",
          role: "assistant",
          content: [{ type: "output_text", text: "Checking." }],
        },
        { type: "function_call", call_id: "c1", name: "get_time", arguments: "{}" },
        { type: "function_call", call_id: "c2", name: "get_date", arguments: "{}" },
        { type: "function_call_output", call_id: "c1", output: "12:00" },
        {
          type: "function_call_output",
          call_id: "c2",
          output: [{ type: "input_text", text: "Monday" }],
        },
        {
          role: "user",
          content: [{ type: "input_image", image_url: "data:image/png;base64,AAAA" }],
        },
      ],
      max_output_tokens: 100,
      reasoning: { effort: "low" },
      tool_choice: { type: "function", name: "get_time" },
      store: false,
      prompt_cache_key: "session-42",
      safety_identifier: "user-hash",
    });
    expect(chat.messages).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "Look at this." },
      {
        role: "assistant",
        content: "Checking.",
        reasoning_content: "Check the clock.",
        tool_calls: [
          { id: "c1", type: "function", function: { name: "get_time", arguments: "{}" } },
          { id: "c2", type: "function", function: { name: "get_date", arguments: "{}" } },
        ],
      },
      { role: "tool", tool_call_id: "c1", content: "12:00" },
      { role: "tool", tool_call_id: "c2", content: "Monday" },
      {
        role: "user",
        content: [{ type: "image_url", image_url: { url: "data:image/png;base64,AAAA" } }],
      },
    ]);
    expect(chat).toMatchObject({
      max_tokens: 100,
      reasoning_effort: "low",
      tool_choice: { type: "function", function: { name: "get_time" } },
      prompt_cache_key: "session-42",
    });
    expect(chat).not.toHaveProperty("store");
    expect(chat).not.toHaveProperty("safety_identifier");
    expect(chat.user).toBe("user-hash");
  });

  it("drops reasoning that no assistant turn follows instead of pinning it on a later one", () => {
    const chat = responsesToChatBody({
      model: "m",
      input: [
        { type: "reasoning", summary: [{ type: "summary_text", text: "orphan" }] },
        { role: "user", content: "next" },
        { role: "assistant", content: "answer" },
      ],
    });
    expect(chat.messages).toEqual([
      { role: "user", content: "next" },
      { role: "assistant", content: "answer" },
    ]);
  });

  it("resolves item references to items the gateway served", () => {
    const served: Record<string, Record<string, unknown>> = {
      rs_1: {
        type: "reasoning",
        id: "rs_1",
        summary: [],
        content: [{ type: "reasoning_text", text: "Hmm." }],
      },
      fc_1: {
        type: "function_call",
        id: "fc_1",
        call_id: "c1",
        name: "f",
        arguments: "{}",
        status: "completed",
      },
    };
    const chat = responsesToChatBody(
      {
        model: "m",
        input: [
          { role: "user", content: "go" },
          { type: "item_reference", id: "rs_1" },
          { type: "item_reference", id: "fc_1" },
          { type: "function_call_output", call_id: "c1", output: "ok" },
        ],
      },
      (id) => {
        const item = served[id];
        return item ? { item } : undefined;
      },
    );
    expect(chat.messages).toEqual([
      { role: "user", content: "go" },
      {
        role: "assistant",
        content: null,
        reasoning_content: "Hmm.",
        tool_calls: [{ id: "c1", type: "function", function: { name: "f", arguments: "{}" } }],
      },
      { role: "tool", tool_call_id: "c1", content: "ok" },
    ]);
  });

  it("names what it cannot map, in the Responses request's own terms", () => {
    const unknownItem = refusal({ model: "m", input: [{ type: "item_reference", id: "msg_x" }] });
    expect([unknownItem.param, unknownItem.code]).toEqual(["input[0].id", "item_not_found"]);
    expect(unknownItem.message).toContain("store to false");
    expect(refusal({ model: "m", input: [{ type: "file_search_call", id: "fs_1" }] }).param).toBe(
      "input[0].type",
    );
    expect(
      refusal({ model: "m", input: [{ type: "function_call", name: "f", arguments: "{}" }] }).param,
    ).toBe("input[0].call_id");
    expect(
      refusal({ model: "m", input: "hi", text: { format: { type: "json_schema" } } }).param,
    ).toBe("text.format.name");
    expect(refusal({ model: "m", input: "hi", text: { format: { type: "grammar" } } }).param).toBe(
      "text.format.type",
    );
    const forgotten = refusal({ model: "m", input: "hi", previous_response_id: "resp_1" });
    expect([forgotten.param, forgotten.code]).toEqual([
      "previous_response_id",
      "previous_response_not_found",
    ]);
    expect(forgotten.message).toContain("Send the whole conversation in input");
    expect(refusal({ model: "m", input: "hi", previous_response_id: 7 }).code).toBe("invalid_type");
    expect(refusal({ model: "m", input: "hi", frobnicate: true }).message).toContain("frobnicate");
    expect(refusal({ model: "m" }).param).toBe("input");
  });

  it("turns text.format JSON mode and schemas into the chat request's response_format", () => {
    const schema = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };
    expect(
      responsesToChatBody({
        model: "m",
        input: "Where?",
        text: { format: { type: "json_schema", name: "place", schema, strict: true } },
      }).response_format,
    ).toEqual({ type: "json_schema", json_schema: { name: "place", schema, strict: true } });
    expect(
      responsesToChatBody({ model: "m", input: "hi", text: { format: { type: "json_object" } } })
        .response_format,
    ).toEqual({ type: "json_object" });
    expect(
      responsesToChatBody({ model: "m", input: "hi", text: { format: { type: "text" } } }),
    ).not.toHaveProperty("response_format");
  });

  it("continues a conversation from previous_response_id, new input after the kept turns", () => {
    const kept = [
      { type: "message", role: "user", content: "My name is Ada." },
      { type: "reasoning", id: "rs_1", summary: [{ type: "summary_text", text: "A greeting." }] },
      {
        type: "message",
        id: "msg_1",
        role: "assistant",
        content: [{ type: "output_text", text: "Hello Ada." }],
      },
    ];
    const history = (id: string) => (id === "resp_a" ? kept : undefined);
    const chat = responsesToChatBody(
      {
        model: "m",
        instructions: "Be brief.",
        input: "What is my name?",
        previous_response_id: "resp_a",
      },
      () => undefined,
      history,
    );
    expect(chat.messages).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "My name is Ada." },
      { role: "assistant", content: "Hello Ada.", reasoning_content: "A greeting." },
      { role: "user", content: "What is my name?" },
    ]);
    // A mistake in the new input is named by its own index, not shifted by the kept turns.
    let caught: unknown;
    try {
      responsesToChatBody(
        {
          model: "m",
          input: [
            { role: "user", content: "ok" },
            { role: "robot", content: "x" },
          ],
          previous_response_id: "resp_a",
        },
        () => undefined,
        history,
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GatewayHttpError);
    expect((caught as GatewayHttpError).param).toBe("input[1].role");
  });

  it("takes any JSON without crashing: a 400 naming the problem, or a chat request", () => {
    const json = fc.jsonValue({ maxDepth: 3 });
    const item = fc.oneof(
      fc.record(
        {
          type: fc.constantFrom("message", "function_call", "function_call_output", "reasoning"),
          role: fc.constantFrom("user", "assistant", "system", "developer"),
          content: fc.oneof(
            fc.string(),
            fc.array(
              fc.record({
                type: fc.constantFrom("input_text", "output_text", "input_image"),
                text: fc.string(),
              }),
            ),
          ),
          call_id: fc.string(),
          name: fc.string(),
          arguments: fc.string(),
          output: fc.oneof(fc.string(), json),
          summary: fc.array(fc.record({ type: fc.constant("summary_text"), text: fc.string() })),
        },
        { requiredKeys: [] },
      ),
      json,
    );
    const body = fc.oneof(
      fc.record(
        {
          model: fc.constant("openclaw"),
          input: fc.oneof(fc.string(), fc.array(item, { maxLength: 5 })),
          instructions: fc.oneof(fc.string(), json),
          tools: fc.oneof(fc.array(json, { maxLength: 2 }), json),
          reasoning: json,
          text: json,
          stream: json,
        },
        { requiredKeys: ["model"] },
      ),
      json,
    );
    fc.assert(
      fc.property(body, (candidate) => {
        try {
          parseChatRequest(responsesToChatBody(candidate), { maxMessages: 64 });
        } catch (error) {
          if (!(error instanceof GatewayHttpError)) throw error;
          expect(error.status).toBe(400);
          // Named: the field at fault (input[2].arguments, reasoning), else the body as a whole;
          // a part of the wrong type (an image where text goes) is named as the part.
          expect(error.message).toContain(
            error.param?.replace(/\.type$/, "") ?? "the request body",
          );
        }
      }),
      { numRuns: 2000, seed: 20261130 },
    );
  });
});
