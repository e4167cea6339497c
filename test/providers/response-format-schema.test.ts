/** A json_schema answer format as each kind of endpoint is sent it. */
import { describe, expect, it } from "vitest";
import { buildChatRequest } from "../../src/providers/index.js";
import { moonshotModel } from "../helpers/models.js";

const FORMAT = {
  type: "json_schema",
  json_schema: {
    name: "time",
    strict: true,
    schema: {
      $schema: "http://json-schema.org/draft-07/schema#",
      type: "object",
      properties: { hour: { type: "number" } },
      required: ["hour"],
    },
  },
};

function sent(model = moonshotModel()) {
  return buildChatRequest(
    model,
    { messages: [{ role: "user", content: "hi" }], extraBody: { response_format: FORMAT } },
    "sk-test-moonshot-ai-0001",
  );
}

describe("response_format json_schema", () => {
  it("goes to Moonshot without the schema's $schema, the caller's object unchanged, and says so", () => {
    const built = sent();
    const { $schema: _dialect, ...schema } = FORMAT.json_schema.schema;
    expect(built.body.response_format).toEqual({
      ...FORMAT,
      json_schema: { ...FORMAT.json_schema, schema },
    });
    expect(FORMAT.json_schema.schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(built.adjustments.join("\n")).toContain(
      'response_format.json_schema.schema sent without its "$schema"',
    );
  });

  it("goes as given to an endpoint without Moonshot's schema rules", () => {
    const built = sent(moonshotModel("gpt", { compat: { toolSchema: "none" } }));
    expect(built.body.response_format).toEqual(FORMAT);
  });
});

describe("response_format json_object with a schema beside it", () => {
  const SCHEMA = { type: "object", properties: { age: { type: "number" } }, required: ["age"] };
  const JSON_MODE = { type: "json_object", schema: SCHEMA };
  const sentWith = (model = moonshotModel()) =>
    buildChatRequest(
      model,
      { messages: [{ role: "user", content: "hi" }], extraBody: { response_format: JSON_MODE } },
      "sk-test-moonshot-ai-0001",
    );

  it("goes to Moonshot as a json_schema format, and says so", () => {
    const built = sentWith();
    expect(built.body.response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "response", schema: SCHEMA },
    });
    expect(JSON_MODE.type).toBe("json_object");
    expect(built.adjustments.join("\n")).toContain(
      'response_format\'s "schema" beside json_object sent as a json_schema format',
    );
  });

  it("loses its $schema on the way, as a json_schema format does", () => {
    const withDialect = {
      ...JSON_MODE,
      schema: { ...SCHEMA, $schema: "http://json-schema.org/draft-07/schema#" },
    };
    const built = buildChatRequest(
      moonshotModel(),
      { messages: [{ role: "user", content: "hi" }], extraBody: { response_format: withDialect } },
      "sk-test-moonshot-ai-0001",
    );
    expect(built.body.response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "response", schema: SCHEMA },
    });
  });

  it("goes as given to an endpoint without Moonshot's schema rules (Together takes that form)", () => {
    const built = sentWith(moonshotModel("gpt", { compat: { toolSchema: "none" } }));
    expect(built.body.response_format).toEqual(JSON_MODE);
    expect(built.adjustments).toEqual([]);
  });
});

describe("response_format json_schema under Moonshot's schema rules (as tool parameters)", () => {
  const withSchema = (schema: Record<string, unknown>, model = moonshotModel()) =>
    buildChatRequest(
      model,
      {
        messages: [{ role: "user", content: "hi" }],
        extraBody: { response_format: { type: "json_schema", json_schema: { name: "a", schema } } },
      },
      "sk-test-moonshot-ai-0001",
    );
  const sentSchema = (built: ReturnType<typeof withSchema>) =>
    (built.body.response_format as { json_schema: { schema: Record<string, unknown> } }).json_schema
      .schema;

  it("a root of alternatives stays alternatives (an answer may be one of several shapes), typed inside", () => {
    const schema = {
      type: "object",
      anyOf: [
        { properties: { a: { type: "string" } }, required: ["a"] },
        { properties: { b: { type: "number" } }, required: ["b"] },
      ],
    };
    expect(sentSchema(withSchema(schema))).toEqual({
      anyOf: [
        { type: "object", properties: { a: { type: "string" } }, required: ["a"] },
        { type: "object", properties: { b: { type: "number" } }, required: ["b"] },
      ],
    });
  });

  it("a property without a type and a $ref into definitions are adapted, and the note names them", () => {
    const schema = {
      type: "object",
      properties: { tags: { items: { type: "string" } }, when: { $ref: "#/definitions/Time" } },
      required: ["tags", "when"],
      definitions: { Time: { type: "object", properties: { hour: { type: "integer" } } } },
    };
    const built = withSchema(schema);
    const sent = sentSchema(built) as { properties: Record<string, unknown>; $defs: unknown };
    expect(sent.properties.tags).toEqual({ type: "array", items: { type: "string" } });
    expect(sent.properties.when).toEqual({ $ref: "#/$defs/Time" });
    expect(sent.$defs).toEqual({
      Time: { type: "object", properties: { hour: { type: "integer" } }, required: [] },
    });
    const note = built.adjustments.find((line) => line.startsWith("response_format.json_schema"));
    expect(note).toContain("adapted to moonshot/kimi-k2.5's JSON Schema rules");
    expect(note).toContain('properties.tags: typed as "array"');
  });

  it("goes as given to an endpoint without Moonshot's schema rules", () => {
    const schema = { properties: { a: { anyOf: [{ type: "string" }], default: "x" } } };
    expect(
      sentSchema(withSchema(schema, moonshotModel("gpt", { compat: { toolSchema: "none" } }))),
    ).toEqual(schema);
  });
});
