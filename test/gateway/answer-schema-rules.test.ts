/**
 * A json_schema answer format whose schema Moonshot refuses by its flavored JSON Schema rules, the
 * same rules as a tool's parameters: a raw Pydantic v2 `model_json_schema()` (what a Python
 * client sends when it builds the format itself, as murtaza-nasir/maestro#34 did) has an
 * `Optional[str] = None` field, `{"anyOf": [string, null], "default": null}`, and Moonshot answered
 * it with a 400 "response_format.json_schema is not a valid moonshot flavored json schema,
 * details: <At path '$defs.ModificationDetails.properties.after_section_id': keyword 'default'
 * is not allowed at the same level as anyOf>". The simulator refuses it the same way.
 */
import type OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

/** Pydantic 2's schema of `Plan(modification: ModificationDetails)`, as model_json_schema() writes it. */
const PYDANTIC_SCHEMA = {
  $defs: {
    ModificationDetails: {
      properties: {
        after_section_id: {
          anyOf: [{ type: "string" }, { type: "null" }],
          default: null,
          title: "After Section Id",
        },
        title: { title: "Title", type: "string" },
      },
      required: ["title"],
      title: "ModificationDetails",
      type: "object",
    },
  },
  properties: { modification: { $ref: "#/$defs/ModificationDetails" } },
  required: ["modification"],
  title: "Plan",
  type: "object",
};

const ANSWER = '{"modification":{"title":"Intro","after_section_id":null}}';

function request(model: string): OpenAI.ChatCompletionCreateParamsNonStreaming {
  return {
    model,
    messages: [{ role: "user", content: "Plan the change." }],
    response_format: {
      type: "json_schema",
      json_schema: { name: "Plan", schema: PYDANTIC_SCHEMA },
    },
  } as OpenAI.ChatCompletionCreateParamsNonStreaming;
}

function notes(response: Response): string[] {
  const header = response.headers.get("x-openclaw-notes") ?? "";
  return header.split(",").map((entry) => decodeURIComponent(entry.trim()));
}

describe("a json_schema answer format Moonshot's schema rules refuse", () => {
  let env: GatewayEnv;
  let client: OpenAI;
  beforeAll(async () => {
    env = await startGatewayEnv();
    client = env.client();
  });
  afterAll(() => env.close());
  beforeEach(() => env.sim.reset());

  const lastUpstream = () => env.sim.chatRequests().at(-1)?.body as Record<string, unknown>;

  it("is refused by the simulator as Moonshot refused it, when sent as it is", async () => {
    const response = await fetch(`${env.sim.url}/v1/chat/completions`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: "Bearer sk-test-moonshot-ai-0001",
      },
      body: JSON.stringify({ ...request("kimi-k2.5") }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toBe(
      "Invalid request: response_format.json_schema is not a valid moonshot flavored json schema, details: <At path '$defs.ModificationDetails.properties.after_section_id': keyword 'default' is not allowed at the same level as anyOf>",
    );
  });

  it("is answered through the gateway, the default said in the description, with a note", async () => {
    env.sim.script([{ respond: { reply: { text: ANSWER } } }]);
    const { data, response } = await client.chat.completions
      .create(request("moonshot/kimi-k2.5"))
      .withResponse();
    expect(JSON.parse(data.choices[0]?.message.content ?? "")).toEqual(JSON.parse(ANSWER));
    const sent = lastUpstream().response_format as {
      json_schema: { name: string; schema: typeof PYDANTIC_SCHEMA };
    };
    expect(sent.json_schema.name).toBe("Plan");
    const field = sent.json_schema.schema.$defs.ModificationDetails.properties
      .after_section_id as Record<string, unknown>;
    expect(field).toEqual({
      anyOf: [{ type: "string" }, { type: "null" }],
      title: "After Section Id",
      description: "Default null.",
    });
    expect(notes(response)).toContain(
      "response_format.json_schema.schema adapted to moonshot/kimi-k2.5's JSON Schema rules: $defs.ModificationDetails.properties.after_section_id: default null beside anyOf said in the description (Moonshot takes only a description and a title there)",
    );
  });

  it("on /v1/responses (text.format), is answered too", async () => {
    env.sim.script([{ respond: { reply: { text: ANSWER } } }]);
    const response = await client.responses.create({
      model: "moonshot/kimi-k2.5",
      input: "Plan the change.",
      text: { format: { type: "json_schema", name: "Plan", schema: PYDANTIC_SCHEMA } },
    });
    expect(JSON.parse(response.output_text)).toEqual(JSON.parse(ANSWER));
  });

  it("a schema that needs nothing goes unchanged, with no note", async () => {
    env.sim.script([{ respond: { reply: { text: '{"hour":3}' } } }]);
    const schema = {
      type: "object",
      properties: { hour: { type: "integer" } },
      required: ["hour"],
      additionalProperties: false,
    };
    const { response } = await client.chat.completions
      .create({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "hour?" }],
        response_format: { type: "json_schema", json_schema: { name: "t", strict: true, schema } },
      })
      .withResponse();
    expect(lastUpstream().response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "t", strict: true, schema },
    });
    expect(response.headers.get("x-openclaw-notes")).toBeNull();
  });
});
