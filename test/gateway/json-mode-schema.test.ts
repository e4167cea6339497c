/**
 * A schema beside JSON mode, `response_format: {"type": "json_object", "schema": {…}}`, as
 * Instructor's (`@instructor-ai/instructor` 1.7.0) JSON_SCHEMA mode sends it to an endpoint it does
 * not know: the form Together, Fireworks and Anyscale take for a schema-constrained answer. Its
 * system prompt holds no schema, so the schema is all the model has to go on. Moonshot documents
 * no `schema` in JSON mode (any JSON object will do there); it keeps to a schema given as a
 * json_schema format. The request below is the one recorded from Instructor through the gateway.
 */
import type OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

const SCHEMA = {
  type: "object",
  properties: { name: { type: "string" }, age: { type: "number" } },
  required: ["name", "age"],
  additionalProperties: false,
};

/** Instructor 1.7.0's JSON_SCHEMA request, as it reached the gateway (its system prompt shortened). */
function instructorJsonSchemaRequest(model: string, stream: boolean) {
  return {
    model,
    messages: [
      {
        role: "system" as const,
        content:
          "\n          Given a user prompt, you will return fully valid JSON based on the following description.\n          You will return no other prose.\n\n          description: \n        ",
      },
      { role: "user" as const, content: "Jason is 25 years old" },
    ],
    stream,
    response_format: { type: "json_object", schema: SCHEMA },
  };
}

function notes(response: Response): string[] {
  const header = response.headers.get("x-openclaw-notes") ?? "";
  return header.split(",").map((entry) => decodeURIComponent(entry.trim()));
}

describe("a schema beside JSON mode (Instructor's JSON_SCHEMA mode)", () => {
  let env: GatewayEnv;
  let client: OpenAI;
  beforeAll(async () => {
    env = await startGatewayEnv();
    client = env.client();
  });
  afterAll(() => env.close());
  beforeEach(() => env.sim.reset());

  const lastUpstream = () => env.sim.chatRequests().at(-1)?.body as Record<string, unknown>;

  it("reaches Moonshot as a json_schema format with that schema, and the notes say so", async () => {
    env.sim.script([{ respond: { reply: { text: '{"name":"Jason","age":25}' } } }]);
    const { data, response } = await client.chat.completions
      .create(
        instructorJsonSchemaRequest(
          "moonshot/kimi-k2.5",
          false,
        ) as OpenAI.ChatCompletionCreateParamsNonStreaming,
      )
      .withResponse();
    expect(JSON.parse(data.choices[0]?.message.content ?? "")).toEqual({ name: "Jason", age: 25 });
    expect(lastUpstream().response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "response", schema: SCHEMA },
    });
    expect(notes(response)).toContain(
      'response_format\'s "schema" beside json_object sent as a json_schema format (named "response"): moonshot/kimi-k2.5 keeps to a schema only in that form, and JSON mode alone asks for any JSON object',
    );
  });

  it("streamed, to a model that does not think, the same", async () => {
    env.sim.script([{ respond: { reply: { text: '{"name":"Jason","age":25}' } } }]);
    const stream = await client.chat.completions.create(
      instructorJsonSchemaRequest(
        "moonshot/kimi-k2-turbo-preview",
        true,
      ) as OpenAI.ChatCompletionCreateParamsStreaming,
    );
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    expect(JSON.parse(text)).toEqual({ name: "Jason", age: 25 });
    expect(lastUpstream().response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "response", schema: SCHEMA },
    });
  });

  it("JSON mode without a schema (Instructor's JSON mode) goes as it came, with no note", async () => {
    env.sim.script([{ respond: { reply: { text: '{"name":"Jason","age":25}' } } }]);
    const request = {
      ...instructorJsonSchemaRequest("moonshot/kimi-k2.5", false),
      response_format: { type: "json_object" },
    } as OpenAI.ChatCompletionCreateParamsNonStreaming;
    const { response } = await client.chat.completions.create(request).withResponse();
    expect(lastUpstream().response_format).toEqual({ type: "json_object" });
    expect(response.headers.get("x-openclaw-notes")).toBeNull();
  });
});
