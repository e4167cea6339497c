/**
 * A `response_format` of type `json_schema` as a Moonshot endpoint takes it. Moonshot honours a
 * JSON schema answer format, but not one whose schema declares its meta-schema: with a root
 * `$schema` kimi-k2.5 does not keep to the schema (vercel/ai#12871, fixed there by leaving it
 * out, vercel/ai#16472). The official `openai` client's `zodResponseFormat()` writes one
 * (`"$schema": "http://json-schema.org/draft-07/schema#"`), so `chat.completions.parse()`
 * through the gateway would get free text back. `$schema` names the dialect only; without it
 * the schema asks for the same answer.
 *
 * A schema beside JSON mode, `{"type": "json_object", "schema": {…}}`, is how Together, Fireworks
 * and Anyscale take a schema for the answer (Instructor's JSON_SCHEMA mode sends it to any
 * endpoint it does not know). Moonshot's JSON mode asks for some JSON object and documents no
 * `schema` beside it; a schema it keeps to goes as a `json_schema` format.
 *
 * The answer's schema is checked by the same rules as a tool's parameters (Moonshot Flavored JSON
 * Schema, written for both): a 400 "response_format.json_schema is not a valid moonshot flavored
 * json schema, details: <At path '$defs.….properties.after_section_id': keyword 'default' is not
 * allowed at the same level as anyOf>" came back for a Pydantic model's schema
 * (murtaza-nasir/maestro#34), and vercel/ai#19544 runs answer schemas through its tool-schema
 * rewrite for the same reason. So it goes through the tool schemas' rewrite
 * (moonshot-tool-schema.ts), its root alternatives kept: an answer may be one of several shapes.
 * Pure: the caller's objects are not changed.
 */
import { isRecord } from "../util/is-record.js";
import { adaptToMoonshotSchema } from "./moonshot-tool-schema.js";

/**
 * `format` without its schema's root `$schema`, or undefined when there is none to leave out
 * (not a json_schema format, or a schema without one).
 */
export function withoutMetaSchema(format: unknown): Record<string, unknown> | undefined {
  if (!isRecord(format) || format.type !== "json_schema") return undefined;
  const spec = format.json_schema;
  if (!isRecord(spec) || !isRecord(spec.schema) || !("$schema" in spec.schema)) return undefined;
  const { $schema: _dialect, ...schema } = spec.schema;
  return { ...format, json_schema: { ...spec, schema } };
}

/** The name a schema given beside JSON mode goes under: that form has none, Moonshot's needs one. */
export const JSON_MODE_SCHEMA_NAME = "response";

/**
 * `{"type": "json_object", "schema": S}` as `{"type": "json_schema", "json_schema": {"name",
 * "schema": S}}`, or undefined when `format` is not JSON mode with an object schema beside it.
 */
export function jsonModeSchemaAsJsonSchema(format: unknown): Record<string, unknown> | undefined {
  if (!isRecord(format) || format.type !== "json_object" || !isRecord(format.schema)) {
    return undefined;
  }
  const { type: _jsonMode, schema, ...rest } = format;
  return { ...rest, type: "json_schema", json_schema: { name: JSON_MODE_SCHEMA_NAME, schema } };
}

/** A json_schema format whose schema was rewritten to Moonshot's rules, with what changed. */
export interface AdaptedAnswerFormat {
  format: Record<string, unknown>;
  /** Each rewrite, with its dotted path inside the schema (as for tool parameters). */
  changes: string[];
}

/**
 * `format` with its json_schema schema rewritten to pass Moonshot's schema checks, or undefined
 * when it is not a json_schema format with an object schema, or the schema needs nothing.
 */
export function withMoonshotAnswerSchema(format: unknown): AdaptedAnswerFormat | undefined {
  if (!isRecord(format) || format.type !== "json_schema") return undefined;
  const spec = format.json_schema;
  if (!isRecord(spec) || !isRecord(spec.schema)) return undefined;
  const adapted = adaptToMoonshotSchema(spec.schema, { objectRoot: false });
  if (adapted.schema === spec.schema) return undefined;
  return {
    format: { ...format, json_schema: { ...spec, schema: adapted.schema } },
    changes: adapted.changes,
  };
}
