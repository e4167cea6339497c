/**
 * The parts of a chat request's JSON schemas that OpenAI checks by type — a json_schema answer
 * format's `schema`, `strict` and `description`, a tool function's `description` and `strict`
 * (and the deprecated `functions`' alike) — are refused at the edge when of the wrong type: a 400
 * naming the field and what was sent, and nothing goes upstream. Before, they went to the
 * provider as sent (a schema given as a string, a description as a number). Official client,
 * simulator, real sockets.
 */
import type OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiFailure } from "../helpers/api-error.js";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

type Params = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;

const answerSchema = { type: "object", properties: { a: { type: "string" } }, required: ["a"] };
const getTime = { name: "get_time", parameters: { type: "object", properties: {}, required: [] } };

describe("schema fields of the wrong type in a chat request", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  const request = (fields: Record<string, unknown>) =>
    ({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "hi" }],
      ...fields,
    }) as Params;
  const format = (spec: Record<string, unknown>) => ({
    response_format: { type: "json_schema", json_schema: { name: "answer", ...spec } },
  });
  const tool = (fields: Record<string, unknown>) => ({
    tools: [{ type: "function", function: { ...getTime, ...fields } }],
  });

  it("are refused with a 400 naming the field and the kind of value sent, nothing sent upstream", async () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [
        format({ schema: '{"type": "object"}' }),
        "response_format.json_schema.schema",
        'response_format.json_schema.schema must be a JSON Schema object such as {"type": "object", "properties": {…}}, got a string',
      ],
      [format({ schema: [answerSchema] }), "response_format.json_schema.schema", "got an array"],
      [
        format({ schema: answerSchema, strict: "true" }),
        "response_format.json_schema.strict",
        "response_format.json_schema.strict must be a boolean, got a string",
      ],
      [
        format({ schema: answerSchema, description: 5 }),
        "response_format.json_schema.description",
        "response_format.json_schema.description must be a string, got a number",
      ],
      [
        tool({ description: 5 }),
        "tools[0].function.description",
        "tools[0].function.description must be a string, got a number",
      ],
      [
        tool({ strict: "yes" }),
        "tools[0].function.strict",
        "tools[0].function.strict must be a boolean, got a string",
      ],
      [
        { functions: [{ ...getTime, description: ["Tells the time"] }] },
        "functions[0].description",
        "functions[0].description must be a string, got an array",
      ],
    ];
    const sent = env.sim.chatRequests().length;
    for (const [fields, param, words] of cases) {
      const error = await apiFailure(env.client().chat.completions.create(request(fields)));
      expect([param, error.status, error.param, error.code]).toEqual([
        param,
        400,
        param,
        "invalid_type",
      ]);
      expect(error.message).toContain(words);
      expect(error.message).not.toContain("models.providers");
    }
    expect(env.sim.chatRequests().length).toBe(sent);
  });

  it("go upstream when OpenAI would take them; null is not given and not sent on", async () => {
    const answer = await env.client().chat.completions.create(
      request({
        ...format({ schema: answerSchema, strict: true, description: "The answer" }),
        ...tool({ description: "Tells the time", strict: null }),
      }),
    );
    expect(answer.choices[0]?.message.content).toBeTypeOf("string");
    const body = env.sim.chatRequests().at(-1)?.body as Record<string, unknown>;
    expect(body.response_format).toMatchObject({
      json_schema: { name: "answer", strict: true, description: "The answer" },
    });
    expect(body.tools).toMatchObject([{ function: { description: "Tells the time" } }]);

    await env
      .client()
      .chat.completions.create(
        request(format({ schema: answerSchema, strict: null, description: null })),
      );
    const last = env.sim.chatRequests().at(-1)?.body as {
      response_format: { json_schema: Record<string, unknown> };
    };
    expect(Object.keys(last.response_format.json_schema).sort()).toEqual(["name", "schema"]);
  });
});
