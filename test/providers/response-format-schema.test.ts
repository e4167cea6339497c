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
