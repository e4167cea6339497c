/**
 * The check of a chat-completions request's `response_format` (text, JSON mode, a JSON schema),
 * as OpenAI checks it. Pure.
 */
import { describe, quoted } from "../util/client-value.js";
import { isRecord } from "../util/is-record.js";
import { SCHEMA_NAME_RULE, schemaNameProblem } from "./answer-schema-name.js";
import { badRequest } from "./http-error.js";

type Obj = Record<string, unknown>;

/**
 * `response_format` as OpenAI takes it: text, json_object, or json_schema with its
 * `json_schema.name`. It goes upstream unchanged; what OpenAI refuses is refused here, so that a
 * client learns of it from the gateway instead of from whichever provider answers.
 */
export function checkResponseFormat(format: unknown): void {
  if (format === undefined || format === null) return;
  if (!isRecord(format)) {
    throw badRequest(
      `response_format must be an object such as {"type":"json_object"}, got ${describe(format)}`,
      "response_format",
      "invalid_type",
    );
  }
  if (format.type === "text" || format.type === "json_object") return;
  if (format.type !== "json_schema") {
    throw badRequest(
      `response_format.type must be "text", "json_object" or "json_schema", got ${quoted(format.type)}`,
      "response_format.type",
    );
  }
  const schema = format.json_schema;
  if (!isRecord(schema)) {
    throw badRequest(
      `response_format.json_schema is required with type "json_schema": {"name": …, "schema": {…}}`,
      "response_format.json_schema",
      "missing_required_parameter",
    );
  }
  if (schema.name === undefined || schema.name === null) {
    throw badRequest(
      `response_format.json_schema.name is required: the schema's name, ${SCHEMA_NAME_RULE}`,
      "response_format.json_schema.name",
      "missing_required_parameter",
    );
  }
  if (typeof schema.name !== "string") {
    throw badRequest(
      `response_format.json_schema.name must be a string, got ${describe(schema.name)}`,
      "response_format.json_schema.name",
      "invalid_type",
    );
  }
  const nameProblem = schemaNameProblem(schema.name);
  if (nameProblem !== undefined) {
    throw badRequest(
      `response_format.json_schema.name ${nameProblem}`,
      "response_format.json_schema.name",
    );
  }
  checkSchemaFields(schema);
}

/**
 * The rest of a json_schema answer format, as OpenAI checks it: `schema` a JSON Schema object,
 * `strict` a boolean, `description` a string; null is "not given" and is not sent on. Before, a
 * schema of another kind (a string, an array) and a `strict` or `description` of the wrong type
 * went to the provider as sent, to be refused there or read as who knows what.
 */
function checkSchemaFields(spec: Obj): void {
  const at = "response_format.json_schema";
  if (spec.schema === null) delete spec.schema;
  if (spec.strict === null) delete spec.strict;
  if (spec.description === null) delete spec.description;
  if (spec.schema !== undefined && !isRecord(spec.schema)) {
    throw badRequest(
      `${at}.schema must be a JSON Schema object such as {"type": "object", "properties": {…}}, got ${describe(spec.schema)}`,
      `${at}.schema`,
      "invalid_type",
    );
  }
  if (spec.strict !== undefined && typeof spec.strict !== "boolean") {
    throw badRequest(
      `${at}.strict must be a boolean, got ${describe(spec.strict)}`,
      `${at}.strict`,
      "invalid_type",
    );
  }
  if (spec.description !== undefined && typeof spec.description !== "string") {
    throw badRequest(
      `${at}.description must be a string, got ${describe(spec.description)}`,
      `${at}.description`,
      "invalid_type",
    );
  }
}
