/**
 * An answer's schema rewritten to Moonshot's rules (8e88e38) must still ask for what the client
 * asked: the same required fields, the same enum values, a nullable field still nullable, and
 * each change named in the note. Schemas as Pydantic v2 writes them (`Optional[…] = None`) and as
 * OpenAI's strict mode wants them (every field required, null through a type list).
 */
import { describe, expect, it } from "vitest";
import { buildChatRequest } from "../../src/providers/index.js";
import { moonshotModel } from "../helpers/models.js";

function sentFor(schema: Record<string, unknown>) {
  const built = buildChatRequest(
    moonshotModel(),
    {
      messages: [{ role: "user", content: "plan my day" }],
      extraBody: {
        response_format: {
          type: "json_schema",
          json_schema: { name: "Plan", strict: true, schema },
        },
      },
    },
    "sk-test-moonshot-ai-0001",
  );
  const format = built.body.response_format as {
    json_schema: { name: string; strict: boolean; schema: Record<string, unknown> };
  };
  const note = built.adjustments.find((line) => line.startsWith("response_format.json_schema"));
  return { format, note };
}

describe("an answer schema rewritten to Moonshot's rules keeps what it asks for", () => {
  it("a Pydantic model: required, enums and the optional fields' null kept, the defaults named", () => {
    const { format, note } = sentFor({
      title: "Plan",
      type: "object",
      properties: {
        status: { enum: ["todo", "done"], title: "Status", type: "string" },
        note: { anyOf: [{ type: "string" }, { type: "null" }], default: null, title: "Note" },
        priority: {
          anyOf: [{ enum: ["low", "high"], type: "string" }, { type: "null" }],
          default: "low",
          title: "Priority",
        },
      },
      required: ["status"],
      additionalProperties: false,
    });
    expect(format.json_schema).toMatchObject({ name: "Plan", strict: true });
    expect(format.json_schema.schema).toEqual({
      title: "Plan",
      type: "object",
      properties: {
        status: { enum: ["todo", "done"], title: "Status", type: "string" },
        note: {
          anyOf: [{ type: "string" }, { type: "null" }],
          title: "Note",
          description: "Default null.",
        },
        priority: {
          anyOf: [{ enum: ["low", "high"], type: "string" }, { type: "null" }],
          title: "Priority",
          description: 'Default "low".',
        },
      },
      required: ["status"],
      additionalProperties: false,
    });
    expect(note).toContain("properties.note: default null beside anyOf said in the description");
    expect(note).toContain(
      'properties.priority: default "low" beside anyOf said in the description',
    );
  });

  it("OpenAI's strict form: every field still required, null still allowed, the enum whole", () => {
    const { format, note } = sentFor({
      type: "object",
      properties: {
        status: { type: "string", enum: ["todo", "done"] },
        note: { type: ["string", "null"] },
        priority: { type: ["string", "null"], enum: ["low", "high", null] },
      },
      required: ["status", "note", "priority"],
      additionalProperties: false,
    });
    expect(format.json_schema.schema).toEqual({
      type: "object",
      properties: {
        status: { type: "string", enum: ["todo", "done"] },
        note: { anyOf: [{ type: "string" }, { type: "null" }] },
        priority: { anyOf: [{ type: "string", enum: ["low", "high"] }, { type: "null" }] },
      },
      required: ["status", "note", "priority"],
      additionalProperties: false,
    });
    expect(note).toContain('properties.note: type list ["string","null"] sent as anyOf');
    expect(note).toContain('properties.priority: type list ["string","null"] sent as anyOf');
  });
});
